/**
 * @module Recurrence expansion in the appointment's wall clock. Matching dates are found in
 * local dates, each keeps the series' time of day and is resolved to an instant on its own
 * ('compatible', as in time-zone.ts). Occurrences are numbered by ordinal (0 = first real
 * occurrence), and both the window's first ordinal and the series' last one are computed
 * arithmetically, so a window far into a long series costs no more than one near its start.
 */
import { Temporal } from 'temporal-polyfill'
import type { AppointmentData, AppointmentSpan, Recurrence } from './appointment.ts'
import { DAYS_OF_WEEK, type DayOfWeek } from './appointment-schema.ts'

export interface Occurrence {
  readonly start: Temporal.ZonedDateTime
  readonly end: Temporal.ZonedDateTime
}

/**
 * Occurrences overlapping [from, to) (start < to && end > from; a zero-length occurrence
 * counts when from <= start < to), sorted by start, lazily generated.
 */
export function* expandOccurrences(
  appointment: AppointmentData,
  from: Temporal.Instant,
  to: Temporal.Instant,
): Generator<Occurrence> {
  const series = seriesOf(appointment)
  for (let ordinal = firstOrdinalReaching(series, from); ordinal <= series.lastOrdinal; ordinal++) {
    const occurrence = occurrenceAt(series, ordinal)
    if (occurrence.start.epochNanoseconds >= to.epochNanoseconds) return
    if (reaches(occurrence, from)) yield occurrence
  }
}

/**
 * First real occurrence (the start counts only if it matches the pattern); undefined if the
 * series has none (e.g. endsOn before the first match). Non-recurring: the appointment itself.
 */
export function firstOccurrence(appointment: AppointmentData): Occurrence | undefined {
  const series = seriesOf(appointment)
  return series.lastOrdinal < 0 ? undefined : occurrenceAt(series, 0)
}

/**
 * For store indexing: epoch ms of first occurrence start, and end of last occurrence (null =
 * never ends). If there is no occurrence at all, both are the appointment's start instant.
 */
export function appointmentSpan(appointment: AppointmentData): AppointmentSpan {
  const series = seriesOf(appointment)
  if (series.lastOrdinal < 0) {
    const startMs = atWallTime(Temporal.PlainDateTime.from(appointment.startsAt), appointment.timeZone)
      .epochMilliseconds
    return { firstStartMs: startMs, lastEndMs: startMs }
  }
  return { firstStartMs: occurrenceAt(series, 0).start.epochMilliseconds, lastEndMs: lastEndMs(series) }
}

/**
 * Shortest gap in days between two consecutive occurrence starts (decisions.md): daily →
 * interval; weekly → shortest gap between consecutive chosen weekdays, wrapping into the next
 * active week; monthly → 28 × interval; yearly → 365 × interval.
 */
export function recurrencePeriodDays(recurrence: Recurrence): number {
  switch (recurrence.pattern) {
    case 'Daily':
      return recurrence.interval
    case 'Weekly':
      return shortestWeekdayGap(weekdayOffsets(recurrence.daysOfWeek), recurrence.interval)
    case 'Monthly':
      return 28 * recurrence.interval
    case 'Yearly':
      return 365 * recurrence.interval
  }
}

/**
 * The matching dates, grouped in active periods: period n is the (n × interval)-th day, week
 * (Monday first), month or year after the one holding the start date.
 */
interface Cadence {
  /** Matching dates in every period (the month-end clamp keeps it constant). */
  readonly perPeriod: number
  /** The active period holding `date`, or the last one before it; negative before the start's. */
  periodOf(date: Temporal.PlainDate): number
  /** The index-th matching date (0 ≤ index < perPeriod) of a period, in date order. */
  dateAt(period: number, index: number): Temporal.PlainDate
}

/** Turns a matching local date into an occurrence. */
interface Clock {
  occurrenceOn(date: Temporal.PlainDate): Occurrence
  /** No occurrence on a local date before this one ends after `from`. */
  earliestDateReaching(from: Temporal.Instant): Temporal.PlainDate
}

interface Series {
  readonly cadence: Cadence
  readonly clock: Clock
  /** Matching dates of period 0 before the start date: they are not occurrences. */
  readonly skipped: number
  /** Ordinal of the last occurrence: negative when there is none, Infinity when it never ends. */
  readonly lastOrdinal: number
}

