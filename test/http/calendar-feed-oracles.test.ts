/**
 * The feed against independent readers: series created over HTTP (explicit tricky cases and
 * random ones, in Stockholm, New York, Lord Howe and Auckland), some then given exceptions
 * over HTTP (occurrences cancelled, moved or re-texted by DELETE and PUT
 * …/occurrences/{occurrenceId}, ids taken from the listing), each user's feed fetched, and
 * every series expanded over windows across DST changes by (1) python-icalendar + dateutil
 * (an rruleset of RRULE minus EXDATE, then each RECURRENCE-ID VEVENT in place of its
 * instance) with the feed's own VTIMEZONEs (test/domain/ical/feed-oracle.py) and (2) ical.js
 * with the same VTIMEZONEs (ICAL.Event with its exceptions related, each occurrence by
 * `getOccurrenceDetails`); both must give exactly the occurrences (start and end instants,
 * and SUMMARY against the listed subject) that `GET /Appointment/{customerId}/{id}?from&to` lists.
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
import { test, type TestContext } from 'node:test'
import { fileURLToPath } from 'node:url'
import fc from 'fast-check'
import ICAL from 'ical.js'
import { Temporal } from 'temporal-polyfill'
import { PYTHON, pythonModules, skipWithout } from '../helpers/outside-tools.ts'
import { send } from '../helpers/requests.ts'
import { CUSTOMER_ID, startServer, type TestServer } from '../helpers/server.ts'

const ORACLE = fileURLToPath(new URL('../domain/ical/feed-oracle.py', import.meta.url))
const ICALENDAR = pythonModules('icalendar, dateutil.rrule, zoneinfo', 'python3-icalendar python3-dateutil')
const WINDOW_HOURS = 360 * 24
/** Where each case's windows start, in days after its start: before it, across a year, two years on. */
const WINDOW_SHIFTS = [-5, 170, 700]
const BYSETPOS = /^RRULE:.*BYSETPOS/m
const ZONES = ['Europe/Stockholm', 'America/New_York', 'Australia/Lord_Howe', 'Pacific/Auckland'] as const

type Span = [number, number]
/** Start and end instants and the subject (SUMMARY). */
type Listed = [number, number, string]
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

interface ListedItem {
  readonly occurrenceId: string
  readonly subject: string
  readonly startsAt: string
  readonly endsAt: string
}

/** One occurrence changed, picked by its place among those listed before any change (negative: from the end) or by its id. */
interface Change {
  readonly pick: number | string
  /** The PUT body, from the occurrences listed before any change and the one picked; absent: cancel (DELETE). */
  readonly put?: (listed: readonly ListedItem[], picked: ListedItem) => Body
}

interface Case {
  readonly body: Body
  readonly changes?: readonly Change[]
}

/** `startsAt` of an occurrence as a wall time, shifted by whole days, at another time of day when given. */
function wallTime(item: ListedItem, days = 0, time?: string): string {
  const local = Temporal.PlainDateTime.from(item.startsAt.slice(0, 19)).add({ days })
  return time === undefined ? local.toString() : `${local.toPlainDate()}T${time}`
}

function dateOf(item: ListedItem, days = 0): string {
  return Temporal.PlainDate.from(item.startsAt.slice(0, 10)).add({ days }).toString()
}

