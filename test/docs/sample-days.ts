/**
 * @module Days the help pages are served on in the tests of their sample dates: a server's
 * clock (buildApp's `now`) set to each. Chosen where dates go wrong: both offset changes of the
 * samples' zone, a leap day, and a day before the examples were written (the samples move back).
 */
import { Temporal } from 'temporal-polyfill'

export interface SampleDay {
  readonly label: string
  /** The server's clock, in ms since the epoch. */
  readonly nowMs: number
}

function day(label: string, instant: string): SampleDay {
  return { label, nowMs: Temporal.Instant.from(instant).epochMilliseconds }
}

export const SAMPLE_DAYS: readonly SampleDay[] = [
  day('an ordinary Monday, 2026-12-07', '2026-12-07T09:00:00Z'),
  day('the evening before Stockholm springs forward (2027-03-28)', '2027-03-27T22:30:00Z'),
  day('the evening before Stockholm falls back (2027-10-31)', '2027-10-30T21:30:00Z'),
  day('the leap day 2028-02-29', '2028-02-29T12:00:00Z'),
  day('a day before the examples were written, 2025-06-15', '2025-06-15T12:00:00Z'),
]

/** The dates of an instant in every zone on Earth: from UTC−12 to UTC+14. */
export function datesAt(nowMs: number): { readonly earliest: Temporal.PlainDate; readonly latest: Temporal.PlainDate } {
  const instant = Temporal.Instant.fromEpochMilliseconds(nowMs)
  return {
    earliest: instant.toZonedDateTimeISO('Etc/GMT+12').toPlainDate(),
    latest: instant.toZonedDateTimeISO('Etc/GMT-14').toPlainDate(),
  }
}
