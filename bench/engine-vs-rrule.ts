/**
 * @module The recurrence engine alone against rrule.js on the same expansions. Each case is a
 * series both engines mean the same way (UTC, since rrule.js works in UTC; WKST=MO; no
 * month-end clamp days; the start on a matching date), expanded over the same windows.
 * Results are compared occurrence by occurrence first (any difference throws), then each
 * engine repeats all expansions for a fixed time. An rrule.js rule is built once per case,
 * outside the timing, and without its cache; our engine takes the appointment every call.
 */
import { performance } from 'node:perf_hooks'
import rrulePackage from 'rrule'
import { Temporal } from 'temporal-polyfill'
import type { AppointmentData } from '../src/domain/appointment.ts'
import { expandOccurrences } from '../src/domain/recurrence/recurrence.ts'
import { type AppointmentBody, validateAppointment } from '../src/domain/validate-appointment.ts'

const { RRule } = rrulePackage

interface EngineCase {
  readonly name: string
  /** A create body; every case lasts one hour from 09:00. */
  readonly body: AppointmentBody
  readonly rrule: string
}

const CASES: readonly EngineCase[] = [
  {
    name: 'daily, never ending, from 2020',
    body: { startsAt: '2020-01-06T09:00:00', recurrencePattern: 'Daily' },
    rrule: 'DTSTART:20200106T090000Z\nRRULE:FREQ=DAILY;WKST=MO',
  },
  {
    name: 'every 3rd day, 1,000 times',
    body: { startsAt: '2024-02-01T09:00:00', recurrencePattern: 'Daily', recurrenceInterval: 3, recurrenceCount: 1000 },
    rrule: 'DTSTART:20240201T090000Z\nRRULE:FREQ=DAILY;INTERVAL=3;COUNT=1000;WKST=MO',
  },
  {
    name: 'every 2nd week on Mon, Wed, Fri',
    body: { startsAt: '2021-03-03T09:00:00', recurrencePattern: 'Weekly', recurrenceInterval: 2, recurrenceDayOfWeeks: ['Monday', 'Wednesday', 'Friday'] },
    rrule: 'DTSTART:20210303T090000Z\nRRULE:FREQ=WEEKLY;INTERVAL=2;BYDAY=MO,WE,FR;WKST=MO',
  },
  {
    name: 'monthly on the 15th, 200 times',
    body: { startsAt: '2019-01-15T09:00:00', recurrencePattern: 'Monthly', recurrenceDay: 15, recurrenceCount: 200 },
    rrule: 'DTSTART:20190115T090000Z\nRRULE:FREQ=MONTHLY;BYMONTHDAY=15;COUNT=200;WKST=MO',
  },
  {
    name: 'yearly on 10 June until 2040',
    body: { startsAt: '2010-06-10T09:00:00', recurrencePattern: 'Yearly', recurrenceMonth: 6, recurrenceDay: 10, recurrenceEndsAt: '2040-06-10' },
    rrule: 'DTSTART:20100610T090000Z\nRRULE:FREQ=YEARLY;BYMONTH=6;BYMONTHDAY=10;UNTIL=20400610T235959Z;WKST=MO',
  },
]

/** [from, to) at UTC midnight; no case has an occurrence starting within an hour of either end. */
const WINDOWS: readonly (readonly [string, string])[] = [
  ['2019-12-30', '2020-01-13'],
  ['2026-03-02', '2026-03-09'],
  ['2026-03-01', '2026-04-01'],
  ['2026-01-01', '2027-01-01'],
  ['2035-06-04', '2035-06-11'],
]

const WARM_UP_MS = 300
const MEASURE_MS = 1500

interface Expansion {
  readonly caseName: string
  readonly window: readonly [string, string]
  readonly data: AppointmentData
  readonly rule: InstanceType<typeof RRule>
  readonly fromInstant: Temporal.Instant
  readonly toInstant: Temporal.Instant
  readonly fromDate: Date
  readonly toDate: Date
}

export interface EngineSpeed {
  readonly expansionsPerSecond: number
  readonly p50Us: number
  readonly p99Us: number
}

