/**
 * @module One stored appointment as one VEVENT (jCal). Timed events carry the appointment's
 * zone as TZID and start on the series' first real occurrence at the series' wall time (a
 * time in a spring-forward gap is written as such: RFC 5545 moves it forward by the gap, as
 * the engine does). DTEND is the first occurrence's end, so the exact duration clients
 * derive is the engine's; when that instant has no unambiguous wall time (the second pass
 * through an autumn hour) it is written in UTC. All-day events are floating DATEs with an
 * exclusive DTEND. Times are whole seconds: iCalendar has no fractions.
 */
import { Temporal } from 'temporal-polyfill'
import type { Appointment } from './appointment.ts'
import { property, utcDateTime, type JCalComponent, type JCalProperty } from './ical-jcal.ts'
import { rruleOf } from './ical-recurrence.ts'
import { localDateTime } from './ical-time-zone.ts'
import { DAY_MS, civilDateOf, formatWallTime, parseWallTime } from './epoch-days.ts'
import { ExpandedOccurrence, firstOccurrence, type Occurrence } from './recurrence.ts'
import { instantMsOfWallTime } from './zone-offsets.ts'

export interface FeedEvent {
  readonly vevent: JCalComponent
  /** Start of the first occurrence: a timed event's VTIMEZONE must reach back to it. */
  readonly firstStartMs: number
}

/** The VEVENT, or undefined when the series has no occurrence at all. */
export function feedEventOf(appointment: Appointment, uidDomain: string): FeedEvent | undefined {
  const first = firstOccurrence(appointment)
  if (!first) return undefined
  const properties: JCalProperty[] = [
    property('uid', 'text', `${appointment.id}@${uidDomain}`),
    property('dtstamp', 'date-time', utcDateTime(Date.parse(appointment.updatedAt))),
    property('created', 'date-time', utcDateTime(Date.parse(appointment.createdAt))),
    property('last-modified', 'date-time', utcDateTime(Date.parse(appointment.updatedAt))),
    property('sequence', 'integer', appointment.version - 1),
    ...(appointment.allDayEvent ? allDayTimes(appointment, first) : timedTimes(appointment, first)),
    property('summary', 'text', appointment.subject),
  ]
  if (appointment.location !== null) properties.push(property('location', 'text', appointment.location))
  if (appointment.note !== null) properties.push(property('description', 'text', appointment.note))
  if (appointment.recurrence) properties.push(property('rrule', 'recur', rruleOf(appointment, appointment.recurrence)))
  const firstStartMs = first instanceof ExpandedOccurrence ? first.startMs : first.start.epochMilliseconds
  return { vevent: ['vevent', properties, []], firstStartMs }
}

function allDayTimes(appointment: Appointment, first: Occurrence): JCalProperty[] {
  const days = Temporal.PlainDate.from(appointment.startsAt).until(Temporal.PlainDate.from(appointment.endsAt)).days + 1
  const startDate = first.start.toPlainDate()
  return [
    property('dtstart', 'date', startDate.toString()),
    property('dtend', 'date', startDate.add({ days }).toString()),
  ]
}

function timedTimes(appointment: Appointment, first: Occurrence): JCalProperty[] {
  return timedTimesByArithmetic(appointment, first) ?? timedTimesByTemporal(appointment, first)
}

/**
 * The same DTSTART and DTEND by arithmetic on the engine's numbers, when they are plain: the
 * first occurrence keeps the series' time of day (no gap moved it) and neither instant is
 * near an offset change (so both wall times exist once). Undefined otherwise: a feed is
 * thousands of events, and Temporal costs most of each.
 */
function timedTimesByArithmetic(appointment: Appointment, first: Occurrence): JCalProperty[] | undefined {
  if (!(first instanceof ExpandedOccurrence)) return undefined
  const { timeZone } = appointment
  const series = parseWallTime(appointment.startsAt)
  const startLocalMs = first.startMs + first.startOffsetNs / 1_000_000
  const endLocalMs = first.endMs + first.endOffsetNs / 1_000_000
  if (!series || secondOfDay(startLocalMs) !== Math.floor(series.timeMs / 1000)) return undefined
  if (instantMsOfWallTime(timeZone, startLocalMs) !== first.startMs) return undefined
  if (instantMsOfWallTime(timeZone, endLocalMs) !== first.endMs) return undefined
  const start = wholeSecondText(startLocalMs)
  const end = wholeSecondText(endLocalMs)
  if (start === undefined || end === undefined) return undefined
  const tzid = { tzid: timeZone }
  return [property('dtstart', 'date-time', start, tzid), property('dtend', 'date-time', end, tzid)]
}

function secondOfDay(localMs: number): number {
  return Math.floor((localMs - Math.floor(localMs / DAY_MS) * DAY_MS) / 1000)
}

/** `localDateTime` of a local time given as ms since 1970 wall clock; undefined outside 0001–9999. */
function wholeSecondText(localMs: number): string | undefined {
  const epochDay = Math.floor(localMs / DAY_MS)
  const { year, month, day } = civilDateOf(epochDay)
  if (year < 1 || year > 9999) return undefined
  const second = secondOfDay(localMs)
  return formatWallTime(year, month, day, Math.floor(second / 3600), Math.floor(second / 60) % 60, second % 60, 0)
}

function timedTimesByTemporal(appointment: Appointment, first: Occurrence): JCalProperty[] {
  const { timeZone } = appointment
  const tzid = { tzid: timeZone }
  const start = seriesWallTime(first, appointment.startsAt, timeZone)
  const end = first.end.toPlainDateTime()
  const endResolves = end.toZonedDateTime(timeZone, { disambiguation: 'compatible' }).epochNanoseconds === first.end.epochNanoseconds
  return [
    property('dtstart', 'date-time', localDateTime(start), tzid),
    endResolves
      ? property('dtend', 'date-time', localDateTime(end), tzid)
      : property('dtend', 'date-time', utcDateTime(first.end.epochMilliseconds)),
  ]
}

/**
 * The first occurrence's date at the series' time of day. The occurrence's own wall time
 * differs only when a gap moved it forward, possibly past midnight: then it is the day before.
 */
function seriesWallTime(first: Occurrence, startsAt: string, timeZone: string): Temporal.PlainDateTime {
  const time = Temporal.PlainDateTime.from(startsAt).toPlainTime()
  const sameDay = first.start.toPlainDate().toPlainDateTime(time)
  const resolved = sameDay.toZonedDateTime(timeZone, { disambiguation: 'compatible' })
  return resolved.epochNanoseconds === first.start.epochNanoseconds ? sameDay : sameDay.subtract({ days: 1 })
}
