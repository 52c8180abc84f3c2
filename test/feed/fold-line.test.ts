/**
 * Folding by octets over random lines of one- to four-octet characters (and lone surrogates):
 * every line at most 75 octets with its leading space, the lines joined back give the line
 * exactly, no break between the halves of a surrogate pair, and every line but the last is
 * full (the next character would not have fitted).
 */
import assert from 'node:assert/strict'
import { test } from 'node:test'
import fc from 'fast-check'
import { foldLine } from '../../src/feed/fold-line.ts'

const octets = (text: string) => Buffer.byteLength(text)
const HIGH_SURROGATE = /[\uD800-\uDBFF]$/
const LOW_SURROGATE = /^[\uDC00-\uDFFF]/

const character = fc.oneof(
  fc.constantFrom('a', ';', ',', '\\', ' '),
  fc.constantFrom('å', 'ä', 'ö', 'Å', 'Ö', 'é'),
  fc.constantFrom('–', '€', '”', '中'),
  fc.constantFrom('😀', '🏠', '🇸', '👍', '🏽'),
  fc.constantFrom('\uD83D', '\uDE00'),
)
const line = fc.array(character, { maxLength: 300, size: 'max' }).map((characters) => `SUMMARY:${characters.join('')}`)

test('folded lines are at most 75 octets, unfold to the line, break only between characters, and are full', () => {
  fc.assert(fc.property(line, (text) => {
    const lines = foldLine(text).split('\r\n')
    assert.equal([lines[0], ...lines.slice(1).map((continued) => continued.slice(1))].join(''), text)
    lines.forEach((folded, index) => {
      assert.ok(octets(folded) <= 75, `${octets(folded)} octets: ${folded}`)
      if (index > 0) assert.equal(folded[0], ' ')
      const next = lines[index + 1]
      if (next === undefined) return
      assert.ok(!(HIGH_SURROGATE.test(folded) && LOW_SURROGATE.test(next.slice(1))), 'a surrogate pair split')
      const nextCharacter = String.fromCodePoint(next.codePointAt(1)!)
      assert.ok(octets(folded + nextCharacter) > 75, `folded early: ${folded}`)
    })
  }), { numRuns: 2_000, seed: 20_261_207 })
})

test('a line of 75 octets stays whole; one of 76 folds', () => {
  assert.equal(foldLine('x'.repeat(75)), 'x'.repeat(75))
  assert.equal(foldLine('x'.repeat(76)), `${'x'.repeat(75)}\r\n x`)
  assert.equal(foldLine(`${'x'.repeat(73)}åä`), `${'x'.repeat(73)}å\r\n ä`)
})
