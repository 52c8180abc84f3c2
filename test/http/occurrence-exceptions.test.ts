/**
 * One occurrence of a series cancelled, moved or given its own texts, through the real routes:
 * listings, GET one, ETags and the rules for replacing the whole series.
 */
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { APPOINTMENT_PATH, postJson, send, type Answer } from '../helpers/requests.ts'
import { startServer, type TestServer } from '../helpers/server.ts'

interface Listed {
  appointmentId: string
  occurrenceId: string | null
  subject: string
  location: string | null
  note: string | null
  startsAt: string
  endsAt: string
  originalStartsAt: string | null
}

interface Exception {
  occurrenceId: string
  originalStartsAt: string
  cancelled: boolean
  subject?: string
  startsAt?: string
  endsAt?: string
}

/** Mondays 09:00–10:00 in Stockholm from 2026-03-16, six times: across the spring change on 2026-03-29. */
const WEEKLY = {
  subject: 'Visning', location: 'Storgatan 1', startsAt: '2026-03-16T09:00:00', endsAt: '2026-03-16T10:00:00',
  recurrence: true, recurrencePattern: 'Weekly', recurrenceDayOfWeeks: ['Monday'], recurrenceCount: 6,
}

async function createSeries(server: TestServer, body: object = WEEKLY): Promise<string> {
  const created = await postJson(server, body)
  assert.equal(created.status, 200, created.text)
  return created.json as string
}

async function list(server: TestServer, from: string, to: string): Promise<Listed[]> {
  const answer = await send(server, `${APPOINTMENT_PATH}?from=${from}&to=${to}`, { method: 'GET' })
  assert.equal(answer.status, 200, answer.text)
  return answer.json as Listed[]
}

function occurrencePath(id: string, occurrenceId: string): string {
  return `${APPOINTMENT_PATH}/${id}/occurrences/${occurrenceId}`
}

function putOccurrence(server: TestServer, id: string, occurrenceId: string, body: object, headers = {}): Promise<Answer> {
  return send(server, occurrencePath(id, occurrenceId), {
    method: 'PUT', body: JSON.stringify(body), headers: { 'content-type': 'application/json', ...headers },
  })
}

async function getOne(server: TestServer, id: string): Promise<{ json: { exceptions?: Exception[]; subject: string }; etag: string }> {
  const answer = await send(server, `${APPOINTMENT_PATH}/${id}`, { method: 'GET' })
  assert.equal(answer.status, 200, answer.text)
  return { json: answer.json as { exceptions?: Exception[]; subject: string }, etag: answer.headers.get('etag') ?? '' }
}

test('listing items of a series carry an occurrenceId and originalStartsAt; one-offs carry null', async (t) => {
  const server = await startServer(t)
  const id = await createSeries(server)
  await postJson(server, { subject: 'Enstaka', startsAt: '2026-03-17T12:00:00' })
  const items = await list(server, '2026-03-16', '2026-03-24')
  assert.deepEqual(items.map((item) => [item.subject, item.occurrenceId, item.originalStartsAt]), [
    ['Visning', '20260316', '2026-03-16T09:00:00.0000000+01:00'],
    ['Enstaka', null, null],
    ['Visning', '20260323', '2026-03-23T09:00:00.0000000+01:00'],
  ])
  assert.equal(items[0]!.appointmentId, id)
})

