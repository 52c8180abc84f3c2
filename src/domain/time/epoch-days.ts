/**
 * @module ISO (proleptic Gregorian) dates as whole days since 1970-01-01, and wall times as
 * milliseconds since 1970-01-01T00:00 read as if in UTC: plain integer arithmetic for the hot
 * paths, where a Temporal.PlainDate per step would cost an object and a validation. The
 * conversions are Howard Hinnant's `days_from_civil`/`civil_from_days`, exact for any year.
 */

export const DAY_MS = 86_400_000

/** Epoch days of Temporal.PlainDate's range, -271821-04-19 to +275760-09-13; outside it Temporal throws. */
export const MIN_PLAIN_DATE_DAY = -100_000_001
export const MAX_PLAIN_DATE_DAY = 100_000_000

export interface CivilDate {
  readonly year: number
  /** 1–12. */
  readonly month: number
  /** 1–31. */
  readonly day: number
}

export function epochDayOf(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year
  const era = Math.floor(y / 400)
  const yearOfEra = y - era * 400
  const dayOfYear = Math.floor((153 * (month > 2 ? month - 3 : month + 9) + 2) / 5) + day - 1
  const dayOfEra = yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear
  return era * 146_097 + dayOfEra - 719_468
}

export function civilDateOf(epochDay: number): CivilDate {
  const shifted = epochDay + 719_468
  const era = Math.floor(shifted / 146_097)
  const dayOfEra = shifted - era * 146_097
  const yearOfEra = Math.floor((dayOfEra - Math.floor(dayOfEra / 1460) + Math.floor(dayOfEra / 36_524)
    - Math.floor(dayOfEra / 146_096)) / 365)
  const dayOfYear = dayOfEra - (365 * yearOfEra + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100))
  const shiftedMonth = Math.floor((5 * dayOfYear + 2) / 153)
  const month = shiftedMonth < 10 ? shiftedMonth + 3 : shiftedMonth - 9
  return {
    year: yearOfEra + era * 400 + (month <= 2 ? 1 : 0),
    month,
    day: dayOfYear - Math.floor((153 * shiftedMonth + 2) / 5) + 1,
  }
}

export function isLeapYear(year: number): boolean {
  return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0)
}

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31] as const

export function daysInMonth(year: number, month: number): number {
  return month === 2 && isLeapYear(year) ? 29 : DAYS_IN_MONTH[month - 1]!
}

/** 1 = Monday … 7 = Sunday, as Temporal's dayOfWeek. 1970-01-01 was a Thursday. */
export function isoDayOfWeek(epochDay: number): number {
  return ((((epochDay + 3) % 7) + 7) % 7) + 1
}

/** A wall time read from a PlainDateTime string: its date, and its time of day split at the millisecond. */
export interface WallTime {
  readonly epochDay: number
  /** Milliseconds since local midnight, 0–86,399,999. */
  readonly timeMs: number
  /** Nanoseconds within that millisecond, 0–999,999. */
  readonly subMsNs: number
}

const PLAIN_DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?)?$/

/**
 * Reads `YYYY-MM-DD[THH:mm[:ss[.fffffffff]]]` as Temporal.PlainDateTime.from would; undefined
 * for anything else (other spellings, out-of-range fields), so the caller asks Temporal,
 * which either reads it the same way or throws.
 */
export function parseWallTime(text: string): WallTime | undefined {
  const match = PLAIN_DATE_TIME.exec(text)
  if (!match) return undefined
  const year = Number(match[1])
  const month = Number(match[2])
  const day = Number(match[3])
  const hour = match[4] === undefined ? 0 : Number(match[4])
  const minute = match[5] === undefined ? 0 : Number(match[5])
  const second = match[6] === undefined ? 0 : Number(match[6])
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return undefined
  if (hour > 23 || minute > 59 || second > 59) return undefined
  const fraction = match[7] === undefined ? 0 : Number(match[7].padEnd(9, '0'))
  return {
    epochDay: epochDayOf(year, month, day),
    timeMs: ((hour * 60 + minute) * 60 + second) * 1000 + Math.floor(fraction / 1_000_000),
    subMsNs: fraction % 1_000_000,
  }
}

/**
 * `YYYY-MM-DDTHH:mm:ss[.fraction]` for years 0000–9999, as Temporal.PlainDateTime's toString
 * writes it (fraction without trailing zeros), without Temporal's formatting machinery.
 */
export function formatWallTime(
  year: number, month: number, day: number, hour: number, minute: number, second: number, fractionNs: number,
): string {
  const text = `${String(year).padStart(4, '0')}-${pad2(month)}-${pad2(day)}T${pad2(hour)}:${pad2(minute)}:${pad2(second)}`
  if (fractionNs === 0) return text
  return `${text}.${String(fractionNs).padStart(9, '0').replace(/0+$/, '')}`
}

function pad2(value: number): string {
  return value < 10 ? `0${value}` : String(value)
}
