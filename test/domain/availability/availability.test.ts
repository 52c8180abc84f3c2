/**
 * The availability domain: validation naming each bad field, working periods across DST
 * changes, busy intervals by strongest status, and the slot finder (step grid, buffer,
 * required all and k, unknown users), compared where it pays with a minute-by-minute model.
 */
import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import fc from 'fast-check'
import { Temporal } from 'temporal-polyfill'
import type { Appointment, Recurrence } from '../../../src/domain/appointment.ts'
import { InvalidParameters } from '../../../src/domain/errors.ts'
import { computeAvailability } from '../../../src/domain/availability/availability.ts'
import { busyIntervals } from '../../../src/domain/availability/busy-intervals.ts'
import { validateAvailability, type AvailabilityBody } from '../../../src/domain/availability/validate-availability.ts'
import { workingPeriods } from '../../../src/domain/availability/working-periods.ts'

const STOCKHOLM = 'Europe/Stockholm'
const MINUTE_NS = 60_000_000_000n

function ns(text: string): bigint {
  return Temporal.Instant.from(text).epochNanoseconds
}

function iso(epochNs: bigint, timeZone = STOCKHOLM): string {
  return Temporal.Instant.fromEpochNanoseconds(epochNs).toZonedDateTimeISO(timeZone).toString({ timeZoneName: 'never' })
}

function appointment(
  id: string, startsAt: string, endsAt: string, extra: Partial<Appointment> = {},
): Appointment {
  return {
    id, customerId: 'C', userId: 'U', version: 1, createdAt: '', updatedAt: '', subject: id, location: null,
    note: null, timeZone: STOCKHOLM, allDayEvent: false, startsAt, endsAt, recurrence: null, ...extra,
  }
}

function problemsOf(body: AvailabilityBody): Record<string, string[]> {
  try {
    validateAvailability(body, STOCKHOLM)
  } catch (error) {
    assert.ok(error instanceof InvalidParameters)
    return error.problems
  }
  assert.fail('expected InvalidParameters')
}

const VALID = { userIds: ['A', 'B'], from: '2026-03-26', to: '2026-03-28' }

