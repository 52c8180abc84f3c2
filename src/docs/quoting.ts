/**
 * @module How a value is written inside a string literal of each sample language, so a
 * sample runs as printed whatever the value holds. Each function returns the literal's
 * inside; the sample supplies the quotes. `src/docs/assets/docs.js` has the same table for
 * the values the test form writes into the samples; the browser test checks the two agree.
 */
export type QuoteStyle = 'sh' | 'sh-url' | 'ps' | 'cs' | 'php' | 'js' | 'js-expression'

export const QUOTE_STYLES: readonly QuoteStyle[] = ['sh', 'sh-url', 'ps', 'cs', 'php', 'js', 'js-expression']

const CONTROL = /[\u0000-\u001f\u2028\u2029]/g
const SHORT_ESCAPES: Readonly<Record<string, string>> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' }

function unicodeEscape(char: string): string {
  return SHORT_ESCAPES[char] ?? `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`
}

/** Inside `'…'` in bash, zsh and sh: nothing is special but `'`, which closes, is escaped, reopens. */
function quoteSh(value: string): string {
  return value.replace(/'/g, `'\\''`)
}

export const QUOTERS: Readonly<Record<QuoteStyle, (value: string) => string>> = {
  'sh': quoteSh,
  /** A path or query value in a URL that is itself inside `'…'`. */
  'sh-url': (value) => quoteSh(encodeURIComponent(value)),
  /** Inside `'…'` in PowerShell: every kind of single quote is doubled. */
  'ps': (value) => value.replace(/['\u2018\u2019\u201a\u201b]/g, '$&$&'),
  /** Inside `"…"` in C#. */
  'cs': (value) => value.replace(/[\\"]/g, '\\$&').replace(CONTROL, unicodeEscape),
  /** Inside `'…'` in PHP: only `\` and `'` are special. */
  'php': (value) => value.replace(/[\\']/g, '\\$&'),
  /** Inside `'…'` in JavaScript and TypeScript. */
  'js': (value) => value.replace(/[\\']/g, '\\$&').replace(CONTROL, unicodeEscape),
  /** JSON as a TypeScript expression (`JSON.stringify(…)`'s argument), its lines indented under the call. */
  'js-expression': (value) => value.replace(/\n/g, '\n  '),
}

export function quote(style: QuoteStyle, value: string): string {
  return QUOTERS[style](value)
}
