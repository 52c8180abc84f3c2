import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { spawnSync } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import fc from 'fast-check'
import { Temporal } from 'temporal-polyfill'
import type { AppointmentData, Recurrence } from '../../../src/domain/appointment.ts'
import { DAYS_OF_WEEK, type DayOfWeek } from '../../../src/domain/appointment-schema.ts'
import {
  appointmentSpan, expandOccurrences, firstOccurrence, recurrencePeriodDays, type Occurrence,
} from '../../../src/domain/recurrence/recurrence.ts'
import { epochMsOfWallTime } from '../../../src/domain/time/time-zone.ts'
import { DATEUTIL, PYTHON, skipWithout } from '../../helpers/outside-tools.ts'

const RECURRENCE_MODULE = new URL('../../../src/domain/recurrence/recurrence.ts', import.meta.url).href
const ORACLE = fileURLToPath(new URL('./rrule-oracle.py', import.meta.url))
const DAY_MS = 86_400_000

function appointment(fields: Partial<AppointmentData> & Pick<AppointmentData, 'startsAt' | 'endsAt'>): AppointmentData {
  return {
    subject: 'Visning', location: null, note: null, timeZone: 'Europe/Stockholm', allDayEvent: false,
    recurrence: null, ...fields,
  }
}

function recurrence(fields: Partial<Recurrence> & Pick<Recurrence, 'pattern'>): Recurrence {
  return { interval: 1, daysOfWeek: [], month: null, day: null, endsOn: null, count: null, ...fields }
}

function show(occurrence: Occurrence): string {
  const format = (time: Temporal.ZonedDateTime) => time.toString({ timeZoneName: 'never' })
  return `${format(occurrence.start)} – ${format(occurrence.end)}`
}

function expand(data: AppointmentData, from: string, to: string): string[] {
  return [...expandOccurrences(data, Temporal.Instant.from(from), Temporal.Instant.from(to))].map(show)
}

function startDates(data: AppointmentData, from: string, to: string): string[] {
  return [...expandOccurrences(data, Temporal.Instant.from(from), Temporal.Instant.from(to))]
    .map((occurrence) => occurrence.start.toPlainDate().toString())
}

