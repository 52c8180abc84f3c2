/**
 * @module Recurrence expansion in the appointment's wall clock. Matching dates are found in
 * local dates, each keeps the series' time of day and is resolved to an instant on its own
 * ('compatible', as in time-zone.ts). Occurrences are numbered by ordinal (0 = first real
 * occurrence), and both the window's first ordinal and the series' last one are computed
 * arithmetically, so a window far into a long series costs no more than one near its start.
 *
 * Dates are epoch days and instants epoch milliseconds plus nanoseconds (epoch-days.ts), and
 * wall times resolve through the zone's cached offsets (zone-offsets.ts); Temporal does what
 * the cache declines (a wall time within a day of an offset change, dates near the edges of
 * Temporal's range), so every result is the one Temporal alone gives. ZonedDateTimes are
 * built only when a caller reads `start` or `end`.
 */
import { Temporal } from 'temporal-polyfill'
import type { AppointmentData, AppointmentSpan, OccurrenceException, Recurrence } from '../appointment.ts'
import { DAYS_OF_WEEK, type DayOfWeek } from '../appointment-schema.ts'
import {
  DAY_MS, MAX_PLAIN_DATE_DAY, MIN_PLAIN_DATE_DAY, civilDateOf, daysInMonth, epochDayOf, isoDayOfWeek, parseWallTime,
  type WallTime,
} from '../time/epoch-days.ts'
import { formatEpochWithOffset, formatWithOffset } from '../time/time-zone.ts'
import { perObject } from './per-object.ts'
import { instantMsOfWallTime, offsetMsAt } from '../time/zone-offsets.ts'

export interface Occurrence {
  readonly start: Temporal.ZonedDateTime
  readonly end: Temporal.ZonedDateTime
}

/** An instant as whole epoch milliseconds (rounded down) and the nanoseconds past them, 0–999,999. */
export interface EpochTime {
  readonly ms: number
  readonly ns: number
}

/** Where a scan writes the occurrence it stands on. Offsets are the zone's at each instant. */
export interface OccurrenceSlot {
  /** The local date (epoch day) the series puts the occurrence on, wherever an exception moved it. */
  day: number
  startMs: number
  startSubMsNs: number
  startOffsetNs: number
  endMs: number
  endSubMsNs: number
  endOffsetNs: number
}

/**
 * An occurrence slot as an object's own fields: a scan's, which stands on one occurrence after
 * another, or an expanded occurrence's, copied once from the slot it was placed in.
 */
export class SlotFields implements OccurrenceSlot {
  day = 0
  startMs = 0
  startSubMsNs = 0
  startOffsetNs = 0
  endMs = 0
  endSubMsNs = 0
  endOffsetNs = 0

  protected copyFrom(slot: Readonly<OccurrenceSlot>): void {
    this.day = slot.day
    this.startMs = slot.startMs
    this.startSubMsNs = slot.startSubMsNs
    this.startOffsetNs = slot.startOffsetNs
    this.endMs = slot.endMs
    this.endSubMsNs = slot.endSubMsNs
    this.endOffsetNs = slot.endOffsetNs
  }
}

/** An occurrence as numbers; `start` and `end` become ZonedDateTimes on first reading. */
export class ExpandedOccurrence extends SlotFields implements Occurrence {
  readonly timeZone: string
  private startZoned: Temporal.ZonedDateTime | undefined
  private endZoned: Temporal.ZonedDateTime | undefined

  constructor(timeZone: string, slot: Readonly<OccurrenceSlot>) {
    super()
    this.timeZone = timeZone
    this.copyFrom(slot)
    this.startZoned = undefined
    this.endZoned = undefined
  }

  get start(): Temporal.ZonedDateTime {
    this.startZoned ??= new Temporal.ZonedDateTime(epochNanoseconds(this.startMs, this.startSubMsNs), this.timeZone)
    return this.startZoned
  }

  get end(): Temporal.ZonedDateTime {
    this.endZoned ??= new Temporal.ZonedDateTime(epochNanoseconds(this.endMs, this.endSubMsNs), this.timeZone)
    return this.endZoned
  }
}

