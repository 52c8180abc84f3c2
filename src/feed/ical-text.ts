/**
 * @module jCal (src/domain/ical/jcal.ts) as iCalendar text, written directly: a feed is
 * tens of thousands of properties, and going through ical.js's stringifier cost more than
 * building them. Each property is one line, `NAME;PARAM=value;VALUE=TYPE:value`, folded by
 * octets (fold-line.ts); VALUE is written only when the type is not the property's default,
 * which comes from ical.js's design table (RFC 5545's defaults), so a property added to the
 * builders is written as ical.js would write it. TEXT is escaped per RFC 5545 §3.3.11,
 * parameter values per RFC 6868 and quoted when they hold `,` `;` or `:`; the other value
 * types we write map from jCal's spelling by dropping separators. test/feed/ical-text.test.ts
 * holds the output equal to ical.js's for every kind of property the feed writes.
 */
import ICAL from 'ical.js'
import type { JCalComponent, JCalParameters, JCalProperty } from '../domain/ical/jcal.ts'
import { foldLine } from './fold-line.ts'

export const LINE_END = '\r\n'

/** Properties without a default in the design table are `unknown` (x-properties): any other type is named. */
const UNKNOWN_TYPE = 'unknown'
const PROPERTY_DESIGN: Readonly<Record<string, { readonly defaultType?: string }>> = ICAL.design.icalendar.property
const TEXT_SPECIALS = /[\\;,\n]/g
const TEXT_ESCAPES: Readonly<Record<string, string>> = { '\\': '\\\\', ';': '\\;', ',': '\\,', '\n': '\\n' }
const PARAMETER_SPECIALS = /[\n^"]/g
const PARAMETER_ESCAPES: Readonly<Record<string, string>> = { '\n': '^n', '^': '^^', '"': "^'" }
const NEEDS_QUOTES = /[,;:]/

export function propertyText([name, parameters, type, value]: JCalProperty): string {
  const defaultType = PROPERTY_DESIGN[name]?.defaultType ?? UNKNOWN_TYPE
  const valueParameter = type === defaultType ? '' : `;VALUE=${type.toUpperCase()}`
  return foldLine(`${name.toUpperCase()}${parametersText(parameters)}${valueParameter}:${valueText(type, value)}`)
}

export function componentText([name, properties, components]: JCalComponent): string {
  const upper = name.toUpperCase()
  let text = `BEGIN:${upper}`
  for (const property of properties) text += LINE_END + propertyText(property)
  for (const component of components) text += LINE_END + componentText(component)
  return `${text}${LINE_END}END:${upper}`
}

function parametersText(parameters: JCalParameters): string {
  let text = ''
  for (const name in parameters) {
    const value = parameters[name]!.replace(PARAMETER_SPECIALS, (special) => PARAMETER_ESCAPES[special]!)
    text += `;${name.toUpperCase()}=${NEEDS_QUOTES.test(value) ? `"${value}"` : value}`
  }
  return text
}

function valueText(type: string, value: unknown): string {
  switch (type) {
    case 'text':
      return (value as string).replace(TEXT_SPECIALS, (special) => TEXT_ESCAPES[special]!)
    case 'date':
    case 'date-time':
      return dateTimeText(value as string)
    case 'utc-offset':
      return (value as string).replaceAll(':', '')
    case 'recur':
      return recurText(value as Readonly<Record<string, unknown>>)
    default:
      return String(value)
  }
}

/** `2026-03-02T09:00:00Z` → `20260302T090000Z`, `2026-03-02` → `20260302`. */
function dateTimeText(value: string): string {
  return value.replace(/[-:]/g, '')
}

/** Rule parts in the order the builder gave them: `FREQ=WEEKLY;COUNT=10;BYDAY=MO,WE;WKST=MO`. */
function recurText(parts: Readonly<Record<string, unknown>>): string {
  let text = ''
  for (const part in parts) {
    const value = parts[part]
    const written = part === 'until' ? dateTimeText(value as string) : Array.isArray(value) ? value.join(',') : String(value)
    text += `${text === '' ? '' : ';'}${part.toUpperCase()}=${written}`
  }
  return text
}
