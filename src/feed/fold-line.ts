/**
 * @module RFC 5545 §3.1 line folding by octets: a content line longer than 75 octets of UTF-8
 * goes on in continuation lines, each CRLF and one space then at most 74 octets, so no line
 * passes 75 with its leading space. A break falls only between characters: never inside a
 * UTF-8 sequence, never between the two halves of a surrogate pair. (ical.js folds the first
 * line at 75 octets but writes 75 more after each continuation's space: 76.)
 */

const MAX_LINE_OCTETS = 75
const FOLD = '\r\n '
/** Up to this many UTF-16 units a line cannot pass MAX_LINE_OCTETS: each unit is at most 3 octets of UTF-8. */
const SURELY_SHORT = Math.floor(MAX_LINE_OCTETS / 3)

/** `line` (one unfolded content line, no CRLF) folded so that every line is at most 75 octets. */
export function foldLine(line: string): string {
  if (line.length <= SURELY_SHORT) return line
  let folded = ''
  let lineStart = 0
  let octets = 0
  let room = MAX_LINE_OCTETS
  for (let index = 0; index < line.length;) {
    const code = line.codePointAt(index)!
    const width = utf8Octets(code)
    if (octets + width > room) {
      folded += line.slice(lineStart, index) + FOLD
      lineStart = index
      octets = 0
      room = MAX_LINE_OCTETS - 1 // the continuation's leading space
    }
    octets += width
    index += code > 0xffff ? 2 : 1
  }
  return folded + line.slice(lineStart)
}

/** Octets of one code point in UTF-8; a lone surrogate is written as U+FFFD, also 3. */
function utf8Octets(code: number): number {
  if (code < 0x80) return 1
  if (code < 0x800) return 2
  return code < 0x10000 ? 3 : 4
}
