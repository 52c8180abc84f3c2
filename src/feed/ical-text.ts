/**
 * @module jCal (src/domain/ical/jcal.ts) as iCalendar text: ical.js writes each property's
 * line (names, parameters, value types, escaping), unfolded, and fold-line.ts folds it by
 * octets. Lines are joined by CRLF; the text of a component ends without one.
 */
import ICAL from 'ical.js'
import type { JCalComponent, JCalProperty } from '../domain/ical/jcal.ts'
import { foldLine } from './fold-line.ts'

export const LINE_END = '\r\n'

const ICALENDAR = ICAL.design.icalendar

export function propertyText(property: JCalProperty): string {
  return foldLine(ICAL.stringify.property([...property], ICALENDAR, true))
}

export function componentText([name, properties, components]: JCalComponent): string {
  const upper = name.toUpperCase()
  const lines = [`BEGIN:${upper}`, ...properties.map(propertyText), ...components.map(componentText), `END:${upper}`]
  return lines.join(LINE_END)
}