describe('wall clock and daylight saving', () => {
  it('moves a start inside the spring gap forward for that day only', () => {
    const daily = appointment({
      startsAt: '2026-03-29T02:30', endsAt: '2026-03-29T04:00', recurrence: recurrence({ pattern: 'Daily' }),
    })
    assert.deepEqual(expand(daily, '2026-03-28T00:00Z', '2026-03-31T00:00Z'), [
      '2026-03-29T03:30:00+02:00 – 2026-03-29T04:00:00+02:00',
      '2026-03-30T02:30:00+02:00 – 2026-03-30T03:00:00+02:00',
    ])
    assert.equal(show(firstOccurrence(daily)!), '2026-03-29T03:30:00+02:00 – 2026-03-29T04:00:00+02:00')
  })

  it('takes the earlier instant of an ambiguous autumn time', () => {
    const daily = appointment({
      startsAt: '2026-10-24T02:30', endsAt: '2026-10-24T03:00', recurrence: recurrence({ pattern: 'Daily', count: 3 }),
    })
    assert.deepEqual(expand(daily, '2026-10-01T00:00Z', '2026-11-01T00:00Z'), [
      '2026-10-24T02:30:00+02:00 – 2026-10-24T03:00:00+02:00',
      '2026-10-25T02:30:00+02:00 – 2026-10-25T02:00:00+01:00',
      '2026-10-26T02:30:00+01:00 – 2026-10-26T03:00:00+01:00',
    ])
  })

  it('lasts the exact elapsed time, so 01:30–03:30 ends at 04:30 across the spring change', () => {
    const daily = appointment({
      startsAt: '2026-03-28T01:30', endsAt: '2026-03-28T03:30', recurrence: recurrence({ pattern: 'Daily' }),
    })
    assert.deepEqual(expand(daily, '2026-03-28T00:00Z', '2026-03-30T12:00Z'), [
      '2026-03-28T01:30:00+01:00 – 2026-03-28T03:30:00+01:00',
      '2026-03-29T01:30:00+01:00 – 2026-03-29T04:30:00+02:00',
      '2026-03-30T01:30:00+02:00 – 2026-03-30T03:30:00+02:00',
    ])
  })

  it('lasts zero when the gap pushes the start past a wall-clock end', () => {
    const once = appointment({ startsAt: '2026-03-29T02:30', endsAt: '2026-03-29T03:15' })
    assert.equal(show(firstOccurrence(once)!), '2026-03-29T03:30:00+02:00 – 2026-03-29T03:30:00+02:00')
  })

  it('runs all-day occurrences from local midnight to midnight, 23, 24 or 25 hours a day', () => {
    const weekend = appointment({
      startsAt: '2026-03-21T00:00', endsAt: '2026-03-22T00:00', allDayEvent: true,
      recurrence: recurrence({ pattern: 'Weekly', daysOfWeek: ['Saturday'] }),
    })
    const hours = (from: string, to: string) =>
      [...expandOccurrences(weekend, Temporal.Instant.from(from), Temporal.Instant.from(to))]
        .map((occurrence) => occurrence.start.until(occurrence.end).total('hours'))
    assert.deepEqual(hours('2026-03-20T00:00Z', '2026-04-01T00:00Z'), [48, 47])
    assert.deepEqual(hours('2026-10-20T00:00Z', '2026-10-27T00:00Z'), [49])
    assert.deepEqual(expand(weekend, '2026-03-27T00:00Z', '2026-03-30T00:00Z'), [
      '2026-03-28T00:00:00+01:00 – 2026-03-30T00:00:00+02:00',
    ])
  })

  it('follows Apia over the day it skipped, 2011-12-30', () => {
    const daily = appointment({
      timeZone: 'Pacific/Apia', startsAt: '2011-12-29T09:00', endsAt: '2011-12-29T10:00',
      recurrence: recurrence({ pattern: 'Daily', count: 3 }),
    })
    assert.deepEqual(expand(daily, '2011-12-01T00:00Z', '2012-01-31T00:00Z'), [
      '2011-12-29T09:00:00-10:00 – 2011-12-29T10:00:00-10:00',
      '2011-12-31T09:00:00+14:00 – 2011-12-31T10:00:00+14:00',
      '2011-12-31T09:00:00+14:00 – 2011-12-31T10:00:00+14:00',
    ])
    assert.equal(expand(daily, '2011-12-31T09:30+14:00', '2011-12-31T09:45+14:00').length, 2)
    const allDay = appointment({
      timeZone: 'Pacific/Apia', startsAt: '2011-12-29T00:00', endsAt: '2011-12-29T00:00', allDayEvent: true,
      recurrence: recurrence({ pattern: 'Daily' }),
    })
    assert.deepEqual(expand(allDay, '2011-12-31T00:00+14:00', '2011-12-31T12:00+14:00'), [
      '2011-12-31T00:00:00+14:00 – 2011-12-31T00:00:00+14:00',
      '2011-12-31T00:00:00+14:00 – 2012-01-01T00:00:00+14:00',
    ])
  })

  it('keeps all seven fraction digits of the wall time', () => {
    const once = appointment({ startsAt: '2025-11-08T15:50:00.3131398', endsAt: '2025-11-08T16:50:00.3131398' })
    assert.equal(show(firstOccurrence(once)!), '2025-11-08T15:50:00.3131398+01:00 – 2025-11-08T16:50:00.3131398+01:00')
  })
})

