/**
 * @module Reading the dates integrators send: ISO 8601 as .NET writes it, up to 7 fraction
 * digits, with an offset (an instant) or without (wall time in the appointment's zone). The
 * offset may also be written `+0100` or `+01`, as PHP's `DATE_ISO8601` and others write it.
 * Microsoft's JSON form `/Date(ms)/` or `/Date(ms+0100)/`, which DataContractJsonSerializer
 * writes and the original's Json.NET read, is the instant `ms` after 1970 UTC (the offset
 * only says where it was written). Offsets run from -14:00 to +14:00, as .NET's
 * DateTimeOffset and every real time zone keep to; one beyond is refused, not moved.
 */
import { Temporal } from 'temporal-polyfill'
import { DAY_MS, civilDateOf, parseWallTime, type WallTime } from './epoch-days.ts'

export const DATE_TIME_PATTERN =
  /^(\d{4}-\d{2}-\d{2})(?:[T ](\d{2}:\d{2}(?::\d{2}(?:\.\d{1,7})?)?)(Z|[+-]\d{2}(?::?\d{2})?)?)?$/i

const MICROSOFT_JSON_DATE = /^\/Date\((-?\d{1,15})([+-]\d{4})?\)\/$/
const MAX_OFFSET_MINUTES = 14 * 60

export type DateTimeInput =
  | { readonly kind: 'instant'; readonly instant: Temporal.Instant }
  | { readonly kind: 'wall'; readonly wallTime: Temporal.PlainDateTime }

/** Undefined when the text is not such a date or names a day or time that does not exist. */
export function parseDateTimeInput(text: string): DateTimeInput | undefined {
  const microsoft = MICROSOFT_JSON_DATE.exec(text.trim())
  if (microsoft) {
    if (!isOffsetInRange(microsoft[2])) return undefined
    return { kind: 'instant', instant: Temporal.Instant.fromEpochMilliseconds(Number(microsoft[1])) }
  }
  const match = DATE_TIME_PATTERN.exec(text.trim())
  if (!match) return undefined
  const [, date = '', time = '00:00', offset] = match
  if (!isOffsetInRange(offset) || Number(date.slice(0, 4)) < 1) return undefined
  const parsed = parseWallTime(`${date}T${time}`)
  const minutes = offset === undefined ? 0 : offsetMinutes(offset)
  try {
    if (!parsed || minutes === undefined) return readWithTemporal(date, time, offset)
    if (!offset) return { kind: 'wall', wallTime: plainDateTimeOf(parsed) }
    const epochMs = parsed.epochDay * DAY_MS + parsed.timeMs - minutes * 60_000
    return { kind: 'instant', instant: new Temporal.Instant(BigInt(epochMs) * 1_000_000n + BigInt(parsed.subMsNs)) }
  } catch {
    return undefined
  }
}

/** What the arithmetic above does not read (a leap second's :60, odd offsets), as Temporal reads it. */
function readWithTemporal(date: string, time: string, offset: string | undefined): DateTimeInput {
  const wallTime = Temporal.PlainDateTime.from(`${date}T${time}`, { overflow: 'reject' })
  if (!offset) return { kind: 'wall', wallTime }
  return { kind: 'instant', instant: Temporal.Instant.from(`${date}T${time}${extendedOffset(offset)}`) }
}

/** Built from its fields: several times cheaper than Temporal reading the string again. */
function plainDateTimeOf({ epochDay, timeMs, subMsNs }: WallTime): Temporal.PlainDateTime {
  const { year, month, day } = civilDateOf(epochDay)
  return new Temporal.PlainDateTime(year, month, day, Math.floor(timeMs / 3_600_000), Math.floor(timeMs / 60_000) % 60,
    Math.floor(timeMs / 1000) % 60, timeMs % 1000, Math.floor(subMsNs / 1000), subMsNs % 1000)
}

/** `Z`, `+01:00`, `+0100` or `+01` as signed minutes east of UTC; undefined past 59 minutes. */
function offsetMinutes(offset: string): number | undefined {
  if (offset.toUpperCase() === 'Z') return 0
  const digits = offset.slice(1).replace(':', '')
  const minutePart = Number(digits.slice(2) || '0')
  if (minutePart > 59) return undefined
  const minutes = Number(digits.slice(0, 2)) * 60 + minutePart
  return offset[0] === '-' ? -minutes : minutes
}

/** The offset as sent when `text` is shaped as a date whose offset lies beyond ±14:00. */
export function offsetBeyondRange(text: string): string | undefined {
  const trimmed = text.trim()
  const offset = MICROSOFT_JSON_DATE.exec(trimmed)?.[2] ?? DATE_TIME_PATTERN.exec(trimmed)?.[3]
  return isOffsetInRange(offset) ? undefined : offset
}

/** What to tell a client whose `name` carries `offset`, beyond ±14:00. */
export function offsetRangeProblem(name: string, offset: string): string {
  return `${name} has the offset ${offset}, outside the range offsets can take: -14:00 to +14:00 `
    + '(as .NET\'s DateTimeOffset and every real time zone). Send the offset of the place the time is in, '
    + 'such as "+01:00" for Stockholm in winter, or no offset for wall time.'
}

/** Absent and `Z` are in range; `+14:00` is the last one that is. */
function isOffsetInRange(offset: string | undefined): boolean {
  if (offset === undefined || offset.toUpperCase() === 'Z') return true
  const digits = offset.slice(1).replace(':', '')
  return Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2) || '0') <= MAX_OFFSET_MINUTES
}

/** `Z`, `+01:00`, `+0100` or `+01` → `Z` or `+01:00`. */
function extendedOffset(offset: string): string {
  if (offset.toUpperCase() === 'Z') return 'Z'
  const digits = offset.slice(1).replace(':', '')
  return `${offset[0]}${digits.slice(0, 2)}:${digits.slice(2) || '00'}`
}

/** The input as wall time in `timeZone`: instants are converted, wall times kept as given. */
export function toWallTime(input: DateTimeInput, timeZone: string): Temporal.PlainDateTime {
  if (input.kind === 'wall') return input.wallTime
  return input.instant.toZonedDateTimeISO(timeZone).toPlainDateTime()
}
