/**
 * The feed against independent readers: series created over HTTP (explicit tricky cases and
 * random ones, in Stockholm, New York, Lord Howe and Auckland), each user's feed fetched, and
 * every VEVENT expanded over windows across DST changes by (1) python-icalendar + dateutil's
 * rrulestr with the feed's own VTIMEZONEs (test/domain/ical-feed-oracle.py) and (2) ical.js
 * with the same VTIMEZONEs; both must give exactly the occurrences (start and end instants)
 * that `GET /Appointment/{customerId}/{id}?from&to` lists.
 *
 * Ends come from the exact duration DTEND − DTSTART (RFC 5545); ical.js adds durations in
 * wall-clock fields, so its own ends are not used across a change, and it resolves times in
 * gaps and overlaps unlike RFC 5545, so instants come from its VTIMEZONE offsets by RFC 5545's
 * rule (`instantMs`). ical.js 2.2 ignores BYSETPOS beside BYMONTHDAY (kewisch/ical.js#960, a
 * fix pending), so the month-end rules are checked by dateutil alone. All-day events are
 * floating dates, read in the appointment's zone as the API expands them.
 */
import assert from 'node:assert/strict'
import { spawnSync } from 'node:child_process'
import { test } from 'node:test'
import { fileURLToPath } from 'node:url'
import fc from 'fast-check'
import ICAL from 'ical.js'
import { Temporal } from 'temporal-polyfill'
import { PYTHON, pythonModules, skipWithout } from '../helpers/outside-tools.ts'
import { send } from '../helpers/requests.ts'
import { CUSTOMER_ID, startServer, type TestServer } from '../helpers/server.ts'

const ORACLE = fileURLToPath(new URL('../domain/ical-feed-oracle.py', import.meta.url))
const ICALENDAR = pythonModules('icalendar, dateutil.rrule, zoneinfo', 'python3-icalendar python3-dateutil')
const WINDOW_HOURS = 360 * 24
/** Where each case's windows start, in days after its start: before it, across a year, two years on. */
const WINDOW_SHIFTS = [-5, 170, 700]
const BYSETPOS = /^RRULE:.*BYSETPOS/m
const ZONES = ['Europe/Stockholm', 'America/New_York', 'Australia/Lord_Howe', 'Pacific/Auckland'] as const

type Span = [number, number]
type Body = Record<string, unknown>