/** `formatWithOffset(occurrence.start)`, without a ZonedDateTime when the engine made the occurrence. */
export function formatOccurrenceStart(occurrence: Occurrence): string {
  if (!(occurrence instanceof ExpandedOccurrence)) return formatWithOffset(occurrence.start)
  return formatEpochWithOffset(occurrence.startMs, occurrence.startSubMsNs, occurrence.startOffsetNs, occurrence.timeZone)
}

/** `formatWithOffset(occurrence.end)`, likewise. */
export function formatOccurrenceEnd(occurrence: Occurrence): string {
  if (!(occurrence instanceof ExpandedOccurrence)) return formatWithOffset(occurrence.end)
  return formatEpochWithOffset(occurrence.endMs, occurrence.endSubMsNs, occurrence.endOffsetNs, occurrence.timeZone)
}

export function epochTimeOf(instant: Temporal.Instant): EpochTime {
  return epochTimeOfNanoseconds(instant.epochNanoseconds)
}

export function epochTimeOfNanoseconds(epochNs: bigint): EpochTime {
  const ns = ((epochNs % 1_000_000n) + 1_000_000n) % 1_000_000n
  return { ms: Number((epochNs - ns) / 1_000_000n), ns: Number(ns) }
}

function epochNanoseconds(ms: number, subMsNs: number): bigint {
  return BigInt(ms) * 1_000_000n + BigInt(subMsNs)
}

/** a < b */
function isEarlier(aMs: number, aNs: number, bMs: number, bNs: number): boolean {
  return aMs < bMs || (aMs === bMs && aNs < bNs)
}

/** The occurrence starts before `to`. */
export function startsBefore(occurrence: Readonly<OccurrenceSlot>, to: EpochTime): boolean {
  return isEarlier(occurrence.startMs, occurrence.startSubMsNs, to.ms, to.ns)
}

/** The occurrence overlaps [from, …): it ends after `from`, or is zero-length and starts at it. */
export function reaches(occurrence: Readonly<OccurrenceSlot>, from: EpochTime): boolean {
  return isEarlier(from.ms, from.ns, occurrence.endMs, occurrence.endSubMsNs)
    || !isEarlier(occurrence.startMs, occurrence.startSubMsNs, from.ms, from.ns)
}

/**
 * Occurrences overlapping [from, to) (start < to && end > from; a zero-length occurrence
 * counts when from <= start < to), sorted by start, lazily generated.
 */
export function* expandOccurrences(
  appointment: AppointmentData,
  from: Temporal.Instant,
  to: Temporal.Instant,
): Generator<ExpandedOccurrence> {
  const scan = scanOccurrences(appointment, epochTimeOf(from), epochTimeOf(to))
  while (scan.next()) yield new ExpandedOccurrence(appointment.timeZone, scan)
}

/**
 * The occurrences `expandOccurrences` gives, one at a time in the scan's own fields: `next()`
 * moves to the next one and answers false when there is none. For callers that keep only
 * some of them (the listing's merge), so the rest cost no object.
 */
export class OccurrenceScan extends SlotFields {
  private readonly series: Series
  private readonly from: EpochTime
  private readonly to: EpochTime
  private ordinal: number
  private done = false

  constructor(series: Series, from: EpochTime, to: EpochTime) {
    super()
    this.series = series
    this.from = from
    this.to = to
    this.ordinal = firstOrdinalReaching(series, from)
  }

  next(): boolean {
    const { from, to, series } = this
    while (!this.done && this.ordinal <= series.lastOrdinal) {
      placeOccurrence(series, this.ordinal++, this)
      if (!startsBefore(this, to)) break
      if (reaches(this, from)) return true
    }
    this.done = true
    return false
  }
}

