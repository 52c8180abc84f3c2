import assert from 'node:assert/strict'
import { MEDIA_TYPE_DETAIL } from '../../src/http/http-error.ts'
import { describe, test } from 'node:test'
import { APPOINTMENT_PATH, modelStateKeys, postJson, send, type Answer } from '../helpers/requests.ts'
import {
  CUSTOMER_ID, OTHER_CUSTOMER_ID, USER_ID, startServer, type TestServer,
} from '../helpers/server.ts'

const NS = 'http://schemas.datacontract.org/2004/07/Vitec.Housing.Connect.Api.Models.Appointment'
const ROOT_NAMESPACES = `xmlns:i="http://www.w3.org/2001/XMLSchema-instance" xmlns="${NS}"`
const COLLEAGUE_ID = 'MED002'

function itemPath(appointmentId: string, userId = USER_ID, customerId = CUSTOMER_ID): string {
  return `/Appointment/${customerId}/${userId}/${appointmentId}`
}

async function create(server: TestServer, body: Record<string, unknown>): Promise<string> {
  const answer = await postJson(server, body)
  assert.equal(answer.status, 200, answer.text)
  return answer.json as string
}

function get(server: TestServer, path: string, headers: Record<string, string> = {}): Promise<Answer> {
  return send(server, path, { method: 'GET', headers })
}

function put(server: TestServer, path: string, body: unknown, headers: Record<string, string> = {}): Promise<Answer> {
  return send(server, path, {
    method: 'PUT',
    body: typeof body === 'string' ? body : JSON.stringify(body),
    headers: { 'content-type': 'application/json', ...headers },
  })
}

function del(server: TestServer, path: string, headers: Record<string, string> = {}): Promise<Answer> {
  return send(server, path, { method: 'DELETE', headers })
}

async function getJsonBody(server: TestServer, id: string): Promise<Record<string, unknown>> {
  const answer = await get(server, itemPath(id))
  assert.equal(answer.status, 200, answer.text)
  return answer.json as Record<string, unknown>
}

function errorMessage(answer: Answer): string {
  return (answer.json as { message: string }).message
}

