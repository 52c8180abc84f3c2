/**
 * @module The window a listing reads, `[from, to)`, from the texts a client sent. A date or
 * date-time with an offset is an instant; without one it is wall time in the customer's
 * zone (a date alone is its local midnight). The window must not be empty and may last at
 * most 366 × 24 h of elapsed time. Problems are named by parameter (`from`, `to`).
 */
import { Temporal } from 'temporal-polyfill'
import { offsetBeyondRange, offsetRangeProblem, parseDateTimeInput, toWallTime } from './date-time-input.ts'
import { InvalidParameters, type FieldProblems } from '../errors.ts'
import { MAX_WINDOW_MS } from '../occurrence-schema.ts'

export interface ReadingWindow {
  readonly from: Temporal.Instant
  readonly to: Temporal.Instant
}

const EXAMPLES = '"2026-03-01", "2026-03-01T08:00:00" or "2026-03-01T08:00:00+01:00"'

/**
 * Throws InvalidParameters naming each bad parameter. Absent parameters are `undefined`.
 * `maxWindowMs` is the listing's 366 days unless the caller reads shorter windows.
 */
export function readingWindow(
  fromText: string | undefined, toText: string | undefined, customerTimeZone: string, maxWindowMs = MAX_WINDOW_MS,
): ReadingWindow {
  const problems: FieldProblems = {}
  const from = boundary('from', fromText, customerTimeZone, problems)
  const to = boundary('to', toText, customerTimeZone, problems)
  if (from && to) {
    const lengthMs = Number(to.epochNanoseconds - from.epochNanoseconds) / 1e6
    if (lengthMs <= 0) {
      problems.to = [`to (${to}) must be after from (${from}). Send a later to, or an earlier from.`]
    } else if (lengthMs > maxWindowMs) {
      const maxDays = maxWindowMs / 86_400_000
      problems.to = [`The window from ${from} to ${to} lasts ${formatDays(lengthMs)} days; `
        + `send a window of at most ${maxDays} days (${maxDays} × 24 hours) and page through longer periods.`]
    }
  }
  if (Object.keys(problems).length > 0 || !from || !to) throw new InvalidParameters(problems)
  return { from, to }
}

function boundary(
  name: 'from' | 'to', text: string | undefined, timeZone: string, problems: FieldProblems,
): Temporal.Instant | undefined {
  if (text === undefined || text.trim() === '') {
    problems[name] = [`The ${name} parameter is required: the ${name === 'from' ? 'start' : 'end (exclusive)'} `
      + `of the window to list, such as ${EXAMPLES}.`]
    return undefined
  }
  const input = parseDateTimeInput(text)
  const offset = input ? undefined : offsetBeyondRange(text)
  if (offset !== undefined) {
    problems[name] = [offsetRangeProblem(name, offset)]
    return undefined
  }
  if (!input) {
    problems[name] = [`${name} must be an existing date or date-time in ISO 8601 form, such as ${EXAMPLES} `
      + `(without offset it is wall time in the customer's time zone, ${timeZone}), not ${quote(text)}. `
      + 'In a URL, write the + of an offset as %2B.']
    return undefined
  }
  if (input.kind === 'instant') return input.instant
  return toWallTime(input, timeZone).toZonedDateTime(timeZone, { disambiguation: 'compatible' }).toInstant()
}

function formatDays(ms: number): string {
  return (Math.round((ms / 86_400_000) * 1000) / 1000).toString()
}

function quote(text: string): string {
  return JSON.stringify(text.length > 40 ? `${text.slice(0, 40)}…` : text)
}
