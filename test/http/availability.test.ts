/**
 * `POST /Availability/{customerId}` against a real server: each 400 naming its field, auth and
 * grants, unknown users and other customers' users, JSON and XML; and seeded random firms
 * (series and single appointments, all-day ones, every showAs, cancelled and moved occurrences,
 * windows and working hours across DST changes in Stockholm, New York and Lord Howe, buffers,
 * required all and k, unknown users) whose answer must equal a brute-force model built from
 * the listing (every occurrence of every user, minute by minute).
 */
import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import fc from 'fast-check'
import { Temporal } from 'temporal-polyfill'
import { send, type Answer } from '../helpers/requests.ts'
import { CUSTOMER_ID, OTHER_CUSTOMER_ID, USER_ID, basicAuthorization, startServer, type TestServer } from '../helpers/server.ts'

const PATH = `/Availability/${CUSTOMER_ID}`
const MINUTE_MS = 60_000
const NAMESPACE = 'http://schemas.datacontract.org/2004/07/Vitec.Housing.Connect.Api.Models.Availability'

function ask(server: TestServer, body: unknown, headers: Record<string, string> = {}): Promise<Answer> {
  return send(server, PATH, {
    body: typeof body === 'string' ? body : JSON.stringify(body),
    headers: { 'content-type': 'application/json', ...headers },
  })
}

function modelState(answer: Answer): Record<string, string[]> {
  return (answer.json as { modelState?: Record<string, string[]> }).modelState ?? {}
}

interface BusyItem {
  readonly startsAt: string
  readonly endsAt: string
  readonly showAs: string
}

interface AvailabilityAnswer {
  readonly timeZone: string
  readonly schedules: readonly { userId: string; busy: readonly BusyItem[]; error?: string }[]
  readonly slots?: readonly { startsAt: string; endsAt: string; userIds: readonly string[] }[]
}

const WINDOW = { from: '2026-03-26T08:00:00', to: '2026-03-26T12:00:00' }

