/**
 * @module One stored appointment as VEVENTs (jCal): the master, which starts on the series'
 * first real occurrence at the series' wall time (DTSTART and DTEND as event-times.ts
 * writes them) and carries its RRULE and free/busy status (busy-status.ts), plus, for a series with exceptions, its EXDATEs and
 * one VEVENT per changed occurrence (exceptions.ts).
 */
import type { Appointment } from '../appointment.ts'
import { busyStatusProperties } from './busy-status.ts'
import { eventTimes, startMsOf } from './event-times.ts'
import { seriesExceptions } from './exceptions.ts'
import { property, utcDateTime, type JCalComponent, type JCalProperty } from './jcal.ts'
import { rruleOf } from './recurrence.ts'
import { firstOccurrence } from '../recurrence/recurrence.ts'

export interface FeedEvent {
  readonly vevent: JCalComponent
  /** The series' changed occurrences, each a VEVENT with the master's UID and a RECURRENCE-ID. */
  readonly overrides: readonly JCalComponent[]
  /** Earliest start written (a moved occurrence may precede the first): a timed event's VTIMEZONE must reach back to it. */
  readonly firstStartMs: number
}

const NO_OVERRIDES: readonly JCalComponent[] = []

/** The VEVENTs, or undefined when the series has no occurrence at all. */
export function feedEventOf(appointment: Appointment, uidDomain: string): FeedEvent | undefined {
  const first = firstOccurrence(appointment)
  if (!first) return undefined
  // What the overrides share with the master.
  const identity = [
    property('uid', 'text', `${appointment.id}@${uidDomain}`),
    property('dtstamp', 'date-time', utcDateTime(Date.parse(appointment.updatedAt))),
    property('created', 'date-time', utcDateTime(Date.parse(appointment.createdAt))),
    property('last-modified', 'date-time', utcDateTime(Date.parse(appointment.updatedAt))),
    property('sequence', 'integer', appointment.version - 1),
  ]
  const properties: JCalProperty[] = [
    ...identity,
    ...eventTimes(appointment, first),
    property('summary', 'text', appointment.subject),
    ...busyStatusProperties(appointment.showAs),
  ]
  if (appointment.location !== null) properties.push(property('location', 'text', appointment.location))
  if (appointment.note !== null) properties.push(property('description', 'text', appointment.note))
  const firstStartMs = startMsOf(first)
  if (!appointment.recurrence) return { vevent: ['vevent', properties, []], overrides: NO_OVERRIDES, firstStartMs }
  properties.push(property('rrule', 'recur', rruleOf(appointment, appointment.recurrence)))
  if (!appointment.exceptions?.length) return { vevent: ['vevent', properties, []], overrides: NO_OVERRIDES, firstStartMs }
  const exceptions = seriesExceptions(appointment, identity)
  properties.push(...exceptions.exdates)
  return {
    vevent: ['vevent', properties, []],
    overrides: exceptions.overrides,
    firstStartMs: Math.min(firstStartMs, exceptions.firstStartMs),
  }
}
