/**
 * @module VTIMEZONE text by zone and first year, shared by every feed the server writes:
 * building one asks Temporal for every transition of the zone.
 */
import { vtimezoneOf } from '../domain/ical/time-zone.ts'
import { componentText } from './ical-text.ts'

const MAX_CACHED_ZONES = 512
const YEAR_MARGIN_MS = 2 * 86_400_000

export interface CachedVtimezone {
  readonly text: string
  /** Times from this instant on resolve by it. */
  readonly fromMs: number
}

export interface VtimezoneCache {
  /** A VTIMEZONE valid from `fromMs` on. */
  get(timeZone: string, fromMs: number): CachedVtimezone
}

export function createVtimezoneCache(): VtimezoneCache {
  const cache = new Map<string, CachedVtimezone>()
  return {
    get(timeZone, fromMs) {
      const year = new Date(fromMs).getUTCFullYear()
      const key = `${timeZone}\u0000${year}`
      const cached = cache.get(key)
      if (cached) return cached
      const yearStartMs = Date.UTC(year, 0, 1) - YEAR_MARGIN_MS
      const built = { text: componentText(vtimezoneOf(timeZone, yearStartMs)), fromMs: yearStartMs }
      if (cache.size >= MAX_CACHED_ZONES) cache.clear()
      cache.set(key, built)
      return built
    },
  }
}