describe('GET Appointment/{customerId}/{id}/{appointmentId}', () => {
  test('JSON: the create body shape with id and time zone, dates with the day\'s offset, enums by name, an ETag', async (t) => {
    const server = await startServer(t)
    const id = await create(server, {
      subject: 'Visning', location: 'Storgatan 1', startsAt: '2026-03-02T09:00:00.5', endsAt: '2026-03-02T10:00:00',
      recurrence: true, recurrencePattern: 1, recurrenceDayOfWeeks: ['friday', 'Monday'], recurrenceInterval: 2,
      recurrenceEndsAt: '2026-06-30',
    })
    const answer = await get(server, itemPath(id))
    assert.equal(answer.status, 200, answer.text)
    assert.match(answer.headers.get('content-type') ?? '', /^application\/json/)
    assert.equal(answer.headers.get('etag'), '"1"')
    assert.equal(answer.text, JSON.stringify({
      id, subject: 'Visning', location: 'Storgatan 1',
      startsAt: '2026-03-02T09:00:00.5000000+01:00', endsAt: '2026-03-02T10:00:00.0000000+01:00',
      allDayEvent: false, note: null, recurrence: true, recurrencePattern: 'Weekly',
      recurrenceDayOfWeeks: ['Monday', 'Friday'], recurrenceInterval: 2, recurrenceMonth: 0, recurrenceDay: 0,
      timeZone: 'Europe/Stockholm', recurrenceEndsAt: '2026-06-30', showAs: 'Busy', exceptions: [],
    }))
  })

  test('a one-off appointment leaves the recurrence details out; summer dates carry +02:00', async (t) => {
    const server = await startServer(t)
    const id = await create(server, { subject: 'Once', startsAt: '2026-07-01T08:00:00Z', note: 'Nycklar' })
    assert.deepEqual(await getJsonBody(server, id), {
      id, subject: 'Once', location: null, startsAt: '2026-07-01T10:00:00.0000000+02:00',
      endsAt: '2026-07-01T10:00:00.0000000+02:00', allDayEvent: false, note: 'Nycklar', recurrence: false,
      timeZone: 'Europe/Stockholm', showAs: 'Busy',
    })
  })

  test('XML: Appointment in the data-contract namespace, elements in ordinal order, nil and System weekdays', async (t) => {
    const server = await startServer(t)
    const id = await create(server, {
      subject: 'A & B <c>', startsAt: '2026-01-31T10:00:00', recurrence: true, recurrencePattern: 'Monthly',
      recurrenceCount: 12,
    })
    const answer = await get(server, itemPath(id), { accept: 'application/xml' })
    assert.equal(answer.status, 200)
    assert.match(answer.headers.get('content-type') ?? '', /^application\/xml/)
    assert.equal(answer.headers.get('etag'), '"1"')
    assert.equal(answer.text, `<Appointment ${ROOT_NAMESPACES}>`
      + '<AllDayEvent>false</AllDayEvent><EndsAt>2026-01-31T10:00:00.0000000+01:00</EndsAt>'
      + `<Id>${id}</Id><Location i:nil="true"/><Note i:nil="true"/><Recurrence>true</Recurrence>`
      + '<RecurrenceCount>12</RecurrenceCount><RecurrenceDay>31</RecurrenceDay>'
      + '<RecurrenceDayOfWeeks xmlns:d2p1="http://schemas.datacontract.org/2004/07/System"></RecurrenceDayOfWeeks>'
      + '<RecurrenceInterval>1</RecurrenceInterval><RecurrenceMonth>0</RecurrenceMonth>'
      + '<RecurrencePattern>Monthly</RecurrencePattern><ShowAs>Busy</ShowAs><StartsAt>2026-01-31T10:00:00.0000000+01:00</StartsAt>'
      + '<Subject>A &amp; B &lt;c&gt;</Subject><TimeZone>Europe/Stockholm</TimeZone><Exceptions></Exceptions></Appointment>')
  })

  test('the timeZone extension is kept and shown with its own offsets', async (t) => {
    const server = await startServer(t)
    const id = await create(server, {
      subject: 'NY', startsAt: '2026-03-07T09:00:00', endsAt: '2026-03-07T09:30:00', timeZone: 'America/New_York',
      recurrence: true, recurrencePattern: 'Daily', recurrenceCount: 3,
    })
    const body = await getJsonBody(server, id)
    assert.equal(body.timeZone, 'America/New_York')
    assert.equal(body.startsAt, '2026-03-07T09:00:00.0000000-05:00')
    assert.equal(body.recurrenceCount, 3)
  })

  test('local mean time (offsets with seconds, Stockholm +00:53:28 in 1800) is written in UTC, exactly', async (t) => {
    const server = await startServer(t)
    const id = await create(server, { subject: 'LMT', startsAt: '1800-01-01T12:00:00Z' })
    const body = await getJsonBody(server, id)
    assert.equal(body.startsAt, '1800-01-01T12:00:00.0000000Z')
    assert.equal((await put(server, itemPath(id), body)).status, 200)
    assert.equal((await getJsonBody(server, id)).startsAt, '1800-01-01T12:00:00.0000000Z')
    const listing = await get(server, `${APPOINTMENT_PATH}?from=1800-01-01&to=1800-01-02`)
    assert.deepEqual((listing.json as Array<{ startsAt: string }>).map((item) => item.startsAt),
      ['1800-01-01T12:00:00.0000000Z'])
  })

  test('an all-day appointment shows local midnights of its first and last day', async (t) => {
    const server = await startServer(t)
    const id = await create(server, { subject: 'Mässa', startsAt: '2026-03-28', endsAt: '2026-03-30', allDayEvent: true })
    const body = await getJsonBody(server, id)
    assert.equal(body.startsAt, '2026-03-28T00:00:00.0000000+01:00')
    assert.equal(body.endsAt, '2026-03-30T00:00:00.0000000+02:00')
  })

  test('404 for an unknown id, an id that cannot be ours, and another user\'s appointment', async (t) => {
    const server = await startServer(t)
    await server.store.addUser({ customerId: CUSTOMER_ID, userId: COLLEAGUE_ID, name: 'Colleague' })
    const id = await create(server, { subject: 'Mine', startsAt: '2026-01-01T10:00:00' })
    for (const path of [
      itemPath('AAAAAAAAAAAAAAAAAAAAAA'), itemPath('x'.repeat(65)), itemPath('bad%20id'), itemPath('%C3%A5'),
      itemPath(id, COLLEAGUE_ID),
    ]) {
      for (const answer of [await get(server, path), await del(server, path),
        await put(server, path, { subject: 'x', startsAt: '2026-01-01T10:00:00' })]) {
        assert.equal(answer.status, 404, `${path}: ${answer.text}`)
        assert.match(errorMessage(answer), /was not found/)
      }
    }
    assert.equal((await get(server, itemPath(id))).status, 200, 'still there for its owner')
  })

  test('appointment ids are case-sensitive even though the route is not', async (t) => {
    const server = await startServer(t)
    const id = await create(server, { subject: 'Case', startsAt: '2026-01-01T10:00:00' })
    const lower = `/appointment/${CUSTOMER_ID.toLowerCase()}/${USER_ID.toLowerCase()}/${id}`
    assert.equal((await get(server, lower)).status, 200)
    const flipped = id.replace(/[a-z]/, (char) => char.toUpperCase()).replace(/^[A-Z]/, (char) => char.toLowerCase())
    if (flipped !== id) assert.equal((await get(server, itemPath(flipped))).status, 404)
  })

  test('401, 403 and 404 for the user come first, as for create', async (t) => {
    const server = await startServer(t)
    const id = await create(server, { subject: 'x', startsAt: '2026-01-01T10:00:00' })
    for (const method of ['GET', 'PUT', 'DELETE']) {
      const unauthorized = await send(server, itemPath(id), { method, headers: { authorization: '' } })
      assert.equal(unauthorized.status, 401, method)
      assert.match(unauthorized.headers.get('www-authenticate') ?? '', /^Basic /)
      assert.equal((await send(server, itemPath(id, USER_ID, OTHER_CUSTOMER_ID), { method })).status, 403, method)
      const noUser = await send(server, itemPath(id, 'NOBODY'), { method })
      assert.equal(noUser.status, 404, method)
      assert.match(errorMessage(noUser), /NOBODY/)
    }
  })
})