describe('validateAvailability', () => {
  test('a minimal body: defaults for zone, step, buffer and required', () => {
    const query = validateAvailability(VALID, STOCKHOLM)
    assert.equal(query.timeZone, STOCKHOLM)
    assert.equal(query.step, 15)
    assert.equal(query.buffer, 0)
    assert.equal(query.required, 'all')
    assert.equal(query.duration, undefined)
    assert.equal(query.fromNs, ns('2026-03-25T23:00:00Z'))
    assert.equal(query.toNs, ns('2026-03-27T23:00:00Z'))
  })

  test('from and to without offset are wall times in the body\'s zone', () => {
    const query = validateAvailability({ ...VALID, timeZone: 'America/New_York' }, STOCKHOLM)
    assert.equal(query.fromNs, ns('2026-03-26T04:00:00Z'))
  })

  const cases: readonly [string, AvailabilityBody, readonly string[]][] = [
    ['no users', { ...VALID, userIds: [] }, ['userIds']],
    ['users missing', { from: VALID.from, to: VALID.to }, ['userIds']],
    ['over 100 users', { ...VALID, userIds: Array.from({ length: 101 }, (_, index) => `U${index}`) }, ['userIds']],
    ['duplicates in any case', { ...VALID, userIds: ['A', 'B', 'a'] }, ['userIds[2]']],
    ['a user id not a string', { ...VALID, userIds: ['A', 7] }, ['userIds[1]']],
    ['to before from', { ...VALID, from: '2026-03-28', to: '2026-03-26' }, ['to']],
    ['a window over 62 days', { ...VALID, from: '2026-01-01', to: '2026-03-05' }, ['to']],
    ['from missing', { ...VALID, from: undefined }, ['from']],
    ['from not a date', { ...VALID, from: 'Thursday' }, ['from']],
    ['unknown zone', { ...VALID, timeZone: 'Europe/Atlantis' }, ['timeZone']],
    ['duration below 5', { ...VALID, duration: 4 }, ['duration']],
    ['duration above 1440', { ...VALID, duration: 1441 }, ['duration']],
    ['step not whole', { ...VALID, step: 7.5 }, ['step']],
    ['buffer above 240', { ...VALID, buffer: 241 }, ['buffer']],
    ['required above the users', { ...VALID, required: 3 }, ['required']],
    ['required zero', { ...VALID, required: 0 }, ['required']],
    ['required some word', { ...VALID, required: 'most' }, ['required']],
    ['unknown day', { ...VALID, workingHours: { days: ['Monday', 'Funday'], start: '08:00', end: '17:00' } },
      ['workingHours.days[1]']],
    ['no days', { ...VALID, workingHours: { days: [], start: '08:00', end: '17:00' } }, ['workingHours.days']],
    ['start not a time', { ...VALID, workingHours: { days: ['Monday'], start: '8', end: '17:00' } }, ['workingHours.start']],
    ['end 24:30', { ...VALID, workingHours: { days: ['Monday'], start: '08:00', end: '24:30' } }, ['workingHours.end']],
    ['start not before end', { ...VALID, workingHours: { days: ['Monday'], start: '17:00', end: '17:00' } },
      ['workingHours.end']],
    ['working hours not an object', { ...VALID, workingHours: 'office hours' }, ['workingHours']],
    ['several at once', { userIds: [], from: 'x', to: '2026-03-28', step: 2, buffer: -1 }, ['userIds', 'from', 'step', 'buffer']],
    ['an unknown zone and a reversed window', { ...VALID, timeZone: 'Nowhere', from: '2026-03-28', to: '2026-03-26' },
      ['timeZone', 'to']],
  ]
  for (const [name, body, fields] of cases) {
    test(`400: ${name}`, () => {
      const problems = problemsOf(body)
      assert.deepEqual(Object.keys(problems).sort(), [...fields].sort())
      for (const messages of Object.values(problems)) assert.ok(messages[0]!.length > 20)
    })
  }

  test('days by name in any case or by ordinal; end may be 24:00', () => {
    const query = validateAvailability({
      ...VALID, workingHours: { Days: ['monday', 0], START: '00:00', end: '24:00' },
    }, STOCKHOLM)
    assert.deepEqual([...query.workingHours!.isoWeekdays].sort(), [1, 7])
    assert.equal(query.workingHours!.endMinutes, 1440)
  })
})

describe('workingPeriods', () => {
  const everyDay = { isoWeekdays: new Set([1, 2, 3, 4, 5, 6, 7]), startMinutes: 150, endMinutes: 240 }

  test('a start in the spring-forward gap moves forward by the gap', () => {
    // Stockholm 2026-03-29: 02:00 → 03:00. 02:30–04:00 is 03:30–04:00 that day.
    const periods = workingPeriods(ns('2026-03-28T00:00:00+01:00'), ns('2026-03-31T00:00:00+02:00'), STOCKHOLM, everyDay)
    assert.deepEqual(periods.map((period) => [iso(period.startNs), iso(period.endNs)]), [
      ['2026-03-28T02:30:00+01:00', '2026-03-28T04:00:00+01:00'],
      ['2026-03-29T03:30:00+02:00', '2026-03-29T04:00:00+02:00'],
      ['2026-03-30T02:30:00+02:00', '2026-03-30T04:00:00+02:00'],
    ])
  })

  test('the repeated autumn hour takes the earlier instant; the day lasts an hour longer', () => {
    const hours = { isoWeekdays: new Set([7]), startMinutes: 150, endMinutes: 24 * 60 }
    const [period] = workingPeriods(ns('2026-10-25T00:00:00+02:00'), ns('2026-10-26T00:00:00+01:00'), STOCKHOLM, hours)
    assert.equal(iso(period!.startNs), '2026-10-25T02:30:00+02:00')
    assert.equal(period!.endNs - period!.startNs, (22n * 60n + 30n) * MINUTE_NS)
  })

  test('only working days, cut to the window, steps counted from the uncut start', () => {
    const weekdays = { isoWeekdays: new Set([1, 2, 3, 4, 5]), startMinutes: 8 * 60, endMinutes: 17 * 60 }
    const periods = workingPeriods(ns('2026-03-27T10:07:00+01:00'), ns('2026-03-30T12:00:00+02:00'), STOCKHOLM, weekdays)
    assert.deepEqual(periods.map((period) => [iso(period.startNs), iso(period.endNs), iso(period.stepOriginNs)]), [
      ['2026-03-27T10:07:00+01:00', '2026-03-27T17:00:00+01:00', '2026-03-27T08:00:00+01:00'],
      ['2026-03-30T08:00:00+02:00', '2026-03-30T12:00:00+02:00', '2026-03-30T08:00:00+02:00'],
    ])
  })
})