describe('patterns', () => {
  it('moves a monthly 31st to the last day of shorter months', () => {
    const monthly = appointment({
      startsAt: '2026-01-31T09:00', endsAt: '2026-01-31T10:00', recurrence: recurrence({ pattern: 'Monthly', day: 31 }),
    })
    assert.deepEqual(startDates(monthly, '2026-01-01T00:00Z', '2026-05-01T00:00Z'), [
      '2026-01-31', '2026-02-28', '2026-03-31', '2026-04-30',
    ])
    assert.deepEqual(startDates(monthly, '2028-02-01T00:00Z', '2028-03-01T00:00Z'), ['2028-02-29'])
  })

  it('moves a yearly 29 February to the 28th in common years', () => {
    const yearly = appointment({
      startsAt: '2024-02-29T09:00', endsAt: '2024-02-29T10:00',
      recurrence: recurrence({ pattern: 'Yearly', month: 2, day: 29 }),
    })
    assert.deepEqual(startDates(yearly, '2025-01-01T00:00Z', '2029-01-01T00:00Z'), [
      '2025-02-28', '2026-02-28', '2027-02-28', '2028-02-29',
    ])
  })

  it('counts weeks from the Monday of the start, taking only days on or after the start', () => {
    const fortnightly = appointment({
      startsAt: '2026-01-07T09:00', endsAt: '2026-01-07T10:00',
      recurrence: recurrence({ pattern: 'Weekly', interval: 2, daysOfWeek: ['Monday', 'Friday'] }),
    })
    assert.deepEqual(startDates(fortnightly, '2026-01-01T00:00Z', '2026-02-07T00:00Z'), [
      '2026-01-09', '2026-01-19', '2026-01-23', '2026-02-02', '2026-02-06',
    ])
    assert.equal(firstOccurrence(fortnightly)!.start.toPlainDate().toString(), '2026-01-09')
  })

  it('skips a monthly day already past in the start month', () => {
    const quarterly = appointment({
      startsAt: '2026-01-10T09:00', endsAt: '2026-01-10T10:00',
      recurrence: recurrence({ pattern: 'Monthly', interval: 3, day: 5, count: 2 }),
    })
    assert.deepEqual(startDates(quarterly, '2025-01-01T00:00Z', '2028-01-01T00:00Z'), ['2026-04-05', '2026-07-05'])
  })
})

describe('series ends', () => {
  const daily = (fields: Partial<Recurrence>) => appointment({
    startsAt: '2026-05-01T09:00', endsAt: '2026-05-01T10:00', recurrence: recurrence({ pattern: 'Daily', ...fields }),
  })

  it('counts real occurrences', () => {
    const weekly = appointment({
      startsAt: '2026-01-07T09:00', endsAt: '2026-01-07T10:00',
      recurrence: recurrence({ pattern: 'Weekly', daysOfWeek: ['Monday'], count: 2 }),
    })
    assert.deepEqual(startDates(weekly, '2026-01-01T00:00Z', '2027-01-01T00:00Z'), ['2026-01-12', '2026-01-19'])
    assert.deepEqual(startDates(daily({ count: 3 }), '2026-01-01T00:00Z', '2027-01-01T00:00Z'), [
      '2026-05-01', '2026-05-02', '2026-05-03',
    ])
  })

  it('includes occurrences starting on the end date', () => {
    assert.deepEqual(startDates(daily({ endsOn: '2026-05-03' }), '2026-01-01T00:00Z', '2027-01-01T00:00Z'), [
      '2026-05-01', '2026-05-02', '2026-05-03',
    ])
    assert.equal(appointmentSpan(daily({ endsOn: '2026-05-03' })).lastEndMs, Date.parse('2026-05-03T10:00+02:00'))
  })

  it('has no occurrence when the end date comes before the first match', () => {
    const weekly = appointment({
      startsAt: '2026-01-07T09:00', endsAt: '2026-01-07T10:00',
      recurrence: recurrence({ pattern: 'Weekly', daysOfWeek: ['Monday'], endsOn: '2026-01-11' }),
    })
    assert.equal(firstOccurrence(weekly), undefined)
    assert.deepEqual(startDates(weekly, '2026-01-01T00:00Z', '2027-01-01T00:00Z'), [])
    const startMs = Date.parse('2026-01-07T09:00+01:00')
    assert.deepEqual(appointmentSpan(weekly), { firstStartMs: startMs, lastEndMs: startMs })
  })

  it('spans the first start to the last end, or never ends', () => {
    const once = appointment({ startsAt: '2026-05-01T09:00', endsAt: '2026-05-01T10:30' })
    assert.deepEqual(appointmentSpan(once), {
      firstStartMs: Date.parse('2026-05-01T09:00+02:00'), lastEndMs: Date.parse('2026-05-01T10:30+02:00'),
    })
    assert.deepEqual(appointmentSpan(daily({})), {
      firstStartMs: Date.parse('2026-05-01T09:00+02:00'), lastEndMs: null,
    })
    const endless = appointment({
      startsAt: '2026-05-01T09:00', endsAt: '2026-05-01T10:00',
      recurrence: recurrence({ pattern: 'Monthly', interval: 999, day: 1, count: 10_000 }),
    })
    assert.equal(appointmentSpan(endless).lastEndMs, null, 'past the last day Temporal can represent')
  })
})