/** A one-off appointment is a daily series of one. */
const ONCE: Recurrence = {
  pattern: 'Daily', interval: 1, daysOfWeek: [], month: null, day: null, endsOn: null, count: 1,
}

function seriesOf(appointment: AppointmentData): Series {
  const startDate = Temporal.PlainDate.from(appointment.startsAt)
  const recurrence = appointment.recurrence ?? ONCE
  const cadence = cadenceOf(recurrence, startDate)
  const skipped = countLeading(cadence.perPeriod, (index) => isBefore(cadence.dateAt(0, index), startDate))
  return { cadence, clock: clockOf(appointment), skipped, lastOrdinal: lastOrdinal(recurrence, cadence, skipped) }
}

function cadenceOf(recurrence: Recurrence, start: Temporal.PlainDate): Cadence {
  const { interval } = recurrence
  switch (recurrence.pattern) {
    case 'Daily':
      return dailyCadence(start, interval)
    case 'Weekly':
      return weeklyCadence(start, interval, recurrence.daysOfWeek)
    case 'Monthly':
      return monthlyCadence(start, interval, recurrence.day ?? start.day)
    case 'Yearly':
      return yearlyCadence(start, interval, recurrence.month ?? start.month, recurrence.day ?? start.day)
  }
}

function dailyCadence(start: Temporal.PlainDate, interval: number): Cadence {
  return {
    perPeriod: 1,
    periodOf: (date) => Math.floor(start.until(date).days / interval),
    dateAt: (period) => start.add({ days: period * interval }),
  }
}

function weeklyCadence(start: Temporal.PlainDate, interval: number, days: readonly DayOfWeek[]): Cadence {
  const monday = start.subtract({ days: start.dayOfWeek - 1 })
  // The validator fills in the start's weekday; an empty list must not make periods empty.
  const offsets = days.length > 0 ? weekdayOffsets(days) : [start.dayOfWeek - 1]
  return {
    perPeriod: offsets.length,
    periodOf: (date) => Math.floor(monday.until(date).days / (7 * interval)),
    dateAt: (period, index) => monday.add({ days: 7 * interval * period + offsets[index]! }),
  }
}

function monthlyCadence(start: Temporal.PlainDate, interval: number, day: number): Cadence {
  const startMonth = monthNumber(start)
  return {
    perPeriod: 1,
    periodOf: (date) => Math.floor((monthNumber(date) - startMonth) / interval),
    dateAt: (period) => {
      const month = startMonth + period * interval
      return clampedDate(Math.floor(month / 12), (month % 12) + 1, day)
    },
  }
}

function yearlyCadence(start: Temporal.PlainDate, interval: number, month: number, day: number): Cadence {
  return {
    perPeriod: 1,
    periodOf: (date) => Math.floor((date.year - start.year) / interval),
    dateAt: (period) => clampedDate(start.year + period * interval, month, day),
  }
}

/** Months since year 0. */
function monthNumber(date: Temporal.PlainDate): number {
  return date.year * 12 + date.month - 1
}

/** As Exchange does, a day past the month's end moves to its last day (31 → 30 April). */
function clampedDate(year: number, month: number, day: number): Temporal.PlainDate {
  return Temporal.PlainDate.from({ year, month, day }, { overflow: 'constrain' })
}

/** Days after Monday of the chosen weekdays, ascending. */
function weekdayOffsets(days: readonly DayOfWeek[]): number[] {
  const offsets = days.map((day) => (DAYS_OF_WEEK.indexOf(day) + 6) % 7)
  return [...new Set(offsets)].sort((a, b) => a - b)
}

function shortestWeekdayGap(offsets: readonly number[], interval: number): number {
  const wrap = 7 * interval - offsets.at(-1)! + offsets[0]!
  return Math.min(wrap, ...offsets.slice(1).map((offset, index) => offset - offsets[index]!))
}

function lastOrdinal(recurrence: Recurrence, cadence: Cadence, skipped: number): number {
  const byDate = recurrence.endsOn === null
    ? Infinity
    : occurrencesThrough(Temporal.PlainDate.from(recurrence.endsOn), cadence, skipped)
  return Math.min(recurrence.count ?? Infinity, byDate) - 1
}

