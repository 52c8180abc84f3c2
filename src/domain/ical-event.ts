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
import { firstOccurrence, type Occurrence } from './recurrence.ts'

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
  return { vevent: ['vevent', properties, []], firstStartMs: first.start.epochMilliseconds }
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
