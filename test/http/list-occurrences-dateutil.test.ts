/**
 * End to end against python-dateutil: random create bodies go through HTTP as integrators
 * send them (enum names or ordinals, defaults left out), the listing comes back through
 * HTTP, and test/domain/recurrence/rrule-oracle.py expands the same series from what this test alone
 * reads into the body (its own defaults: the start's weekday, day and month).
 */
import assert from 'node:assert/strict'
import { spawnSync } from 'node:child_process'
import { test } from 'node:test'
import { fileURLToPath } from 'node:url'
import fc from 'fast-check'
import { Temporal } from 'temporal-polyfill'
import type { AppointmentData } from '../../src/domain/appointment.ts'
import { DAYS_OF_WEEK, RECURRENCE_PATTERNS, type DayOfWeek } from '../../src/domain/appointment-schema.ts'
import { DATEUTIL, PYTHON, skipWithout } from '../helpers/outside-tools.ts'
import { APPOINTMENT_PATH, postJson, send } from '../helpers/requests.ts'
import { startServer } from '../helpers/server.ts'

const ORACLE = fileURLToPath(new URL('../domain/recurrence/rrule-oracle.py', import.meta.url))
const MONDAY_FIRST: readonly DayOfWeek[] = [...DAYS_OF_WEEK.slice(1), 'Sunday']
const WINDOW_DAYS = 360

interface Case {
  readonly body: Record<string, unknown>
  readonly expected: AppointmentData
  readonly fromMs: number
  readonly toMs: number
}

const caseArbitrary: fc.Arbitrary<Case> = fc.record({
  zone: fc.constantFrom('America/New_York', 'Australia/Lord_Howe', 'Europe/Stockholm'),
  date: fc.integer({ min: 0, max: 3 * 365 }).map((days) => Temporal.PlainDate.from('2025-01-01').add({ days })),
  time: fc.constantFrom('00:00', '01:30', '02:00', '02:30', '09:00', '23:30'),
  allDay: fc.boolean(),
  pattern: fc.integer({ min: 0, max: 3 }),
  patternAsOrdinal: fc.boolean(),
  interval: fc.constantFrom(0, 1, 2, 3),
  weekdays: fc.subarray([0, 1, 2, 3, 4, 5, 6]),
  day: fc.constantFrom(0, 1, 15, 28, 29, 30, 31),
  month: fc.integer({ min: 0, max: 12 }),
  limit: fc.oneof(fc.constant(null), fc.integer({ min: 1, max: 30 }), fc.integer({ min: 0, max: 700 }).map((days) => ({ days }))),
  windowShiftDays: fc.integer({ min: -20, max: 200 }),
}).map((shape) => {
  const pattern = RECURRENCE_PATTERNS[shape.pattern]!
  const start = shape.date.toPlainDateTime(Temporal.PlainTime.from(shape.time))
  const month = pattern === 'Yearly' ? shape.month || start.month : null
  const daysInMonth = month ? Temporal.PlainDate.from({ year: 2024, month, day: 1 }).daysInMonth : 31
  const day = pattern === 'Monthly' || pattern === 'Yearly' ? Math.min(shape.day || start.day, daysInMonth) : null
  const weekdays = shape.weekdays.map((ordinal) => DAYS_OF_WEEK[ordinal]!)
  const end = shape.allDay ? start : start.add({ minutes: 45 })
  const body: Record<string, unknown> = {
    subject: 'Property', timeZone: shape.zone, allDayEvent: shape.allDay, recurrence: true,
    startsAt: shape.allDay ? start.toPlainDate().toString() : start.toString(),
    endsAt: shape.allDay ? end.toPlainDate().toString() : end.toString(),
    recurrencePattern: shape.patternAsOrdinal ? shape.pattern : pattern.toLowerCase(),
    recurrenceInterval: shape.interval,
    ...(pattern === 'Weekly' && { recurrenceDayOfWeeks: shape.weekdays }),
    ...(day !== null && (shape.day || day !== start.day) && { recurrenceDay: day }),
    ...(pattern === 'Yearly' && shape.month > 0 && { recurrenceMonth: shape.month }),
    ...(typeof shape.limit === 'number' && { recurrenceCount: shape.limit }),
    ...(shape.limit !== null && typeof shape.limit === 'object'
      && { recurrenceEndsAt: shape.date.add(shape.limit).toString() }),
  }
  const expected: AppointmentData = {
    subject: 'Property', location: null, note: null, timeZone: shape.zone, allDayEvent: shape.allDay,
    startsAt: (shape.allDay ? start.toPlainDate().toPlainDateTime() : start).toString(),
    endsAt: (shape.allDay ? end.toPlainDate().toPlainDateTime() : end).toString(),
    recurrence: {
      pattern,
      interval: shape.interval || 1,
      daysOfWeek: pattern !== 'Weekly' ? []
        : weekdays.length > 0 ? MONDAY_FIRST.filter((name) => weekdays.includes(name))
        : [DAYS_OF_WEEK[start.dayOfWeek % 7]!],
      month,
      day,
      endsOn: typeof shape.limit === 'object' && shape.limit !== null ? shape.date.add(shape.limit).toString() : null,
      count: typeof shape.limit === 'number' ? shape.limit : null,
    },
  }
  const from = start.toZonedDateTime(shape.zone).add({ days: shape.windowShiftDays }).toInstant()
  return { body, expected, fromMs: from.epochMilliseconds, toMs: from.add({ hours: WINDOW_DAYS * 24 }).epochMilliseconds }
})

type Span = [number, number]

function expandWithDateutil(cases: readonly Case[]): Span[][] {
  const input = cases.map(({ expected, fromMs, toMs }) => ({ appointment: expected, fromMs, toMs }))
  const child = spawnSync(PYTHON, [ORACLE], { input: JSON.stringify(input), encoding: 'utf8', maxBuffer: 1 << 26 })
  assert.equal(child.status, 0, child.stderr)
  return (JSON.parse(child.stdout) as { window: Span[] }[]).map((result) => result.window)
}

function epochMs(text: string): number {
  return Temporal.Instant.from(text).epochMilliseconds
}

test('series created and listed over HTTP agree with python-dateutil', async (t) => {
  if (skipWithout(t, DATEUTIL)) return
  const server = await startServer(t)
  const seed = Number(process.env.FC_SEED ?? Date.now() % 2 ** 31)
  const cases = fc.sample(caseArbitrary, { numRuns: 40, seed })
  const expected = expandWithDateutil(cases)
  for (const [index, testCase] of cases.entries()) {
    const created = await postJson(server, testCase.body)
    assert.equal(created.status, 200, `${created.text} for ${JSON.stringify(testCase.body)} (FC_SEED=${seed})`)
    const from = new Date(testCase.fromMs).toISOString()
    const to = new Date(testCase.toMs).toISOString()
    const listed = await send(server, `${APPOINTMENT_PATH}?from=${from}&to=${to}`, { method: 'GET' })
    assert.equal(listed.status, 200, listed.text)
    const spans = (listed.json as { appointmentId: string; startsAt: string; endsAt: string }[])
      .filter((item) => item.appointmentId === created.json)
      .map((item): Span => [epochMs(item.startsAt), epochMs(item.endsAt)])
    assert.deepEqual(spans, expected[index],
      `${JSON.stringify(testCase.body)} from ${from} to ${to} (FC_SEED=${seed})`)
  }
})
