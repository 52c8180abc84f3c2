/**
 * The change feed over real HTTP on a real SQLite file: the first sync, what follows a
 * create, replace and delete, paging past 1,000 changes, the tokens it refuses (400, 410),
 * XML, and the auth checks every calendar route makes.
 */
import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { newAppointmentId } from '../../src/domain/appointment-id.ts'
import { changeUserHash, encodeChangeToken } from '../../src/domain/change-token.ts'
import { appointmentSpan } from '../../src/domain/recurrence/recurrence.ts'
import { validateAppointment } from '../../src/domain/validate-appointment.ts'
import { APPOINTMENT_PATH, postJson, send, type Answer } from '../helpers/requests.ts'
import {
  CUSTOMER_ID, OTHER_CUSTOMER_ID, USER_ID, basicAuthorization, startServer, type TestServer,
} from '../helpers/server.ts'

const CHANGES_PATH = `/Changes/${CUSTOMER_ID}/${USER_ID}`
const DAY_MS = 24 * 60 * 60 * 1000
const NS = 'http://schemas.datacontract.org/2004/07/Vitec.Housing.Connect.Api.Models.Appointment'

interface Change {
  readonly appointmentId: string
  readonly change: 'upserted' | 'deleted'
  readonly appointment?: Record<string, unknown>
}

interface ChangeSet {
  readonly changes: Change[]
  readonly next: string
  readonly more: boolean
}

async function changes(server: TestServer, since?: string, headers: Record<string, string> = {}): Promise<Answer> {
  const query = since === undefined ? '' : `?since=${encodeURIComponent(since)}`
  return send(server, `${CHANGES_PATH}${query}`, { method: 'GET', headers })
}

async function changeSet(server: TestServer, since?: string): Promise<ChangeSet> {
  const answer = await changes(server, since)
  assert.equal(answer.status, 200, answer.text)
  assert.match(answer.headers.get('content-type') ?? '', /^application\/json; charset=utf-8/)
  return answer.json as ChangeSet
}

async function create(server: TestServer, subject: string): Promise<string> {
  const answer = await postJson(server, { subject, startsAt: '2026-03-02T09:00:00', endsAt: '2026-03-02T10:00:00' })
  assert.equal(answer.status, 200, answer.text)
  return answer.json as string
}

function getOne(server: TestServer, id: string, headers: Record<string, string> = {}): Promise<Answer> {
  return send(server, `${APPOINTMENT_PATH}/${id}`, { method: 'GET', headers })
}

function sinceProblems(answer: Answer): string[] {
  return (answer.json as { modelState?: Record<string, string[]> }).modelState?.since ?? []
}