const EXCEPTION_CASES: readonly Case[] = [
  // Mondays and Wednesdays in Stockholm across both changes of 2026: the first cancelled, one moved into the spring
  // gap, one onto another occurrence's day, one re-texted, one into the autumn's repeated hour.
  { body: EXPLICIT[0]!, changes: [
    { pick: 0 }, { pick: '20260325', put: () => ({ startsAt: '2026-03-29T02:30:00' }) },
    { pick: '20260330' },
    { pick: '20260401', put: (listed) => ({ startsAt: wallTime(listed[10]!, 0, '14:00:00'), subject: 'Flyttad visning' }) },
    { pick: 12, put: () => ({ subject: 'Egen text', location: 'Kontoret', note: 'Ring först' }) },
    { pick: '20261021', put: () => ({ startsAt: '2026-10-25T02:30:00', endsAt: '2026-10-25T02:45:00' }) },
  ] },
  // Daily at 02:30, 400 times: the spring's gap day cancelled (EXDATE at 02:30), the first moved before the series' start,
  // another onto the first's original start, the autumn's repeated 02:30 re-texted, the last past the series' end.
  { body: EXPLICIT[1]!, changes: [
    { pick: '20260329' }, { pick: 0, put: () => ({ startsAt: '2026-03-18T12:00:00' }) },
    { pick: 3, put: (listed) => ({ startsAt: wallTime(listed[0]!) }) },
    { pick: '20261025', put: () => ({ subject: 'Dubbeltimmen' }) },
    { pick: -1, put: (listed) => ({ startsAt: wallTime(listed.at(-1)!, 20) }) },
  ] },
  // Every third day 23:30–02:30 across Stockholm's autumn change: one moved to end in the repeated hour, one cancelled.
  { body: EXPLICIT[3]!, changes: [
    { pick: '20261023', put: () => ({ startsAt: '2026-10-25T01:30:00', endsAt: '2026-10-25T02:30:00' }) },
    { pick: '20261026' }, { pick: 0 },
  ] },
  // Monthly on the 31st in New York: February's clamped day cancelled, April's moved into March's gap, March's onto the
  // first occurrence's start, October's into November's repeated hour, November's re-texted.
  { body: EXPLICIT[4]!, changes: [
    { pick: '20260228' },
    { pick: '20260430', put: () => ({ startsAt: '2026-03-08T02:30:00', endsAt: '2026-03-08T03:30:00' }) },
    { pick: '20260331', put: (listed) => ({ startsAt: wallTime(listed[0]!) }) },
    { pick: '20261031', put: () => ({ startsAt: '2026-11-01T01:30:00' }) },
    { pick: '20261130', put: () => ({ subject: 'Novembervisning', note: 'Ny tid' }) },
  ] },
  // Sundays 02:15 at Lord Howe (a half-hour change): the one in October's gap re-texted, one cancelled, one moved into
  // April's repeated half hour, the last past the end.
  { body: EXPLICIT[8]!, changes: [
    { pick: '20261004', put: () => ({ subject: 'I glappet' }) }, { pick: '20261011' },
    { pick: '20270328', put: () => ({ startsAt: '2027-04-04T01:45:00' }) },
    { pick: -1, put: (listed) => ({ startsAt: wallTime(listed.at(-1)!, 14) }) },
  ] },
  // Yearly on 29 February in Auckland (the 28th in other years): the first moved two days earlier, 2030's onto 2029's
  // day, then 2029's cancelled.
  { body: EXPLICIT[10]!, changes: [
    { pick: '20280229', put: () => ({ startsAt: '2028-02-27T09:00:00' }) },
    { pick: '20300228', put: () => ({ startsAt: '2029-02-28T10:00:00', endsAt: '2029-02-28T11:00:00' }) },
    { pick: '20290228' },
  ] },
  // Every other week on Sundays and Thursdays in Auckland: the one in September's gap cancelled, one moved into April's
  // repeated hour.
  { body: EXPLICIT[11]!, changes: [
    { pick: '20260927' }, { pick: '20261008', put: () => ({ startsAt: '2027-04-04T02:30:00' }) },
  ] },
  // All-day, monthly on the 31st: the first cancelled, one moved and made three days long, one re-texted, the last past the end.
  { body: EXPLICIT[14]!, changes: [
    { pick: 0 }, { pick: '20260531', put: () => ({ startsAt: '2026-06-15', endsAt: '2026-06-17' }) },
    { pick: '20260630', put: () => ({ subject: 'Egen dag' }) },
    { pick: -1, put: (listed) => ({ startsAt: dateOf(listed.at(-1)!, 40) }) },
  ] },
  // All-day, four days every third Friday: the first a day earlier, the second onto the third's start.
  { body: EXPLICIT[13]!, changes: [
    { pick: 0, put: (listed) => ({ startsAt: dateOf(listed[0]!, -1) }) },
    { pick: 1, put: (listed) => ({ startsAt: dateOf(listed[2]!) }) },
  ] },
  // The first moved into the year before: the feed's VTIMEZONE must reach back to it.
  { body: { timeZone: 'Europe/Stockholm', startsAt: '2027-01-04T09:00:00', endsAt: '2027-01-04T10:00:00',
    recurrencePattern: 'Weekly', recurrenceDayOfWeeks: ['Monday'], recurrenceCount: 10 },
  changes: [{ pick: 0, put: () => ({ startsAt: '2026-12-31T10:00:00' }) }] },
  // Every occurrence of a short series cancelled: nothing left to list or read.
  { body: { timeZone: 'Europe/Stockholm', startsAt: '2026-03-27T09:00:00', endsAt: '2026-03-27T10:00:00',
    recurrencePattern: 'Daily', recurrenceCount: 3 }, changes: [{ pick: 0 }, { pick: 1 }, { pick: 2 }] },
]