describe('round trip: what GET answers, PUT or POST takes back unchanged', () => {
  const bodies: Array<[string, Record<string, unknown>]> = [
    ['a timed one-off with 7 fraction digits', {
      subject: 'Visning', location: 'Storgatan 1', note: 'Ta med nycklar',
      startsAt: '2026-11-08T15:50:00.3131398+01:00', endsAt: '2026-11-08T16:50:00.3131398+01:00',
    }],
    ['a multi-day all-day appointment across the spring change', {
      subject: 'Mässa', startsAt: '2026-03-28', endsAt: '2026-03-30', allDayEvent: true,
    }],
    ['a weekly series every other week with an end date', {
      subject: 'Veckomöte', startsAt: '2026-01-05T09:00:00', endsAt: '2026-01-05T09:45:00', recurrence: true,
      recurrencePattern: 'Weekly', recurrenceDayOfWeeks: ['Wednesday', 'Monday'], recurrenceInterval: 2,
      recurrenceEndsAt: '2026-12-31',
    }],
    ['a monthly series on the 31st with a count', {
      subject: 'Månadsavstämning', startsAt: '2026-01-31T14:00:00', recurrence: true, recurrencePattern: 'Monthly',
      recurrenceCount: 24,
    }],
    ['a yearly series on Feb 29', {
      subject: 'Skottdag', startsAt: '2024-02-29T12:00:00', recurrence: true, recurrencePattern: 'Yearly',
      recurrenceMonth: 2, recurrenceDay: 29,
    }],
    ['a daily series in New York', {
      subject: 'NY', startsAt: '2026-03-07T23:30:00', endsAt: '2026-03-08T00:15:00', timeZone: 'America/New_York',
      recurrence: true, recurrencePattern: 'Daily', recurrenceInterval: 3,
    }],
    ['a daily series starting inside the spring-forward gap', {
      subject: 'Natt', startsAt: '2026-03-29T02:30:00', endsAt: '2026-03-29T03:45:00', recurrence: true,
      recurrencePattern: 'Daily',
    }],
  ]

  for (const [name, body] of bodies) {
    test(`${name}: JSON GET → PUT and → POST give the same appointment`, async (t) => {
      const server = await startServer(t)
      const id = await create(server, body)
      const before = await server.store.getAppointment({ customerId: CUSTOMER_ID, userId: USER_ID, appointmentId: id })
      const read = await get(server, itemPath(id))
      const replaced = await put(server, itemPath(id), read.text, { 'if-match': read.headers.get('etag') ?? '' })
      assert.equal(replaced.status, 200, replaced.text)
      const after = await server.store.getAppointment({ customerId: CUSTOMER_ID, userId: USER_ID, appointmentId: id })
      assert.ok(before && after)
      assert.deepEqual(dataOf(after), dataOf(before))
      assert.equal((await get(server, itemPath(id))).text, read.text, 'the GET answer is unchanged')
      const copy = await create(server, read.json as Record<string, unknown>)
      const copied = await server.store.getAppointment({ customerId: CUSTOMER_ID, userId: USER_ID, appointmentId: copy })
      assert.ok(copied)
      assert.deepEqual(dataOf(copied), dataOf(before))
    })
  }

  test('XML GET → XML PUT gives the same appointment and answers in XML', async (t) => {
    const server = await startServer(t)
    const [, body] = bodies[2]!
    const id = await create(server, { ...body, location: 'Kontoret <2 tr>' })
    const read = await get(server, itemPath(id), { accept: 'application/xml' })
    const replaced = await put(server, itemPath(id), read.text, { 'content-type': 'application/xml' })
    assert.equal(replaced.status, 200, replaced.text)
    assert.equal(replaced.text, `<string xmlns="http://schemas.microsoft.com/2003/10/Serialization/">${id}</string>`)
    assert.equal(replaced.headers.get('etag'), '"2"')
    const reread = await get(server, itemPath(id), { accept: 'application/xml' })
    assert.equal(reread.text, read.text)
  })
  test('XML numeric character references are read as the characters they name', async (t) => {
    const server = await startServer(t)
    const id = await create(server, { subject: 'x', startsAt: '2026-01-01T10:00:00' })
    const xml = `<Appointment xmlns="${NS}"><Subject>&#60;Sj&#xF6;&#x6C;&gt; &amp;#60;</Subject>`
      + '<StartsAt>2026-01-01T10:00:00</StartsAt></Appointment>'
    const answer = await put(server, itemPath(id), xml, { 'content-type': 'text/xml' })
    assert.equal(answer.status, 200, answer.text)
    assert.equal((await getJsonBody(server, id)).subject, '<Sjöl> &#60;')
  })
})