describe('windows', () => {
  const once = (startsAt: string, endsAt: string) => appointment({ timeZone: 'UTC', startsAt, endsAt })

  it('takes occurrences overlapping [from, to), and zero-length ones starting in it', () => {
    const hour = once('2026-05-01T09:00', '2026-05-01T10:00')
    assert.equal(expand(hour, '2026-05-01T10:00Z', '2026-05-01T11:00Z').length, 0)
    assert.equal(expand(hour, '2026-05-01T08:00Z', '2026-05-01T09:00Z').length, 0)
    assert.equal(expand(hour, '2026-05-01T09:59Z', '2026-05-01T09:59Z').length, 1, 'start < to and end > from')
    assert.equal(expand(hour, '2026-05-01T09:59Z', '2026-05-01T11:00Z').length, 1)
    const instant = once('2026-05-01T09:00', '2026-05-01T09:00')
    assert.equal(expand(instant, '2026-05-01T09:00Z', '2026-05-01T10:00Z').length, 1)
    assert.equal(expand(instant, '2026-05-01T08:00Z', '2026-05-01T09:00Z').length, 0)
  })

  it('starts at the window, not at a series start decades earlier', { timeout: 5_000 }, () => {
    const since1990 = appointment({
      startsAt: '1990-01-01T09:00', endsAt: '1990-01-01T10:00', recurrence: recurrence({ pattern: 'Daily' }),
    })
    const march = startDates(since1990, '2026-03-01T00:00Z', '2026-04-01T00:00Z')
    assert.equal(march.length, 31)
    assert.equal(march[0], '2026-03-01')
    assert.equal(march[30], '2026-03-31')
    const sinceYearOne = appointment({
      timeZone: 'UTC', startsAt: '0001-01-01T09:00', endsAt: '0001-01-01T10:00',
      recurrence: recurrence({ pattern: 'Weekly', daysOfWeek: ['Monday', 'Thursday'] }),
    })
    assert.deepEqual(startDates(sinceYearOne, '9999-12-20T00:00Z', '9999-12-31T00:00Z'), [
      '9999-12-20', '9999-12-23', '9999-12-27', '9999-12-30',
    ])
  })

  it('knows the ordinal far into a counted series', { timeout: 5_000 }, () => {
    const counted = (count: number) => appointment({
      startsAt: '1990-01-01T09:00', endsAt: '1990-01-01T10:00', recurrence: recurrence({ pattern: 'Daily', count }),
    })
    assert.deepEqual(startDates(counted(10), '2026-01-01T00:00Z', '2027-01-01T00:00Z'), [])
    const last = Temporal.PlainDate.from('1990-01-01').add({ days: 9_999 }).toString()
    assert.deepEqual(startDates(counted(10_000), '2017-05-01T00:00Z', '2017-06-01T00:00Z').at(-1), last)
  })
})