describe('POST /Availability: requests', () => {
  test('busy intervals and slots for a known user; an unknown one and another customer\'s are errors with the same text', async (t) => {
    const server = await startServer(t)
    await server.store.addUser({ customerId: OTHER_CUSTOMER_ID, userId: 'OTHER1', name: 'Other' })
    const created = await send(server, `/Appointment/${CUSTOMER_ID}/${USER_ID}`, {
      body: JSON.stringify({ subject: 'Visning', location: 'Hemlig gata 1', startsAt: '2026-03-26T09:00:00', endsAt: '2026-03-26T10:00:00' }),
      headers: { 'content-type': 'application/json' },
    })
    assert.equal(created.status, 200, created.text)
    const answer = await ask(server, { userIds: [USER_ID, 'NOBODY', 'OTHER1'], ...WINDOW, duration: 60, step: 60 })
    assert.equal(answer.status, 200, answer.text)
    assert.deepEqual(answer.json, {
      timeZone: 'Europe/Stockholm',
      schedules: [
        { userId: USER_ID, busy: [{ startsAt: '2026-03-26T09:00:00.0000000+01:00', endsAt: '2026-03-26T10:00:00.0000000+01:00', showAs: 'Busy' }] },
        { userId: 'NOBODY', busy: [], error: `No user 'NOBODY' was found in customer '${CUSTOMER_ID}'.` },
        { userId: 'OTHER1', busy: [], error: `No user 'OTHER1' was found in customer '${CUSTOMER_ID}'.` },
      ],
      slots: [
        { startsAt: '2026-03-26T08:00:00.0000000+01:00', endsAt: '2026-03-26T09:00:00.0000000+01:00', userIds: [USER_ID] },
        { startsAt: '2026-03-26T10:00:00.0000000+01:00', endsAt: '2026-03-26T11:00:00.0000000+01:00', userIds: [USER_ID] },
        { startsAt: '2026-03-26T11:00:00.0000000+01:00', endsAt: '2026-03-26T12:00:00.0000000+01:00', userIds: [USER_ID] },
      ],
    })
    assert.ok(!answer.text.includes('Visning') && !answer.text.includes('Hemlig'), 'free/busy tells no subject or location')
  })

  test('an XML body gets an XML answer holding what the JSON answer holds', async (t) => {
    const server = await startServer(t)
    const xml = `<AvailabilityRequest xmlns="${NAMESPACE}"><UserIds><string>${USER_ID}</string><string>NOBODY</string></UserIds>`
      + `<From>${WINDOW.from}</From><To>${WINDOW.to}</To><Duration>60</Duration><Step>120</Step><Required>1</Required>`
      + '<WorkingHours><Days><DayOfWeek>Thursday</DayOfWeek></Days><Start>08:00</Start><End>11:00</End></WorkingHours>'
      + '</AvailabilityRequest>'
    const answer = await send(server, PATH, { body: xml, headers: { 'content-type': 'application/xml' } })
    assert.equal(answer.status, 200, answer.text)
    assert.match(answer.headers.get('content-type') ?? '', /^application\/xml/)
    assert.equal(answer.text, `<Availability xmlns:i="http://www.w3.org/2001/XMLSchema-instance" xmlns="${NAMESPACE}">`
      + `<Schedules><Schedule><Busy></Busy><UserId>${USER_ID}</UserId></Schedule>`
      + `<Schedule><Busy></Busy><Error>No user 'NOBODY' was found in customer '${CUSTOMER_ID}'.</Error><UserId>NOBODY</UserId></Schedule></Schedules>`
      + '<Slots><Slot><EndsAt>2026-03-26T09:00:00.0000000+01:00</EndsAt><StartsAt>2026-03-26T08:00:00.0000000+01:00</StartsAt>'
      + `<UserIds xmlns:d2p1="http://schemas.microsoft.com/2003/10/Serialization/Arrays"><d2p1:string>${USER_ID}</d2p1:string></UserIds></Slot>`
      + '<Slot><EndsAt>2026-03-26T11:00:00.0000000+01:00</EndsAt><StartsAt>2026-03-26T10:00:00.0000000+01:00</StartsAt>'
      + `<UserIds xmlns:d2p1="http://schemas.microsoft.com/2003/10/Serialization/Arrays"><d2p1:string>${USER_ID}</d2p1:string></UserIds></Slot></Slots>`
      + '<TimeZone>Europe/Stockholm</TimeZone></Availability>')
  })

  test('without credentials 401, without a grant for the customer 403, without a readable body 415', async (t) => {
    const server = await startServer(t)
    const body = JSON.stringify({ userIds: [USER_ID], ...WINDOW })
    const anonymous = await send(server, PATH, { body, headers: { authorization: '', 'content-type': 'application/json' } })
    assert.equal(anonymous.status, 401)
    const wrong = await send(server, PATH, { body, headers: { authorization: basicAuthorization('partner', 'wrong'), 'content-type': 'application/json' } })
    assert.equal(wrong.status, 401)
    const other = await send(server, `/Availability/${OTHER_CUSTOMER_ID}`, { body, headers: { 'content-type': 'application/json' } })
    assert.equal(other.status, 403, other.text)
    const plain = await send(server, PATH, { body, headers: { 'content-type': 'text/plain' } })
    assert.equal(plain.status, 415, plain.text)
  })

  const badBodies: readonly [string, unknown, readonly string[]][] = [
    ['no users', { ...WINDOW, userIds: [] }, ['userIds']],
    ['over 100 users', { ...WINDOW, userIds: Array.from({ length: 101 }, (_, index) => `U${index}`) }, ['userIds']],
    ['a duplicate user', { ...WINDOW, userIds: [USER_ID, USER_ID.toLowerCase()] }, ['userIds[1]']],
    ['to not after from', { userIds: [USER_ID], from: WINDOW.to, to: WINDOW.from }, ['to']],
    ['a window over 62 × 24 h', { userIds: [USER_ID], from: '2026-01-01', to: '2026-03-05' }, ['to']],
    ['from missing', { userIds: [USER_ID], to: WINDOW.to }, ['from']],
    ['an unknown zone', { ...WINDOW, userIds: [USER_ID], timeZone: 'Mars/Olympus' }, ['timeZone']],
    ['duration 4', { ...WINDOW, userIds: [USER_ID], duration: 4 }, ['duration']],
    ['step 1441', { ...WINDOW, userIds: [USER_ID], step: 1441 }, ['step']],
    ['buffer -1', { ...WINDOW, userIds: [USER_ID], buffer: -1 }, ['buffer']],
    ['required above the users', { ...WINDOW, userIds: [USER_ID], required: 2 }, ['required']],
    ['an unknown day', { ...WINDOW, userIds: [USER_ID], workingHours: { days: ['Caturday'], start: '08:00', end: '17:00' } },
      ['workingHours.days[0]']],
    ['a bad time', { ...WINDOW, userIds: [USER_ID], workingHours: { days: ['Monday'], start: '8am', end: '17:00' } },
      ['workingHours.start']],
    ['start not before end', { ...WINDOW, userIds: [USER_ID], workingHours: { days: ['Monday'], start: '17:00', end: '08:00' } },
      ['workingHours.end']],
    ['not JSON', '{"userIds": [', ['request']],
  ]
  for (const [name, body, fields] of badBodies) {
    test(`400 naming the field: ${name}`, async (t) => {
      const server = await startServer(t)
      const answer = await ask(server, body)
      assert.equal(answer.status, 400, answer.text)
      assert.deepEqual(Object.keys(modelState(answer)).sort(), [...fields].sort())
    })
  }

  test('400 in XML: an element twice; a number where the text is not one; another root', async (t) => {
    const server = await startServer(t)
    const bodies: readonly [string, string][] = [
      [`<From>${WINDOW.from}</From><From>${WINDOW.from}</From><To>${WINDOW.to}</To>`, 'from'],
      [`<From>${WINDOW.from}</From><To>${WINDOW.to}</To><Buffer>lots</Buffer>`, 'buffer'],
    ]
    for (const [elements, field] of bodies) {
      const xml = `<AvailabilityRequest xmlns="${NAMESPACE}"><UserIds><string>${USER_ID}</string></UserIds>${elements}</AvailabilityRequest>`
      const answer = await send(server, PATH, { body: xml, headers: { 'content-type': 'application/xml', accept: 'application/json' } })
      assert.equal(answer.status, 400, answer.text)
      assert.deepEqual(Object.keys(modelState(answer)), [field])
    }
    const wrongRoot = await send(server, PATH, { body: '<Appointment/>', headers: { 'content-type': 'application/xml', accept: 'application/json' } })
    assert.equal(wrongRoot.status, 400, wrongRoot.text)
    assert.deepEqual(Object.keys(modelState(wrongRoot)), ['request'])
  })
})

