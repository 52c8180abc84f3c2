/**
 * A series' exceptions in the domain: the paged listing against a brute-force model (every
 * series occurrence minus the exception dates, plus the changed ones where their wall times
 * put them), occurrence ids, and how validateOccurrenceChange reads one occurrence's change.
 */
import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import fc from 'fast-check'
import { Temporal } from 'temporal-polyfill'
import type { Appointment, OccurrenceException, Recurrence } from '../../../src/domain/appointment.ts'
import { epochDayOf } from '../../../src/domain/time/epoch-days.ts'
import { ValidationFailed } from '../../../src/domain/errors.ts'
import { dayOfOccurrenceId, occurrenceIdOf } from '../../../src/domain/recurrence/occurrence-exceptions.ts'
import { listOccurrences, type ListedOccurrence, type OccurrenceCursor } from '../../../src/domain/recurrence/occurrence-listing.ts'
import type { ReadingWindow } from '../../../src/domain/time/reading-window.ts'
import { expandOccurrences } from '../../../src/domain/recurrence/recurrence.ts'
import { validateOccurrenceChange } from '../../../src/domain/validate-appointment.ts'

const PATTERNS = ['Daily', 'Weekly', 'Monthly', 'Yearly'] as const
const ZONES = ['Europe/Stockholm', 'America/New_York', 'Australia/Lord_Howe', 'UTC'] as const
/** Every series occurrence the model may need: the series start in 2026's first months, moves at most 60 days off. */
const MODEL_FROM = Temporal.Instant.from('2025-10-01T00:00:00Z')
const MODEL_TO = Temporal.Instant.from('2027-06-01T00:00:00Z')

interface Item {
  readonly startNs: bigint
  readonly endNs: bigint
  readonly appointmentId: string
  readonly day: number
  readonly subject: string
}

function series(
  id: string, startsAt: string, endsAt: string, recurrence: Recurrence | null, timeZone: string, allDayEvent = false,
): Appointment {
  return {
    id, customerId: 'C', userId: 'U', version: 1, createdAt: '', updatedAt: '',
    subject: id, location: null, note: null, timeZone, allDayEvent, startsAt, endsAt, recurrence,
  }
}

function recurrence(pattern: Recurrence['pattern'], interval: number, count: number | null): Recurrence {
  return {
    pattern, interval, daysOfWeek: pattern === 'Weekly' ? ['Monday', 'Wednesday', 'Sunday'] : [],
    month: pattern === 'Yearly' ? 3 : null, day: pattern === 'Monthly' || pattern === 'Yearly' ? 29 : null,
    endsOn: null, count,
  }
}

const exceptionShape = fc.record({
  kind: fc.constantFrom('cancel', 'move', 'onto', 'retitle'),
  pick: fc.nat(),
  other: fc.nat(),
  shiftDays: fc.integer({ min: -40, max: 40 }),
  /** Onto the date of the zone's first or second offset change of 2026, instead of shifting. */
  onChange: fc.option(fc.constantFrom(0, 1), { nil: undefined }),
  // Stockholm's and New York's spring gap, Lord Howe's, and their repeated hours.
  time: fc.constantFrom('01:30', '01:45', '02:15', '02:30', '09:00'),
  minutes: fc.constantFrom(0, 30, 60),
})

type ExceptionShape = typeof exceptionShape extends fc.Arbitrary<infer Shape> ? Shape : never

const appointmentArbitrary = (id: string): fc.Arbitrary<Appointment> => fc.record({
  day: fc.integer({ min: 0, max: 100 }),
  // Few distinct times, so that ties between appointments and moved occurrences are common.
  time: fc.constantFrom('00:00', '02:30', '09:00', '09:00'),
  minutes: fc.constantFrom(0, 30, 60),
  allDay: fc.boolean(),
  pattern: fc.option(fc.constantFrom(...PATTERNS), { nil: undefined, freq: 6 }),
  interval: fc.integer({ min: 1, max: 3 }),
  count: fc.option(fc.integer({ min: 1, max: 40 }), { nil: null }),
  timeZone: fc.constantFrom(...ZONES),
  exceptions: fc.array(exceptionShape, { maxLength: 8 }),
}).map((shape) => {
  const date = Temporal.PlainDate.from('2026-01-01').add({ days: shape.day })
  const start = date.toPlainDateTime(shape.allDay ? undefined : Temporal.PlainTime.from(shape.time))
  const end = shape.allDay ? start : start.add({ minutes: shape.minutes })
  const rule = shape.pattern === undefined ? null : recurrence(shape.pattern, shape.interval, shape.count)
  const plain = series(id, start.toString(), end.toString(), rule, shape.timeZone, shape.allDay)
  return rule === null ? plain : { ...plain, exceptions: exceptionsOf(plain, shape.exceptions) }
})

