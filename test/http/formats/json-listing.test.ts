import assert from 'node:assert/strict'
import { test } from 'node:test'
import { Temporal } from 'temporal-polyfill'
import type { Appointment } from '../../../src/domain/appointment.ts'
import { listOccurrences } from '../../../src/domain/recurrence/occurrence-listing.ts'
import { OCCURRENCE_FIELDS } from '../../../src/domain/occurrence-schema.ts'
import { writeOccurrencesJson } from '../../../src/http/formats/json.ts'
import { OCCURRENCE_VALUES } from '../../../src/http/formats/wire-values.ts'

function appointment(id: string, subject: string, note: string | null, allDayEvent: boolean): Appointment {
  return {
    id, customerId: 'M30011', userId: 'HAN001', version: 1, subject, location: 'Storgatan "1"\n', note,
    timeZone: 'Europe/Stockholm', allDayEvent, startsAt: '2026-03-28T09:00', endsAt: '2026-03-28T10:30',
    recurrence: { pattern: 'Daily', interval: 1, daysOfWeek: [], month: null, day: null, endsOn: null, count: 3 },
    createdAt: '2026-01-01T00:00:00.000Z', updatedAt: '2026-01-01T00:00:00.000Z',
  }
}

test('the listing writer spells exactly what JSON.stringify writes for the same occurrence objects', () => {
  const window = {
    from: Temporal.Instant.from('2026-03-01T00:00:00Z'), to: Temporal.Instant.from('2026-04-01T00:00:00Z'),
  }
  const { items } = listOccurrences([
    appointment('a', 'Visning åäö \u2028 "citat" \\ tab\t', null, false),
    appointment('b', '😀 emoji', 'Ta med nycklar', true),
  ], window, undefined, 100)
  assert.equal(items.length, 6)
  const expected = JSON.stringify(items.map((item) =>
    Object.fromEntries(OCCURRENCE_FIELDS.map((field) => [field.name, OCCURRENCE_VALUES[field.name](item)]))))
  assert.equal(writeOccurrencesJson(items), expected)
  assert.equal(writeOccurrencesJson([]), '[]')
})