function dataOf(appointment: object): Record<string, unknown> {
  const { version: _version, createdAt: _createdAt, updatedAt: _updatedAt, id: _id, ...data } =
    appointment as Record<string, unknown>
  return data
}

describe('PUT Appointment/{customerId}/{id}/{appointmentId}', () => {
  const original = { subject: 'Original', startsAt: '2026-05-04T09:00:00' }
  const replacement = { subject: 'Replaced', startsAt: '2026-05-05T10:00:00', recurrence: true, recurrencePattern: 'Daily' }

  test('replaces the whole appointment, answers the id like create and a new ETag', async (t) => {
    const server = await startServer(t)
    const id = await create(server, { ...original, note: 'dropped by the replace' })
    const answer = await put(server, itemPath(id), replacement)
    assert.equal(answer.status, 200, answer.text)
    assert.equal(answer.json, id)
    assert.match(answer.headers.get('content-type') ?? '', /^application\/json/)
    assert.equal(answer.headers.get('etag'), '"2"')
    const body = await getJsonBody(server, id)
    assert.equal(body.subject, 'Replaced')
    assert.equal(body.note, null)
    assert.equal(body.recurrencePattern, 'Daily')
    const listed = await get(server, `${APPOINTMENT_PATH}?from=2026-05-04&to=2026-05-07`)
    assert.deepEqual((listed.json as Array<{ startsAt: string }>).map((item) => item.startsAt),
      ['2026-05-05T10:00:00.0000000+02:00', '2026-05-06T10:00:00.0000000+02:00'])
  })

  test('If-Match: the current ETag and * replace; a stale or weak one is 412 with the error shape', async (t) => {
    const server = await startServer(t)
    const id = await create(server, original)
    const etag = (await get(server, itemPath(id))).headers.get('etag') ?? ''
    const first = await put(server, itemPath(id), replacement, { 'if-match': etag })
    assert.equal(first.status, 200)
    const newEtag = first.headers.get('etag') ?? ''
    assert.notEqual(newEtag, etag)

    const stale = await put(server, itemPath(id), original, { 'if-match': etag })
    assert.equal(stale.status, 412, stale.text)
    assert.match(errorMessage(stale), /does not match the appointment's current ETag/)
    assert.deepEqual(Object.keys(stale.json as object), ['message'])
    const staleXml = await put(server, itemPath(id), original, { 'if-match': etag, accept: 'application/xml' })
    assert.equal(staleXml.status, 412)
    assert.match(staleXml.text, /^<Error><Message>If-Match/)
    assert.equal((await put(server, itemPath(id), original, { 'if-match': `W/${newEtag}` })).status, 412)
    assert.equal((await getJsonBody(server, id)).subject, 'Replaced', 'a refused PUT changes nothing')

    const listed = await put(server, itemPath(id), original, { 'if-match': `"999", ${newEtag}` })
    assert.equal(listed.status, 200, 'any listed tag may match')
    const star = await put(server, itemPath(id), replacement, { 'if-match': '*' })
    assert.equal(star.status, 200)
    assert.equal(star.headers.get('etag'), '"4"')
  })

  test('If-Match: * on a missing appointment is 404, as without it', async (t) => {
    const server = await startServer(t)
    const answer = await put(server, itemPath('AAAAAAAAAAAAAAAAAAAAAA'), original, { 'if-match': '*' })
    assert.equal(answer.status, 404)
  })

  test('the body is validated as for create: 400 with appointment.* keys, nothing changed', async (t) => {
    const server = await startServer(t)
    const id = await create(server, original)
    const answer = await put(server, itemPath(id), { subject: '', startsAt: 'tomorrow', recurrenceInterval: 1.5 })
    assert.equal(answer.status, 400)
    assert.equal(errorMessage(answer), 'The request is invalid.')
    assert.deepEqual(modelStateKeys(answer),
      ['appointment.recurrenceInterval', 'appointment.startsAt', 'appointment.subject'])
    const unreadable = await put(server, itemPath(id), '{"subject":')
    assert.deepEqual(modelStateKeys(unreadable), ['appointment'])
    assert.equal((await getJsonBody(server, id)).subject, 'Original')
    assert.equal((await get(server, itemPath(id))).headers.get('etag'), '"1"')
  })

  test('415 for a missing or unsupported Content-Type', async (t) => {
    const server = await startServer(t)
    const id = await create(server, original)
    const plain = await put(server, itemPath(id), 'subject=x', { 'content-type': 'text/plain' })
    assert.equal(plain.status, 415)
    assert.deepEqual(plain.json,
      { message: "The request entity's media type 'text/plain' is not supported for this resource.", messageDetail: MEDIA_TYPE_DETAIL })
    const none = await send(server, itemPath(id), { method: 'PUT' })
    assert.equal(none.status, 415)
  })
})

describe('DELETE Appointment/{customerId}/{id}/{appointmentId}', () => {
  test('204 with no body; afterwards GET, PUT and DELETE are 404 and the listing is empty', async (t) => {
    const server = await startServer(t)
    const id = await create(server, { subject: 'Gone', startsAt: '2026-02-02T10:00:00', recurrence: true, recurrencePattern: 'Daily' })
    const answer = await del(server, itemPath(id))
    assert.equal(answer.status, 204)
    assert.equal(answer.text, '')
    assert.equal((await get(server, itemPath(id))).status, 404)
    assert.equal((await del(server, itemPath(id))).status, 404)
    assert.equal((await put(server, itemPath(id), { subject: 'x', startsAt: '2026-01-01' })).status, 404)
    assert.deepEqual((await get(server, `${APPOINTMENT_PATH}?from=2026-02-01&to=2026-03-01`)).json, [])
  })

  test('If-Match is honoured: a stale ETag is 412 and keeps the appointment', async (t) => {
    const server = await startServer(t)
    const id = await create(server, { subject: 'Kept', startsAt: '2026-02-02T10:00:00' })
    await put(server, itemPath(id), { subject: 'Kept 2', startsAt: '2026-02-02T10:00:00' })
    assert.equal((await del(server, itemPath(id), { 'if-match': '"1"' })).status, 412)
    assert.equal((await get(server, itemPath(id))).status, 200)
    assert.equal((await del(server, itemPath(id), { 'if-match': '"2"' })).status, 204)
  })

  test('another user\'s appointment cannot be deleted', async (t) => {
    const server = await startServer(t)
    await server.store.addUser({ customerId: CUSTOMER_ID, userId: COLLEAGUE_ID, name: 'Colleague' })
    const id = await create(server, { subject: 'Mine', startsAt: '2026-02-02T10:00:00' })
    assert.equal((await del(server, itemPath(id, COLLEAGUE_ID))).status, 404)
    assert.equal((await get(server, itemPath(id))).status, 200)
  })
})

describe('bodies on methods that take none', () => {
  test('DELETE with a Content-Type and an empty or any body is still a delete', async (t) => {
    const server = await startServer(t)
    for (const [contentType, body] of [['application/json', undefined], ['application/xml', ''], ['text/plain', 'x']] as const) {
      const id = await create(server, { subject: 'x', startsAt: '2026-01-01T10:00:00' })
      const answer = await send(server, itemPath(id), {
        method: 'DELETE', headers: { 'content-type': contentType }, ...(body !== undefined && { body }),
      })
      assert.equal(answer.status, 204, `${contentType}: ${answer.text}`)
    }
  })

  test('POST and PUT still answer 415 for other media types', async (t) => {
    const server = await startServer(t)
    const id = await create(server, { subject: 'x', startsAt: '2026-01-01T10:00:00' })
    for (const method of ['POST', 'PUT']) {
      const path = method === 'POST' ? APPOINTMENT_PATH : itemPath(id)
      const answer = await send(server, path, { method, body: '<p>x</p>', headers: { 'content-type': 'text/html' } })
      assert.equal(answer.status, 415, method)
      assert.deepEqual(answer.json,
        { message: "The request entity's media type 'text/html' is not supported for this resource.", messageDetail: MEDIA_TYPE_DETAIL })
    }
  })
})