test('DELETE of an occurrence cancels just it; again, unknown ids and one-offs are 404', async (t) => {
  const server = await startServer(t)
  const id = await createSeries(server)
  const before = await getOne(server, id)
  const cancelled = await send(server, occurrencePath(id, '20260330'), { method: 'DELETE' })
  assert.equal(cancelled.status, 204, cancelled.text)
  assert.notEqual(cancelled.headers.get('etag'), before.etag, 'every exception change bumps the ETag')

  const starts = (await list(server, '2026-03-01', '2026-05-01')).map((item) => item.startsAt)
  assert.deepEqual(starts, [
    '2026-03-16T09:00:00.0000000+01:00', '2026-03-23T09:00:00.0000000+01:00',
    '2026-04-06T09:00:00.0000000+02:00', '2026-04-13T09:00:00.0000000+02:00',
    '2026-04-20T09:00:00.0000000+02:00',
  ], 'recurrenceCount counts the cancelled occurrence: the series still ends on the sixth Monday')

  assert.equal((await send(server, occurrencePath(id, '20260330'), { method: 'DELETE' })).status, 404)
  assert.equal((await send(server, occurrencePath(id, '20260331'), { method: 'DELETE' })).status, 404, 'a Tuesday')
  assert.equal((await send(server, occurrencePath(id, '20260427'), { method: 'DELETE' })).status, 404, 'past the count')
  assert.equal((await send(server, occurrencePath(id, 'not-an-id'), { method: 'DELETE' })).status, 404)
  const single = (await postJson(server, { subject: 'Enstaka', startsAt: '2026-03-17T12:00:00' })).json as string
  assert.equal((await send(server, occurrencePath(single, '20260317'), { method: 'DELETE' })).status, 404)

  const { json } = await getOne(server, id)
  assert.deepEqual(json.exceptions, [
    { occurrenceId: '20260330', originalStartsAt: '2026-03-30T09:00:00.0000000+02:00', cancelled: true },
  ])
})

test('PUT of an occurrence moves it: windows find it where it now is, with its own texts', async (t) => {
  const server = await startServer(t)
  const id = await createSeries(server)
  const moved = await putOccurrence(server, id, '20260323', { startsAt: '2026-03-26T17:00:00', subject: 'Flyttad visning' })
  assert.equal(moved.status, 200, moved.text)
  assert.equal(moved.json, '20260323')

  assert.deepEqual(await list(server, '2026-03-23', '2026-03-24'), [], 'gone from its old day')
  const [item] = await list(server, '2026-03-26', '2026-03-27')
  assert.deepEqual(item, {
    appointmentId: id, occurrenceId: '20260323', subject: 'Flyttad visning', location: 'Storgatan 1', note: null,
    startsAt: '2026-03-26T17:00:00.0000000+01:00', endsAt: '2026-03-26T18:00:00.0000000+01:00',
    allDayEvent: false, recurrence: true, originalStartsAt: '2026-03-23T09:00:00.0000000+01:00', showAs: 'Busy',
  })

  const { json } = await getOne(server, id)
  assert.deepEqual(json.exceptions, [{
    occurrenceId: '20260323', originalStartsAt: '2026-03-23T09:00:00.0000000+01:00', cancelled: false,
    subject: 'Flyttad visning', startsAt: '2026-03-26T17:00:00.0000000+01:00', endsAt: '2026-03-26T18:00:00.0000000+01:00',
  }])

  const again = await putOccurrence(server, id, '20260323', { startsAt: '2026-03-25T08:00:00', endsAt: '2026-03-25T08:30:00' })
  assert.equal(again.status, 200, again.text)
  const [reMoved] = await list(server, '2026-03-25', '2026-03-26')
  assert.equal(reMoved?.startsAt, '2026-03-25T08:00:00.0000000+01:00')
  assert.equal(reMoved?.subject, 'Visning', 'a field left out keeps the series value')
  assert.deepEqual(await list(server, '2026-03-26', '2026-03-27'), [])

  const back = await putOccurrence(server, id, '20260323', { startsAt: '2026-03-23T09:00:00+01:00' })
  assert.equal(back.status, 200, back.text)
  assert.deepEqual((await getOne(server, id)).json.exceptions, [], 'moved back as the series has it: no exception')
  assert.equal((await list(server, '2026-03-23', '2026-03-24'))[0]?.originalStartsAt, '2026-03-23T09:00:00.0000000+01:00')
})