describe('recurrencePeriodDays', () => {
  const weekly = (daysOfWeek: DayOfWeek[], interval = 1) => recurrence({ pattern: 'Weekly', daysOfWeek, interval })

  it('is the shortest gap between consecutive starts', () => {
    assert.equal(recurrencePeriodDays(recurrence({ pattern: 'Daily', interval: 3 })), 3)
    assert.equal(recurrencePeriodDays(weekly(['Monday', 'Tuesday'])), 1)
    assert.equal(recurrencePeriodDays(weekly(['Monday'], 2)), 14)
    assert.equal(recurrencePeriodDays(weekly(['Monday', 'Friday'])), 3, 'Friday to next Monday')
    assert.equal(recurrencePeriodDays(weekly(['Monday', 'Friday'], 2)), 4)
    assert.equal(recurrencePeriodDays(recurrence({ pattern: 'Monthly', interval: 2, day: 31 })), 56)
    assert.equal(recurrencePeriodDays(recurrence({ pattern: 'Yearly', month: 2, day: 29 })), 365)
  })
})

describe('independence from the process time zone', () => {
  const samples: AppointmentData[] = [
    appointment({
      startsAt: '2026-03-29T02:30', endsAt: '2026-03-29T04:00', recurrence: recurrence({ pattern: 'Daily' }),
    }),
    appointment({
      timeZone: 'America/New_York', startsAt: '2026-10-30T00:00', endsAt: '2026-11-01T00:00', allDayEvent: true,
      recurrence: recurrence({ pattern: 'Weekly', daysOfWeek: ['Friday'], count: 5 }),
    }),
    appointment({
      timeZone: 'Australia/Lord_Howe', startsAt: '2026-01-31T02:15', endsAt: '2026-01-31T03:00',
      recurrence: recurrence({ pattern: 'Monthly', day: 31, endsOn: '2027-01-01' }),
    }),
  ]
  const from = '2026-01-01T00:00Z'
  const to = '2027-01-01T00:00Z'
  const script = `
    import { Temporal } from 'temporal-polyfill'
    import { appointmentSpan, expandOccurrences } from '${RECURRENCE_MODULE}'
    const samples = ${JSON.stringify(samples)}
    console.log(JSON.stringify(samples.map((sample) => [
      [...expandOccurrences(sample, Temporal.Instant.from('${from}'), Temporal.Instant.from('${to}'))]
        .map((occurrence) => occurrence.start.toString() + ' ' + occurrence.end.toString()),
      appointmentSpan(sample),
    ])))
  `
  const here = samples.map((sample) => [
    [...expandOccurrences(sample, Temporal.Instant.from(from), Temporal.Instant.from(to))]
      .map((occurrence) => `${occurrence.start.toString()} ${occurrence.end.toString()}`),
    appointmentSpan(sample),
  ])

  for (const zone of ['America/New_York', 'Asia/Kolkata', 'Pacific/Kiritimati']) {
    it(`gives the same result with TZ=${zone}`, () => {
      const child = spawnSync(process.execPath, ['--input-type=module', '-e', script], {
        env: { ...process.env, TZ: zone }, encoding: 'utf8', cwd: fileURLToPath(new URL('../../..', import.meta.url)),
      })
      assert.equal(child.status, 0, child.stderr)
      assert.deepEqual(JSON.parse(child.stdout), here)
    })
  }
})

// --- Properties against python-dateutil ---------------------------------------------------

interface OracleCase {
  readonly appointment: AppointmentData
  readonly fromMs: number
  readonly toMs: number
}
type Span = [number, number]
interface OracleResult {
  readonly window: Span[]
  readonly first: Span | null
  readonly last: Span | null | 'never'
}

const oracleResults = new Map<string, OracleResult>()

