/**
 * @module A tiny HTML tagged template. Every interpolated value is escaped unless it is
 * already `SafeHtml` (the result of another `html` template or of `unsafeRaw`); arrays are
 * joined, `null`, `undefined` and `false` render nothing. No templating library needed.
 */
export class SafeHtml {
  readonly value: string
  constructor(value: string) {
    this.value = value
  }
  toString(): string {
    return this.value
  }
}

export type HtmlValue = SafeHtml | string | number | boolean | null | undefined | readonly HtmlValue[]

const ESCAPES: Readonly<Record<string, string>> = {
  '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;', '`': '&#96;',
}
const SPECIAL = /[&<>"'`]/g

export function escapeHtml(text: string): string {
  return text.replace(SPECIAL, (char) => ESCAPES[char] ?? char)
}

function render(value: HtmlValue): string {
  if (value instanceof SafeHtml) return value.value
  if (Array.isArray(value)) return value.map(render).join('')
  if (value === null || value === undefined || value === false) return ''
  return escapeHtml(String(value))
}

export function html(strings: TemplateStringsArray, ...values: readonly HtmlValue[]): SafeHtml {
  let out = strings[0] ?? ''
  for (let i = 0; i < values.length; i++) out += render(values[i]) + (strings[i + 1] ?? '')
  return new SafeHtml(out)
}

/** Marks markup produced elsewhere as safe. Only for strings this module's callers built. */
export function unsafeRaw(markup: string): SafeHtml {
  return new SafeHtml(markup)
}

/** A URL or path with a line-break opportunity after each `/`, for narrow screens. */
export function breakableAtSlashes(text: string): SafeHtml {
  return new SafeHtml(text.split('/').map(escapeHtml).join('/<wbr>'))
}