/** Exceptions on the series' own occurrences, one per date (the last shape for a date wins), by date. */
function exceptionsOf(appointment: Appointment, shapes: readonly ExceptionShape[]): OccurrenceException[] {
  const occurrences = [...expandOccurrences(appointment, MODEL_FROM, MODEL_TO)].slice(0, 60)
  const byDate = new Map<string, OccurrenceException>()
  for (const shape of shapes) {
    const occurrence = occurrences[shape.pick % Math.max(1, occurrences.length)]
    if (!occurrence) break
    const originalDate = dateOfDay(occurrence.day)
    byDate.set(originalDate, exceptionFrom(appointment, originalDate, shape, occurrences))
  }
  return [...byDate.values()].sort((a, b) => (a.originalDate < b.originalDate ? -1 : 1))
}

function exceptionFrom(
  appointment: Appointment, originalDate: string, shape: ExceptionShape,
  occurrences: readonly { start: Temporal.ZonedDateTime }[],
): OccurrenceException {
  if (shape.kind === 'cancel') return { originalDate, cancelled: true }
  if (shape.kind === 'retitle') return { originalDate, cancelled: false, subject: `${appointment.id} changed` }
  if (appointment.allDayEvent) {
    const date = movedDate(appointment, originalDate, shape)
    return { originalDate, cancelled: false, startsAt: `${date}T00:00:00`, endsAt: `${date.add({ days: shape.minutes / 30 })}T00:00:00` }
  }
  const start = shape.kind === 'onto'
    ? occurrences[shape.other % occurrences.length]!.start.toPlainDateTime()
    : movedDate(appointment, originalDate, shape).toPlainDateTime(Temporal.PlainTime.from(shape.time))
  return { originalDate, cancelled: false, startsAt: start.toString(), endsAt: start.add({ minutes: shape.minutes }).toString() }
}

function movedDate(appointment: Appointment, originalDate: string, shape: ExceptionShape): Temporal.PlainDate {
  const changes: Temporal.PlainDate[] = []
  let at: Temporal.ZonedDateTime | null = Temporal.ZonedDateTime.from(`2026-01-01T00:00[${appointment.timeZone}]`)
  while (changes.length < 2 && (at = at.getTimeZoneTransition('next')) !== null) changes.push(at.toPlainDate())
  const onChange = shape.onChange === undefined ? undefined : changes[shape.onChange]
  return onChange ?? Temporal.PlainDate.from(originalDate).add({ days: shape.shiftDays })
}

function dateOfDay(day: number): string {
  return Temporal.PlainDate.from('1970-01-01').add({ days: day }).toString()
}

/**
 * The brute-force model: every series occurrence minus the dates with exceptions, plus each
 * changed one where its wall times put it (resolved as Temporal's 'compatible' does, an end
 * before the start taken as the start; all-day ones midnight to the midnight after the last
 * day), overlapping the window, by (start, appointment id, series date).
 */
function model(appointments: readonly Appointment[], window: ReadingWindow): Item[] {
  const items = appointments.flatMap((appointment) => {
    const exceptions = new Map((appointment.exceptions ?? []).map((exception) => [exception.originalDate, exception]))
    return [...expandOccurrences(appointment, MODEL_FROM, MODEL_TO)].flatMap((occurrence): Item[] => {
      const exception = exceptions.get(dateOfDay(occurrence.day))
      if (exception?.cancelled) return []
      const [start, end] = exception?.startsAt && exception.endsAt
        ? movedSpan(appointment, exception.startsAt, exception.endsAt)
        : [occurrence.start, occurrence.end]
      return [{
        startNs: start.epochNanoseconds, endNs: end.epochNanoseconds, appointmentId: appointment.id,
        day: occurrence.day, subject: exception?.subject ?? appointment.subject,
      }]
    })
  })
  const fromNs = window.from.epochNanoseconds
  const toNs = window.to.epochNanoseconds
  return items
    .filter((item) => item.startNs < toNs && (item.endNs > fromNs || item.startNs >= fromNs))
    .sort((a, b) => (a.startNs !== b.startNs ? (a.startNs < b.startNs ? -1 : 1)
      : a.appointmentId !== b.appointmentId ? (a.appointmentId < b.appointmentId ? -1 : 1)
      : a.day - b.day))
}

