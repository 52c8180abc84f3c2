import assert from 'node:assert/strict'
import { test } from 'node:test'
import { hashPassword } from '../../src/domain/password.ts'
import { createAuthenticator, parseBasicAuth, Throttled } from '../../src/http/auth.ts'
import { createAuthThrottle } from '../../src/http/auth-throttle.ts'
import { openStore } from '../../src/store/open-store.ts'
import { PASSWORD, USERNAME, basicAuthorization, startServer } from '../helpers/server.ts'

test('parseBasicAuth: scheme in any case, colon in the password, UTF-8 or ISO-8859-1, nothing else', () => {
  assert.deepEqual(parseBasicAuth(basicAuthorization('a', 'b:c')), { username: 'a', password: 'b:c' })
  assert.deepEqual(parseBasicAuth(`basic ${Buffer.from('åsa:lösen').toString('base64')}`), { username: 'åsa', password: 'lösen' })
  assert.deepEqual(parseBasicAuth(`Basic ${Buffer.from('åsa:lösen', 'latin1').toString('base64')}`), { username: 'åsa', password: 'lösen' })
  for (const header of [undefined, '', 'Bearer x', 'Basic', `Basic ${Buffer.from(':nouser').toString('base64')}`,
    `Basic ${Buffer.from('nocolon').toString('base64')}`]) {
    assert.equal(parseBasicAuth(header), undefined, String(header))
  }
})

test('parseBasicAuth refuses control characters anywhere in user-id or password (RFC 7617), in UTF-8 or ISO-8859-1', () => {
  for (const control of ['\0', '\t', '\n', '\r', '\x1b', '\x7f', '\x85', '\x9f']) {
    for (const credentials of [`a:b${control}`, `a:${control}b`, `a${control}:b`, `${control}a:b`]) {
      for (const encoding of ['utf8', 'latin1'] as const) {
        const header = `Basic ${Buffer.from(credentials, encoding).toString('base64')}`
        assert.equal(parseBasicAuth(header), undefined, `${encoding} ${JSON.stringify(credentials)}`)
      }
    }
  }
})

test('over HTTP, the right password with NULs or another control character appended or inserted is a 401', async (t) => {
  const server = await startServer(t)
  const path = `${server.baseUrl}/Calendar/M30011/HAN001.ics`
  const statusWith = async (header: string) => (await fetch(path, { headers: { authorization: header } })).status
  assert.equal(await statusWith(basicAuthorization(USERNAME, PASSWORD)), 200)
  const header = (text: string) => `Basic ${Buffer.from(text).toString('base64')}`
  for (const credentials of [`${USERNAME}:${PASSWORD}\0`, `${USERNAME}:${PASSWORD}\0\0\0\0`, `${USERNAME}:${PASSWORD}\n`,
    `${USERNAME}:${PASSWORD}\x7f`, `${USERNAME}:${PASSWORD}\x85`, `${USERNAME}\0:${PASSWORD}`, `${USERNAME}:\t${PASSWORD}`]) {
    assert.equal(await statusWith(header(credentials)), 401, JSON.stringify(credentials))
  }
  assert.equal(await statusWith(basicAuthorization(USERNAME, PASSWORD)), 200, 'the right password still opens')
})

test('the authenticator follows the store: wrong passwords, unknown users, disabled clients, new grants', async (t) => {
  const store = await openStore('sqlite::memory:')
  t.after(() => store.close())
  await store.addCustomer({ customerId: 'M1', name: null, timeZone: 'Europe/Stockholm' })
  await store.addCustomer({ customerId: 'M2', name: null, timeZone: 'Europe/Stockholm' })
  await store.addClient({ username: 'partner', passwordHash: await hashPassword('right password'), customerIds: ['M1'] })
  const authenticateFrom = createAuthenticator(store, createAuthThrottle(Date.now))
  const authenticate = async (header: string) => {
    const verdict = await authenticateFrom(header, '127.0.0.1')
    assert.ok(!(verdict instanceof Throttled), 'six failures stay under the limits')
    return verdict
  }
  const right = basicAuthorization('partner', 'right password')

  assert.deepEqual((await authenticate(right))?.customerIds, ['M1'])
  for (let attempt = 0; attempt < 5; attempt++) {
    assert.equal(await authenticate(basicAuthorization('partner', `wrong ${attempt}`)), undefined)
  }
  assert.equal(await authenticate(basicAuthorization('nobody', 'right password')), undefined)
  assert.equal((await authenticate(right))?.username, 'partner', 'wrong attempts do not disturb the right one')
  await store.grantClient('partner', 'M2')
  assert.deepEqual((await authenticate(right))?.customerIds, ['M1', 'M2'], 'a cached verdict still reads fresh grants')
  await store.disableClient('partner')
  assert.equal(await authenticate(right), undefined, 'a disabled client is refused at once, cached verdict or not')
})
