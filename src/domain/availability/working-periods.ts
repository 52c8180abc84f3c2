/**
 * @module The stretches of the window in which slots may lie. Without working hours the
 * whole window is one period, whose steps count from `from`. With them, each local date in
 * `timeZone` whose weekday is a working day gives [start, end) at those wall times, resolved
 * as appointments are ('compatible': a time in a spring-forward gap moves forward by the
 * gap, a repeated autumn time takes the earlier instant), cut to the window. Steps count
 * from the period's own start, also when the window cuts into it, so slots keep to the
 * working day's grid (09:00, 09:15, …) wherever the window begins.
 */
import { Temporal } from 'temporal-polyfill'
import { DAY_MS, epochDayOf, isoDayOfWeek } from '../time/epoch-days.ts'
import { instantMsOfWallTime } from '../time/zone-offsets.ts'
import type { WorkingHours } from './validate-availability.ts'

export interface WorkingPeriod {
  readonly startNs: bigint
  readonly endNs: bigint
  /** Where slot starts count their steps from: the period's start before the window cut it. */
  readonly stepOriginNs: bigint
}

const MS_NS = 1_000_000n

export function workingPeriods(
  fromNs: bigint, toNs: bigint, timeZone: string, workingHours: WorkingHours | undefined,
): WorkingPeriod[] {
  if (!workingHours) return [{ startNs: fromNs, endNs: toNs, stepOriginNs: fromNs }]
  const periods: WorkingPeriod[] = []
  // A day either side: a date's working hours may begin before `from` yet reach into the window.
  const lastDay = localEpochDay(toNs, timeZone) + 1
  for (let day = localEpochDay(fromNs, timeZone) - 1; day <= lastDay; day++) {
    if (!workingHours.isoWeekdays.has(isoDayOfWeek(day))) continue
    const startNs = wallTimeToNs(day, workingHours.startMinutes, timeZone)
    const endNs = wallTimeToNs(day, workingHours.endMinutes, timeZone)
    const cutStart = startNs > fromNs ? startNs : fromNs
    const cutEnd = endNs < toNs ? endNs : toNs
    if (cutStart < cutEnd) periods.push({ startNs: cutStart, endNs: cutEnd, stepOriginNs: startNs })
  }
  return periods
}

function localEpochDay(epochNs: bigint, timeZone: string): number {
  const date = Temporal.Instant.fromEpochNanoseconds(epochNs).toZonedDateTimeISO(timeZone)
  return epochDayOf(date.year, date.month, date.day)
}

/** The instant of `minutes` after local midnight of `day` (1440: the next midnight). */
function wallTimeToNs(day: number, minutes: number, timeZone: string): bigint {
  const localMs = day * DAY_MS + minutes * 60_000
  const fast = instantMsOfWallTime(timeZone, localMs)
  if (fast !== undefined) return BigInt(fast) * MS_NS
  const wall = new Date(localMs)
  return Temporal.PlainDateTime.from({
    year: wall.getUTCFullYear(), month: wall.getUTCMonth() + 1, day: wall.getUTCDate(),
    hour: wall.getUTCHours(), minute: wall.getUTCMinutes(),
  }).toZonedDateTime(timeZone, { disambiguation: 'compatible' }).epochNanoseconds
}
