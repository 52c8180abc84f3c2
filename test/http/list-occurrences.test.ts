import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { APPOINTMENT_PATH, postJson, send, type Answer } from '../helpers/requests.ts'
import { CUSTOMER_ID, OTHER_CUSTOMER_ID, USER_ID, startServer, type TestServer } from '../helpers/server.ts'

const NS = 'http://schemas.datacontract.org/2004/07/Vitec.Housing.Connect.Api.Models.Appointment'

interface Item {
  appointmentId: string
  subject: string
  location: string | null
  note: string | null
  startsAt: string
  endsAt: string
  allDayEvent: boolean
  recurrence: boolean
}

async function create(server: TestServer, body: Record<string, unknown>): Promise<string> {
  const answer = await postJson(server, body)
  assert.equal(answer.status, 200, answer.text)
  return answer.json as string
}

function list(server: TestServer, query: string, headers: Record<string, string> = {}): Promise<Answer> {
  return send(server, `${APPOINTMENT_PATH}?${query}`, { method: 'GET', headers })
}

async function items(server: TestServer, from: string, to: string): Promise<Item[]> {
  const answer = await list(server, `from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}`)
  assert.equal(answer.status, 200, answer.text)
  assert.equal(answer.headers.get('link'), null)
  return answer.json as Item[]
}

function hoursBetween(start: string, end: string): number {
  return (Date.parse(end) - Date.parse(start)) / 3_600_000
}

function modelState(answer: Answer): Record<string, string[]> {
  assert.equal(answer.status, 400, answer.text)
  const body = answer.json as { message: string; modelState: Record<string, string[]> }
  assert.equal(body.message, 'The request is invalid.')
  return body.modelState
}