const EXPLICIT: readonly Body[] = [
  { timeZone: 'Europe/Stockholm', startsAt: '2026-03-02T09:00:00', endsAt: '2026-03-02T10:00:00',
    recurrencePattern: 'Weekly', recurrenceDayOfWeeks: ['Monday', 'Wednesday'] },
  { timeZone: 'Europe/Stockholm', startsAt: '2026-03-20T02:30:00', endsAt: '2026-03-20T03:45:00',
    recurrencePattern: 'Daily', recurrenceCount: 400 },
  { timeZone: 'Europe/Stockholm', startsAt: '2026-03-27T01:30:00', endsAt: '2026-03-27T03:30:00',
    recurrencePattern: 'Daily', recurrenceEndsAt: '2027-11-03' },
  { timeZone: 'Europe/Stockholm', startsAt: '2026-10-20T23:30:00', endsAt: '2026-10-21T02:30:00',
    recurrencePattern: 'Daily', recurrenceInterval: 3, recurrenceEndsAt: '2028-01-31' },
  { timeZone: 'America/New_York', startsAt: '2026-01-31T01:30:00', endsAt: '2026-01-31T02:00:00',
    recurrencePattern: 'Monthly', recurrenceDay: 31, recurrenceEndsAt: '2028-12-31' },
  { timeZone: 'America/New_York', startsAt: '2026-01-30T02:30:00', endsAt: '2026-01-30T04:00:00',
    recurrencePattern: 'Monthly', recurrenceDay: 30, recurrenceInterval: 2, recurrenceCount: 20 },
  { timeZone: 'America/New_York', startsAt: '2026-01-29T00:00:00', endsAt: '2026-01-29T00:00:00',
    recurrencePattern: 'Monthly', recurrenceDay: 29 },
  { timeZone: 'America/New_York', startsAt: '2026-03-08T02:30:00', endsAt: '2026-03-08T03:30:00',
    recurrencePattern: 'Weekly', recurrenceDayOfWeeks: ['Sunday'], recurrenceInterval: 1 },
  { timeZone: 'Australia/Lord_Howe', startsAt: '2026-09-06T02:15:00', endsAt: '2026-09-06T02:45:00',
    recurrencePattern: 'Weekly', recurrenceDayOfWeeks: ['Sunday'], recurrenceCount: 80 },
  { timeZone: 'Australia/Lord_Howe', startsAt: '2026-04-05T01:45:00', endsAt: '2026-04-05T02:15:00',
    recurrencePattern: 'Monthly', recurrenceDay: 5 },
  { timeZone: 'Pacific/Auckland', startsAt: '2028-02-29T02:30:00', endsAt: '2028-02-29T03:00:00',
    recurrencePattern: 'Yearly', recurrenceMonth: 2, recurrenceDay: 29, recurrenceCount: 9 },
  { timeZone: 'Pacific/Auckland', startsAt: '2026-09-13T02:30:00', endsAt: '2026-09-13T04:30:00',
    recurrencePattern: 'Weekly', recurrenceDayOfWeeks: ['Sunday', 'Thursday'], recurrenceInterval: 2 },
  { timeZone: 'Pacific/Auckland', startsAt: '2026-04-05T02:30:00', endsAt: '2026-04-05T02:30:00',
    recurrencePattern: 'Yearly', recurrenceMonth: 4, recurrenceDay: 5 },
  { timeZone: 'America/New_York', allDayEvent: true, startsAt: '2026-03-06', endsAt: '2026-03-09',
    recurrencePattern: 'Weekly', recurrenceDayOfWeeks: ['Friday'], recurrenceInterval: 3, recurrenceEndsAt: '2027-06-04' },
  { timeZone: 'Europe/Stockholm', allDayEvent: true, startsAt: '2026-03-31', endsAt: '2026-03-31',
    recurrencePattern: 'Monthly', recurrenceDay: 31, recurrenceCount: 30 },
  { timeZone: 'Pacific/Auckland', allDayEvent: true, startsAt: '2026-09-27', endsAt: '2026-09-27',
    recurrencePattern: 'Yearly' },
  { timeZone: 'Europe/Stockholm', startsAt: '2026-03-29T02:30:00', endsAt: '2026-03-29T04:00:00', recurrence: false },
  { timeZone: 'Europe/Stockholm', allDayEvent: true, startsAt: '2026-10-25', endsAt: '2026-10-26', recurrence: false },
  { timeZone: 'America/New_York', startsAt: '2026-03-02T08:00:00', endsAt: '2026-03-02T09:00:00',
    recurrencePattern: 'Weekly', recurrenceDayOfWeeks: ['Tuesday', 'Thursday'], recurrenceCount: 5 },
  { timeZone: 'Australia/Lord_Howe', startsAt: '2026-01-20T10:00:00', endsAt: '2026-01-20T11:00:00',
    recurrencePattern: 'Monthly', recurrenceDay: 15, recurrenceCount: 30 },
  { timeZone: 'Europe/Stockholm', startsAt: '2026-01-20T10:00:00', endsAt: '2026-01-20T11:00:00',
    recurrencePattern: 'Yearly', recurrenceMonth: 1, recurrenceDay: 10, recurrenceEndsAt: '2029-01-10' },
]