// ---- The model: every occurrence of every user from the listing, minute by minute. ----

const ZONES = ['Europe/Stockholm', 'America/New_York', 'Australia/Lord_Howe'] as const
/** Each zone's 2026 offset changes, as local dates. */
const CHANGES: Readonly<Record<(typeof ZONES)[number], readonly string[]>> = {
  'Europe/Stockholm': ['2026-03-29', '2026-10-25'],
  'America/New_York': ['2026-03-08', '2026-11-01'],
  'Australia/Lord_Howe': ['2026-04-05', '2026-10-04'],
}
const SHOW_AS = ['Free', 'Tentative', 'Busy', 'OutOfOffice'] as const
const RANK: Readonly<Record<string, number>> = { Tentative: 1, Busy: 2, OutOfOffice: 3 }
const DAYS = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'] as const

interface ListedItem {
  readonly appointmentId: string
  readonly occurrenceId: string | null
  readonly startsAt: string
  readonly endsAt: string
  readonly showAs?: string
}

const appointmentShape = fc.record({
  kind: fc.constantFrom('single', 'allDay', 'daily', 'weekly'),
  zone: fc.constantFrom(...ZONES),
  /** Minutes from the window's start, on a 15-minute grid. */
  offsetMinutes: fc.integer({ min: -2 * 96, max: 5 * 96 }).map((quarters) => quarters * 15),
  lengthMinutes: fc.integer({ min: 0, max: 16 }).map((quarters) => quarters * 15),
  showAs: fc.option(fc.constantFrom(...SHOW_AS), { nil: undefined }),
  exception: fc.option(fc.record({
    cancel: fc.boolean(), moveMinutes: fc.integer({ min: -48, max: 48 }).map((quarters) => quarters * 15),
    showAs: fc.option(fc.constantFrom(...SHOW_AS), { nil: undefined }),
  }), { nil: undefined }),
})

