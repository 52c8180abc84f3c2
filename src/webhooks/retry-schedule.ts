/**
 * @module When a failed delivery is tried again: the schedule (the first attempt at
 * once, then 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 14 h, 20 h, 24 h after each failure), each
 * delay with ±20 % jitter so a receiver coming back is not hit by every retry at once, and a
 * longer `Retry-After` on 429/503 honoured. `WEBHOOK_RETRY_SCHEDULE` (e.g. `0,1s,2s,4s`)
 * replaces it: the first entry is the first attempt's delay, one attempt per entry.
 */
const SECOND = 1000
const MINUTE = 60 * SECOND
const HOUR = 60 * MINUTE

export const DEFAULT_RETRY_SCHEDULE: readonly number[] = [
  0, 5 * SECOND, 5 * MINUTE, 30 * MINUTE, 2 * HOUR, 5 * HOUR, 10 * HOUR, 14 * HOUR, 20 * HOUR, 24 * HOUR,
]

const JITTER = 0.2
const UNITS: Readonly<Record<string, number>> = { '': SECOND, ms: 1, s: SECOND, m: MINUTE, h: HOUR }
const DELAY_TEXT = /^(\d+(?:\.\d+)?)(ms|s|m|h|)$/

/** Milliseconds per entry; throws naming the entry when one is not a number with ms, s, m or h (none: seconds). */
export function parseRetrySchedule(text: string): number[] {
  const entries = text.split(',').map((entry) => entry.trim())
  return entries.map((entry) => {
    const match = DELAY_TEXT.exec(entry)
    if (!match) {
      throw new Error(`WEBHOOK_RETRY_SCHEDULE must be delays separated by commas, such as 0,5s,5m,2h, not "${text}" `
        + `("${entry}" is not a number with ms, s, m or h).`)
    }
    return Math.round(Number(match[1]) * UNITS[match[2]!]!)
  })
}

/**
 * The delay before the attempt after `attempts` failed ones, jittered; undefined when the
 * schedule is spent. `random` is in [0, 1).
 */
export function retryDelay(schedule: readonly number[], attempts: number, random: number): number | undefined {
  const base = schedule[attempts]
  if (base === undefined) return undefined
  return Math.round(base * (1 - JITTER + 2 * JITTER * random))
}

/** A Retry-After value (seconds or an HTTP date) in milliseconds from `nowMs`; undefined when unreadable. */
export function retryAfterMs(value: string | undefined, nowMs: number): number | undefined {
  if (!value) return undefined
  if (/^\d+$/.test(value.trim())) return Number(value.trim()) * SECOND
  const at = Date.parse(value)
  return Number.isNaN(at) ? undefined : Math.max(0, at - nowMs)
}