describe('GET Appointment/{customerId}/{id}?from&to lists occurrences', () => {
  test('single appointments and series of every pattern, sorted by start, ties by appointment id', async (t) => {
    const server = await startServer(t)
    const single = await create(server, { subject: 'Visning', location: 'Storgatan 1', note: 'Nycklar', startsAt: '2026-03-10T09:00:00', endsAt: '2026-03-10T10:00:00' })
    const daily = await create(server, { subject: 'Daglig', startsAt: '2026-03-09T09:00:00', recurrence: true, recurrencePattern: 'Daily', recurrenceCount: 3 })
    const weekly = await create(server, { subject: 'Tisdagar', startsAt: '2026-01-06T08:00:00', endsAt: '2026-01-06T08:30:00', recurrence: true, recurrencePattern: 'Weekly', recurrenceDayOfWeeks: ['Tuesday'] })
    const monthly = await create(server, { subject: 'Den tionde', startsAt: '2025-12-10T09:00:00', recurrence: true, recurrencePattern: 'Monthly' })
    const yearly = await create(server, { subject: 'Årsdag', startsAt: '2020-03-10', allDayEvent: true, recurrence: true, recurrencePattern: 'Yearly' })
    await create(server, { subject: 'Before', startsAt: '2026-03-08T10:00:00' })
    await create(server, { subject: 'After', startsAt: '2026-03-12T00:00:00' })

    const listed = await items(server, '2026-03-09', '2026-03-12')
    const tied = [single, daily, monthly].sort()
    assert.deepEqual(listed.map((item) => [item.appointmentId, item.startsAt]), [
      [daily, '2026-03-09T09:00:00.0000000+01:00'],
      [yearly, '2026-03-10T00:00:00.0000000+01:00'],
      [weekly, '2026-03-10T08:00:00.0000000+01:00'],
      ...tied.map((id) => [id, '2026-03-10T09:00:00.0000000+01:00']),
      [daily, '2026-03-11T09:00:00.0000000+01:00'],
    ])
    assert.deepEqual(listed.find((item) => item.appointmentId === single), {
      appointmentId: single, occurrenceId: null, subject: 'Visning', location: 'Storgatan 1', note: 'Nycklar',
      startsAt: '2026-03-10T09:00:00.0000000+01:00', endsAt: '2026-03-10T10:00:00.0000000+01:00',
      originalStartsAt: null, allDayEvent: false, recurrence: false, showAs: 'Busy',
    })
    const all = listed.find((item) => item.appointmentId === yearly)
    assert.deepEqual([all?.endsAt, all?.allDayEvent, all?.recurrence], ['2026-03-11T00:00:00.0000000+01:00', true, true])
  })

  test('overlap is [from, to): running across from counts, ending at from or starting at to does not', async (t) => {
    const server = await startServer(t)
    const across = await create(server, { subject: 'across', startsAt: '2026-03-08T23:00:00', endsAt: '2026-03-09T01:00:00' })
    await create(server, { subject: 'ends at from', startsAt: '2026-03-08T22:00:00', endsAt: '2026-03-09T00:00:00' })
    const instant = await create(server, { subject: 'zero length at from', startsAt: '2026-03-09T00:00:00' })
    await create(server, { subject: 'starts at to', startsAt: '2026-03-10T00:00:00', endsAt: '2026-03-10T01:00:00' })
    const listed = await items(server, '2026-03-09', '2026-03-10')
    assert.deepEqual(listed.map((item) => item.appointmentId), [across, instant])
  })

  test('all-day occurrences run midnight to midnight in Stockholm: 23 h and 25 h on the change days', async (t) => {
    const server = await startServer(t)
    await create(server, { subject: 'Heldag', startsAt: '2026-03-01', allDayEvent: true, recurrence: true, recurrencePattern: 'Daily' })
    const spring = await items(server, '2026-03-28', '2026-03-31')
    assert.deepEqual(spring.map((item) => [item.startsAt, item.endsAt]), [
      ['2026-03-28T00:00:00.0000000+01:00', '2026-03-29T00:00:00.0000000+01:00'],
      ['2026-03-29T00:00:00.0000000+01:00', '2026-03-30T00:00:00.0000000+02:00'],
      ['2026-03-30T00:00:00.0000000+02:00', '2026-03-31T00:00:00.0000000+02:00'],
    ])
    assert.deepEqual(spring.map((item) => hoursBetween(item.startsAt, item.endsAt)), [24, 23, 24])
    const autumn = await items(server, '2026-10-25', '2026-10-26')
    assert.deepEqual(autumn.map((item) => [item.startsAt, item.endsAt]),
      [['2026-10-25T00:00:00.0000000+02:00', '2026-10-26T00:00:00.0000000+01:00']])
    assert.equal(hoursBetween(autumn[0]!.startsAt, autumn[0]!.endsAt), 25)
  })

  test('a multi-day all-day series ends at the midnight after its last day', async (t) => {
    const server = await startServer(t)
    await create(server, { subject: 'Helg', startsAt: '2026-03-28', endsAt: '2026-03-29', allDayEvent: true, recurrence: true, recurrencePattern: 'Weekly' })
    const listed = await items(server, '2026-03-23', '2026-04-06')
    assert.deepEqual(listed.map((item) => [item.startsAt, item.endsAt]), [
      ['2026-03-28T00:00:00.0000000+01:00', '2026-03-30T00:00:00.0000000+02:00'],
      ['2026-04-04T00:00:00.0000000+02:00', '2026-04-06T00:00:00.0000000+02:00'],
    ])
  })

  test('a daily series started in 1990 lists one month of 2026 at the same wall time', async (t) => {
    const server = await startServer(t)
    const id = await create(server, { subject: 'Sedan 1990', startsAt: '1990-01-01T09:00:00', endsAt: '1990-01-01T09:15:00', recurrence: true, recurrencePattern: 'Daily' })
    const listed = await items(server, '2026-03-01', '2026-04-01')
    assert.equal(listed.length, 31)
    assert.ok(listed.every((item) => item.appointmentId === id && item.startsAt.slice(11, 16) === '09:00'))
    assert.equal(listed[0]?.startsAt, '2026-03-01T09:00:00.0000000+01:00')
    assert.equal(listed[28]?.startsAt, '2026-03-29T09:00:00.0000000+02:00')
    assert.equal(listed[30]?.endsAt, '2026-03-31T09:15:00.0000000+02:00')
  })

  test('a series in New York is shown with New York offsets, in a window read in the customer\'s zone', async (t) => {
    const server = await startServer(t)
    await create(server, {
      subject: 'NY', timeZone: 'America/New_York', startsAt: '2026-03-05T23:30:00', endsAt: '2026-03-06T00:00:00',
      recurrence: true, recurrencePattern: 'Daily',
    })
    // Stockholm 2026-03-08 00:00 → 2026-03-10 00:00 is New York 03-07 18:00 → 03-09 19:00.
    const listed = await items(server, '2026-03-08', '2026-03-10')
    assert.deepEqual(listed.map((item) => [item.startsAt, item.endsAt]), [
      ['2026-03-07T23:30:00.0000000-05:00', '2026-03-08T00:00:00.0000000-05:00'],
      ['2026-03-08T23:30:00.0000000-04:00', '2026-03-09T00:00:00.0000000-04:00'],
    ])
  })

  test('from and to without offset are the customer\'s wall time; with an offset, instants', async (t) => {
    const server = await startServer(t)
    const early = await create(server, { subject: 'early', startsAt: '2026-03-01T00:30:00', endsAt: '2026-03-01T01:00:00' })
    assert.deepEqual((await items(server, '2026-03-01', '2026-03-02')).map((item) => item.appointmentId), [early])
    assert.deepEqual(await items(server, '2026-03-01T00:00:00Z', '2026-03-02T00:00:00Z'), [])
    assert.equal((await items(server, '2026-02-28T22:00:00Z', '2026-03-01T00:00:00+01:00')).length, 0)
    assert.equal((await items(server, '2026-03-01T00:00:00+01:00', '2026-03-01T00:30:00.0000001+01:00')).length, 1)
    const unencodedPlus = await list(server, 'from=2026-03-01T00:00:00+01:00&to=2026-03-01T02:00:00+01:00')
    assert.equal(unencodedPlus.status, 200, 'a + that arrives as a space is read as +')
    assert.equal((unencodedPlus.json as Item[]).length, 1)
    const basicOffsets = await list(server, 'from=2026-03-01T00:00:00%2B0100&to=2026-03-01T02:00:00 01')
    assert.equal((basicOffsets.json as Item[]).length, 1, 'offsets +0100 and +01, even with the + sent raw')
    const upperCase = await list(server, 'FROM=2026-03-01&To=2026-03-02')
    assert.equal((upperCase.json as Item[]).length, 1, 'parameter names are case-insensitive')
  })

  test('XML: ArrayOfOccurrence of Occurrence elements in ordinal order; an empty listing is an empty array', async (t) => {
    const server = await startServer(t)
    const id = await create(server, { subject: 'R&D <1>', startsAt: '2026-03-10T09:00:00', endsAt: '2026-03-10T10:00:00' })
    const answer = await list(server, 'from=2026-03-10&to=2026-03-11', { accept: 'application/xml' })
    assert.equal(answer.status, 200)
    assert.match(answer.headers.get('content-type') ?? '', /^application\/xml/)
    assert.equal(answer.text, `<ArrayOfOccurrence xmlns:i="http://www.w3.org/2001/XMLSchema-instance" xmlns="${NS}">`
      + `<Occurrence><AllDayEvent>false</AllDayEvent><AppointmentId>${id}</AppointmentId>`
      + '<EndsAt>2026-03-10T10:00:00.0000000+01:00</EndsAt><Location i:nil="true"/><Note i:nil="true"/>'
      + '<OccurrenceId i:nil="true"/><OriginalStartsAt i:nil="true"/>'
      + '<Recurrence>false</Recurrence><ShowAs>Busy</ShowAs><StartsAt>2026-03-10T09:00:00.0000000+01:00</StartsAt>'
      + '<Subject>R&amp;D &lt;1&gt;</Subject></Occurrence></ArrayOfOccurrence>')
    const empty = await list(server, 'from=2027-03-10&to=2027-03-11', { accept: 'text/xml' })
    assert.match(empty.text, /^<ArrayOfOccurrence [^>]*><\/ArrayOfOccurrence>$/)
    assert.equal((await list(server, 'from=2027-03-10&to=2027-03-11')).text, '[]')
  })

  test('another user\'s appointments are not listed', async (t) => {
    const server = await startServer(t)
    await server.store.addUser({ customerId: CUSTOMER_ID, userId: 'MED002', name: 'Colleague' })
    await send(server, `/Appointment/${CUSTOMER_ID}/MED002`, {
      body: JSON.stringify({ subject: 'theirs', startsAt: '2026-03-10T09:00:00' }), headers: { 'content-type': 'application/json' },
    })
    const mine = await create(server, { subject: 'mine', startsAt: '2026-03-10T10:00:00' })
    assert.deepEqual((await items(server, '2026-03-10', '2026-03-11')).map((item) => item.appointmentId), [mine])
  })

  test('401, 403 and 404 as for create', async (t) => {
    const server = await startServer(t)
    const query = '?from=2026-03-01&to=2026-03-02'
    const unauthorized = await send(server, `${APPOINTMENT_PATH}${query}`, { method: 'GET', headers: { authorization: '' } })
    assert.equal(unauthorized.status, 401)
    assert.equal((await send(server, `/Appointment/${OTHER_CUSTOMER_ID}/${USER_ID}${query}`, { method: 'GET' })).status, 403)
    assert.equal((await send(server, `/Appointment/${CUSTOMER_ID}/NOBODY${query}`, { method: 'GET' })).status, 404)
  })
})