describe('GET Changes/{customerId}/{id}', () => {
  test('without since: every appointment, each as GET one answers it; with next: nothing more', async (t) => {
    const server = await startServer(t)
    const empty = await changeSet(server)
    assert.deepEqual(empty.changes, [])
    assert.equal(empty.more, false)
    const ids = [await create(server, 'Visning 1'), await create(server, 'Visning 2'), await create(server, 'Visning 3')]
    const first = await changes(server)
    assert.equal(first.status, 200, first.text)
    const set = first.json as ChangeSet
    assert.deepEqual(set.changes.map((change) => [change.appointmentId, change.change]),
      ids.map((id) => [id, 'upserted']))
    for (const id of ids) {
      const one = await getOne(server, id)
      assert.ok(first.text.includes(`"appointmentId":"${id}","change":"upserted","appointment":${one.text}}`), one.text)
    }
    assert.equal(set.more, false)
    assert.deepEqual((await changeSet(server, set.next)).changes, [])
    // the empty calendar's token still reads on
    assert.deepEqual((await changeSet(server, empty.next)).changes.map((change) => change.appointmentId), ids)
  })

  test('with since: what was created, replaced and deleted after it, replaced ones in their latest state', async (t) => {
    const server = await startServer(t)
    const kept = await create(server, 'Kept')
    const replaced = await create(server, 'Replaced')
    const deleted = await create(server, 'Deleted')
    const start = await changeSet(server)
    const added = await create(server, 'Added')
    for (const subject of ['Replaced once', 'Replaced twice']) {
      const answer = await send(server, `${APPOINTMENT_PATH}/${replaced}`, {
        method: 'PUT', body: JSON.stringify({ subject, startsAt: '2026-03-03T09:00:00' }),
        headers: { 'content-type': 'application/json' },
      })
      assert.equal(answer.status, 200, answer.text)
    }
    assert.equal((await send(server, `${APPOINTMENT_PATH}/${deleted}`, { method: 'DELETE' })).status, 204)
    const after = await changes(server, start.next)
    assert.equal(after.status, 200, after.text)
    const set = after.json as ChangeSet
    assert.deepEqual(set.changes.map((change) => [change.appointmentId, change.change]),
      [[added, 'upserted'], [replaced, 'upserted'], [deleted, 'deleted']])
    assert.ok(after.text.includes(`"appointment":${(await getOne(server, replaced)).text}}`))
    assert.equal(set.changes[1]?.appointment?.subject, 'Replaced twice')
    assert.equal(set.changes[2]?.appointment, undefined)
    assert.ok(!set.changes.some((change) => change.appointmentId === kept))
    assert.equal(set.more, false)
    assert.deepEqual((await changeSet(server, set.next)).changes, [])
    // the ids are matched case-insensitively; the token belongs to the user, not to the spelling
    const lower = await send(server, `/Changes/${CUSTOMER_ID.toLowerCase()}/${USER_ID.toLowerCase()}?since=${set.next}`,
      { method: 'GET' })
    assert.equal(lower.status, 200, lower.text)
  })

  test('past 1,000 changes: pages with more: true, then the rest with more: false', async (t) => {
    const server = await startServer(t)
    const data = validateAppointment({ subject: 'Visning', startsAt: '2026-03-02T09:00:00' }, 'Europe/Stockholm')
    const user = { customerId: CUSTOMER_ID, userId: USER_ID }
    const context = { clientUsername: 'partner', requestId: 'seed' }
    const seeded = await Promise.all(Array.from({ length: 1_234 }, async () => {
      const id = newAppointmentId()
      await server.store.createAppointment(user, { id, data, span: appointmentSpan(data) }, context)
      return id
    }))
    const first = await changeSet(server)
    assert.equal(first.changes.length, 1_000)
    assert.equal(first.more, true)
    const second = await changeSet(server, first.next)
    assert.equal(second.changes.length, 234)
    assert.equal(second.more, false)
    const listed = [...first.changes, ...second.changes].map((change) => change.appointmentId)
    assert.deepEqual([...listed].sort(), [...seeded].sort())
    // 1,001 deletions after the last token: again two pages
    for (const id of seeded.slice(0, 1_001)) {
      assert.ok(await server.store.deleteAppointment({ ...user, appointmentId: id }, context))
    }
    const third = await changeSet(server, second.next)
    assert.deepEqual([third.changes.length, third.more], [1_000, true])
    const fourth = await changeSet(server, third.next)
    assert.deepEqual([fourth.changes.length, fourth.more], [1, false])
    assert.ok([...third.changes, ...fourth.changes].every((change) => change.change === 'deleted'))
  })

  test('since that is not a token, is sent twice or is another user\'s: 400 naming since', async (t) => {
    const server = await startServer(t)
    for (const since of ['', 'abc', 'MS4xMi4x', '%00', 'x'.repeat(300)]) {
      const answer = await changes(server, since)
      assert.equal(answer.status, 400, `${since}: ${answer.text}`)
      assert.match(sinceProblems(answer)[0] ?? '', /since is not a token this server wrote.*leave since out/)
    }
    const token = (await changeSet(server)).next
    const twice = await send(server, `${CHANGES_PATH}?since=${token}&Since=${token}`, { method: 'GET' })
    assert.equal(twice.status, 400, twice.text)
    assert.deepEqual(sinceProblems(twice), ['Send since once, not 2 times.'])

    await server.store.addUser({ customerId: CUSTOMER_ID, userId: 'MED002', name: 'Colleague' })
    const colleague = await send(server, `/Changes/${CUSTOMER_ID}/MED002`, { method: 'GET' })
    assert.equal(colleague.status, 200, colleague.text)
    const foreign = await changes(server, (colleague.json as ChangeSet).next)
    assert.equal(foreign.status, 400, foreign.text)
    assert.match(sinceProblems(foreign)[0] ?? '', /another user's changes.*user 'HAN001' in customer 'M30011'/)
    const xml = await changes(server, 'abc', { accept: 'application/xml' })
    assert.equal(xml.status, 400)
    assert.match(xml.text, /^<Error><Message>The request is invalid.<\/Message><ModelState><since>since is not a token/)
  })

  test('a token issued 31 days ago, or ahead of the data: 410, sync again without since', async (t) => {
    const server = await startServer(t)
    await create(server, 'Visning')
    const userHash = changeUserHash({ customerId: CUSTOMER_ID, userId: USER_ID })
    const old = encodeChangeToken({ seq: 1, issuedAtMs: Date.now() - 31 * DAY_MS, userHash })
    const gone = await changes(server, old)
    assert.equal(gone.status, 410, gone.text)
    assert.match((gone.json as { message: string }).message, /more than 30 days ago.*Sync again without since/)
    const ahead = await changes(server, encodeChangeToken({ seq: 99, issuedAtMs: Date.now(), userHash }))
    assert.equal(ahead.status, 410, ahead.text)
    assert.match((ahead.json as { message: string }).message, /ahead of this calendar's changes.*Sync again without since/)
    const xml = await changes(server, old, { accept: 'application/xml' })
    assert.equal(xml.status, 410)
    assert.match(xml.text, /^<Error><Message>The since token was issued more than 30 days ago/)
    // 29 days is still fine
    const recent = await changes(server, encodeChangeToken({ seq: 1, issuedAtMs: Date.now() - 29 * DAY_MS, userHash }))
    assert.equal(recent.status, 200, recent.text)
  })

  test('XML: a ChangeSet, elements in alphabetical order, each appointment as GET one answers it', async (t) => {
    const server = await startServer(t)
    const kept = await create(server, 'Kept & <sure>')
    const deleted = await create(server, 'Deleted')
    const start = await changeSet(server)
    await create(server, 'Later')
    assert.equal((await send(server, `${APPOINTMENT_PATH}/${deleted}`, { method: 'DELETE' })).status, 204)
    const all = await changes(server, undefined, { accept: 'application/xml' })
    assert.equal(all.status, 200, all.text)
    assert.match(all.headers.get('content-type') ?? '', /^application\/xml; charset=utf-8/)
    const keptXml = (await getOne(server, kept, { accept: 'application/xml' })).text
    assert.ok(all.text.startsWith(`<ChangeSet xmlns:i="http://www.w3.org/2001/XMLSchema-instance" xmlns="${NS}">`
      + `<Changes><Change>${keptXml}<AppointmentId>${kept}</AppointmentId><Change>upserted</Change></Change>`), all.text)
    assert.match(all.text, /<\/Changes><More>false<\/More><Next>[A-Za-z0-9_-]+<\/Next><\/ChangeSet>$/)
    const since = await changes(server, start.next, { accept: 'application/xml' })
    assert.match(since.text, new RegExp(`<Change><AppointmentId>${deleted}</AppointmentId><Change>deleted</Change></Change>`))
    assert.equal(since.text.match(/<Change><Appointment /g)?.length, 1)
  })

  test('the auth checks of every calendar route: 401, 403, 404', async (t) => {
    const server = await startServer(t)
    const anonymous = await fetch(`${server.baseUrl}${CHANGES_PATH}`)
    assert.equal(anonymous.status, 401)
    assert.match(anonymous.headers.get('www-authenticate') ?? '', /^Basic realm=/)
    const wrong = await send(server, CHANGES_PATH, { method: 'GET', headers: { authorization: basicAuthorization('partner', 'nope') } })
    assert.equal(wrong.status, 401)
    const forbidden = await send(server, `/Changes/${OTHER_CUSTOMER_ID}/${USER_ID}`, { method: 'GET' })
    assert.equal(forbidden.status, 403, forbidden.text)
    assert.match((forbidden.json as { message: string }).message, /no access to customer 'S30164'/)
    const unknown = await send(server, `/Changes/${CUSTOMER_ID}/NOBODY`, { method: 'GET' })
    assert.equal(unknown.status, 404, unknown.text)
    assert.match((unknown.json as { message: string }).message, /User 'NOBODY' was not found in customer 'M30011'/)
    const post = await send(server, CHANGES_PATH, { method: 'POST' })
    assert.equal(post.status, 405)
  })

  test('documented: its help page, the ChangeSet and Change type pages, OpenAPI with 410 and the ChangeSet schema', async (t) => {
    const server = await startServer(t)
    const page = await fetch(`${server.baseUrl}/Help/Api/GET-Changes-customerId-id?lang=en`)
    assert.equal(page.status, 200)
    const html = await page.text()
    assert.match(html, /Get the changes to the user&#39;s calendar/)
    assert.match(html, /href="\/Help\/Model\/ChangeSet\?lang=en"/)
    for (const type of ['ChangeSet', 'Change']) {
      assert.equal((await fetch(`${server.baseUrl}/Help/Model/${type}`)).status, 200, type)
    }
    const document = await (await fetch(`${server.baseUrl}/openapi.json`)).json() as Record<string, any>
    const operation = document.paths['/Changes/{customerId}/{id}'].get
    assert.deepEqual(Object.keys(operation.responses).sort(), ['200', '400', '401', '403', '404', '410', '429', '500', '503'])
    assert.equal(operation.responses['200'].content['application/json'].schema.$ref, '#/components/schemas/ChangeSet')
    assert.deepEqual(operation.parameters.map((parameter: { name: string; in: string; required: boolean }) =>
      [parameter.name, parameter.in, parameter.required]), [['customerId', 'path', true], ['id', 'path', true],
      ['since', 'query', false]])
    assert.deepEqual(Object.keys(document.components.schemas.ChangeSet.properties), ['changes', 'next', 'more'])
    assert.equal(document.components.schemas.Change.properties.appointment.$ref, '#/components/schemas/AppointmentResource')
  })
})