const firmShape = fc.record({
  users: fc.array(fc.array(appointmentShape, { maxLength: 5 }), { minLength: 1, maxLength: 4 }),
  unknown: fc.constantFrom('none', 'unknown', 'other'),
  zone: fc.constantFrom(...ZONES),
  changeIndex: fc.integer({ min: 0, max: 1 }),
  startQuarter: fc.integer({ min: -3 * 96, max: 0 }),
  lengthQuarters: fc.integer({ min: 8, max: 3 * 96 }),
  sendZone: fc.boolean(),
  duration: fc.option(fc.integer({ min: 1, max: 24 }).map((steps) => steps * 5), { nil: undefined }),
  step: fc.integer({ min: 1, max: 12 }).map((steps) => steps * 5),
  buffer: fc.integer({ min: 0, max: 6 }).map((steps) => steps * 5),
  workingHours: fc.option(fc.record({
    days: fc.oneof(fc.constant([...DAYS]), fc.uniqueArray(fc.constantFrom(...DAYS), { minLength: 1, maxLength: 7 })),
    // 01:00–02:30 often: in the spring gaps and the repeated autumn hours of the three zones.
    startHalfHour: fc.oneof(fc.constantFrom(2, 3, 4, 5), fc.integer({ min: 0, max: 30 })),
    lengthHalfHours: fc.integer({ min: 1, max: 30 }),
  }), { nil: undefined }),
  required: fc.option(fc.integer({ min: 1, max: 5 }), { nil: undefined }),
})

type Firm = typeof firmShape extends fc.Arbitrary<infer Shape> ? Shape : never
type AppointmentShape = typeof appointmentShape extends fc.Arbitrary<infer Shape> ? Shape : never

function wallText(time: Temporal.PlainDateTime): string {
  return time.toString({ smallestUnit: 'minute' })
}

function clock(minutes: number): string {
  return minutes === 1440 ? '24:00' : `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`
}

function appointmentBody(shape: AppointmentShape, windowStart: Temporal.PlainDateTime): Record<string, unknown> {
  const start = windowStart.add({ minutes: shape.offsetMinutes })
  const body: Record<string, unknown> = {
    subject: 'x', timeZone: shape.zone, startsAt: wallText(start), endsAt: wallText(start.add({ minutes: shape.lengthMinutes })),
    ...(shape.showAs && { showAs: shape.showAs }),
  }
  if (shape.kind === 'allDay') return { ...body, allDayEvent: true, startsAt: start.toPlainDate().toString(), endsAt: start.toPlainDate().toString() }
  if (shape.kind === 'daily') return { ...body, startsAt: wallText(start.subtract({ days: 3 })), endsAt: wallText(start.subtract({ days: 3 }).add({ minutes: shape.lengthMinutes })), recurrence: true, recurrencePattern: 'Daily', recurrenceCount: 10 }
  if (shape.kind === 'weekly') return { ...body, recurrence: true, recurrencePattern: 'Weekly', recurrenceDayOfWeeks: ['Monday', 'Thursday', 'Sunday'], recurrenceCount: 6 }
  return body
}

