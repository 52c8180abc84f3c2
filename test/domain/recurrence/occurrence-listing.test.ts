import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import fc from 'fast-check'
import { Temporal } from 'temporal-polyfill'
import type { Appointment, Recurrence } from '../../../src/domain/appointment.ts'
import { listOccurrences, type ListedOccurrence, type OccurrenceCursor } from '../../../src/domain/recurrence/occurrence-listing.ts'
import { expandOccurrences } from '../../../src/domain/recurrence/recurrence.ts'
import type { ReadingWindow } from '../../../src/domain/time/reading-window.ts'

const PATTERNS = ['Daily', 'Weekly', 'Monthly', 'Yearly'] as const
const ZONES = ['Europe/Stockholm', 'America/New_York', 'UTC'] as const

function appointment(id: string, startsAt: string, minutes: number, recurrence: Recurrence | null, timeZone: string): Appointment {
  const start = Temporal.PlainDateTime.from(startsAt)
  return {
    id, customerId: 'C', userId: 'U', version: 1, createdAt: '', updatedAt: '',
    subject: id, location: null, note: null, timeZone, allDayEvent: false,
    startsAt: start.toString(), endsAt: start.add({ minutes }).toString(), recurrence,
  }
}

const appointmentArbitrary = (id: string) => fc.record({
  day: fc.integer({ min: 0, max: 60 }),
  // Few distinct times, so that ties between appointments are common.
  time: fc.constantFrom('00:00', '09:00', '09:00', '23:30'),
  minutes: fc.constantFrom(0, 30, 60),
  pattern: fc.option(fc.constantFrom(...PATTERNS), { nil: undefined }),
  interval: fc.integer({ min: 1, max: 3 }),
  count: fc.option(fc.integer({ min: 1, max: 40 }), { nil: null }),
  timeZone: fc.constantFrom(...ZONES),
}).map(({ day, time, minutes, pattern, interval, count, timeZone }) => {
  const startsAt = Temporal.PlainDate.from('2026-01-01').add({ days: day }).toString() + `T${time}`
  const recurrence: Recurrence | null = pattern === undefined ? null : {
    pattern, interval, daysOfWeek: pattern === 'Weekly' ? ['Monday', 'Thursday'] : [],
    month: pattern === 'Yearly' ? 3 : null, day: pattern === 'Monthly' || pattern === 'Yearly' ? 31 : null,
    endsOn: null, count,
  }
  return appointment(id, startsAt, minutes, recurrence, timeZone)
})

function everything(appointments: readonly Appointment[], window: ReadingWindow): string[] {
  return appointments
    .flatMap((item) => [...expandOccurrences(item, window.from, window.to)]
      .map((occurrence) => ({ appointment: item, start: occurrence.start, end: occurrence.end })))
    .sort((a, b) => Temporal.Instant.compare(a.start.toInstant(), b.start.toInstant())
      || (a.appointment.id < b.appointment.id ? -1 : 1))
    .map(keyOf)
}

function keyOf(item: Pick<ListedOccurrence, 'appointment' | 'start' | 'end'>): string {
  return `${item.start.toString()} ${item.appointment.id} ${item.end.toString()}`
}

function pageThrough(appointments: readonly Appointment[], window: ReadingWindow, limit: number): string[][] {
  const pages: string[][] = []
  let after: OccurrenceCursor | undefined
  do {
    const page = listOccurrences(appointments, window, after, limit)
    pages.push(page.items.map(keyOf))
    after = page.next
  } while (after && pages.length < 10_000)
  return pages
}

describe('listOccurrences', () => {
  test('pages concatenate to the sorted union of every appointment\'s occurrences, for any page size', () => {
    fc.assert(fc.property(
      fc.tuple(...Array.from({ length: 6 }, (_, index) => appointmentArbitrary(`id${index}`))),
      fc.integer({ min: 0, max: 90 }), fc.integer({ min: 1, max: 120 }), fc.integer({ min: 1, max: 25 }),
      (appointments, fromDay, days, limit) => {
        const from = Temporal.ZonedDateTime.from('2026-01-01T12:00[Europe/Stockholm]').add({ days: fromDay }).toInstant()
        const window = { from, to: from.add({ hours: 24 * days }) }
        const pages = pageThrough(appointments, window, limit)
        const expected = everything(appointments, window)
        assert.deepEqual(pages.flat(), expected)
        assert.ok(pages.slice(0, -1).every((page) => page.length === limit), 'only the last page is short')
        assert.ok(pages.length === 1 || (pages.at(-1)?.length ?? 0) > 0, 'no empty trailing page')
      },
    ), { numRuns: 150 })
  })

  test('stops early: a page of a never-ending series far from its start is cheap and exact', () => {
    const series = appointment('old', '1990-01-01T09:00', 15,
      { pattern: 'Daily', interval: 1, daysOfWeek: [], month: null, day: null, endsOn: null, count: null }, 'Europe/Stockholm')
    const from = Temporal.Instant.from('2026-03-01T00:00:00Z')
    const page = listOccurrences([series], { from, to: from.add({ hours: 366 * 24 }) }, undefined, 10)
    assert.equal(page.items.length, 10)
    assert.equal(page.items[0]?.start.toString(), '2026-03-01T09:00:00+01:00[Europe/Stockholm]')
    assert.deepEqual(page.next, {
      startNs: page.items[9]!.start.epochNanoseconds, appointmentId: 'old', day: page.items[9]!.day,
    })
    assert.equal(page.items[9]!.day, Date.UTC(2026, 2, 10) / 86_400_000, 'the series date of the tenth, 2026-03-10')
  })

  test('an exactly full last page has no next cursor', () => {
    const single = appointment('a', '2026-03-01T09:00', 0, null, 'UTC')
    const from = Temporal.Instant.from('2026-03-01T00:00:00Z')
    const page = listOccurrences([single, { ...single, id: 'b' }], { from, to: from.add({ hours: 24 }) }, undefined, 2)
    assert.deepEqual(page.items.map((item) => item.appointment.id), ['a', 'b'])
    assert.equal(page.next, undefined)
  })
})