const randomBody: fc.Arbitrary<Body> = fc.record({
  zone: fc.constantFrom(...ZONES),
  date: fc.integer({ min: 0, max: 2 * 365 }).map((days) => Temporal.PlainDate.from('2026-01-01').add({ days })),
  time: fc.constantFrom('00:00', '01:30', '02:00', '02:30', '09:00', '23:30'),
  allDay: fc.boolean(),
  pattern: fc.constantFrom('Daily', 'Weekly', 'Monthly', 'Yearly'),
  interval: fc.constantFrom(1, 2, 3),
  weekdays: fc.subarray(['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday']),
  day: fc.constantFrom(0, 1, 15, 28, 29, 30, 31),
  month: fc.integer({ min: 1, max: 12 }),
  limit: fc.oneof(fc.constant(null), fc.integer({ min: 1, max: 40 }), fc.integer({ min: 0, max: 900 }).map((days) => ({ days }))),
}).map((shape): Body => {
  const start = shape.date.toPlainDateTime(Temporal.PlainTime.from(shape.time))
  const monthLength = Temporal.PlainDate.from({ year: 2024, month: shape.month, day: 1 }).daysInMonth
  return {
    timeZone: shape.zone, allDayEvent: shape.allDay, recurrencePattern: shape.pattern, recurrenceInterval: shape.interval,
    startsAt: shape.allDay ? shape.date.toString() : start.toString(),
    endsAt: shape.allDay ? shape.date.toString() : start.add({ minutes: 45 }).toString(),
    ...(shape.pattern === 'Weekly' && { recurrenceDayOfWeeks: shape.weekdays }),
    ...(shape.pattern === 'Monthly' && shape.day > 0 && { recurrenceDay: shape.day }),
    ...(shape.pattern === 'Yearly' && { recurrenceMonth: shape.month, recurrenceDay: Math.min(shape.day || 1, monthLength) }),
    ...(typeof shape.limit === 'number' && { recurrenceCount: shape.limit }),
    ...(shape.limit !== null && typeof shape.limit === 'object' && { recurrenceEndsAt: shape.date.add(shape.limit).toString() }),
  }
})

interface CaseResult {
  readonly body: Body
  readonly uid: string
  readonly windows: Span[]
  readonly listed: Span[][]
  readonly feed: string
}

function epochMs(text: string): number {
  return Temporal.Instant.from(text).epochMilliseconds
}

/** One user per case, so each feed holds one event and each listing one series. */
async function runCase(server: TestServer, body: Body, index: number): Promise<CaseResult> {
  const userId = `FEED${index}`
  await server.store.addUser({ customerId: CUSTOMER_ID, userId, name: `Mäklare ${index}` })
  const path = `/Appointment/${CUSTOMER_ID}/${userId}`
  const full = { subject: `Visning ${index}`, recurrence: true, ...body }
  const created = await send(server, path, { body: JSON.stringify(full), headers: { 'content-type': 'application/json' } })
  assert.equal(created.status, 200, `${created.text} for ${JSON.stringify(full)}`)
  const start = Temporal.PlainDate.from(String(body.startsAt).slice(0, 10)).toZonedDateTime(String(body.timeZone))
  const windows = WINDOW_SHIFTS.map((days): Span => {
    const from = start.add({ days }).epochMilliseconds
    return [from, from + WINDOW_HOURS * 3_600_000]
  })
  const listed: Span[][] = []
  for (const [from, to] of windows) {
    const answer = await send(server, `${path}?from=${new Date(from).toISOString()}&to=${new Date(to).toISOString()}`,
      { method: 'GET' })
    assert.equal(answer.status, 200, answer.text)
    assert.equal(answer.headers.get('link'), null)
    listed.push((answer.json as { startsAt: string; endsAt: string }[])
      .map((item): Span => [epochMs(item.startsAt), epochMs(item.endsAt)]))
  }
  const feed = await send(server, `/Calendar/${CUSTOMER_ID}/${userId}.ics`, { method: 'GET' })
  assert.equal(feed.status, 200, feed.text)
  assert.equal(feed.headers.get('content-type'), 'text/calendar; charset=utf-8')
  return { body: full, uid: `${String(created.json)}@connect-calendar`, windows, listed, feed: feed.text }
}

function readWithPython(results: readonly CaseResult[]): Record<string, Span[][]>[] {
  const input = {
    feeds: results.map((result) => ({ text: result.feed, floatingZone: result.body.timeZone, windows: result.windows })),
  }
  const child = spawnSync(PYTHON, [ORACLE], { input: JSON.stringify(input), encoding: 'utf8', maxBuffer: 1 << 26 })
  assert.equal(child.status, 0, child.stderr)
  return JSON.parse(child.stdout) as Record<string, Span[][]>[]
}