export interface EngineComparison {
  readonly cases: readonly string[]
  readonly windows: readonly string[]
  readonly expansions: number
  readonly occurrences: number
  readonly ours: EngineSpeed
  readonly rrule: EngineSpeed
  /** Our expansions per second over rrule.js's. */
  readonly ratio: number
}

export function compareEngines(): EngineComparison {
  const expansions = CASES.flatMap((engineCase) => WINDOWS.map((window) => expansionOf(engineCase, window)))
  const occurrences = checkIdentical(expansions)
  const expandOurs = (expansion: Expansion) => {
    let count = 0
    for (const _ of expandOccurrences(expansion.data, expansion.fromInstant, expansion.toInstant)) count++
    return count
  }
  const expandRrule = (expansion: Expansion) => expansion.rule.between(expansion.fromDate, expansion.toDate, true).length
  const ours = timeEngine(expansions, expandOurs)
  const rrule = timeEngine(expansions, expandRrule)
  return {
    cases: CASES.map((engineCase) => `${engineCase.name}: ${engineCase.rrule.split('\n')[1]}`),
    windows: WINDOWS.map(([from, to]) => `${from} – ${to}`),
    expansions: expansions.length,
    occurrences,
    ours,
    rrule,
    ratio: ours.expansionsPerSecond / rrule.expansionsPerSecond,
  }
}

function expansionOf(engineCase: EngineCase, window: readonly [string, string]): Expansion {
  const [from, to] = window
  const startsAt = String(engineCase.body.startsAt)
  const data = validateAppointment({
    subject: engineCase.name, timeZone: 'UTC', recurrence: true, endsAt: startsAt.replace('T09:', 'T10:'), ...engineCase.body,
  }, 'UTC')
  return {
    caseName: engineCase.name,
    window,
    data,
    rule: new RRule(RRule.parseString(engineCase.rrule), true),
    fromInstant: Temporal.Instant.from(`${from}T00:00:00Z`),
    toInstant: Temporal.Instant.from(`${to}T00:00:00Z`),
    fromDate: new Date(`${from}T00:00:00Z`),
    toDate: new Date(`${to}T00:00:00Z`),
  }
}

/** Throws on the first expansion where the engines disagree; answers the occurrences both gave. */
function checkIdentical(expansions: readonly Expansion[]): number {
  let occurrences = 0
  for (const expansion of expansions) {
    const ours = [...expandOccurrences(expansion.data, expansion.fromInstant, expansion.toInstant)]
      .map((occurrence) => new Date(occurrence.start.epochMilliseconds).toISOString())
    const theirs = expansion.rule.between(expansion.fromDate, expansion.toDate, true).map((date) => date.toISOString())
    if (ours.join() !== theirs.join()) {
      throw new Error(`Engine and rrule.js differ for "${expansion.caseName}" in ${expansion.window.join(' – ')}:\n`
        + `ours (${ours.length}): ${ours.slice(0, 5).join(', ')}…\nrrule.js (${theirs.length}): ${theirs.slice(0, 5).join(', ')}…`)
    }
    occurrences += ours.length
  }
  return occurrences
}

function timeEngine(expansions: readonly Expansion[], expand: (expansion: Expansion) => number): EngineSpeed {
  const warmUpStarted = performance.now()
  while (performance.now() - warmUpStarted < WARM_UP_MS) expansions.forEach(expand)
  const samples: number[] = []
  const started = performance.now()
  while (performance.now() - started < MEASURE_MS) {
    for (const expansion of expansions) {
      const before = performance.now()
      expand(expansion)
      samples.push(performance.now() - before)
    }
  }
  const totalMs = samples.reduce((sum, sample) => sum + sample, 0)
  samples.sort((a, b) => a - b)
  return {
    expansionsPerSecond: samples.length / (totalMs / 1000),
    p50Us: percentile(samples, 0.5) * 1000,
    p99Us: percentile(samples, 0.99) * 1000,
  }
}

function percentile(sorted: readonly number[], fraction: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil(fraction * sorted.length) - 1)] ?? Number.NaN
}