/** One python process for the whole batch: spawning one per case would take most of the run. */
function runOracle(cases: readonly OracleCase[]): void {
  const child = spawnSync(PYTHON, [ORACLE], { input: JSON.stringify(cases), encoding: 'utf8', maxBuffer: 1 << 28 })
  assert.equal(child.status, 0, child.stderr)
  const results = JSON.parse(child.stdout) as OracleResult[]
  cases.forEach((testCase, index) => oracleResults.set(JSON.stringify(testCase), results[index]!))
}

/** Batched for the cases fast-check generates; shrinking asks for the rest one by one. */
function oracle(testCase: OracleCase): OracleResult {
  if (!oracleResults.has(JSON.stringify(testCase))) runOracle([testCase])
  return oracleResults.get(JSON.stringify(testCase))!
}

function spanOf(occurrence: Occurrence): Span {
  return [occurrence.start.epochMilliseconds, occurrence.end.epochMilliseconds]
}

function assertAgreesWithOracle({ appointment: data, fromMs, toMs }: OracleCase, expected: OracleResult): void {
  const from = Temporal.Instant.fromEpochMilliseconds(fromMs)
  const to = Temporal.Instant.fromEpochMilliseconds(toMs)
  assert.deepEqual([...expandOccurrences(data, from, to)].map(spanOf), expected.window, 'window')
  const first = firstOccurrence(data)
  assert.deepEqual(first && spanOf(first), expected.first ?? undefined, 'first occurrence')
  const startMs = epochMsOfWallTime(data.startsAt, data.timeZone)
  assert.deepEqual(appointmentSpan(data), {
    firstStartMs: expected.first?.[0] ?? startMs,
    lastEndMs: expected.last === 'never' ? null : (expected.last?.[1] ?? startMs),
  }, 'span')
}

/** A first run with the same seed only collects the cases, so the oracle sees them in one batch. */
function assertAgreesWithDateutil(cases: fc.Arbitrary<OracleCase>): void {
  const parameters = { numRuns: 300, seed: Number(process.env.FC_SEED ?? Date.now() % 2 ** 31) }
  const generated: OracleCase[] = []
  fc.check(fc.property(cases, (testCase) => { generated.push(testCase) }), parameters)
  runOracle(generated)
  fc.assert(fc.property(cases, (testCase) => assertAgreesWithOracle(testCase, oracle(testCase))), parameters)
}

const ZONES = ['Europe/Stockholm', 'America/New_York', 'Australia/Lord_Howe', 'Pacific/Apia'] as const
const MONDAY_FIRST: readonly DayOfWeek[] = [...DAYS_OF_WEEK.slice(1), 'Sunday']
const YEAR_MS = 365 * DAY_MS

type Pattern = Recurrence['pattern']
type SeriesShape = Omit<Recurrence, 'endsOn' | 'count'>

function msBetween(min: number, max: number): fc.Arbitrary<number> {
  return fc.bigInt({ min: BigInt(Math.round(min)), max: BigInt(Math.round(max)) }).map(Number)
}

function datesBetween(first: string, last: string): fc.Arbitrary<Temporal.PlainDate> {
  const start = Temporal.PlainDate.from(first)
  const days = start.until(Temporal.PlainDate.from(last)).days
  return fc.integer({ min: 0, max: days }).map((offset) => start.add({ days: offset }))
}

const anyTime = fc.oneof(
  fc.constantFrom('00:00', '00:30', '01:30', '02:00', '02:30', '02:59:59.999', '03:00', '03:30', '04:00', '23:30'),
  fc.record({
    hour: fc.integer({ min: 0, max: 23 }), minute: fc.integer({ min: 0, max: 59 }),
    second: fc.integer({ min: 0, max: 59 }), millisecond: fc.integer({ min: 0, max: 999 }),
  }).map((time) => Temporal.PlainTime.from(time).toString()),
)