const TIMES_OF_DAY = ['00:00:00', '01:30:00', '02:00:00', '02:30:00', '09:00:00', '23:30:00'] as const

/** A random change: a pick, and what happens to the occurrence picked. */
interface RandomChange {
  readonly pick: number
  readonly kind: 'cancel' | 'retext' | 'move'
  /** A move's shift in days from the original date, to `time` (all-day: the date alone). */
  readonly days: number
  readonly time: string
  /** Minutes (days, modulo 4, for all-day) from the new start to the new end; undefined keeps the series' length. */
  readonly length: number | undefined
  readonly subject: string
}

const randomChange: fc.Arbitrary<RandomChange> = fc.record({
  pick: fc.integer({ min: -60, max: 60 }),
  kind: fc.constantFrom('cancel', 'retext', 'move', 'move'),
  days: fc.integer({ min: -3, max: 40 }),
  time: fc.constantFrom(...TIMES_OF_DAY),
  length: fc.option(fc.integer({ min: 0, max: 3 * 24 * 60 }), { nil: undefined }),
  subject: fc.constantFrom('Flyttad', 'Ändrad, "igen"', 'Ny; visning'),
})

function changeOf({ pick, kind, days, time, length, subject }: RandomChange, allDay: boolean): Change {
  if (kind === 'cancel') return { pick }
  if (kind === 'retext') return { pick, put: () => ({ subject }) }
  return {
    pick,
    put: (_listed, item) => {
      if (allDay) {
        const start = dateOf(item, days)
        return { startsAt: start, ...(length !== undefined && { endsAt: Temporal.PlainDate.from(start).add({ days: length % 4 }).toString() }) }
      }
      const start = wallTime(item, days, time)
      return { subject, startsAt: start,
        ...(length !== undefined && { endsAt: Temporal.PlainDateTime.from(start).add({ minutes: length }).toString() }) }
    },
  }
}

const randomExceptionCase: fc.Arbitrary<Case> = fc.tuple(randomBody, fc.array(randomChange, { minLength: 1, maxLength: 6 }))
  .map(([body, changes]) => ({ body, changes: changes.map((change) => changeOf(change, body.allDayEvent === true)) }))

interface CaseResult {
  readonly body: Body
  readonly uid: string
  readonly windows: Span[]
  readonly listed: Listed[][]
  readonly feed: string
}

function epochMs(text: string): number {
  return Temporal.Instant.from(text).epochMilliseconds
}

/** One user per case, so each feed holds one series and each listing one series. */
async function runCase(server: TestServer, { body, changes = [] }: Case, index: number): Promise<CaseResult> {
  const userId = `FEED${index}`
  await server.store.addUser({ customerId: CUSTOMER_ID, userId, name: `Mäklare ${index}` })
  const path = `/Appointment/${CUSTOMER_ID}/${userId}`
  const full = { subject: `Visning ${index}`, recurrence: true, ...body }
  const created = await send(server, path, { body: JSON.stringify(full), headers: { 'content-type': 'application/json' } })
  assert.equal(created.status, 200, `${created.text} for ${JSON.stringify(full)}`)
  const id = String(created.json)
  const start = Temporal.PlainDate.from(String(body.startsAt).slice(0, 10)).toZonedDateTime(String(body.timeZone))
  const windows = WINDOW_SHIFTS.map((days): Span => {
    const from = start.add({ days }).epochMilliseconds
    return [from, from + WINDOW_HOURS * 3_600_000]
  })
  if (changes.length > 0) await applyChanges(server, path, id, changes, uniqueById((await listWindows(server, path, windows)).flat()))
  const listed = (await listWindows(server, path, windows))
    .map((items) => items.map((item): Listed => [epochMs(item.startsAt), epochMs(item.endsAt), item.subject]))
  const feed = await send(server, `/Calendar/${CUSTOMER_ID}/${userId}.ics`, { method: 'GET' })
  assert.equal(feed.status, 200, feed.text)
  assert.equal(feed.headers.get('content-type'), 'text/calendar; charset=utf-8')
  return { body: { ...full, changes: changes.length }, uid: `${id}@connect-calendar`, windows, listed, feed: feed.text }
}

