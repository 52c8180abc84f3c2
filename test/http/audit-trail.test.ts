/**
 * @module Audit trail through the API, on SQLite and PostgreSQL: every create, replace and
 * delete, and every feed link created or revoked, leaves one entry naming the API client and
 * the request id the answer's X-Request-Id carried; a refused write leaves none; no entry holds
 * a body, a password or a token.
 */
import assert from 'node:assert/strict'
import { describe, test, type TestContext } from 'node:test'
import type { AuditEntry } from '../../src/store/store.ts'
import { skipOption } from '../helpers/outside-tools.ts'
import { POSTGRES, freshPostgresUrl } from '../helpers/postgres.ts'
import { APPOINTMENT_PATH, postJson, send, type Answer } from '../helpers/requests.ts'
import {
  CUSTOMER_ID, OTHER_CUSTOMER_ID, PASSWORD, USER_ID, USERNAME, basicAuthorization, startServer, type TestServer,
} from '../helpers/server.ts'

const SUBJECT = 'Visning Hemliga gatan 7'
const JSON_TYPE = { 'content-type': 'application/json' }

function requestId(answer: Answer): string {
  const id = answer.headers.get('x-request-id')
  assert.ok(id, 'the answer carries X-Request-Id')
  return id
}

/** The entries of writes through the API: not the seed's client-add (the admin CLI's tests cover client changes). */
async function apiEntries(server: TestServer): Promise<AuditEntry[]> {
  return (await server.store.listAuditEntries({ limit: 10 })).filter((entry) => !entry.action.startsWith('client-'))
}

function summary(entries: readonly AuditEntry[]): unknown[] {
  return entries.map((entry) => [entry.action, entry.client, entry.customerId, entry.userId,
    entry.appointmentId ?? entry.feedId, entry.requestId])
}

const backends: [string, (t: TestContext) => Promise<string | undefined>, string | false][] = [
  ['SQLite', async () => undefined, false],
  ['PostgreSQL', freshPostgresUrl, skipOption(POSTGRES)],
]

for (const [backend, databaseUrl, skip] of backends) {
  describe(`audit trail on ${backend}`, { skip }, () => {
    test('create, replace and delete each leave one entry with the client and the request id', async (t) => {
      const server = await startServer(t, { databaseUrl: await databaseUrl(t) })
      const created = await postJson(server, { subject: SUBJECT, startsAt: '2026-03-02T09:00:00' })
      assert.equal(created.status, 200)
      const id = String(created.json)
      const item = `${APPOINTMENT_PATH}/${id}`
      const replaced = await send(server, item, {
        method: 'PUT', body: JSON.stringify({ subject: 'Ny', startsAt: '2026-03-02T10:00:00' }), headers: JSON_TYPE,
      })
      const deleted = await send(server, item, { method: 'DELETE' })
      assert.deepEqual([replaced.status, deleted.status], [200, 204])

      const entries = await apiEntries(server)
      assert.deepEqual(summary(entries), [
        ['create', USERNAME, CUSTOMER_ID, USER_ID, id, requestId(created)],
        ['replace', USERNAME, CUSTOMER_ID, USER_ID, id, requestId(replaced)],
        ['delete', USERNAME, CUSTOMER_ID, USER_ID, id, requestId(deleted)],
      ])
      const stored = JSON.stringify(entries)
      assert.ok(!stored.includes(SUBJECT) && !stored.includes(PASSWORD), 'no body and no password in an entry')
    })

    test('a change and a cancel of one occurrence each leave their own entry on the series', async (t) => {
      const server = await startServer(t, { databaseUrl: await databaseUrl(t) })
      const created = await postJson(server, {
        subject: SUBJECT, startsAt: '2026-03-02T09:00:00', recurrence: true, recurrencePattern: 'Daily', recurrenceCount: 5,
      })
      const id = String(created.json)
      const occurrence = `${APPOINTMENT_PATH}/${id}/occurrences`
      const changed = await send(server, `${occurrence}/20260303`, {
        method: 'PUT', body: JSON.stringify({ subject: 'Flyttad' }), headers: JSON_TYPE,
      })
      const cancelled = await send(server, `${occurrence}/20260304`, { method: 'DELETE' })
      assert.deepEqual([created.status, changed.status, cancelled.status], [200, 200, 204])
      assert.deepEqual(summary(await apiEntries(server)), [
        ['create', USERNAME, CUSTOMER_ID, USER_ID, id, requestId(created)],
        ['occurrence-change', USERNAME, CUSTOMER_ID, USER_ID, id, requestId(changed)],
        ['occurrence-cancel', USERNAME, CUSTOMER_ID, USER_ID, id, requestId(cancelled)],
      ])
    })

    test('refused writes leave no entry: bad body, unknown or stale appointment, other customer, bad password', async (t) => {
      const server = await startServer(t, { databaseUrl: await databaseUrl(t) })
      const created = await postJson(server, { subject: SUBJECT, startsAt: '2026-03-02T09:00:00' })
      const item = `${APPOINTMENT_PATH}/${String(created.json)}`
      const body = JSON.stringify({ subject: 'Ny', startsAt: '2026-03-02T10:00:00' })
      const refused = [
        await postJson(server, { subject: SUBJECT }),
        await send(server, `${APPOINTMENT_PATH}/nobody-has-this`, { method: 'PUT', body, headers: JSON_TYPE }),
        await send(server, item, { method: 'PUT', body, headers: { ...JSON_TYPE, 'if-match': '"stale"' } }),
        await send(server, `${APPOINTMENT_PATH}/nobody-has-this`, { method: 'DELETE' }),
        await send(server, `/Appointment/${OTHER_CUSTOMER_ID}/${USER_ID}`, { body, headers: JSON_TYPE }),
        await send(server, item, { method: 'DELETE', headers: { authorization: basicAuthorization(USERNAME, 'wrong password') } }),
      ]
      assert.deepEqual(refused.map((answer) => answer.status), [400, 404, 412, 404, 403, 401])
      assert.deepEqual(summary(await apiEntries(server)),
        [['create', USERNAME, CUSTOMER_ID, USER_ID, String(created.json), requestId(created)]])
    })

    test('a feed link created and revoked through the API leaves two entries, without the token', async (t) => {
      const server = await startServer(t, { databaseUrl: await databaseUrl(t) })
      const feeds = `/Calendar/${CUSTOMER_ID}/${USER_ID}/feeds`
      const made = await send(server, feeds)
      assert.equal(made.status, 200)
      const location = made.headers.get('location') ?? ''
      const feedId = location.slice(location.lastIndexOf('/') + 1)
      const revoked = await send(server, location, { method: 'DELETE' })
      assert.equal((await send(server, location, { method: 'DELETE' })).status, 404, 'revoking twice writes nothing')
      const entries = await apiEntries(server)
      assert.deepEqual(summary(entries), [
        ['feed-create', USERNAME, CUSTOMER_ID, USER_ID, feedId, requestId(made)],
        ['feed-revoke', USERNAME, CUSTOMER_ID, USER_ID, feedId, requestId(revoked)],
      ])
      const token = /([A-Za-z0-9_-]{43})/.exec(String(made.json))?.[1] ?? ''
      assert.ok(token && !JSON.stringify(entries).includes(token), 'the token is not in an entry')
    })
  })
}
