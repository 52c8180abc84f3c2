/**
 * @module A series as an RFC 5545 RRULE (jCal recur) meaning exactly what recurrence.ts
 * expands: weeks start on Monday (WKST=MO, written always), monthly and yearly days past a
 * month's end clamp to its last day as Exchange does (`BYMONTHDAY=28,29,30,31;BYSETPOS=-1`),
 * COUNT counts real occurrences (the event's DTSTART is the first real one, so RFC 5545's
 * counting of DTSTART agrees), and UNTIL is the end of the last local date, inclusive.
 */
import { Temporal } from 'temporal-polyfill'
import type { AppointmentData, Recurrence } from '../appointment.ts'
import type { DayOfWeek } from '../appointment-schema.ts'
import { utcDateTime } from './jcal.ts'

const WEEKDAY_CODES: Readonly<Record<DayOfWeek, string>> = {
  Monday: 'MO', Tuesday: 'TU', Wednesday: 'WE', Thursday: 'TH', Friday: 'FR', Saturday: 'SA', Sunday: 'SU',
}
const ISO_WEEKDAY_CODES = ['MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SU'] as const
/** A clamped day is the last of the days from the 28th to it that the month has. */
const FIRST_CLAMPED_DAY = 28

/** The jCal `recur` value, rule parts in the order Outlook writes them. */
export function rruleOf(appointment: AppointmentData, recurrence: Recurrence): Record<string, unknown> {
  const start = Temporal.PlainDateTime.from(appointment.startsAt)
  return {
    freq: recurrence.pattern.toUpperCase(),
    ...limitOf(appointment, recurrence),
    ...(recurrence.interval > 1 && { interval: recurrence.interval }),
    ...patternParts(recurrence, start),
    wkst: 'MO',
  }
}

function limitOf(appointment: AppointmentData, recurrence: Recurrence): Record<string, unknown> {
  if (recurrence.count !== null) return { count: recurrence.count }
  if (recurrence.endsOn === null) return {}
  const lastDate = Temporal.PlainDate.from(recurrence.endsOn)
  if (appointment.allDayEvent) return { until: lastDate.toString() }
  // With a TZID DTSTART, UNTIL is UTC (RFC 5545): the last instant of the local date, to the second.
  const endOfDay = lastDate.add({ days: 1 }).toZonedDateTime(appointment.timeZone).subtract({ seconds: 1 })
  return { until: utcDateTime(endOfDay.epochMilliseconds) }
}

function patternParts(recurrence: Recurrence, start: Temporal.PlainDateTime): Record<string, unknown> {
  switch (recurrence.pattern) {
    case 'Daily':
      return {}
    case 'Weekly':
      return { byday: weekdayCodes(recurrence.daysOfWeek, start) }
    case 'Monthly':
      return dayParts(recurrence.day ?? start.day)
    case 'Yearly':
      return { bymonth: recurrence.month ?? start.month, ...dayParts(recurrence.day ?? start.day) }
  }
}

/** Monday first; none means the start's weekday, as the engine reads it. */
function weekdayCodes(days: readonly DayOfWeek[], start: Temporal.PlainDateTime): string[] {
  if (days.length === 0) return [ISO_WEEKDAY_CODES[start.dayOfWeek - 1]!]
  const codes = new Set(days.map((day) => WEEKDAY_CODES[day]))
  return ISO_WEEKDAY_CODES.filter((code) => codes.has(code))
}

function dayParts(day: number): Record<string, unknown> {
  if (day <= FIRST_CLAMPED_DAY) return { bymonthday: day }
  return {
    bymonthday: Array.from({ length: day - FIRST_CLAMPED_DAY + 1 }, (_, index) => FIRST_CLAMPED_DAY + index),
    bysetpos: -1,
  }
}