function movedSpan(appointment: Appointment, startsAt: string, endsAt: string): [Temporal.ZonedDateTime, Temporal.ZonedDateTime] {
  const zone = appointment.timeZone
  if (appointment.allDayEvent) {
    return [Temporal.PlainDate.from(startsAt).toZonedDateTime(zone), Temporal.PlainDate.from(endsAt).add({ days: 1 }).toZonedDateTime(zone)]
  }
  const start = Temporal.PlainDateTime.from(startsAt).toZonedDateTime(zone)
  const end = Temporal.PlainDateTime.from(endsAt).toZonedDateTime(zone)
  return [start, Temporal.ZonedDateTime.compare(end, start) < 0 ? start : end]
}

function itemOf(listed: ListedOccurrence): Item {
  return {
    startNs: listed.start.epochNanoseconds, endNs: listed.end.epochNanoseconds, appointmentId: listed.appointment.id,
    day: listed.day, subject: listed.exception?.subject ?? listed.appointment.subject,
  }
}

/** Each page of the listing, following the `next` cursors to the end. */
function* pagesOf(appointments: readonly Appointment[], window: ReadingWindow, limit: number): Generator<Item[]> {
  let after: OccurrenceCursor | undefined
  for (let pages = 0; pages < 10_000; pages++) {
    const page = listOccurrences(appointments, window, after, limit)
    yield page.items.map(itemOf)
    if (!page.next) return
    after = page.next
  }
}

describe('listOccurrences with exceptions', () => {
  test('pages concatenate to the series minus their exception dates plus the changed occurrences, for any page size', () => {
    fc.assert(fc.property(
      fc.tuple(...Array.from({ length: 4 }, (_, index) => appointmentArbitrary(`id${index}`))),
      fc.integer({ min: 0, max: 150 }), fc.integer({ min: 0, max: 23 }), fc.integer({ min: 1, max: 120 }),
      fc.integer({ min: 1, max: 7 }),
      (appointments, fromDay, fromHour, days, limit) => {
        const from = Temporal.Instant.from('2026-01-01T00:00:00Z').add({ hours: 24 * fromDay + fromHour })
        const window = { from, to: from.add({ hours: 24 * days }) }
        const pages = [...pagesOf(appointments, window, limit)]
        assert.deepEqual(pages.flat(), model(appointments, window))
        assert.ok(pages.slice(0, -1).every((page) => page.length === limit), 'only the last page is short')
      },
    ), { numRuns: 300 })
  })

  test('two occurrences of one series at one start are both listed, in series-date order, across a page boundary', () => {
    const daily = series('s', '2026-03-01T09:00:00', '2026-03-01T09:30:00', recurrence('Daily', 1, 5), 'UTC')
    const withMove: Appointment = {
      ...daily,
      exceptions: [{ originalDate: '2026-03-02', cancelled: false, startsAt: '2026-03-03T09:00:00', endsAt: '2026-03-03T09:30:00' }],
    }
    const window = { from: Temporal.Instant.from('2026-03-01T00:00:00Z'), to: Temporal.Instant.from('2026-03-10T00:00:00Z') }
    const pages = [...pagesOf([withMove], window, 2)]
    assert.deepEqual(pages.map((page) => page.map((item) => dateOfDay(item.day))),
      [['2026-03-01', '2026-03-02'], ['2026-03-03', '2026-03-04'], ['2026-03-05']])
    assert.equal(pages[0]![1]!.startNs, pages[1]![0]!.startNs, 'the moved one shares the next page\'s first start')
  })
})

describe('occurrence ids', () => {
  test('occurrenceIdOf and dayOfOccurrenceId are inverse over years 0001 to 9999', () => {
    fc.assert(fc.property(fc.integer({ min: epochDayOf(1, 1, 1), max: epochDayOf(9999, 12, 31) }), (day) => {
      const id = occurrenceIdOf(day)
      assert.match(id, /^\d{8}$/)
      assert.equal(dayOfOccurrenceId(id), day)
    }))
  })

  test('an id is the series date as YYYYMMDD', () => {
    assert.equal(occurrenceIdOf(epochDayOf(2026, 3, 29)), '20260329')
    assert.equal(occurrenceIdOf(epochDayOf(999, 1, 5)), '09990105')
    assert.equal(dayOfOccurrenceId('20240229'), epochDayOf(2024, 2, 29))
  })

  test('dates that do not exist and other lengths or characters name no occurrence', () => {
    for (const id of ['20260230', '20260229', '20261301', '20260001', '20260100', '20260431', '00000000',
      '2026033', '202603290', '', '2026-03-29', '2026032a', ' 20260329', '+2026032']) {
      assert.equal(dayOfOccurrenceId(id), undefined, id)
    }
  })
})

