/**
 * @module DTSTART and DTEND of one VEVENT (jCal), and the original start a RECURRENCE-ID or
 * EXDATE names. Timed events carry the appointment's zone as TZID and start at the wall time
 * the event has (a time in a spring-forward gap is written as such: RFC 5545 moves it forward
 * by the gap, as the engine does). DTEND is the occurrence's end, so the exact duration
 * clients derive is the engine's; when that instant has no unambiguous wall time (the second
 * pass through an autumn hour) it is written in UTC. All-day events are floating DATEs with
 * an exclusive DTEND. Times are whole seconds: iCalendar has no fractions.
 */
import { Temporal } from 'temporal-polyfill'
import type { AppointmentData } from '../appointment.ts'
import { property, utcDateTime, type JCalProperty } from './jcal.ts'
import { localDateTime } from './time-zone.ts'
import { DAY_MS, civilDateOf, formatWallTime, parseWallTime } from '../time/epoch-days.ts'
import { ExpandedOccurrence, type Occurrence } from '../recurrence/recurrence.ts'
import { instantMsOfWallTime } from '../time/zone-offsets.ts'

/** The wall times an event is written from, as AppointmentData holds them (a series' or a moved occurrence's). */
export type EventWallTimes = Pick<AppointmentData, 'timeZone' | 'allDayEvent' | 'startsAt' | 'endsAt'>

/** DTSTART and DTEND of `occurrence`, which starts at `times.startsAt`'s time of day. */
export function eventTimes(times: EventWallTimes, occurrence: Occurrence): JCalProperty[] {
  if (times.allDayEvent) return allDayTimes(times, occurrence)
  return timedTimesByArithmetic(times, occurrence) ?? timedTimesByTemporal(times, occurrence)
}

export function startMsOf(occurrence: Occurrence): number {
  return occurrence instanceof ExpandedOccurrence ? occurrence.startMs : occurrence.start.epochMilliseconds
}

/**
 * `name` (RECURRENCE-ID, EXDATE) at the start the series gives `originalDate` (`YYYY-MM-DD`):
 * the series' time of day on it, as RRULE expansion from DTSTART generates it (also in a
 * gap), with DTSTART's TZID; a DATE for an all-day series.
 */
export function originalStartProperty(name: string, series: EventWallTimes, originalDate: string): JCalProperty {
  if (series.allDayEvent) return property(name, 'date', originalDate)
  const second = Math.floor(parseWallTime(series.startsAt)!.timeMs / 1000)
  const time = [Math.floor(second / 3600), Math.floor(second / 60) % 60, second % 60]
    .map((part) => String(part).padStart(2, '0')).join(':')
  return property(name, 'date-time', `${originalDate}T${time}`, { tzid: series.timeZone })
}

function allDayTimes(times: EventWallTimes, occurrence: Occurrence): JCalProperty[] {
  const days = Temporal.PlainDate.from(times.startsAt).until(Temporal.PlainDate.from(times.endsAt)).days + 1
  const startDate = occurrence.start.toPlainDate()
  return [
    property('dtstart', 'date', startDate.toString()),
    property('dtend', 'date', startDate.add({ days }).toString()),
  ]
}

/**
 * The same DTSTART and DTEND by arithmetic on the engine's numbers, when they are plain: the
 * occurrence keeps its time of day (no gap moved it) and neither instant is near an offset
 * change (so both wall times exist once). Undefined otherwise: a feed is thousands of
 * events, and Temporal costs most of each.
 */
function timedTimesByArithmetic(times: EventWallTimes, occurrence: Occurrence): JCalProperty[] | undefined {
  if (!(occurrence instanceof ExpandedOccurrence)) return undefined
  const { timeZone } = times
  const wallTime = parseWallTime(times.startsAt)
  const startLocalMs = occurrence.startMs + occurrence.startOffsetNs / 1_000_000
  const endLocalMs = occurrence.endMs + occurrence.endOffsetNs / 1_000_000
  if (!wallTime || secondOfDay(startLocalMs) !== Math.floor(wallTime.timeMs / 1000)) return undefined
  if (instantMsOfWallTime(timeZone, startLocalMs) !== occurrence.startMs) return undefined
  if (instantMsOfWallTime(timeZone, endLocalMs) !== occurrence.endMs) return undefined
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

function timedTimesByTemporal(times: EventWallTimes, occurrence: Occurrence): JCalProperty[] {
  const { timeZone } = times
  const tzid = { tzid: timeZone }
  const start = nominalWallTime(occurrence, times.startsAt, timeZone)
  const end = occurrence.end.toPlainDateTime()
  const endResolves = end.toZonedDateTime(timeZone, { disambiguation: 'compatible' }).epochNanoseconds === occurrence.end.epochNanoseconds
  return [
    property('dtstart', 'date-time', localDateTime(start), tzid),
    endResolves
      ? property('dtend', 'date-time', localDateTime(end), tzid)
      : property('dtend', 'date-time', utcDateTime(occurrence.end.epochMilliseconds)),
  ]
}

/**
 * The occurrence's date at `startsAt`'s time of day. The occurrence's own wall time differs
 * only when a gap moved it forward, possibly past midnight: then it is the day before.
 */
function nominalWallTime(occurrence: Occurrence, startsAt: string, timeZone: string): Temporal.PlainDateTime {
  const time = Temporal.PlainDateTime.from(startsAt).toPlainTime()
  const sameDay = occurrence.start.toPlainDate().toPlainDateTime(time)
  const resolved = sameDay.toZonedDateTime(timeZone, { disambiguation: 'compatible' })
  return resolved.epochNanoseconds === occurrence.start.epochNanoseconds ? sameDay : sameDay.subtract({ days: 1 })
}