async function createFirm(server: TestServer, firm: Firm, run: number, windowStart: Temporal.PlainDateTime): Promise<string[]> {
  const userIds: string[] = []
  for (const [index, appointments] of firm.users.entries()) {
    const userId = `R${run}U${index}`
    await server.store.addUser({ customerId: CUSTOMER_ID, userId, name: null })
    userIds.push(userId)
    for (const shape of appointments) {
      const created = await send(server, `/Appointment/${CUSTOMER_ID}/${userId}`, {
        body: JSON.stringify(appointmentBody(shape, windowStart)), headers: { 'content-type': 'application/json' },
      })
      assert.equal(created.status, 200, created.text)
      if (shape.exception && shape.kind !== 'single' && shape.kind !== 'allDay') {
        await applyException(server, userId, created.json as string, shape.exception, windowStart)
      }
    }
  }
  if (firm.unknown === 'unknown') userIds.splice(1, 0, `R${run}NOBODY`)
  if (firm.unknown === 'other') {
    await server.store.addUser({ customerId: OTHER_CUSTOMER_ID, userId: `R${run}OTHER`, name: null })
    userIds.push(`R${run}OTHER`)
  }
  return userIds
}

/** Cancels or moves the series' first occurrence in the days around the window, by the id the listing gives. */
async function applyException(
  server: TestServer, userId: string, appointmentId: string,
  exception: NonNullable<AppointmentShape['exception']>, windowStart: Temporal.PlainDateTime,
): Promise<void> {
  const from = windowStart.subtract({ days: 1 }).toString({ smallestUnit: 'minute' })
  const to = windowStart.add({ days: 4 }).toString({ smallestUnit: 'minute' })
  const listing = await send(server, `/Appointment/${CUSTOMER_ID}/${userId}?from=${from}&to=${to}`, { method: 'GET' })
  const item = (listing.json as ListedItem[]).find((occurrence) => occurrence.appointmentId === appointmentId)
  if (!item?.occurrenceId) return
  const path = `/Appointment/${CUSTOMER_ID}/${userId}/${appointmentId}/occurrences/${item.occurrenceId}`
  if (exception.cancel) {
    assert.equal((await send(server, path, { method: 'DELETE' })).status, 204)
    return
  }
  const startsAt = Temporal.Instant.from(item.startsAt).add({ minutes: exception.moveMinutes }).toString()
  const changed = await send(server, path, {
    method: 'PUT', headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ startsAt, ...(exception.showAs && { showAs: exception.showAs }) }),
  })
  assert.equal(changed.status, 200, changed.text)
}

/** Every occurrence of the user overlapping [fromMs, toMs), as the listing gives them. */
async function listed(server: TestServer, userId: string, fromMs: number, toMs: number): Promise<ListedItem[]> {
  const from = encodeURIComponent(Temporal.Instant.fromEpochMilliseconds(fromMs).toString())
  const to = encodeURIComponent(Temporal.Instant.fromEpochMilliseconds(toMs).toString())
  const answer = await send(server, `/Appointment/${CUSTOMER_ID}/${userId}?from=${from}&to=${to}`, { method: 'GET' })
  assert.equal(answer.status, 200, answer.text)
  return answer.json as ListedItem[]
}

/** Minute → strongest blocking rank (0: free) over [fromMs, toMs). */
function minuteRanks(items: readonly ListedItem[], fromMs: number, toMs: number): Int8Array {
  const ranks = new Int8Array((toMs - fromMs) / MINUTE_MS)
  for (const item of items) {
    const rank = RANK[item.showAs ?? 'Busy'] ?? 0
    const start = Math.max(0, (Date.parse(item.startsAt) - fromMs) / MINUTE_MS)
    const end = Math.min(ranks.length, (Date.parse(item.endsAt) - fromMs) / MINUTE_MS)
    for (let minute = start; minute < end; minute++) ranks[minute] = Math.max(ranks[minute]!, rank)
  }
  return ranks
}

function formatted(epochMs: number, timeZone: string): string {
  return Temporal.Instant.fromEpochMilliseconds(epochMs).toZonedDateTimeISO(timeZone)
    .toString({ fractionalSecondDigits: 7, timeZoneName: 'never' })
}

