/**
 * @module Wall clock ↔ instant in a named zone, independent of the server's own TZ.
 * Resolution is 'compatible': a time in a spring-forward gap moves forward by the gap, an
 * ambiguous autumn time takes the earlier instant (as Exchange and RFC 5545 do).
 */
import { Temporal } from 'temporal-polyfill'

const zoneValidity = new Map<string, string | undefined>()

/** The canonical IANA name, or undefined when the zone is unknown. Offsets like +01:00 are refused. */
export function canonicalTimeZone(name: string): string | undefined {
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

export function wallTimeToZoned(wallTime: string, timeZone: string): Temporal.ZonedDateTime {
  return Temporal.PlainDateTime.from(wallTime).toZonedDateTime(timeZone, { disambiguation: 'compatible' })
}

export function epochMsOfWallTime(wallTime: string, timeZone: string): number {
  return wallTimeToZoned(wallTime, timeZone).epochMilliseconds
}

/**
 * `2025-11-08T15:50:00.3131398+01:00`: the samples' shape, 7 fraction digits and the zone's
 * offset on that day.
 */
export function formatWithOffset(time: Temporal.ZonedDateTime): string {
  return time.toString({ fractionalSecondDigits: 7, timeZoneName: 'never', offset: 'auto' })
}

/** The wall time of an instant in a zone, as a PlainDateTime string. */
export function instantToWallTime(instant: Temporal.Instant, timeZone: string): string {
  return instant.toZonedDateTimeISO(timeZone).toPlainDateTime().toString()
}