export function scanOccurrences(appointment: AppointmentData, from: EpochTime, to: EpochTime): OccurrenceScan {
  return new OccurrenceScan(seriesOf(appointment), from, to)
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
 * The series' occurrence on a local date (epoch day); undefined when it has none there. A
 * one-off appointment has none: only a series' occurrences can be named.
 */
export function occurrenceOnDay(appointment: AppointmentData, day: number): ExpandedOccurrence | undefined {
  if (appointment.recurrence === null) return undefined
  const series = seriesOf(appointment)
  if (day < MIN_PLAIN_DATE_DAY || day > MAX_PLAIN_DATE_DAY) return undefined
  const ordinal = occurrencesThrough(day, series.cadence, series.skipped) - 1
  if (ordinal < 0 || ordinal > series.lastOrdinal) return undefined
  const slot = emptySlot()
  placeOccurrence(series, ordinal, slot)
  return slot.day === day ? new ExpandedOccurrence(series.timeZone, slot) : undefined
}

/**
 * A changed occurrence where its exception puts it: at its own wall times when moved, else
 * where the series has it; undefined when cancelled or when the series has no such date.
 */
export function changedOccurrence(
  appointment: AppointmentData, exception: OccurrenceException, day: number,
): ExpandedOccurrence | undefined {
  if (exception.cancelled) return undefined
  if (exception.startsAt === undefined || exception.endsAt === undefined) return occurrenceOnDay(appointment, day)
  const moved: AppointmentData = {
    ...appointment, startsAt: exception.startsAt, endsAt: exception.endsAt, recurrence: null, exceptions: undefined,
  }
  const slot = emptySlot()
  placeOccurrence(seriesOf(moved), 0, slot)
  slot.day = day
  return new ExpandedOccurrence(appointment.timeZone, slot)
}

/**
 * For store indexing: epoch ms of first occurrence start, and end of last occurrence (null =
 * never ends), widened to hold every moved occurrence, so a window around a moved one finds
 * it. If there is no occurrence at all, both are the appointment's start instant.
 */
export function appointmentSpan(appointment: AppointmentData): AppointmentSpan {
  const series = seriesOf(appointment)
  if (series.lastOrdinal < 0) {
    const slot = emptySlot()
    placeWallTime(wallTimeOf(appointment.startsAt), appointment.timeZone, slot)
    return { firstStartMs: slot.startMs, lastEndMs: slot.startMs }
  }
  let firstStartMs = occurrenceAt(series, 0).startMs
  let lastEnd = lastEndMs(series)
  for (const exception of appointment.exceptions ?? []) {
    if (exception.startsAt === undefined) continue
    const moved = changedOccurrence(appointment, exception, wallTimeOf(exception.originalDate, 'date').epochDay)
    if (!moved) continue
    firstStartMs = Math.min(firstStartMs, moved.startMs)
    if (lastEnd !== null) lastEnd = Math.max(lastEnd, moved.endMs)
  }
  return { firstStartMs, lastEndMs: lastEnd }
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
 * The matching dates (epoch days), grouped in active periods: period n is the (n × interval)-th
 * day, week (Monday first), month or year after the one holding the start date.
 */
interface Cadence {
  /** Matching dates in every period (the month-end clamp keeps it constant). */
  readonly perPeriod: number
  /** The active period holding `day`, or the last one before it; negative before the start's. */
  periodOf(day: number): number
  /** The index-th matching date (0 ≤ index < perPeriod) of a period, in date order. */
  dayAt(period: number, index: number): number
}

/** Turns a matching local date into an occurrence. */
interface Clock {
  place(day: number, slot: OccurrenceSlot): void
  /** No occurrence on a local date before this one ends after `from`. */
  earliestDayReaching(from: EpochTime): number
}

interface Series {
  readonly timeZone: string
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

/** Series read once per appointment object. */
const seriesOf = perObject(readSeries)

function readSeries(appointment: AppointmentData): Series {
  const start = wallTimeOf(appointment.startsAt)
  const startDay = start.epochDay
  const recurrence = appointment.recurrence ?? ONCE
  const cadence = cadenceOf(recurrence, startDay)
  const skipped = countLeading(cadence.perPeriod, (index) => cadence.dayAt(0, index) < startDay)
  return {
    timeZone: appointment.timeZone,
    cadence,
    clock: clockOf(appointment, start),
    skipped,
    lastOrdinal: lastOrdinal(recurrence, cadence, skipped),
  }
}

function cadenceOf(recurrence: Recurrence, startDay: number): Cadence {
  const { interval } = recurrence
  const start = civilDateOf(startDay)
  switch (recurrence.pattern) {
    case 'Daily':
      return dailyCadence(startDay, interval)
    case 'Weekly':
      return weeklyCadence(startDay, interval, recurrence.daysOfWeek)
    case 'Monthly':
      return monthlyCadence(start.year * 12 + start.month - 1, interval, recurrence.day ?? start.day)
    case 'Yearly':
      return yearlyCadence(start.year, interval, recurrence.month ?? start.month, recurrence.day ?? start.day)
  }
}

function dailyCadence(startDay: number, interval: number): Cadence {
  return {
    perPeriod: 1,
    periodOf: (day) => Math.floor((day - startDay) / interval),
    dayAt: (period) => checkedDay(startDay + period * interval),
  }
}

function weeklyCadence(startDay: number, interval: number, days: readonly DayOfWeek[]): Cadence {
  const startWeekday = isoDayOfWeek(startDay)
  const monday = checkedDay(startDay - (startWeekday - 1))
  // The validator fills in the start's weekday; an empty list must not make periods empty.
  const offsets = days.length > 0 ? weekdayOffsets(days) : [startWeekday - 1]
  const periodDays = 7 * interval
  return {
    perPeriod: offsets.length,
    periodOf: (day) => Math.floor((day - monday) / periodDays),
    dayAt: (period, index) => checkedDay(monday + periodDays * period + offsets[index]!),
  }
}

/** `startMonth`: months since year 0. */
function monthlyCadence(startMonth: number, interval: number, day: number): Cadence {
  return {
    perPeriod: 1,
    periodOf: (date) => Math.floor((monthNumber(date) - startMonth) / interval),
    dayAt: (period) => {
      const month = startMonth + period * interval
      return clampedDay(Math.floor(month / 12), (month % 12) + 1, day)
    },
  }
}

function yearlyCadence(startYear: number, interval: number, month: number, day: number): Cadence {
  return {
    perPeriod: 1,
    periodOf: (date) => Math.floor((civilDateOf(date).year - startYear) / interval),
    dayAt: (period) => clampedDay(startYear + period * interval, month, day),
  }
}

/** Months since year 0. */
function monthNumber(day: number): number {
  const date = civilDateOf(day)
  return date.year * 12 + date.month - 1
}

/** As Exchange does, a day past the month's end moves to its last day (31 → 30 April). */
function clampedDay(year: number, month: number, day: number): number {
  if (month >= 1 && month <= 12 && day >= 1) {
    return checkedDay(epochDayOf(year, month, Math.min(day, daysInMonth(year, month))))
  }
  // Fields no real series has (a month before year 0): Temporal constrains or throws.
  return epochDayOfPlainDate(Temporal.PlainDate.from({ year, month, day }, { overflow: 'constrain' }))
}

/** The day, if Temporal.PlainDate can hold it; otherwise Temporal throws its RangeError. */
function checkedDay(day: number): number {
  if (day > MIN_PLAIN_DATE_DAY && day < MAX_PLAIN_DATE_DAY) return day
  const date = civilDateOf(day)
  return epochDayOfPlainDate(new Temporal.PlainDate(date.year, date.month, date.day))
}

function epochDayOfPlainDate(date: Temporal.PlainDate): number {
  return epochDayOf(date.year, date.month, date.day)
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
    : occurrencesThrough(wallTimeOf(recurrence.endsOn, 'date').epochDay, cadence, skipped)
  return Math.min(recurrence.count ?? Infinity, byDate) - 1
}

/** How many occurrences start on or before `day`. */
function occurrencesThrough(day: number, cadence: Cadence, skipped: number): number {
  const period = cadence.periodOf(day)
  if (period < 0) return 0
  const matches = countLeading(cadence.perPeriod, (index) => day >= cadence.dayAt(period, index))
  return Math.max(0, period * cadence.perPeriod + matches - skipped)
}

function firstOrdinalReaching(series: Series, from: EpochTime): number {
  const period = series.cadence.periodOf(series.clock.earliestDayReaching(from))
  return Math.max(0, period * series.cadence.perPeriod - series.skipped)
}

function placeOccurrence(series: Series, ordinal: number, slot: OccurrenceSlot): void {
  const position = ordinal + series.skipped
  const { perPeriod } = series.cadence
  const day = series.cadence.dayAt(Math.floor(position / perPeriod), position % perPeriod)
  slot.day = day
  series.clock.place(day, slot)
}

function occurrenceAt(series: Series, ordinal: number): ExpandedOccurrence {
  const slot = emptySlot()
  placeOccurrence(series, ordinal, slot)
  return new ExpandedOccurrence(series.timeZone, slot)
}

function emptySlot(): OccurrenceSlot {
  return { day: 0, startMs: 0, startSubMsNs: 0, startOffsetNs: 0, endMs: 0, endSubMsNs: 0, endOffsetNs: 0 }
}

function lastEndMs(series: Series): number | null {
  if (series.lastOrdinal === Infinity) return null
  try {
    return occurrenceAt(series, series.lastOrdinal).endMs
  } catch (error) {
    // Ending past Temporal's last day (year 275760, e.g. 10,000 × 999 months) is never, for any window.
    if (error instanceof RangeError) return null
    throw error
  }
}

function clockOf(appointment: AppointmentData, start: WallTime): Clock {
  const end = wallTimeOf(appointment.endsAt)
  return appointment.allDayEvent
    ? allDayClock(end.epochDay - start.epochDay + 1, appointment.timeZone)
    : timedClock(start, end, appointment.timeZone)
}

/** Days from the epoch within which the arithmetic stays clear of the edges of Temporal's range. */
const SAFE_DAYS = 99_000_000

/** Local midnight to local midnight `days` later, whatever the days' lengths. */
function allDayClock(days: number, timeZone: string): Clock {
  return {
    place: (day, slot) => {
      startOfDay(day, timeZone, slot)
      const startMs = slot.startMs
      const startOffsetNs = slot.startOffsetNs
      startOfDay(day + days, timeZone, slot)
      slot.endMs = slot.startMs
      slot.endSubMsNs = 0
      slot.endOffsetNs = slot.startOffsetNs
      slot.startMs = startMs
      slot.startSubMsNs = 0
      slot.startOffsetNs = startOffsetNs
    },
    // An occurrence ending by the midnight starting from's local date cannot reach it.
    earliestDayReaching: (from) => {
      const offsetMs = Math.abs(from.ms) < SAFE_DAYS * DAY_MS ? offsetMsAt(timeZone, from.ms) : undefined
      if (offsetMs !== undefined) return Math.floor((from.ms + offsetMs) / DAY_MS) - days
      return epochDayOfPlainDate(localDate(instantOf(from), timeZone).subtract({ days }))
    },
  }
}

/** The start of the local date in the slot's start fields: Temporal.PlainDate#toZonedDateTime. */
function startOfDay(day: number, timeZone: string, slot: OccurrenceSlot): void {
  const ms = Math.abs(day) < SAFE_DAYS ? instantMsOfWallTime(timeZone, day * DAY_MS) : undefined
  if (ms === undefined) {
    const date = civilDateOf(day)
    setStart(slot, new Temporal.PlainDate(date.year, date.month, date.day).toZonedDateTime(timeZone))
    return
  }
  slot.startMs = ms
  slot.startSubMsNs = 0
  slot.startOffsetNs = (day * DAY_MS - ms) * 1_000_000
}

/** The series' wall time of day, lasting the appointment's exact elapsed time. */
function timedClock(start: WallTime, end: WallTime, timeZone: string): Clock {
  const { timeMs, subMsNs } = start
  const slot = emptySlot()
  placeWallTime(end, timeZone, slot)
  const endMs = slot.startMs
  const endSubMsNs = slot.startSubMsNs
  placeWallTime(start, timeZone, slot)
  // A start moved forward through a gap can pass its wall-clock end (02:30–03:15 → 03:30–03:15).
  const negative = isEarlier(endMs, endSubMsNs, slot.startMs, slot.startSubMsNs)
  const borrow = endSubMsNs < slot.startSubMsNs ? 1 : 0
  const durationMs = negative ? 0 : endMs - slot.startMs - borrow
  const durationNs = negative ? 0 : endSubMsNs - slot.startSubMsNs + borrow * 1_000_000
  return {
    place: (day, target) => {
      placeWallTime({ epochDay: day, timeMs, subMsNs }, timeZone, target)
      const sumNs = target.startSubMsNs + durationNs
      const carry = sumNs >= 1_000_000 ? 1 : 0
      target.endMs = target.startMs + durationMs + carry
      target.endSubMsNs = sumNs - carry * 1_000_000
      const offsetMs = Math.abs(target.endMs) < SAFE_DAYS * DAY_MS ? offsetMsAt(timeZone, target.endMs) : undefined
      target.endOffsetNs = offsetMs === undefined
        ? new Temporal.ZonedDateTime(epochNanoseconds(target.endMs, target.endSubMsNs), timeZone).offsetNanoseconds
        : offsetMs * 1_000_000
    },
    // A start moved forward through a gap lands at most a day later.
    earliestDayReaching: (from) => {
      const borrowed = from.ns < durationNs ? 1 : 0
      const instantMs = from.ms - durationMs - borrowed
      const offsetMs = Math.abs(instantMs) < SAFE_DAYS * DAY_MS ? offsetMsAt(timeZone, instantMs) : undefined
      if (offsetMs !== undefined) return Math.floor((instantMs + offsetMs) / DAY_MS) - 1
      const earlier = Temporal.Instant.fromEpochNanoseconds(
        epochNanoseconds(from.ms, from.ns) - epochNanoseconds(durationMs, durationNs))
      return epochDayOfPlainDate(localDate(earlier, timeZone).subtract({ days: 1 }))
    },
  }
}

/** The wall time resolved 'compatible', in the slot's start fields. */
function placeWallTime(wallTime: WallTime, timeZone: string, slot: OccurrenceSlot): void {
  const localMs = wallTime.epochDay * DAY_MS + wallTime.timeMs
  const ms = Math.abs(wallTime.epochDay) < SAFE_DAYS ? instantMsOfWallTime(timeZone, localMs) : undefined
  if (ms === undefined) {
    setStart(slot, plainDateTimeOf(wallTime).toZonedDateTime(timeZone, { disambiguation: 'compatible' }))
    return
  }
  slot.startMs = ms
  slot.startSubMsNs = wallTime.subMsNs
  slot.startOffsetNs = (localMs - ms) * 1_000_000
}

function setStart(slot: OccurrenceSlot, zoned: Temporal.ZonedDateTime): void {
  const time = epochTimeOfNanoseconds(zoned.epochNanoseconds)
  slot.startMs = time.ms
  slot.startSubMsNs = time.ns
  slot.startOffsetNs = zoned.offsetNanoseconds
}

function plainDateTimeOf({ epochDay, timeMs, subMsNs }: WallTime): Temporal.PlainDateTime {
  const date = civilDateOf(epochDay)
  const seconds = Math.floor(timeMs / 1000)
  return new Temporal.PlainDateTime(date.year, date.month, date.day, Math.floor(seconds / 3600),
    Math.floor(seconds / 60) % 60, seconds % 60, timeMs % 1000, Math.floor(subMsNs / 1000), subMsNs % 1000)
}

/** A PlainDateTime (or, with 'date', PlainDate) string as Temporal reads it. */
function wallTimeOf(text: string, kind: 'dateTime' | 'date' = 'dateTime'): WallTime {
  const parsed = parseWallTime(text)
  if (parsed) return parsed
  const read = kind === 'date' ? Temporal.PlainDate.from(text).toPlainDateTime() : Temporal.PlainDateTime.from(text)
  return {
    epochDay: epochDayOf(read.year, read.month, read.day),
    timeMs: ((read.hour * 60 + read.minute) * 60 + read.second) * 1000 + read.millisecond,
    subMsNs: read.microsecond * 1000 + read.nanosecond,
  }
}

function instantOf(time: EpochTime): Temporal.Instant {
  return Temporal.Instant.fromEpochNanoseconds(epochNanoseconds(time.ms, time.ns))
}

function localDate(instant: Temporal.Instant, timeZone: string): Temporal.PlainDate {
  return instant.toZonedDateTimeISO(timeZone).toPlainDate()
}

/** How many of the indexes 0, 1, … below `limit` pass `test` before the first that fails. */
function countLeading(limit: number, test: (index: number) => boolean): number {
  let index = 0
  while (index < limit && test(index)) index++
  return index
}
