/**
 * Several service instances on one PostgreSQL database: what one writes, the others serve.
 */
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { APPOINTMENT_PATH, postJson, send } from '../helpers/requests.ts'
import { POSTGRES, freshPostgresUrl } from '../helpers/postgres.ts'
import { skipOption } from '../helpers/outside-tools.ts'
import { startServer } from '../helpers/server.ts'

test('two instances share appointments through PostgreSQL', { skip: skipOption(POSTGRES) }, async (t) => {
  const databaseUrl = await freshPostgresUrl(t)
  const first = await startServer(t, { databaseUrl })
  const second = await startServer(t, { databaseUrl, seed: false })
  const created = await postJson(first, {
    subject: 'Visning', startsAt: '2026-03-02T09:00:00', endsAt: '2026-03-02T10:00:00',
    recurrence: true, recurrencePattern: 'Weekly', recurrenceDayOfWeeks: ['Monday'], recurrenceCount: 3,
  })
  assert.equal(created.status, 200, created.text)
  const id = created.json as string

  const item = await send(second, `${APPOINTMENT_PATH}/${id}`, { method: 'GET' })
  assert.equal(item.status, 200, item.text)
  assert.equal((item.json as { subject: string }).subject, 'Visning')

  const listing = await send(second, `${APPOINTMENT_PATH}?from=2026-03-01&to=2026-04-01`, { method: 'GET' })
  assert.equal(listing.status, 200, listing.text)
  assert.deepEqual((listing.json as Array<{ startsAt: string }>).map((occurrence) => occurrence.startsAt), [
    '2026-03-02T09:00:00.0000000+01:00', '2026-03-09T09:00:00.0000000+01:00', '2026-03-16T09:00:00.0000000+01:00',
  ])

  const removed = await send(second, `${APPOINTMENT_PATH}/${id}`, { method: 'DELETE' })
  assert.equal(removed.status, 204)
  assert.equal((await send(first, `${APPOINTMENT_PATH}/${id}`, { method: 'GET' })).status, 404)
})
