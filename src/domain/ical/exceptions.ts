/**
 * @module A series' exceptions in the feed (RFC 5545 §3.8.5.1, §3.8.4.4): each cancelled
 * occurrence is an EXDATE of the master VEVENT, each changed one (moved or given its own
 * texts) its own VEVENT with the series' UID and a RECURRENCE-ID at its original start, and
 * not also an EXDATE (RFC 5545 asks that overridden instances not be excluded). The master's
 * DTSTART stays the series' first occurrence even when that one is cancelled or changed:
 * RFC 5545 counts DTSTART as the first instance, and an EXDATE or override at it applies.
 */
import type { Appointment } from '../appointment.ts'
import { busyStatusProperties } from './busy-status.ts'
import { eventTimes, originalStartProperty, startMsOf } from './event-times.ts'
import { property, type JCalComponent, type JCalProperty } from './jcal.ts'
import { exceptionEntries } from '../recurrence/occurrence-exceptions.ts'

export interface SeriesExceptions {
  /** One EXDATE per cancelled occurrence, for the master VEVENT. */
  readonly exdates: readonly JCalProperty[]
  /** One VEVENT per changed occurrence. */
  readonly overrides: readonly JCalComponent[]
  /** Earliest start of a changed occurrence; Infinity when there is none. */
  readonly firstStartMs: number
}

/**
 * The exceptions of `appointment` (a series with some), each override opening with
 * `identity`: the master's UID, DTSTAMP, CREATED, LAST-MODIFIED and SEQUENCE.
 */
export function seriesExceptions(appointment: Appointment, identity: readonly JCalProperty[]): SeriesExceptions {
  const exdates: JCalProperty[] = []
  const overrides: JCalComponent[] = []
  let firstStartMs = Infinity
  for (const { exception, current } of exceptionEntries(appointment)) {
    if (!current) {
      exdates.push(originalStartProperty('exdate', appointment, exception.originalDate))
      continue
    }
    const times = exception.startsAt !== undefined && exception.endsAt !== undefined
      ? { timeZone: appointment.timeZone, allDayEvent: appointment.allDayEvent, startsAt: exception.startsAt, endsAt: exception.endsAt }
      : appointment
    const location = exception.location === undefined ? appointment.location : exception.location
    const note = exception.note === undefined ? appointment.note : exception.note
    const properties: JCalProperty[] = [
      ...identity,
      originalStartProperty('recurrence-id', appointment, exception.originalDate),
      ...eventTimes(times, current),
      property('summary', 'text', exception.subject ?? appointment.subject),
      ...busyStatusProperties(exception.showAs ?? appointment.showAs),
    ]
    if (location !== null) properties.push(property('location', 'text', location))
    if (note !== null) properties.push(property('description', 'text', note))
    overrides.push(['vevent', properties, []])
    firstStartMs = Math.min(firstStartMs, startMsOf(current))
  }
  return { exdates, overrides, firstStartMs }
}
