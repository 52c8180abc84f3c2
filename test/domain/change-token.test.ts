import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import {
  CHANGE_TOKEN_LIFETIME_MS, changeUserHash, decodeChangeToken, encodeChangeToken, judgeChangeToken,
} from '../../src/domain/change-token.ts'

const USER = { customerId: 'M30011', userId: 'HAN001' }
const NOW = Date.UTC(2026, 11, 1, 12, 0, 0)

describe('change tokens', () => {
  it('read back what was written, to the second', () => {
    const token = { seq: 4711, issuedAtMs: NOW, userHash: changeUserHash(USER) }
    const text = encodeChangeToken(token)
    assert.match(text, /^[A-Za-z0-9_-]+$/)
    assert.deepEqual(decodeChangeToken(text), token)
    assert.deepEqual(decodeChangeToken(encodeChangeToken({ ...token, issuedAtMs: NOW + 999 })), token)
    assert.equal(decodeChangeToken(encodeChangeToken({ ...token, seq: 0 }))?.seq, 0)
  })

  it('refuse anything they did not write', () => {
    const text = encodeChangeToken({ seq: 12, issuedAtMs: NOW, userHash: changeUserHash(USER) })
    const bad = [
      '', 'abc', `${text}A`, text.slice(0, -1), `${text}=`, `${text.slice(0, -1)}${text.endsWith('l') ? 'm' : 'l'}`,
      'x'.repeat(500), '%00', 'MS4xMi4x', // '1.12.1'
      Buffer.from('2.12.1796185548.0123456789abcdef').toString('base64url'), // another version
      Buffer.from('1.012.1796185548.0123456789abcdef').toString('base64url'), // a leading zero
      Buffer.from('1.-1.1796185548.0123456789abcdef').toString('base64url'),
      Buffer.from('1.12.1796185548.0123456789ABCDEF').toString('base64url'), // upper-case hash
      Buffer.from('1.99999999999999999.1796185548.0123456789abcdef').toString('base64url'), // past 2^53
    ]
    for (const text of bad) assert.equal(decodeChangeToken(text), undefined, text)
  })

  it('tampered with, read as no token or as another user\'s', () => {
    const hash = changeUserHash(USER)
    const text = encodeChangeToken({ seq: 12, issuedAtMs: NOW, userHash: hash })
    for (let index = 0; index < text.length; index++) {
      for (const char of 'AQgw_-09') {
        if (text[index] === char) continue
        const tampered = `${text.slice(0, index)}${char}${text.slice(index + 1)}`
        const token = decodeChangeToken(tampered)
        if (!token) continue
        // what still reads is another number or time of the same user, or another user's token
        const changed = token.seq !== 12 || token.issuedAtMs !== NOW || token.userHash !== hash
        assert.ok(changed, tampered)
      }
    }
  })

  it('belong to one user, whatever the case of the ids', () => {
    const hash = changeUserHash(USER)
    assert.equal(changeUserHash({ customerId: 'm30011', userId: 'han001' }), hash)
    assert.notEqual(changeUserHash({ customerId: 'M30011', userId: 'HAN002' }), hash)
    // the separator keeps ids from running into each other
    assert.notEqual(changeUserHash({ customerId: 'M3001', userId: '1HAN001' }), hash)
    const token = { seq: 1, issuedAtMs: NOW, userHash: changeUserHash({ customerId: 'S30164', userId: 'HAN001' }) }
    assert.equal(judgeChangeToken(token, hash, NOW), 'other-user')
  })

  it('expire after 30 days', () => {
    const hash = changeUserHash(USER)
    assert.equal(judgeChangeToken({ seq: 1, issuedAtMs: NOW, userHash: hash }, hash, NOW), 'valid')
    assert.equal(judgeChangeToken({ seq: 1, issuedAtMs: NOW - CHANGE_TOKEN_LIFETIME_MS, userHash: hash }, hash, NOW), 'valid')
    assert.equal(judgeChangeToken({ seq: 1, issuedAtMs: NOW - CHANGE_TOKEN_LIFETIME_MS - 1000, userHash: hash }, hash, NOW),
      'expired')
  })
})