describe('busyIntervals', () => {
  test('strongest status wins where appointments overlap; Free is ignored; touching differ in status', () => {
    const appointments = [
      appointment('t', '2026-03-26T09:00', '2026-03-26T12:00', { showAs: 'Tentative' }),
      appointment('b', '2026-03-26T10:00', '2026-03-26T11:00'),
      appointment('o', '2026-03-26T10:30', '2026-03-26T10:45', { showAs: 'OutOfOffice' }),
      appointment('f', '2026-03-26T13:00', '2026-03-26T14:00', { showAs: 'Free' }),
      appointment('b2', '2026-03-26T12:00', '2026-03-26T12:30', { showAs: 'Tentative' }),
      appointment('zero', '2026-03-26T15:00', '2026-03-26T15:00'),
    ]
    const from = ns('2026-03-26T09:30+01:00')
    const intervals = busyIntervals(appointments, from, ns('2026-03-27T00:00+01:00'))
    assert.deepEqual(intervals.map((interval) => [iso(from + BigInt(interval.start)).slice(11, 16), iso(from + BigInt(interval.end)).slice(11, 16), interval.showAs]), [
      ['09:30', '10:00', 'Tentative'],
      ['10:00', '10:30', 'Busy'],
      ['10:30', '10:45', 'OutOfOffice'],
      ['10:45', '11:00', 'Busy'],
      ['11:00', '12:30', 'Tentative'],
    ])
  })

  test('a cancelled occurrence blocks nothing; a moved one blocks where it is now, with its own status', () => {
    const weekly: Recurrence = {
      pattern: 'Daily', interval: 1, daysOfWeek: [], month: null, day: null, endsOn: null, count: 3,
    }
    const series = appointment('s', '2026-03-26T09:00', '2026-03-26T10:00', {
      recurrence: weekly,
      exceptions: [
        { originalDate: '2026-03-27', cancelled: true },
        { originalDate: '2026-03-28', cancelled: false, startsAt: '2026-03-28T15:00', endsAt: '2026-03-28T16:00', showAs: 'OutOfOffice' },
      ],
    })
    const from = ns('2026-03-26T00:00+01:00')
    const intervals = busyIntervals([series], from, ns('2026-03-30T00:00+02:00'))
    assert.deepEqual(intervals.map((interval) => [iso(from + BigInt(interval.start)), interval.showAs]), [
      ['2026-03-26T09:00:00+01:00', 'Busy'],
      ['2026-03-28T15:00:00+01:00', 'OutOfOffice'],
    ])
  })

  test('an all-day appointment blocks its local days in its own zone', () => {
    const allDay = appointment('d', '2026-03-26T00:00', '2026-03-26T00:00', { allDayEvent: true, timeZone: 'America/New_York' })
    const from = ns('2026-03-25T00:00Z')
    const [interval] = busyIntervals([allDay], from, ns('2026-03-28T00:00Z'))
    assert.equal(from + BigInt(interval!.start), ns('2026-03-26T04:00:00Z'))
    assert.equal(from + BigInt(interval!.end), ns('2026-03-27T04:00:00Z'))
  })
})