/** How many occurrences start on or before `date`. */
function occurrencesThrough(date: Temporal.PlainDate, cadence: Cadence, skipped: number): number {
  const period = cadence.periodOf(date)
  if (period < 0) return 0
  const matches = countLeading(cadence.perPeriod, (index) => !isBefore(date, cadence.dateAt(period, index)))
  return Math.max(0, period * cadence.perPeriod + matches - skipped)
}

function firstOrdinalReaching(series: Series, from: Temporal.Instant): number {
  const period = series.cadence.periodOf(series.clock.earliestDateReaching(from))
  return Math.max(0, period * series.cadence.perPeriod - series.skipped)
}

function occurrenceAt(series: Series, ordinal: number): Occurrence {
  const position = ordinal + series.skipped
  const { perPeriod } = series.cadence
  return series.clock.occurrenceOn(series.cadence.dateAt(Math.floor(position / perPeriod), position % perPeriod))
}

function lastEndMs(series: Series): number | null {
  if (series.lastOrdinal === Infinity) return null
  try {
    return occurrenceAt(series, series.lastOrdinal).end.epochMilliseconds
  } catch (error) {
    // Ending past Temporal's last day (year 275760, e.g. 10,000 × 999 months) is never, for any window.
    if (error instanceof RangeError) return null
    throw error
  }
}

/** Overlaps [from, …): ends after `from`, or is zero-length and starts at it. */
function reaches(occurrence: Occurrence, from: Temporal.Instant): boolean {
  return occurrence.end.epochNanoseconds > from.epochNanoseconds
    || occurrence.start.epochNanoseconds >= from.epochNanoseconds
}

function clockOf(appointment: AppointmentData): Clock {
  const start = Temporal.PlainDateTime.from(appointment.startsAt)
  const end = Temporal.PlainDateTime.from(appointment.endsAt)
  return appointment.allDayEvent
    ? allDayClock(start.toPlainDate().until(end.toPlainDate()).days + 1, appointment.timeZone)
    : timedClock(start, end, appointment.timeZone)
}

/** Local midnight to local midnight `days` later, whatever the days' lengths. */
function allDayClock(days: number, timeZone: string): Clock {
  return {
    occurrenceOn: (date) => ({
      start: date.toZonedDateTime(timeZone),
      end: date.add({ days }).toZonedDateTime(timeZone),
    }),
    // An occurrence ending by the midnight starting from's local date cannot reach it.
    earliestDateReaching: (from) => localDate(from, timeZone).subtract({ days }),
  }
}

/** The series' wall time of day, lasting the appointment's exact elapsed time. */
function timedClock(start: Temporal.PlainDateTime, end: Temporal.PlainDateTime, timeZone: string): Clock {
  const time = start.toPlainTime()
  const elapsed = atWallTime(start, timeZone).until(atWallTime(end, timeZone))
  // A start moved forward through a gap can pass its wall-clock end (02:30–03:15 → 03:30–03:15).
  const duration = elapsed.sign < 0 ? new Temporal.Duration() : elapsed
  return {
    occurrenceOn: (date) => {
      const occurrenceStart = atWallTime(date.toPlainDateTime(time), timeZone)
      return { start: occurrenceStart, end: occurrenceStart.add(duration) }
    },
    // A start moved forward through a gap lands at most a day later.
    earliestDateReaching: (from) => localDate(from.subtract(duration), timeZone).subtract({ days: 1 }),
  }
}

function atWallTime(wallTime: Temporal.PlainDateTime, timeZone: string): Temporal.ZonedDateTime {
  return wallTime.toZonedDateTime(timeZone, { disambiguation: 'compatible' })
}

function localDate(instant: Temporal.Instant, timeZone: string): Temporal.PlainDate {
  return instant.toZonedDateTimeISO(timeZone).toPlainDate()
}

function isBefore(date: Temporal.PlainDate, other: Temporal.PlainDate): boolean {
  return Temporal.PlainDate.compare(date, other) < 0
}

/** How many of the indexes 0, 1, … below `limit` pass `test` before the first that fails. */
function countLeading(limit: number, test: (index: number) => boolean): number {
  let index = 0
  while (index < limit && test(index)) index++
  return index
}