/** 00:00 to 05:00 by quarter hours: every change in the four zones happens then. */
const nightTime = fc.integer({ min: 0, max: 20 })
  .map((quarter) => Temporal.PlainTime.from({ hour: Math.floor(quarter / 4), minute: 15 * (quarter % 4) }).toString())

const smallInterval = fc.oneof(
  { weight: 4, arbitrary: fc.integer({ min: 1, max: 4 }) },
  { weight: 1, arbitrary: fc.integer({ min: 1, max: 30 }) },
)

const anyDay = fc.oneof(fc.integer({ min: 1, max: 31 }), fc.integer({ min: 28, max: 31 }))

function shapes(
  patterns: readonly Pattern[],
  day = anyDay,
  month = fc.integer({ min: 1, max: 12 }),
): fc.Arbitrary<SeriesShape> {
  return fc.record({
    pattern: fc.constantFrom(...patterns),
    interval: smallInterval,
    weekdays: fc.subarray([...MONDAY_FIRST], { minLength: 1 }),
    day,
    month,
  }).map(({ pattern, interval, weekdays, day, month }) => ({
    pattern,
    interval,
    daysOfWeek: pattern === 'Weekly' ? weekdays : [],
    month: pattern === 'Yearly' ? month : null,
    day: pattern === 'Monthly' || pattern === 'Yearly' ? day : null,
  }))
}

function limits(start: Temporal.PlainDate): fc.Arbitrary<Pick<Recurrence, 'endsOn' | 'count'>> {
  return fc.oneof(
    fc.integer({ min: 1, max: 200 }).map((count) => ({ count, endsOn: null })),
    fc.integer({ min: -10, max: 3000 }).map((days) => ({ count: null, endsOn: start.add({ days }).toString() })),
    fc.constant({ count: null, endsOn: null }),
  )
}

/** A series (sometimes a one-off) lasting up to its period, and a window up to `reachPeriods` into it. */
function oracleCases(
  dates: fc.Arbitrary<Temporal.PlainDate>,
  times: fc.Arbitrary<string>,
  series: fc.Arbitrary<SeriesShape>,
  reachPeriods = 150,
): fc.Arbitrary<OracleCase> {
  return fc.record({
    timeZone: fc.constantFrom(...ZONES), date: dates, time: times, allDayEvent: fc.boolean(), shape: series,
    recurring: fc.oneof({ weight: 9, arbitrary: fc.constant(true) }, { weight: 1, arbitrary: fc.constant(false) }),
  }).chain(({ timeZone, date, time, allDayEvent, shape, recurring }) => {
    const periodMs = recurrencePeriodDays({ ...shape, endsOn: null, count: null }) * DAY_MS
    const start = allDayEvent ? date.toPlainDateTime() : date.toPlainDateTime(time)
    const startMs = epochMsOfWallTime(start.toString(), timeZone)
    const end = allDayEvent
      ? fc.integer({ min: 0, max: Math.min(periodMs / DAY_MS, 14) - 1 }).map((days) => start.add({ days }))
      : fc.oneof(fc.constantFrom(0, 1_800_000, 3_600_000, 7_200_000, DAY_MS), msBetween(0, periodMs))
        .map((milliseconds) => start.add({ milliseconds }))
    const reach = Math.min(reachPeriods * periodMs, 200 * YEAR_MS)
    const from = fc.oneof(
      msBetween(-3 * periodMs, Math.min(reach, 12 * periodMs)),
      msBetween(-3 * periodMs, reach),
      fc.integer({ min: -3, max: Math.floor(reach / periodMs) }).map((periods) => periods * periodMs),
    ).map((offset) => startMs + offset)
    const length = fc.oneof(
      { weight: 1, arbitrary: fc.constant(0) },
      { weight: 2, arbitrary: msBetween(1, periodMs) },
      { weight: 4, arbitrary: msBetween(1, Math.min(10 * periodMs, 30 * YEAR_MS)) },
    )
    return fc.record({ end, limit: limits(date), from, length }).map(({ end, limit, from, length }) => ({
      appointment: appointment({
        timeZone, allDayEvent, startsAt: start.toString(), endsAt: end.toString(),
        recurrence: recurring ? { ...shape, ...limit } : null,
      }),
      fromMs: from,
      toMs: from + length,
    }))
  })
}

