/**
 * @module The help pages' sample dates, from the day a page is served. The examples in the
 * schemas and route docs are written for a series that starts on FIRST_EXAMPLE_DATE (listed in
 * March and April 2026, ending 2026-06-30); a page shows every one of them moved by the same
 * whole number of weeks, the fewest that put the first after the day it is served. So every
 * sample date lies ahead (a series that has ended teaches nothing), weekdays stay (the series is
 * weekly), and the dates keep their distances: the moved occurrence is still one of the moved
 * series, the listing window still holds it. A date-time keeps its wall time in the samples'
 * zone and takes that zone's offset on its new day, as the server writes a series' occurrences
 * across an offset change; the samples built from the moved examples come from the server's
 * own code, so they agree with it whatever side of a change a date lands on.
 */
import { Temporal } from 'temporal-polyfill'
import { dayOfOccurrenceId, occurrenceIdOf } from '../domain/recurrence/occurrence-exceptions.ts'
import type { ParameterDocs, RouteDocs } from '../http/route-docs.ts'

/** The zone the examples' offsets are written in, and the samples are validated in. */
export const SAMPLE_TIME_ZONE = 'Europe/Stockholm'

/** The earliest date any example names: the sample series' start. */
const FIRST_EXAMPLE_DATE = Temporal.PlainDate.from('2025-11-08')

/** The last zone to leave a day (UTC+14): once its day is over, everyone's is. */
const LATEST_ZONE = 'Etc/GMT-14'

const DAYS_PER_WEEK = 7
const DATE = /^\d{4}-\d{2}-\d{2}$/
const OCCURRENCE_ID = /^\d{8}$/
const DATE_TIME = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.(\d{1,9}))?)?)(Z|[+-]\d{2}:\d{2})?$/

export interface SampleCalendar {
  /** Whole weeks every example is moved by; negative when the clock is set before the examples. */
  readonly weeks: number
  /**
   * An example moved: a date (`2026-06-30`), a date-time with or without offset, or an
   * occurrence id (`20260406`), written in the example's own shape. Any other text as given.
   */
  readonly move: (example: string) => string
}

/** The calendar of a page served at `nowMs`: the first example falls within the week after that day. */
export function sampleCalendar(nowMs: number): SampleCalendar {
  const servedDay = Temporal.Instant.fromEpochMilliseconds(nowMs).toZonedDateTimeISO(LATEST_ZONE).toPlainDate()
  const weeks = Math.floor(FIRST_EXAMPLE_DATE.until(servedDay).days / DAYS_PER_WEEK) + 1
  const days = weeks * DAYS_PER_WEEK
  return { weeks, move: (example) => moveExample(example, days) }
}

/**
 * A route's docs with its parameters' examples moved (the listing's from and to, an occurrence
 * id). A parameter whose example names no date stays the same object, as documentedErrorStatuses
 * tells the customer's parameter by identity.
 */
export function withMovedExamples(docs: RouteDocs, calendar: SampleCalendar): RouteDocs {
  const moved = (parameter: ParameterDocs): ParameterDocs => {
    const example = calendar.move(parameter.example)
    return example === parameter.example ? parameter : { ...parameter, example }
  }
  return {
    ...docs,
    uriParameters: docs.uriParameters.map(moved),
    ...(docs.queryParameters && { queryParameters: docs.queryParameters.map(moved) }),
  }
}

function moveExample(example: string, days: number): string {
  if (DATE.test(example)) return Temporal.PlainDate.from(example).add({ days }).toString()
  if (OCCURRENCE_ID.test(example)) {
    const day = dayOfOccurrenceId(example)
    return day === undefined ? example : occurrenceIdOf(day + days)
  }
  const dateTime = DATE_TIME.exec(example)
  return dateTime ? moveDateTime(example, dateTime, days) : example
}

type FractionDigits = 0 | 1 | 2 | 3 | 4 | 5 | 6 | 7 | 8 | 9

function moveDateTime(example: string, [, wallText = '', fraction, offset]: RegExpExecArray, days: number): string {
  const digits = { fractionalSecondDigits: (fraction?.length ?? 0) as FractionDigits }
  const shape = wallText.length === 'YYYY-MM-DDTHH:MM'.length ? { smallestUnit: 'minute' } as const : digits
  if (offset === 'Z') return Temporal.Instant.from(example).add({ hours: 24 * days }).toString(shape)
  const wallTime = Temporal.PlainDateTime.from(wallText)
  const moved = wallTime.add({ days })
  if (offset === undefined) return moved.toString(shape)
  const written = wallTime.toZonedDateTime(SAMPLE_TIME_ZONE).offset
  if (written !== offset) {
    throw new Error(`The example ${example} is not written in ${SAMPLE_TIME_ZONE}, whose offset then is ${written}`)
  }
  return moved.toZonedDateTime(SAMPLE_TIME_ZONE).toString({ ...shape, timeZoneName: 'never' })
}