test('an occurrence moved past the series end or before its start is still found', async (t) => {
  const server = await startServer(t)
  const id = await createSeries(server)
  assert.equal((await putOccurrence(server, id, '20260420', { startsAt: '2026-06-01T09:00:00' })).status, 200)
  assert.equal((await putOccurrence(server, id, '20260316', { startsAt: '2026-01-05T09:00:00' })).status, 200)
  assert.deepEqual((await list(server, '2026-06-01', '2026-06-02')).map((item) => item.occurrenceId), ['20260420'])
  assert.deepEqual((await list(server, '2026-01-05', '2026-01-06')).map((item) => item.occurrenceId), ['20260316'])
  const all = await list(server, '2026-01-01', '2026-07-01')
  assert.deepEqual(all.map((item) => item.occurrenceId),
    ['20260316', '20260323', '20260330', '20260406', '20260413', '20260420'])
})

test('an occurrence body is validated as create validates it, and series fields are refused', async (t) => {
  const server = await startServer(t)
  const id = await createSeries(server)
  const version = (await getOne(server, id)).etag
  const series = await putOccurrence(server, id, '20260323', { recurrencePattern: 'Daily', allDayEvent: true, timeZone: 'UTC' })
  assert.equal(series.status, 400, series.text)
  const keys = Object.keys((series.json as { modelState: object }).modelState).sort()
  assert.deepEqual(keys, ['appointment.allDayEvent', 'appointment.recurrencePattern', 'appointment.timeZone'])
  const badTimes = await putOccurrence(server, id, '20260323', { startsAt: '2026-03-23T11:00:00', endsAt: '2026-03-23T10:00:00' })
  assert.equal(badTimes.status, 400)
  assert.match(badTimes.text, /endsAt/)
  assert.equal((await putOccurrence(server, id, '20260323', { startsAt: 'next week' })).status, 400)
  assert.equal((await putOccurrence(server, id, '20260323', { subject: ' ' })).status, 400)
  assert.equal((await getOne(server, id)).etag, version, 'nothing was written')
})

test('an occurrence takes an XML body', async (t) => {
  const server = await startServer(t)
  const id = await createSeries(server)
  const xml = '<Appointment xmlns="http://schemas.datacontract.org/2004/07/Vitec.Housing.Connect.Api.Models.Appointment">'
    + '<Location>Kontoret</Location></Appointment>'
  const answer = await send(server, occurrencePath(id, '20260406'), {
    method: 'PUT', body: xml, headers: { 'content-type': 'application/xml', accept: 'application/xml' },
  })
  assert.equal(answer.status, 200, answer.text)
  assert.match(answer.text, />20260406<\/string>$/)
  const [item] = await list(server, '2026-04-06', '2026-04-07')
  assert.equal(item?.location, 'Kontoret')
  const appointmentXml = await send(server, `${APPOINTMENT_PATH}/${id}`, { method: 'GET', headers: { accept: 'application/xml' } })
  assert.match(appointmentXml.text,
    /<Exceptions><OccurrenceException><Cancelled>false<\/Cancelled><Location>Kontoret<\/Location><OccurrenceId>20260406<\/OccurrenceId>/)
})

test('If-Match on an occurrence checks the series ETag', async (t) => {
  const server = await startServer(t)
  const id = await createSeries(server)
  const { etag } = await getOne(server, id)
  const stale = await send(server, occurrencePath(id, '20260323'), { method: 'DELETE', headers: { 'if-match': '"999"' } })
  assert.equal(stale.status, 412)
  const fresh = await send(server, occurrencePath(id, '20260323'), { method: 'DELETE', headers: { 'if-match': etag } })
  assert.equal(fresh.status, 204)
  const reused = await putOccurrence(server, id, '20260330', { subject: 'x' }, { 'if-match': etag })
  assert.equal(reused.status, 412, 'the cancel bumped the ETag')
})

