/**
 * VTIMEZONEs against Temporal: for zones with every kind of history (rule changes, DST
 * abolished, half-hour and 15-minute shifts, midnight changes, negative DST, irregular
 * dates), ical.js expands the VTIMEZONE we write and must produce exactly Temporal's offset
 * transitions, each at the same instant with the same offsets, from the one before `fromMs`
 * through 2060, and the right offset before them.
 */
import assert from 'node:assert/strict'
import { test } from 'node:test'
import ICAL from 'ical.js'
import { Temporal } from 'temporal-polyfill'
import { vtimezoneOf } from '../../../src/domain/ical/time-zone.ts'

const LAST_YEAR = 2060
const ZONES = [
  'Europe/Stockholm', 'America/New_York', 'Australia/Lord_Howe', 'Pacific/Auckland', 'Pacific/Chatham',
  'Europe/Dublin', 'Europe/London', 'Africa/Casablanca', 'America/Santiago', 'America/Havana', 'Asia/Tehran',
  'Asia/Jerusalem', 'America/Sao_Paulo', 'Europe/Moscow', 'Asia/Kolkata', 'Antarctica/Troll', 'UTC', 'America/Godthab',
]
const FROM = ['1965-06-01T00:00:00Z', '1999-12-31T23:00:00Z', '2026-03-29T00:30:00Z']

type Change = [onsetMs: number, offsetSeconds: number]

function temporalChanges(timeZone: string, fromMs: number): { before: number; changes: Change[] } {
  const start = Temporal.Instant.fromEpochMilliseconds(fromMs).toZonedDateTimeISO(timeZone)
  const previous = start.getTimeZoneTransition('previous')
  const changes: Change[] = []
  let cursor = previous ?? start
  if (previous) changes.push([previous.epochMilliseconds, previous.offsetNanoseconds / 1e9])
  for (let next = cursor.getTimeZoneTransition('next'); next && next.year <= LAST_YEAR; next = cursor.getTimeZoneTransition('next')) {
    changes.push([next.epochMilliseconds, next.offsetNanoseconds / 1e9])
    cursor = next
  }
  const first = previous ?? start
  return { before: first.subtract({ nanoseconds: previous ? 1 : 0 }).offsetNanoseconds / 1e9, changes }
}

function icalJsChanges(timeZone: string, fromMs: number): { before: number; changes: Change[] } {
  const zone = new ICAL.Timezone(new ICAL.Component([...vtimezoneOf(timeZone, fromMs)] as unknown[]))
  zone._ensureCoverage(LAST_YEAR)
  const all = (zone.changes as { year: number; month: number; day: number; hour: number; minute: number; second: number;
    utcOffset: number; prevUtcOffset: number }[])
    .map((change): [Change, number] => [[Date.UTC(change.year, change.month - 1, change.day, change.hour, change.minute,
      change.second), change.utcOffset], change.prevUtcOffset])
    .filter(([[onsetMs], ]) => new Date(onsetMs).getUTCFullYear() <= LAST_YEAR)
  const real = all.filter(([[, offset], previous]) => offset !== previous)
  return { before: all[0]?.[1] ?? 0, changes: real.map(([change]) => change) }
}

for (const from of FROM) {
  test(`VTIMEZONEs from ${from} give Temporal's transitions through ${LAST_YEAR}`, () => {
    const fromMs = Date.parse(from)
    for (const timeZone of ZONES) {
      const expected = temporalChanges(timeZone, fromMs)
      const actual = icalJsChanges(timeZone, fromMs)
      // ical.js reads UTC offsets to the minute (its UtcOffset drops seconds): local mean time's
      // last change (Lord Howe's +10:36:20 in 1895) is compared apart.
      const lmt = expected.changes.findIndex(([, offset], index) => index === 0 && expected.before % 60 !== 0
        && offset % 60 === 0)
      if (lmt === 0) {
        assert.ok(Math.abs(actual.changes[0]![0] - expected.changes[0]![0]) < 60_000, timeZone)
        expected.changes[0] = actual.changes[0]!
        expected.before = actual.before
      }
      assert.deepEqual(actual.changes, expected.changes, timeZone)
      if (expected.changes.length > 0) assert.equal(actual.before, expected.before, `${timeZone}: offset before`)
    }
  })
}

test('offsets that are not whole minutes are written with their seconds', () => {
  const text = ICAL.stringify.component([...vtimezoneOf('Australia/Lord_Howe', Date.parse('1890-01-01T00:00:00Z'))] as unknown[],
    ICAL.design.icalendar)
  assert.match(text, /TZOFFSETFROM:\+103620\r\nTZOFFSETTO:\+1000\r\n/)
})

test('eras are yearly RRULEs as Outlook writes them, never RDATE lists', () => {
  const text = ICAL.stringify.component([...vtimezoneOf('America/New_York', Date.parse('1990-01-01T00:00:00Z'))] as unknown[],
    ICAL.design.icalendar)
  assert.ok(!text.includes('RDATE'))
  assert.match(text, /RRULE:FREQ=YEARLY;COUNT=17;BYMONTH=4;BYDAY=1SU\r\n/)
  assert.match(text, /DTSTART:20070311T020000\r\nTZOFFSETFROM:-0500\r\nTZOFFSETTO:-0400\r\nRRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=2SU\r\n/)
  assert.match(text, /TZOFFSETFROM:-0400\r\nTZOFFSETTO:-0500\r\nRRULE:FREQ=YEARLY;BYMONTH=11;BYDAY=1SU\r\n/)
})