const SHOW_AS_BY_RANK = ['', 'Tentative', 'Busy', 'OutOfOffice']

function modelBusy(ranks: Int8Array, firstMinute: number, minutes: number, fromMs: number, timeZone: string): BusyItem[] {
  const busy: BusyItem[] = []
  let minute = firstMinute
  while (minute < firstMinute + minutes) {
    const rank = ranks[minute]!
    let end = minute + 1
    while (end < firstMinute + minutes && ranks[end] === rank) end++
    if (rank > 0) {
      busy.push({ startsAt: formatted(fromMs + minute * MINUTE_MS, timeZone), endsAt: formatted(fromMs + end * MINUTE_MS, timeZone), showAs: SHOW_AS_BY_RANK[rank]! })
    }
    minute = end
  }
  return busy
}

/** [start, end, step origin] of each working period, by Temporal alone. */
function modelPeriods(firm: Firm, fromMs: number, toMs: number, timeZone: string): [number, number, number][] {
  const hours = firm.workingHours
  if (!hours) return [[fromMs, toMs, fromMs]]
  const periods: [number, number, number][] = []
  const first = Temporal.Instant.fromEpochMilliseconds(fromMs).toZonedDateTimeISO(timeZone).toPlainDate().subtract({ days: 1 })
  for (let date = first; Temporal.PlainDate.compare(date, first.add({ days: 6 })) <= 0; date = date.add({ days: 1 })) {
    if (!hours.days.includes(DAYS[date.dayOfWeek - 1]!)) continue
    const at = (minutes: number): number => date.toPlainDateTime({ hour: 0 }).add({ minutes })
      .toZonedDateTime(timeZone, { disambiguation: 'compatible' }).epochMilliseconds
    const start = at(hours.startHalfHour * 30)
    const end = at(Math.min(1440, (hours.startHalfHour + hours.lengthHalfHours) * 30))
    if (Math.max(start, fromMs) < Math.min(end, toMs)) periods.push([Math.max(start, fromMs), Math.min(end, toMs), start])
  }
  return periods
}

describe('POST /Availability: working hours on the days clocks change', () => {
  /** Zone, change date, a working-day start that does not exist or exists twice that day, and what it resolves to. */
  const cases: readonly [string, string, string, string][] = [
    ['Europe/Stockholm', '2026-03-29', '02:30', '2026-03-29T03:30:00.0000000+02:00'],
    ['Europe/Stockholm', '2026-10-25', '02:30', '2026-10-25T02:30:00.0000000+02:00'],
    ['America/New_York', '2026-03-08', '02:00', '2026-03-08T03:00:00.0000000-04:00'],
    ['America/New_York', '2026-11-01', '01:30', '2026-11-01T01:30:00.0000000-04:00'],
    ['Australia/Lord_Howe', '2026-10-04', '02:00', '2026-10-04T02:30:00.0000000+11:00'],
    ['Australia/Lord_Howe', '2026-04-05', '01:30', '2026-04-05T01:30:00.0000000+11:00'],
  ]
  for (const [timeZone, date, start, firstSlot] of cases) {
    test(`${timeZone} ${date}: a start at ${start} is the first slot at ${firstSlot}`, async (t) => {
      const server = await startServer(t)
      const answer = await ask(server, {
        userIds: [USER_ID], from: date, to: Temporal.PlainDate.from(date).add({ days: 1 }).toString(), timeZone,
        duration: 30, step: 30, workingHours: { days: [DAYS[Temporal.PlainDate.from(date).dayOfWeek - 1]], start, end: '04:00' },
      })
      assert.equal(answer.status, 200, answer.text)
      const slots = (answer.json as AvailabilityAnswer).slots ?? []
      assert.equal(slots[0]?.startsAt, firstSlot)
      const last = slots.at(-1)!
      assert.equal(Temporal.Instant.from(last.endsAt).epochMilliseconds,
        Temporal.PlainDateTime.from(`${date}T04:00`).toZonedDateTime(timeZone).epochMilliseconds)
    })
  }
})