test('replacing the series keeps exceptions when only texts change and drops them when times change', async (t) => {
  const server = await startServer(t)
  const id = await createSeries(server)
  await send(server, occurrencePath(id, '20260323'), { method: 'DELETE' })
  await putOccurrence(server, id, '20260406', { startsAt: '2026-04-07T09:00:00' })
  const replace = (body: object) => send(server, `${APPOINTMENT_PATH}/${id}`, {
    method: 'PUT', body: JSON.stringify(body), headers: { 'content-type': 'application/json' },
  })

  assert.equal((await replace({ ...WEEKLY, subject: 'Ny rubrik', note: 'Ring först' })).status, 200)
  const kept = await list(server, '2026-03-01', '2026-05-01')
  assert.deepEqual(kept.map((item) => item.occurrenceId), ['20260316', '20260330', '20260406', '20260413', '20260420'])
  assert.equal(kept[0]?.subject, 'Ny rubrik')
  assert.equal(kept.find((item) => item.occurrenceId === '20260406')?.startsAt, '2026-04-07T09:00:00.0000000+02:00')

  assert.equal((await replace({ ...WEEKLY, startsAt: '2026-03-16T10:00:00', endsAt: '2026-03-16T11:00:00' })).status, 200)
  const dropped = await list(server, '2026-03-01', '2026-05-01')
  assert.equal(dropped.length, 6)
  assert.ok(dropped.every((item) => item.startsAt === item.originalStartsAt))
  assert.deepEqual((await getOne(server, id)).json.exceptions, [])
})

test('a cancelled occurrence cannot be changed, and deleting the series deletes its exceptions', async (t) => {
  const server = await startServer(t)
  const id = await createSeries(server)
  await send(server, occurrencePath(id, '20260323'), { method: 'DELETE' })
  assert.equal((await putOccurrence(server, id, '20260323', { subject: 'x' })).status, 404)
  assert.equal((await send(server, `${APPOINTMENT_PATH}/${id}`, { method: 'DELETE' })).status, 204)
  assert.equal((await send(server, occurrencePath(id, '20260330'), { method: 'DELETE' })).status, 404)
})

test('GET one of a series with exceptions, sent back unchanged in JSON or XML, keeps them', async (t) => {
  const server = await startServer(t)
  const id = await createSeries(server)
  await send(server, occurrencePath(id, '20260323'), { method: 'DELETE' })
  await putOccurrence(server, id, '20260406', { startsAt: '2026-04-07T09:00:00', note: 'Tisdag i stället' })
  const before = (await getOne(server, id)).json.exceptions
  for (const type of ['application/json', 'application/xml']) {
    const read = await send(server, `${APPOINTMENT_PATH}/${id}`, { method: 'GET', headers: { accept: type } })
    const back = await send(server, `${APPOINTMENT_PATH}/${id}`, {
      method: 'PUT', body: read.text, headers: { 'content-type': type },
    })
    assert.equal(back.status, 200, `${type}: ${back.text}`)
    assert.deepEqual((await getOne(server, id)).json.exceptions, before, type)
  }
  assert.equal(before?.length, 2)
})

test('a new start alone keeps the exact elapsed length, also moved into the spring-forward gap', async (t) => {
  const server = await startServer(t)
  const id = await createSeries(server)
  const moved = await putOccurrence(server, id, '20260323', { startsAt: '2026-03-29T02:30:00' })
  assert.equal(moved.status, 200, moved.text)
  const [item] = await list(server, '2026-03-29', '2026-03-30')
  assert.deepEqual([item?.startsAt, item?.endsAt], ['2026-03-29T03:30:00.0000000+02:00', '2026-03-29T04:30:00.0000000+02:00'])
  const autumn = await putOccurrence(server, id, '20260330', { startsAt: '2026-10-25T02:30:00+01:00' })
  assert.equal(autumn.status, 200, autumn.text)
  const [late] = await list(server, '2026-10-25', '2026-10-26')
  assert.ok(Date.parse(late!.endsAt) > Date.parse(late!.startsAt), `${late?.startsAt} – ${late?.endsAt}`)
})
