/**
 * The feed's own iCalendar writer against ical.js's: for random properties of every name and
 * value type the feed writes (TEXT with every character RFC 5545 escapes, emoji and Swedish
 * letters, dates, UTC and zoned date-times, integers, durations, UTC offsets, recurrence
 * rules, parameters needing quotes or RFC 6868 escapes) and for the VTIMEZONEs of zones with
 * odd histories, the text is exactly what ical.js writes, folded by octets (fold-line.ts).
 */
import assert from 'node:assert/strict'
import { test } from 'node:test'
import fc from 'fast-check'
import ICAL from 'ical.js'
import { property, type JCalComponent, type JCalProperty } from '../../src/domain/ical/jcal.ts'
import { vtimezoneOf } from '../../src/domain/ical/time-zone.ts'
import { componentText, propertyText } from '../../src/feed/ical-text.ts'
import { foldLine } from '../../src/feed/fold-line.ts'

function icalJsProperty(jcal: JCalProperty): string {
  return foldLine(ICAL.stringify.property([...jcal] as unknown as Parameters<typeof ICAL.stringify.property>[0], ICAL.design.icalendar, true))
}

function icalJsComponent([name, properties, components]: JCalComponent): string {
  const upper = name.toUpperCase()
  return [`BEGIN:${upper}`, ...properties.map(icalJsProperty), ...components.map(icalJsComponent), `END:${upper}`].join('\r\n')
}

const text = fc.array(fc.oneof(
  fc.constantFrom('\\', ';', ',', '\n', ':', '"', '^', ' ', 'a', 'Z'),
  fc.constantFrom('å', 'ä', 'ö', 'É', '€', '😀', '🏠'),
  fc.string({ maxLength: 3 }),
), { maxLength: 120 }).map((parts) => parts.join(''))
const instant = fc.integer({ min: Date.UTC(1900, 0, 1), max: Date.UTC(2100, 0, 1) }).map((ms) => new Date(ms).toISOString())
const dateTime = instant.map((iso) => iso.slice(0, 19))
const utcDateTime = instant.map((iso) => `${iso.slice(0, 19)}Z`)
const date = instant.map((iso) => iso.slice(0, 10))
const offset = fc.tuple(fc.constantFrom('+', '-'), fc.integer({ min: 0, max: 14 }), fc.integer({ min: 0, max: 59 }), fc.integer({ min: 0, max: 59 }))
  .map(([sign, hours, minutes, seconds]) => [sign + String(hours).padStart(2, '0'), String(minutes).padStart(2, '0'),
    ...(seconds === 0 ? [] : [String(seconds).padStart(2, '0')])].join(':'))
const recur = fc.record({
  freq: fc.constantFrom('DAILY', 'WEEKLY', 'MONTHLY', 'YEARLY'),
  count: fc.integer({ min: 1, max: 999 }),
  until: fc.oneof(utcDateTime, date),
  interval: fc.integer({ min: 2, max: 9 }),
  byday: fc.oneof(fc.subarray(['MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SU'], { minLength: 1 }), fc.constantFrom('-1SU', '2SU')),
  bymonthday: fc.oneof(fc.integer({ min: 1, max: 31 }), fc.constant([28, 29, 30, 31])),
  bymonth: fc.integer({ min: 1, max: 12 }),
  bysetpos: fc.constant(-1),
  wkst: fc.constant('MO'),
}, { requiredKeys: ['freq'] })
const parameters = fc.oneof(
  fc.constant({}),
  fc.record({ tzid: fc.oneof(fc.constantFrom('Europe/Stockholm', 'America/Argentina/Buenos_Aires', 'Etc/GMT+5'), text) }),
)

/** Each value type with the names the feed writes it under (and some it might). */
const jcalProperty: fc.Arbitrary<JCalProperty> = fc.oneof(
  fc.tuple(fc.constantFrom('summary', 'location', 'description', 'uid', 'x-wr-calname', 'prodid', 'tzid', 'transp', 'version'), text)
    .map(([name, value]) => property(name, 'text', value)),
  fc.tuple(fc.constantFrom('dtstart', 'dtend', 'recurrence-id', 'exdate'), fc.oneof(dateTime, utcDateTime), parameters)
    .map(([name, value, extra]) => property(name, 'date-time', value, extra)),
  fc.tuple(fc.constantFrom('dtstamp', 'created', 'last-modified'), utcDateTime).map(([name, value]) => property(name, 'date-time', value)),
  fc.tuple(fc.constantFrom('dtstart', 'dtend', 'recurrence-id', 'exdate'), date).map(([name, value]) => property(name, 'date', value)),
  fc.integer({ min: 0, max: 100_000 }).map((value) => property('sequence', 'integer', value)),
  fc.constantFrom('PT15M', 'P1D', 'PT1H30M').map((value) => property('refresh-interval', 'duration', value)),
  fc.tuple(fc.constantFrom('tzoffsetfrom', 'tzoffsetto'), offset).map(([name, value]) => property(name, 'utc-offset', value)),
  recur.map((value) => property('rrule', 'recur', value)),
  fc.tuple(fc.constantFrom('x-wr-timezone', 'x-published-ttl', 'x-microsoft-cdo-busystatus'), text.filter((value) => !value.includes('\n')))
    .map(([name, value]) => property(name, 'unknown', value)),
)

test('every property is written as ical.js writes it, folded by octets', () => {
  fc.assert(fc.property(jcalProperty, (jcal) => {
    assert.equal(propertyText(jcal), icalJsProperty(jcal))
  }), { numRuns: 3000 })
})

test('VTIMEZONEs and nested components are written as ical.js writes them', () => {
  const from = Date.UTC(2015, 0, 1)
  for (const zone of ['Europe/Stockholm', 'America/New_York', 'Australia/Lord_Howe', 'Pacific/Auckland', 'Africa/Casablanca', 'Asia/Kolkata']) {
    const vtimezone = vtimezoneOf(zone, from)
    assert.equal(componentText(vtimezone), icalJsComponent(vtimezone), zone)
  }
  const nested: JCalComponent = ['vcalendar', [property('version', 'text', '2.0')], [['vevent', [property('summary', 'text', 'a;b')], []]]]
  assert.equal(componentText(nested), 'BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\nSUMMARY:a\\;b\r\nEND:VEVENT\r\nEND:VCALENDAR')
})