/** ical.js: the feed's VTIMEZONEs registered under their TZIDs, each VEVENT expanded by its iterator. */
function readWithIcalJs(result: CaseResult): Record<string, Span[][]> {
  const calendar = new ICAL.Component(ICAL.parse(result.feed))
  ICAL.TimezoneService.reset()
  for (const zone of calendar.getAllSubcomponents('vtimezone')) ICAL.TimezoneService.register(zone)
  const lastTo = Math.max(...result.windows.map(([, to]) => to))
  const read: Record<string, Span[][]> = {}
  for (const vevent of calendar.getAllSubcomponents('vevent')) {
    const event = new ICAL.Event(vevent)
    const spanOf = spanReader(event, String(result.body.timeZone))
    const spans: Span[] = []
    const iterator = event.iterator()
    for (let next = iterator.next(); next; next = iterator.next()) {
      const span = spanOf(next)
      if (span[0] >= lastTo) break
      spans.push(span)
    }
    read[event.uid] = result.windows.map(([from, to]) => spans.filter(([s, e]) => s < to && (e > from || from <= s)))
  }
  return read
}

function spanReader(event: ICAL.Event, floatingZone: string): (start: ICAL.Time) => Span {
  if (event.startDate.isDate) {
    const days = event.endDate.subtractDate(event.startDate).toSeconds() / 86_400
    const midnight = (time: ICAL.Time, plusDays: number) => Temporal.PlainDate
      .from({ year: time.year, month: time.month, day: time.day }).add({ days: plusDays })
      .toZonedDateTime(floatingZone).epochMilliseconds
    return (time) => [midnight(time, 0), midnight(time, days)]
  }
  const durationMs = instantMs(event.endDate) - instantMs(event.startDate)
  return (time) => [instantMs(time), instantMs(time) + durationMs]
}

/**
 * The instant of a time as RFC 5545 reads it, from the offset changes ical.js expands from the
 * VTIMEZONE (UTC onsets): the first instant whose span gives back the local time (an
 * ambiguous time is its earlier instant), else, in a gap, the offset from before the gap.
 * ical.js's own `toUnixTime` takes the later offset in both cases, unlike RFC 5545.
 */
function instantMs(time: ICAL.Time): number {
  const zone = time.zone
  if (!zone || zone.tzid === 'UTC') return time.toUnixTime() * 1000
  zone._ensureCoverage(time.year + 1)
  const changes = zone.changes as { year: number; month: number; day: number; hour: number; minute: number;
    second: number; utcOffset: number; prevUtcOffset: number }[]
  const spans = [
    { startMs: -Infinity, offsetMs: (changes[0]?.prevUtcOffset ?? 0) * 1000 },
    ...changes.map((change) => ({
      startMs: Date.UTC(change.year, change.month - 1, change.day, change.hour, change.minute, change.second),
      offsetMs: change.utcOffset * 1000,
    })),
  ]
  const wallMs = Date.UTC(time.year, time.month - 1, time.day, time.hour, time.minute, time.second)
  const endOf = (index: number) => spans[index + 1]?.startMs ?? Infinity
  const inSpan = spans.findIndex(({ startMs, offsetMs }, index) => startMs <= wallMs - offsetMs && wallMs - offsetMs < endOf(index))
  if (inSpan >= 0) return wallMs - spans[inSpan]!.offsetMs
  const beforeGap = spans.findIndex(({ offsetMs }, index) => wallMs - offsetMs >= endOf(index)
    && wallMs - spans[index + 1]!.offsetMs < endOf(index))
  return wallMs - spans[beforeGap]!.offsetMs
}

test('the feed, read by python-icalendar with dateutil and by ical.js, holds exactly the occurrences the listing returns', async (t) => {
  if (skipWithout(t, ICALENDAR)) return
  const server = await startServer(t)
  const bodies = [...EXPLICIT, ...fc.sample(randomBody, { numRuns: 30, seed: 20_261_201 })]
  const results: CaseResult[] = []
  for (const [index, body] of bodies.entries()) results.push(await runCase(server, body, index))
  const byPython = readWithPython(results)
  results.forEach((result, index) => {
    const context = `${JSON.stringify(result.body)}\n${result.feed}`
    // A series with no occurrence at all has no VEVENT: read as empty windows.
    const none = result.windows.map((): Span[] => [])
    assert.deepEqual(byPython[index]?.[result.uid] ?? none, result.listed, `python-icalendar + dateutil: ${context}`)
    // ical.js 2.2 ignores BYSETPOS beside BYMONTHDAY (kewisch/ical.js#960): dateutil alone checks those.
    if (BYSETPOS.test(result.feed.replace(/\r\n[ \t]/g, ''))) return
    assert.deepEqual(readWithIcalJs(result)[result.uid] ?? none, result.listed, `ical.js: ${context}`)
  })
})
