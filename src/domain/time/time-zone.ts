/**
 * @module Wall clock ↔ instant in a named zone, independent of the server's own TZ.
 * Resolution is 'compatible': a time in a spring-forward gap moves forward by the gap, an
 * ambiguous autumn time takes the earlier instant (as Exchange and RFC 5545 do). Away from
 * offset changes the answers come from zone-offsets.ts by arithmetic, the same as Temporal's.
 */
import { Temporal } from 'temporal-polyfill'
import { DAY_MS, civilDateOf, parseWallTime } from './epoch-days.ts'
import { instantMsOfWallTime } from './zone-offsets.ts'

/** IANA names are at most ~30 characters; longer input is never looked up or cached. */
const MAX_ZONE_NAME_LENGTH = 64
const zoneValidity = new Map<string, string | undefined>()

/** The canonical IANA name, or undefined when the zone is unknown. Offsets like +01:00 are refused. */
export function canonicalTimeZone(name: string): string | undefined {
  if (name.length > MAX_ZONE_NAME_LENGTH) return undefined
  if (zoneValidity.has(name)) return zoneValidity.get(name)
  let canonical: string | undefined
  try {
    if (/^[A-Za-z]/.test(name)) canonical = Temporal.Now.zonedDateTimeISO(name).timeZoneId
  } catch {
    canonical = undefined
  }
  if (zoneValidity.size < 10_000) zoneValidity.set(name, canonical)
  return canonical
}

/**
 * A PlainDateTime string's instant in the zone. Read and resolved by arithmetic on the zone's
 * cached offsets when no offset change is within a day of it (zone-offsets.ts), else by Temporal.
 */
export function wallTimeToZoned(wallTime: string, timeZone: string): Temporal.ZonedDateTime {
  const parsed = parseWallTime(wallTime)
  const epochMs = parsed && instantMsOfWallTime(timeZone, parsed.epochDay * DAY_MS + parsed.timeMs)
  if (parsed && epochMs !== undefined) {
    return new Temporal.ZonedDateTime(BigInt(epochMs) * 1_000_000n + BigInt(parsed.subMsNs), timeZone)
  }
  return Temporal.PlainDateTime.from(wallTime).toZonedDateTime(timeZone, { disambiguation: 'compatible' })
}

export function epochMsOfWallTime(wallTime: string, timeZone: string): number {
  const parsed = parseWallTime(wallTime)
  const epochMs = parsed && instantMsOfWallTime(timeZone, parsed.epochDay * DAY_MS + parsed.timeMs)
  return epochMs ?? wallTimeToZoned(wallTime, timeZone).epochMilliseconds
}

const MINUTE_NS = 60_000_000_000

/**
 * `2025-11-08T15:50:00.3131398+01:00`: the samples' shape, 7 fraction digits and the zone's
 * offset on that day. An offset that is not whole minutes (local mean time before ~1900,
 * Stockholm +00:53:28) cannot be written as ±HH:MM without moving the instant, so such
 * times are written in UTC (`…Z`), which every client reads as the exact instant.
 */
export function formatWithOffset(time: Temporal.ZonedDateTime): string {
  if (time.offsetNanoseconds % MINUTE_NS !== 0) return time.toInstant().toString({ fractionalSecondDigits: 7 })
  return time.toString({ fractionalSecondDigits: 7, timeZoneName: 'never', offset: 'auto' })
}

/**
 * A stored wall time with that day's offset in its zone, as `formatWithOffset` writes it, by
 * arithmetic when no offset change is near (then the wall time exists and is unambiguous);
 * undefined near a change, for the caller to resolve with Temporal.
 */
export function formatWallTimeWithOffset(wallTime: string, timeZone: string): string | undefined {
  const parsed = parseWallTime(wallTime)
  if (!parsed) return undefined
  const localMs = parsed.epochDay * DAY_MS + parsed.timeMs
  const epochMs = instantMsOfWallTime(timeZone, localMs)
  if (epochMs === undefined) return undefined
  return formatEpochWithOffset(epochMs, parsed.subMsNs, (localMs - epochMs) * 1_000_000, timeZone)
}

/**
 * `formatWithOffset` of the instant `epochMs` ms + `subMsNs` ns in `timeZone`, whose offset
 * there is `offsetNs`, by arithmetic: the wall time is instant + offset, 7 digits truncated
 * (Temporal rounds the instant with 'trunc', which for whole-minute offsets truncates the wall
 * time). Years outside 0–9999 and offsets that are not whole minutes are left to
 * formatWithOffset. A listing writes many times on one day with one offset, so the last date
 * and offset texts are kept.
 */
export function formatEpochWithOffset(epochMs: number, subMsNs: number, offsetNs: number, timeZone: string): string {
  if (offsetNs % MINUTE_NS === 0) {
    const localMs = epochMs + offsetNs / 1_000_000
    const epochDay = Math.floor(localMs / DAY_MS)
    const dateText = dateTextOf(epochDay)
    if (dateText !== undefined) {
      const msOfDay = localMs - epochDay * DAY_MS
      const seconds = Math.floor(msOfDay / 1000)
      const fraction = (msOfDay - seconds * 1000) * 10_000 + Math.floor(subMsNs / 100)
      return dateText + TWO_DIGITS[Math.floor(seconds / 3600)]! + ':' + TWO_DIGITS[Math.floor(seconds / 60) % 60]!
        + ':' + TWO_DIGITS[seconds % 60]! + (fraction === 0 ? '.0000000' : '.' + String(fraction).padStart(7, '0'))
        + offsetTextOf(offsetNs)
    }
  }
  const epochNs = BigInt(epochMs) * 1_000_000n + BigInt(subMsNs)
  return formatWithOffset(new Temporal.ZonedDateTime(epochNs, timeZone))
}

const TWO_DIGITS = Array.from({ length: 100 }, (_, value) => String(value).padStart(2, '0'))

let lastEpochDay = NaN
let lastDateText = ''

/** `YYYY-MM-DDT`, or undefined outside years 0–9999. */
function dateTextOf(epochDay: number): string | undefined {
  if (epochDay !== lastEpochDay) {
    const { year, month, day } = civilDateOf(epochDay)
    if (year < 0 || year > 9999) return undefined
    lastDateText = `${String(year).padStart(4, '0')}-${TWO_DIGITS[month]!}-${TWO_DIGITS[day]!}T`
    lastEpochDay = epochDay
  }
  return lastDateText
}

let lastOffsetNs = NaN
let lastOffsetText = ''

/** `+HH:MM` of a whole-minute offset; a zero offset is `+00:00`. */
function offsetTextOf(offsetNs: number): string {
  if (offsetNs !== lastOffsetNs) {
    const minutes = Math.abs(offsetNs / MINUTE_NS)
    lastOffsetText = `${offsetNs < 0 && minutes > 0 ? '-' : '+'}${TWO_DIGITS[Math.floor(minutes / 60)]!}:${TWO_DIGITS[minutes % 60]!}`
    lastOffsetNs = offsetNs
  }
  return lastOffsetText
}

/** The wall time of an instant in a zone, as a PlainDateTime string. */
export function instantToWallTime(instant: Temporal.Instant, timeZone: string): string {
  return instant.toZonedDateTimeISO(timeZone).toPlainDateTime().toString()
}