async function listWindows(server: TestServer, path: string, windows: readonly Span[]): Promise<ListedItem[][]> {
  const listed: ListedItem[][] = []
  for (const [from, to] of windows) {
    const answer = await send(server, `${path}?from=${new Date(from).toISOString()}&to=${new Date(to).toISOString()}`,
      { method: 'GET' })
    assert.equal(answer.status, 200, answer.text)
    assert.equal(answer.headers.get('link'), null)
    listed.push(answer.json as ListedItem[])
  }
  return listed
}

function uniqueById(items: readonly ListedItem[]): ListedItem[] {
  return [...new Map(items.map((item) => [item.occurrenceId, item])).values()]
}

/** Each change once per occurrence (a random pick may repeat one: it is skipped). */
async function applyChanges(
  server: TestServer, path: string, id: string, changes: readonly Change[], listed: readonly ListedItem[],
): Promise<void> {
  const done = new Set<string>()
  for (const change of changes) {
    const item = typeof change.pick === 'string'
      ? listed.find(({ occurrenceId }) => occurrenceId === change.pick)
      : listed.at(change.pick % Math.max(listed.length, 1))
    if (!item || done.has(item.occurrenceId)) {
      assert.equal(typeof change.pick, 'number', `no occurrence ${change.pick} in ${listed.map(({ occurrenceId }) => occurrenceId).join(' ')}`)
      continue
    }
    done.add(item.occurrenceId)
    const occurrencePath = `${path}/${id}/occurrences/${item.occurrenceId}`
    const body = change.put?.(listed, item)
    const answer = body === undefined
      ? await send(server, occurrencePath, { method: 'DELETE' })
      : await send(server, occurrencePath, { method: 'PUT', body: JSON.stringify(body), headers: { 'content-type': 'application/json' } })
    assert.equal(answer.status, body === undefined ? 204 : 200, `${answer.text} for ${item.occurrenceId} ${JSON.stringify(body)}`)
  }
}

function readWithPython(results: readonly CaseResult[]): Record<string, Listed[][]>[] {
  const input = {
    feeds: results.map((result) => ({ text: result.feed, floatingZone: result.body.timeZone, windows: result.windows })),
  }
  const child = spawnSync(PYTHON, [ORACLE], { input: JSON.stringify(input), encoding: 'utf8', maxBuffer: 1 << 26 })
  assert.equal(child.status, 0, child.stderr)
  return JSON.parse(child.stdout) as Record<string, Listed[][]>[]
}

/**
 * ical.js: the feed's VTIMEZONEs registered under their TZIDs, each series expanded by its
 * iterator (which leaves out EXDATEs), each instance read by `getOccurrenceDetails` (which
 * gives the related VEVENT whose RECURRENCE-ID names it).
 */