describe('the listing window is checked: 400 with modelState keyed by parameter', () => {
  test('from and to are required', async (t) => {
    const server = await startServer(t)
    assert.deepEqual(Object.keys(modelState(await list(server, ''))).sort(), ['from', 'to'])
    const onlyFrom = modelState(await list(server, 'from=2026-03-01'))
    assert.deepEqual(Object.keys(onlyFrom), ['to'])
    assert.match(onlyFrom.to?.[0] ?? '', /required/)
  })

  test('unreadable or non-existent dates, repeated parameters', async (t) => {
    const server = await startServer(t)
    const state = modelState(await list(server, 'from=01/03/2026&to=2026-02-30'))
    assert.deepEqual(Object.keys(state).sort(), ['from', 'to'])
    assert.match(state.from?.[0] ?? '', /ISO 8601.*Europe\/Stockholm/)
    assert.deepEqual(Object.keys(modelState(await list(server, 'from=2026-03-01&from=2026-03-02&to=2026-04-01'))), ['from'])
  })

  test('to must be after from', async (t) => {
    const server = await startServer(t)
    for (const query of ['from=2026-03-01&to=2026-03-01', 'from=2026-03-02&to=2026-03-01', 'from=2026-03-01T01:00:00%2B01:00&to=2026-03-01']) {
      const state = modelState(await list(server, query))
      assert.deepEqual(Object.keys(state), ['to'], query)
      assert.match(state.to?.[0] ?? '', /must be after from/)
    }
  })

  test('366 × 24 hours is the longest window; a moment more is 400', async (t) => {
    const server = await startServer(t)
    await create(server, { subject: 'x', startsAt: '2026-06-01T10:00:00' })
    const longest = await list(server, 'from=2026-01-01&to=2027-01-02')
    assert.equal(longest.status, 200, longest.text)
    assert.equal((longest.json as Item[]).length, 1)
    assert.equal((await list(server, 'from=2026-03-01T00:00:00Z&to=2027-03-02T00:00:00Z')).status, 200)
    const state = modelState(await list(server, 'from=2026-01-01&to=2027-01-02T00:00:00.0000001'))
    assert.deepEqual(Object.keys(state), ['to'])
    assert.match(state.to?.[0] ?? '', /at most 366 days/)
    assert.deepEqual(Object.keys(modelState(await list(server, 'from=2000-01-01&to=2030-01-01'))), ['to'])
  })

  test('a cursor the server did not write is refused under "after"', async (t) => {
    const server = await startServer(t)
    for (const after of ['garbage!', 'bm90IGEgY3Vyc29y', '']) {
      const answer = await list(server, `from=2026-03-01&to=2026-04-01&after=${after}`)
      assert.deepEqual(Object.keys(modelState(answer)), ['after'], after)
    }
  })

  test('XML clients get the <Error> shape with the parameter keys', async (t) => {
    const server = await startServer(t)
    const answer = await list(server, 'from=2026-03-01', { accept: 'application/xml' })
    assert.equal(answer.status, 400)
    assert.match(answer.text, /^<Error><Message>The request is invalid\.<\/Message><ModelState><to>The to parameter is required/)
  })
})