describe('validateOccurrenceChange', () => {
  const weekly = series('w', '2026-03-16T09:00:00', '2026-03-16T09:45:00', recurrence('Weekly', 1, null), 'Europe/Stockholm')
  const seriesData = { ...weekly, location: 'Storgatan 1' }
  const allDay = series('d', '2026-03-21T00:00:00', '2026-03-22T00:00:00', recurrence('Weekly', 1, null), 'Europe/Stockholm', true)

  test('fields left out keep the series\' values: only what is sent and differs is kept', () => {
    assert.deepEqual(validateOccurrenceChange({ subject: 'Egen' }, seriesData, '2026-03-23'),
      { originalDate: '2026-03-23', cancelled: false, subject: 'Egen' })
    assert.deepEqual(validateOccurrenceChange({ location: null, note: 'Ring på' }, seriesData, '2026-03-23'),
      { originalDate: '2026-03-23', cancelled: false, location: null, note: 'Ring på' })
  })

  test('a new start alone keeps the series\' duration; an end alone keeps its start', () => {
    assert.deepEqual(validateOccurrenceChange({ startsAt: '2026-03-26T17:00:00' }, seriesData, '2026-03-23'),
      { originalDate: '2026-03-23', cancelled: false, startsAt: '2026-03-26T17:00:00', endsAt: '2026-03-26T17:45:00' })
    assert.deepEqual(validateOccurrenceChange({ startsAt: '2026-03-30T08:00:00+01:00' }, seriesData, '2026-03-23'),
      { originalDate: '2026-03-23', cancelled: false, startsAt: '2026-03-30T09:00:00', endsAt: '2026-03-30T09:45:00' },
      'an offset is read into the series\' zone (+02:00 there after the change)')
    assert.deepEqual(validateOccurrenceChange({ endsAt: '2026-03-23T11:00:00' }, seriesData, '2026-03-23'),
      { originalDate: '2026-03-23', cancelled: false, startsAt: '2026-03-23T09:00:00', endsAt: '2026-03-23T11:00:00' })
  })

  test('an all-day series moves by dates and keeps its number of days', () => {
    assert.deepEqual(validateOccurrenceChange({ startsAt: '2026-03-29' }, allDay, '2026-03-28'),
      { originalDate: '2026-03-28', cancelled: false, startsAt: '2026-03-29T00:00:00', endsAt: '2026-03-30T00:00:00' })
    assert.deepEqual(validateOccurrenceChange({ startsAt: '2026-04-01T15:30:00', endsAt: '2026-04-03T08:00:00' }, allDay, '2026-03-28'),
      { originalDate: '2026-03-28', cancelled: false, startsAt: '2026-04-01T00:00:00', endsAt: '2026-04-03T00:00:00' })
  })

  test('sending the series\' own values gives undefined: no exception', () => {
    assert.equal(validateOccurrenceChange({
      subject: 'w', location: 'Storgatan 1', note: null, startsAt: '2026-03-23T09:00:00', endsAt: '2026-03-23T09:45:00',
    }, seriesData, '2026-03-23'), undefined)
    assert.equal(validateOccurrenceChange({ startsAt: '2026-04-06T09:00:00+02:00' }, seriesData, '2026-04-06'), undefined)
    assert.equal(validateOccurrenceChange({ startsAt: '2026-03-28' }, allDay, '2026-03-28'), undefined)
    assert.equal(validateOccurrenceChange({}, seriesData, '2026-03-23'), undefined)
  })

  test('series fields and an end before the start are a 400 naming them', () => {
    assert.throws(() => validateOccurrenceChange({ recurrenceCount: 3, timeZone: 'UTC', subject: ' ' }, seriesData, '2026-03-23'),
      (error: unknown) => error instanceof ValidationFailed
        && assert.deepEqual(Object.keys(error.problems).sort(), ['recurrenceCount', 'subject', 'timeZone']) === undefined)
    assert.throws(() => validateOccurrenceChange({ startsAt: '2026-03-23T12:00:00', endsAt: '2026-03-23T11:00:00' }, seriesData, '2026-03-23'),
      (error: unknown) => error instanceof ValidationFailed && Object.keys(error.problems).join() === 'endsAt')
  })
})