/** Local dates of every offset change from 1990 to 2040. */
function transitionDates(): Temporal.PlainDate[] {
  return ZONES.flatMap((timeZone) => {
    const dates: Temporal.PlainDate[] = []
    const newYear1990 = Temporal.ZonedDateTime.from({ year: 1990, month: 1, day: 1, timeZone })
    let transition = newYear1990.getTimeZoneTransition('next')
    while (transition && transition.year <= 2040) {
      dates.push(transition.toPlainDate())
      transition = transition.getTimeZoneTransition('next')
    }
    return dates
  })
}

describe('agreement with python-dateutil rrule', () => {
  it('oracle: fold=0 is Temporal\'s compatible; a start not matching is not counted', (t) => {
    if (skipWithout(t, DATEUTIL)) return
    const gap = appointment({ startsAt: '2026-03-29T02:30', endsAt: '2026-03-29T04:00' })
    const ambiguous = appointment({ startsAt: '2026-10-25T02:30', endsAt: '2026-10-25T02:30' })
    const weekly = appointment({
      startsAt: '2026-01-07T09:00', endsAt: '2026-01-07T09:00',
      recurrence: recurrence({ pattern: 'Weekly', daysOfWeek: ['Monday'], count: 2 }),
    })
    const whole = { fromMs: 0, toMs: Date.parse('2027-01-01T00:00Z') }
    const at = (time: string) => [Date.parse(time), Date.parse(time)]
    assert.deepEqual(oracle({ appointment: gap, ...whole }).first, [
      Date.parse('2026-03-29T03:30+02:00'), Date.parse('2026-03-29T04:00+02:00'),
    ])
    assert.deepEqual(oracle({ appointment: ambiguous, ...whole }).first, at('2026-10-25T02:30+02:00'))
    assert.deepEqual(oracle({ appointment: weekly, ...whole }).window, [
      at('2026-01-12T09:00+01:00'), at('2026-01-19T09:00+01:00'),
    ])
  })

  it('any series', (t) => {
    if (skipWithout(t, DATEUTIL)) return
    assertAgreesWithDateutil(oracleCases(
      datesBetween('1990-01-01', '2040-12-31'), anyTime, shapes(['Daily', 'Weekly', 'Monthly', 'Yearly']),
    ))
  })

  it('series starting around daylight-saving changes, at night', (t) => {
    if (skipWithout(t, DATEUTIL)) return
    const nearChanges = fc.tuple(fc.constantFrom(...transitionDates()), fc.integer({ min: -3, max: 3 }))
      .map(([date, days]) => date.add({ days }))
    const shortSteps = shapes(['Daily', 'Weekly']).map((shape) => ({ ...shape, interval: 1 + (shape.interval % 2) }))
    assertAgreesWithDateutil(oracleCases(nearChanges, nightTime, shortSteps, 10))
  })

  it('monthly and yearly series at month ends', (t) => {
    if (skipWithout(t, DATEUTIL)) return
    const monthEnds = fc.tuple(datesBetween('1990-01-01', '2040-12-31'), fc.integer({ min: 0, max: 3 }))
      .map(([date, back]) => date.with({ day: date.daysInMonth - back }))
    const leapDays = fc.integer({ min: 0, max: 12 })
      .map((leap) => Temporal.PlainDate.from({ year: 1992 + 4 * leap, month: 2, day: 29 }))
    assertAgreesWithDateutil(oracleCases(
      fc.oneof(monthEnds, leapDays),
      anyTime,
      shapes(['Monthly', 'Yearly'], fc.integer({ min: 27, max: 31 }), fc.constantFrom(1, 2, 2, 4, 12)),
    ))
  })
})