describe('POST /Availability: seeded random firms against the listing, minute by minute', () => {
  test('busy intervals and slots equal the model', async (t) => {
    const server = await startServer(t)
    let run = 0
    await fc.assert(fc.asyncProperty(firmShape, async (firm) => {
      run++
      const timeZone = firm.sendZone ? firm.zone : 'Europe/Stockholm'
      const change = Temporal.PlainDate.from(CHANGES[firm.zone][firm.changeIndex]!)
      const windowStart = change.toPlainDateTime({ hour: 0 }).add({ minutes: firm.startQuarter * 15 + 12 * 60 })
      const userIds = await createFirm(server, firm, run, windowStart)
      const fromMs = windowStart.toZonedDateTime(timeZone, { disambiguation: 'compatible' }).epochMilliseconds
      const toMs = fromMs + firm.lengthQuarters * 15 * MINUTE_MS
      const required = firm.required === undefined || firm.required > userIds.length ? 'all' : firm.required
      const hours = firm.workingHours
      const body = {
        userIds, from: Temporal.Instant.fromEpochMilliseconds(fromMs).toString(), to: Temporal.Instant.fromEpochMilliseconds(toMs).toString(),
        ...(firm.sendZone && { timeZone }), duration: firm.duration, step: firm.step, buffer: firm.buffer, required,
        ...(hours && { workingHours: {
          days: hours.days, start: clock(hours.startHalfHour * 30), end: clock(Math.min(1440, (hours.startHalfHour + hours.lengthHalfHours) * 30)),
        } }),
      }
      const answer = await ask(server, body)
      assert.equal(answer.status, 200, answer.text)
      const actual = answer.json as AvailabilityAnswer

      // The model reads a buffer's width beyond each edge, where what blocks a slot may lie.
      const edge = firm.buffer * MINUTE_MS
      const known = new Map<string, Int8Array>()
      for (const userId of userIds.filter((id) => !id.includes('NOBODY') && !id.includes('OTHER'))) {
        known.set(userId, minuteRanks(await listed(server, userId, fromMs - edge, toMs + edge), fromMs - edge, toMs + edge))
      }
      const minutes = (toMs - fromMs) / MINUTE_MS
      const expectedSchedules = userIds.map((userId) => {
        const ranks = known.get(userId)
        if (!ranks) return { userId, busy: [], error: `No user '${userId}' was found in customer '${CUSTOMER_ID}'.` }
        return { userId, busy: modelBusy(ranks, firm.buffer, minutes, fromMs - edge, timeZone) }
      })
      assert.deepEqual(actual.schedules, expectedSchedules)
      assert.equal(actual.timeZone, timeZone)
      if (firm.duration === undefined) {
        assert.equal(actual.slots, undefined)
        return
      }
      const needed = required === 'all' ? known.size : required
      const expectedSlots: { startsAt: string; endsAt: string; userIds: string[] }[] = []
      for (const [start, end, origin] of modelPeriods(firm, fromMs, toMs, timeZone)) {
        const stepMs = firm.step * MINUTE_MS
        for (let slot = origin + Math.ceil((start - origin) / stepMs) * stepMs; slot + firm.duration * MINUTE_MS <= end; slot += stepMs) {
          const first = (slot - (fromMs - edge)) / MINUTE_MS - firm.buffer
          const free = [...known].filter(([, ranks]) => ranks.subarray(first, first + firm.duration! + 2 * firm.buffer).every((rank) => rank === 0))
            .map(([userId]) => userId)
          if (needed > 0 && free.length >= needed) {
            expectedSlots.push({ startsAt: formatted(slot, timeZone), endsAt: formatted(slot + firm.duration * MINUTE_MS, timeZone), userIds: free })
          }
        }
      }
      assert.deepEqual(actual.slots, expectedSlots)
    }), { seed: 1818, numRuns: 60 })
  })
})
