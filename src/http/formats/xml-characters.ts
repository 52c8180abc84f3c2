/**
 * @module What XML 1.0 lets a document hold, checked before parsing because the parser
 * silently drops or keeps what it cannot read: characters outside XML's Char production
 * (raw or as `&#…;` references) and named references other than XML's five. CDATA sections
 * and comments hold no references, only text.
 */

const RAW_NOT_XML = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/
const REFERENCE = /&(#x[0-9A-Fa-f]+|#[0-9]+|[A-Za-z_][\w.-]*);/g
const XML_NAMED = new Set(['lt', 'gt', 'amp', 'apos', 'quot'])
const LITERAL_SECTION_START = /<!\[CDATA\[|<!--/g

/** What is wrong, for a 400 message; undefined when the text holds only what XML allows. */
export function xmlCharacterProblem(text: string): string | undefined {
  const raw = RAW_NOT_XML.exec(text)
  if (raw) return `it holds the character U+${hex(raw[0].charCodeAt(0))}, which XML 1.0 does not allow. Remove it`
  if (!text.includes('&')) return undefined
  for (const [reference, name = ''] of withoutLiteralSections(text).matchAll(REFERENCE)) {
    if (name.startsWith('#')) {
      const code = name[1] === 'x' ? Number.parseInt(name.slice(2), 16) : Number(name.slice(1))
      if (!isXmlCharacter(code)) return `${reference} names a character XML 1.0 does not allow. Remove it`
    } else if (!XML_NAMED.has(name)) {
      return `${reference} is not an XML entity (XML knows only &lt; &gt; &amp; &apos; &quot;). `
        + 'Write the character itself, or & as &amp;'
    }
  }
  return undefined
}

/** One pass, so a body of unterminated `<!--` costs no more than any other. */
function withoutLiteralSections(text: string): string {
  const start = new RegExp(LITERAL_SECTION_START)
  let kept = ''
  let from = 0
  for (let match = start.exec(text); match; match = start.exec(text)) {
    const end = text.indexOf(match[0] === '<!--' ? '-->' : ']]>', start.lastIndex)
    kept += text.slice(from, match.index)
    if (end === -1) return kept
    from = end + 3
    start.lastIndex = from
  }
  return kept + text.slice(from)
}

function isXmlCharacter(code: number): boolean {
  if (code === 0x9 || code === 0xA || code === 0xD) return true
  return (code >= 0x20 && code <= 0xD7FF) || (code >= 0xE000 && code <= 0xFFFD) || (code >= 0x10000 && code <= 0x10FFFF)
}

function hex(code: number): string {
  return code.toString(16).toUpperCase().padStart(4, '0')
}