function readWithIcalJs(result: CaseResult): Record<string, Listed[][]> {
  const calendar = new ICAL.Component(ICAL.parse(result.feed))
  ICAL.TimezoneService.reset()
  for (const zone of calendar.getAllSubcomponents('vtimezone')) ICAL.TimezoneService.register(zone)
  const lastTo = Math.max(...result.windows.map(([, to]) => to))
  const floatingZone = String(result.body.timeZone)
  const vevents = calendar.getAllSubcomponents('vevent')
  const read: Record<string, Listed[][]> = {}
  for (const master of vevents.filter((vevent) => !vevent.hasProperty('recurrence-id'))) {
    const overrides = vevents.filter((vevent) => vevent.hasProperty('recurrence-id')
      && vevent.getFirstPropertyValue('uid') === master.getFirstPropertyValue('uid'))
    const event = new ICAL.Event(master, { exceptions: overrides, strictExceptions: true })
    const spanOf = spanReader(event, floatingZone)
    const lastReplaced = Object.values(event.exceptions).map((override) => override.recurrenceId)
      .reduce<ICAL.Time | undefined>((last, time) => (last && last.compare(time) >= 0 ? last : time), undefined)
    const found: Listed[] = []
    const iterator = event.iterator()
    for (let next = iterator.next(); next; next = iterator.next()) {
      const [startMs, endMs] = spanOf(next)
      if (startMs >= lastTo && !(lastReplaced && next.compare(lastReplaced) <= 0)) break
      const { item } = event.getOccurrenceDetails(next)
      found.push(item === event ? [startMs, endMs, event.summary]
        : [...spanReader(item, floatingZone)(item.startDate), item.summary])
    }
    found.sort((a, b) => a[0] - b[0])
    read[event.uid] = result.windows.map(([from, to]) => found.filter(([s, e]) => s < to && (e > from || from <= s)))
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

async function checkAgainstReaders(t: TestContext, cases: readonly Case[]): Promise<void> {
  if (skipWithout(t, ICALENDAR)) return
  const server = await startServer(t)
  const results: CaseResult[] = []
  for (const [index, kase] of cases.entries()) results.push(await runCase(server, kase, index))
  const byPython = readWithPython(results)
  results.forEach((result, index) => {
    const context = `${JSON.stringify(result.body)}\n${result.feed}`
    const long = result.feed.split('\r\n').find((line) => Buffer.byteLength(line) > 75)
    assert.equal(long, undefined, `a line over 75 octets (RFC 5545 folds by octets): ${context}`)
    // A series with no occurrence at all has no VEVENT: read as empty windows.
    const none = result.windows.map((): Listed[] => [])
    assert.deepEqual(byPython[index]?.[result.uid] ?? none, result.listed, `python-icalendar + dateutil: ${context}`)
    // ical.js 2.2 ignores BYSETPOS beside BYMONTHDAY (kewisch/ical.js#960): dateutil alone checks those.
    if (BYSETPOS.test(result.feed.replace(/\r\n[ \t]/g, ''))) return
    assert.deepEqual(readWithIcalJs(result)[result.uid] ?? none, result.listed, `ical.js: ${context}`)
  })
}

test('the feed, read by python-icalendar with dateutil and by ical.js, holds exactly the occurrences the listing returns', async (t) => {
  const bodies = [...EXPLICIT, ...fc.sample(randomBody, { numRuns: 30, seed: 20_261_201 })]
  await checkAgainstReaders(t, bodies.map((body) => ({ body })))
})

test('with cancelled, moved and re-texted occurrences, both readers still give exactly the listing', async (t) => {
  await checkAgainstReaders(t, [...EXCEPTION_CASES, ...fc.sample(randomExceptionCase, { numRuns: 30, seed: 20_261_202 })])
})

test('long Swedish and emoji subjects, locations and notes, folded by octets, read back exactly by both readers', async (t) => {
  const texts = (shift: number) => ({
    subject: `${'x'.repeat(shift)}Visning på Östermalmsgatan 12 – köparen Åsa Öberg 🏠🔑, ”budgivning” 😀 ${'åäö🇸🇪'.repeat(6)}`,
    location: `${'y'.repeat(shift)}Storgatan 1, 🏢 Våning 3 – ${'€ö'.repeat(30)}`,
    note: `Ta med nycklar; ring först 👍🏽\n${'Märta & Örjan – ”säljarna” 😀, '.repeat(10)}`,
  })
  const retext = (shift: number): Change['put'] => () => ({ subject: `${'Flyttad – ✨ '.repeat(shift + 6)}åäö` })
  await checkAgainstReaders(t, [0, 1, 2, 3].map((shift): Case => ({
    body: { ...EXPLICIT[shift]!, ...texts(shift) },
    changes: [{ pick: 1, put: retext(shift) }, { pick: 2, put: () => texts(shift + 1) }],
  })))
})