describe('paging past 5,000 occurrences', () => {
  interface Page { items: Item[]; next: string | undefined }

  async function page(server: TestServer, path: string, headers: Record<string, string> = {}): Promise<Page> {
    const answer = await send(server, path, { method: 'GET', headers })
    assert.equal(answer.status, 200, answer.text)
    const link = answer.headers.get('link')
    const next = link === null ? undefined : /^<([^>]+)>; rel="next"$/.exec(link)?.[1]
    if (link !== null) assert.ok(next, `Link header ${link}`)
    return { items: answer.json as Item[], next }
  }

  function key(item: Item): string {
    return `${item.startsAt} ${item.appointmentId}`
  }

  test('pages of 5,000 with a Link to the next concatenate to exactly the whole sorted set', async (t) => {
    const server = await startServer(t)
    // 14 daily series at the same time of day (every start a 14-way tie), 3 at other times, and singles.
    for (let index = 0; index < 14; index++) {
      await create(server, { subject: `tie ${index}`, startsAt: '2025-06-01T09:00:00', endsAt: '2025-06-01T10:00:00', recurrence: true, recurrencePattern: 'Daily' })
    }
    for (const [time, interval] of [['07:15', 1], ['12:00', 2], ['18:30', 3]] as const) {
      await create(server, { subject: time, startsAt: `2026-01-01T${time}:00`, recurrence: true, recurrencePattern: 'Daily', recurrenceInterval: interval })
    }
    for (const day of ['2026-01-01', '2026-05-17', '2026-12-31']) {
      await create(server, { subject: 'single', startsAt: `${day}T09:00:00`, endsAt: `${day}T09:30:00` })
    }
    const from = '2026-01-01'
    const to = '2027-01-02'
    const pages: Page[] = [await page(server, `${APPOINTMENT_PATH}?from=${from}&to=${to}`)]
    while (pages.at(-1)?.next) pages.push(await page(server, pages.at(-1)!.next!))

    const expectedTotal = 366 * 14 + 366 + 183 + 122 + 3
    assert.equal(pages.length, 2)
    assert.deepEqual(pages.map((p) => p.items.length), [5000, expectedTotal - 5000])
    assert.match(pages[0]!.next!, new RegExp(`^/Appointment/${CUSTOMER_ID}/${USER_ID}\\?from=${from}&to=${to}&after=[\\w-]+$`))
    const paged = pages.flatMap((p) => p.items)
    assert.equal(new Set(paged.map(key)).size, paged.length, 'no duplicates')

    // The same set read month by month (each well under a page) is the reference.
    const reference: Item[] = []
    for (let month = 0; month <= 12; month++) {
      const start = new Date(Date.UTC(2026, month, 1)).toISOString().slice(0, 10)
      const end = month === 12 ? to : new Date(Date.UTC(2026, month + 1, 1)).toISOString().slice(0, 10)
      reference.push(...await items(server, start, end))
    }
    assert.equal(reference.length, expectedTotal)
    assert.deepEqual(paged, reference)
    for (let index = 1; index < paged.length; index++) {
      const [a, b] = [paged[index - 1]!, paged[index]!]
      const order = Date.parse(a.startsAt) - Date.parse(b.startsAt) || (a.appointmentId < b.appointmentId ? -1 : 1)
      assert.ok(order < 0, `sorted at ${index}: ${key(a)} then ${key(b)}`)
    }
  })

  test('XML listings page the same way', async (t) => {
    const server = await startServer(t)
    for (let index = 0; index < 15; index++) {
      await create(server, { subject: `s${index}`, startsAt: '2026-01-01T09:00:00', recurrence: true, recurrencePattern: 'Daily' })
    }
    const first = await send(server, `${APPOINTMENT_PATH}?from=2026-01-01&to=2027-01-01`, { method: 'GET', headers: { accept: 'application/xml' } })
    assert.equal(first.text.match(/<Occurrence>/g)?.length, 5000)
    const next = /^<([^>]+)>; rel="next"$/.exec(first.headers.get('link') ?? '')?.[1]
    assert.ok(next)
    const second = await send(server, next, { method: 'GET', headers: { accept: 'application/xml' } })
    assert.equal(second.text.match(/<Occurrence>/g)?.length, 15 * 365 - 5000)
    assert.equal(second.headers.get('link'), null)
  })
})

describe('found by the fuzz and fault run (issue 9)', () => {
  test('from and to with an offset beyond ±14:00 are a 400 on that parameter, saying the range', async (t) => {
    const server = await startServer(t)
    const cases: [string, string][] = [
      ['from=2026-03-10T10:00:00%2B14:01&to=2026-03-12', 'from'],
      ['from=2026-03-10&to=2026-03-12T10:00:00-14:30', 'to'],
      ['from=2026-03-10T10:00:00%2B1500&to=2026-03-12', 'from'],
    ]
    for (const [query, parameter] of cases) {
      const state = modelState(await list(server, query))
      assert.deepEqual(Object.keys(state), [parameter], query)
      assert.match(state[parameter]?.join(' ') ?? '', /-14:00 to \+14:00/, query)
    }
    assert.equal((await list(server, 'from=2026-03-10T10:00:00%2B14:00&to=2026-03-12T10:00:00-14:00')).status, 200)
  })
})