describe('computeAvailability', () => {
  const from = '2026-03-26T08:00:00'
  const to = '2026-03-26T12:00:00'

  test('buffer, required all, unknown users neither counted nor offered', () => {
    const query = validateAvailability({ userIds: ['A', 'X', 'B'], from, to, duration: 60, step: 30, buffer: 15 }, STOCKHOLM)
    const answer = computeAvailability(query, [
      { userId: 'A', appointments: [appointment('a', '2026-03-26T09:00', '2026-03-26T09:30')] },
      { userId: 'X', error: "No user 'X' was found in customer 'C'." },
      { userId: 'B', appointments: [appointment('b', '2026-03-26T11:45', '2026-03-26T13:00')] },
    ])
    assert.deepEqual(answer.schedules.map((schedule) => [schedule.userId, schedule.busy.length, schedule.error]), [
      ['A', 1, undefined], ['X', 0, "No user 'X' was found in customer 'C'."], ['B', 1, undefined],
    ])
    // A free around [s, s+60) ± 15 needs s + 75 ≤ 09:00 or s − 15 ≥ 09:30; B needs s + 75 ≤ 11:45.
    assert.deepEqual(answer.slots!.map((slot) => [iso(slot.startNs).slice(11, 16), slot.userIds]), [
      ['10:00', ['A', 'B']], ['10:30', ['A', 'B']],
    ])
  })

  test('required k offers slots where at least k are free', () => {
    const query = validateAvailability({ userIds: ['A', 'B'], from, to, duration: 60, step: 60, required: 1 }, STOCKHOLM)
    const answer = computeAvailability(query, [
      { userId: 'A', appointments: [appointment('a', '2026-03-26T08:00', '2026-03-26T10:00')] },
      { userId: 'B', appointments: [appointment('b', '2026-03-26T09:00', '2026-03-26T11:00', { showAs: 'Tentative' })] },
    ])
    assert.deepEqual(answer.slots!.map((slot) => [iso(slot.startNs).slice(11, 16), slot.userIds]), [
      ['08:00', ['B']], ['10:00', ['A']], ['11:00', ['A', 'B']],
    ])
  })

  test('no known user: no slots; no duration: no slots key', () => {
    const withDuration = validateAvailability({ userIds: ['X'], from, to, duration: 60 }, STOCKHOLM)
    assert.deepEqual(computeAvailability(withDuration, [{ userId: 'X', error: 'No user' }]).slots, [])
    const without = validateAvailability({ userIds: ['A'], from, to }, STOCKHOLM)
    assert.equal('slots' in computeAvailability(without, [{ userId: 'A', appointments: [] }]), false)
  })

  test('random calendars against a minute-by-minute model', () => {
    const slot = fc.record({ startMinute: fc.integer({ min: -120, max: 600 }), length: fc.integer({ min: 0, max: 180 }),
      showAs: fc.constantFrom('Free', 'Tentative', 'Busy', 'OutOfOffice') })
    fc.assert(fc.property(
      fc.array(fc.array(slot, { maxLength: 6 }), { minLength: 1, maxLength: 4 }),
      fc.integer({ min: 1, max: 12 }).map((steps) => steps * 5), fc.integer({ min: 1, max: 6 }).map((steps) => steps * 10),
      fc.integer({ min: 0, max: 4 }).map((steps) => steps * 5), fc.option(fc.integer({ min: 1, max: 4 }), { nil: undefined }),
      (calendars, step, duration, buffer, k) => {
        const required = k === undefined || k > calendars.length ? 'all' : k
        const base = Temporal.PlainDateTime.from('2026-03-26T08:00')
        const userIds = calendars.map((_calendar, index) => `U${index}`)
        const query = validateAvailability({ userIds, from, to, duration, step, buffer, required }, STOCKHOLM)
        const appointments = calendars.map((items, user) => items.map((item, index) => appointment(`${user}-${index}`,
          base.add({ minutes: item.startMinute }).toString(), base.add({ minutes: item.startMinute + item.length }).toString(),
          { showAs: item.showAs })))
        const answer = computeAvailability(query, userIds.map((userId, index) => ({ userId, appointments: appointments[index]! })))
        const blocked = calendars.map((items) => (minute: number) => items.some((item) =>
          item.showAs !== 'Free' && item.startMinute <= minute && minute < item.startMinute + item.length))
        const expected: string[] = []
        for (let start = 0; start + duration <= 240; start += step) {
          const free = userIds.filter((_id, user) => {
            for (let minute = start - buffer; minute < start + duration + buffer; minute++) if (blocked[user]!(minute)) return false
            return true
          })
          if (free.length >= (required === 'all' ? userIds.length : required)) expected.push(`${start}:${free.join(',')}`)
        }
        const actual = answer.slots!.map((found) =>
          `${Number((found.startNs - query.fromNs) / MINUTE_NS)}:${found.userIds.join(',')}`)
        assert.deepEqual(actual, expected)
      },
    ), { seed: 18, numRuns: 300 })
  })
})
