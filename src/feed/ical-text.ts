/**
 * @module jCal (src/domain/ical/jcal.ts) as iCalendar text, written by ical.js (names,
 * parameters, value types, escaping, folding). Lines are joined by CRLF; the text of a
 * component ends without one.
 */
import ICAL from 'ical.js'
import type { JCalComponent, JCalProperty } from '../domain/ical/jcal.ts'

export const LINE_END = '\r\n'

const ICALENDAR = ICAL.design.icalendar

export function propertyText(property: JCalProperty): string {
  return ICAL.stringify.property([...property], ICALENDAR, false)
}

export function componentText(component: JCalComponent): string {
  return ICAL.stringify.component([...component], ICALENDAR)
}
