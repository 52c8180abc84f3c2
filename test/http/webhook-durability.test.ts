/**
 * Webhooks that nothing loses: kill -9 of the real entry point under write load, then a
 * restart on the same database, delivers an event for every create answered before the kill
 * (a repeat only for an attempt in flight at the kill, with the same webhook-id), on SQLite
 * and PostgreSQL; and two instances sharing one PostgreSQL database deliver each event once.
 * Every delivery is verified by the receiver with the standardwebhooks package.
 */
import assert from 'node:assert/strict'
import { join } from 'node:path'
import { describe, test } from 'node:test'
import { setTimeout as sleep } from 'node:timers/promises'
import { BACKENDS } from '../helpers/fuzz.ts'
import { createUntilKilled, seeded, startMain } from '../helpers/main-process.ts'
import { POSTGRES, freshPostgresUrl } from '../helpers/postgres.ts'
import { skipOption } from '../helpers/outside-tools.ts'
import { postJson } from '../helpers/requests.ts'
import {
  CUSTOMER_ID, PASSWORD, USERNAME, basicAuthorization, makeTempDir, startServer, type TestServer,
} from '../helpers/server.ts'
import { startReceiver, type Delivery, type Receiver } from '../helpers/webhook-receiver.ts'

const WORKERS = 8
const ANSWERED_BEFORE_KILL = 150
const RETRIES = { WEBHOOK_RETRY_SCHEDULE: '0,100ms,200ms,400ms,800ms,1s,1s,1s,1s,1s,1s,1s,1s,1s,1s' }

async function addWebhook(baseUrl: string, receiver: Receiver): Promise<void> {
  const response = await fetch(`${baseUrl}/Webhooks/${CUSTOMER_ID}`, {
    method: 'POST', body: JSON.stringify({ url: receiver.url }),
    headers: { authorization: basicAuthorization(USERNAME, PASSWORD), 'content-type': 'application/json' },
  })
  const text = await response.text()
  assert.equal(response.status, 201, text)
  receiver.secrets.push((JSON.parse(text) as { secret: string }).secret)
}

function createdIds(deliveries: readonly Delivery[]): Set<string> {
  return new Set(deliveries.filter((delivery) => delivery.event.type === 'appointment.created')
    .map((delivery) => delivery.event.data.appointmentId!))
}

function assertVerified(receiver: Receiver): void {
  for (const delivery of receiver.deliveries) assert.ok(delivery.verifiedWith.length > 0, delivery.body)
}

/** Each appointment's deliveries, by webhook-id: one id per appointment, however many attempts. */
function idsByAppointment(deliveries: readonly Delivery[]): Map<string, Set<string>> {
  const ids = new Map<string, Set<string>>()
  for (const delivery of deliveries) {
    const appointmentId = delivery.event.data.appointmentId!
    ids.set(appointmentId, (ids.get(appointmentId) ?? new Set()).add(delivery.id))
  }
  return ids
}

for (const backend of BACKENDS) {
  describe(`webhooks survive kill -9 on ${backend.name}`, { skip: backend.skip }, () => {
    test('every create answered before SIGKILL is delivered after a restart', async (t) => {
      const databaseUrl = await backend.databaseUrl(t) ?? `sqlite:${join(await makeTempDir(t), 'crash.db')}`
      await seeded(databaseUrl)
      const receiver = await startReceiver(t)
      const first = await startMain(t, databaseUrl, RETRIES)
      await addWebhook(first.baseUrl, receiver)
      const answered = await createUntilKilled(first, WORKERS, ANSWERED_BEFORE_KILL)

      await startMain(t, databaseUrl, RETRIES)
      await receiver.until((all) => {
        const delivered = createdIds(all)
        return [...answered.keys()].every((id) => delivered.has(id))
      })
      assertVerified(receiver)
      for (const [appointmentId, ids] of idsByAppointment(receiver.deliveries)) {
        assert.equal(ids.size, 1, `${appointmentId} came under several webhook-ids: ${[...ids].join(', ')}`)
      }
    })
  })
}

async function pendingDrained(server: TestServer): Promise<void> {
  while ((await server.store.webhookBacklog()).pending > 0) await sleep(50)
}

test('two instances on one PostgreSQL deliver each event once', { skip: skipOption(POSTGRES) }, async (t) => {
  const databaseUrl = await freshPostgresUrl(t)
  const first = await startServer(t, { databaseUrl, webhooks: true })
  const second = await startServer(t, { databaseUrl, seed: false, webhooks: true })
  const receiver = await startReceiver(t)
  await addWebhook(first.baseUrl, receiver)
  const ids = await Promise.all(Array.from({ length: WORKERS }, async (_, worker) => {
    const created: string[] = []
    for (let n = 0; n < 25; n++) {
      const answer = await postJson(n % 2 === 0 ? first : second, { subject: `Visning ${worker}-${n}`,
        startsAt: '2026-07-01T10:00:00' })
      assert.equal(answer.status, 200, answer.text)
      created.push(answer.json as string)
    }
    return created
  }))
  const all = ids.flat()
  await receiver.until((deliveries) => createdIds(deliveries).size === all.length)
  await pendingDrained(first)
  assert.equal(receiver.deliveries.length, all.length)
  assert.equal(new Set(receiver.deliveries.map((delivery) => delivery.id)).size, all.length)
  assert.deepEqual([...createdIds(receiver.deliveries)].sort(), [...all].sort())
  assertVerified(receiver)
})
