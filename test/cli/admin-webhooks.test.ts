/**
 * The admin command's webhook commands, run as child processes against the database of a
 * running server whose sender delivers to a real receiver (verified with standardwebhooks):
 * add prints the secret once and the endpoint receives the server's events; list, disable,
 * remove and deliveries; bad options name the option; production refuses an internal URL.
 */
import assert from 'node:assert/strict'
import { execFile } from 'node:child_process'
import { test } from 'node:test'
import { setTimeout as sleep } from 'node:timers/promises'
import { promisify } from 'node:util'
import { postJson } from '../helpers/requests.ts'
import { CUSTOMER_ID, startServer, type TestServer } from '../helpers/server.ts'
import { startReceiver } from '../helpers/webhook-receiver.ts'

const ADMIN = new URL('../../src/cli/admin.ts', import.meta.url).pathname
const run = promisify(execFile)

async function admin(server: TestServer, args: readonly string[], env: Record<string, string> = {}) {
  return run(process.execPath, [ADMIN, ...args], { env: { ...process.env, DATABASE_URL: server.databaseUrl, ...env } })
    .then(({ stdout, stderr }) => ({ code: 0, stdout, stderr }))
    .catch((error: { code: number; stdout: string; stderr: string }) => ({
      code: error.code, stdout: error.stdout, stderr: error.stderr,
    }))
}

test('webhook add, list, deliveries, disable and remove through the admin command', async (t) => {
  const server = await startServer(t, { webhooks: true })
  const receiver = await startReceiver(t)
  const added = await admin(server, ['webhook', 'add', CUSTOMER_ID, receiver.url, '--events',
    'appointment.created,appointment.deleted', '--description', 'CRM'])
  assert.equal(added.code, 0, added.stderr)
  const id = /^Added webhook (\S+) for customer M30011: /m.exec(added.stdout)?.[1]
  const secret = /^Signing secret \(shown only this once\): (whsec_\S+)$/m.exec(added.stdout)?.[1]
  assert.ok(id && secret, added.stdout)
  receiver.secrets.push(secret)

  const created = await postJson(server, { subject: 'Visning', startsAt: '2026-03-02T09:00:00' })
  assert.equal(created.status, 200, created.text)
  await receiver.until((all) => all.length === 1)
  assert.equal(receiver.deliveries[0]!.event.type, 'appointment.created')
  assert.ok(receiver.deliveries[0]!.verifiedWith.includes(secret))

  const listed = await admin(server, ['webhook', 'list', CUSTOMER_ID])
  assert.equal(listed.code, 0, listed.stderr)
  assert.match(listed.stdout, new RegExp(`^${id}\\s+M30011\\s+active\\s+${receiver.url}\\s+appointment.created,appointment.deleted\\s+all$`, 'm'))
  assert.doesNotMatch(listed.stdout, /whsec_/)

  while ((await server.store.listWebhookAttempts(id, 1)).length === 0) await sleep(20)
  const deliveries = await admin(server, ['webhook', 'deliveries', CUSTOMER_ID, id])
  assert.equal(deliveries.code, 0, deliveries.stderr)
  assert.match(deliveries.stdout, new RegExp(`${receiver.deliveries[0]!.id}\\s+appointment.created\\s+1\\s+204\\s`))

  const disabled = await admin(server, ['webhook', 'disable', CUSTOMER_ID, id])
  assert.equal(disabled.code, 0, disabled.stderr)
  assert.match((await admin(server, ['webhook', 'list'])).stdout, /disabled \(manual\)/)
  assert.equal((await postJson(server, { subject: 'Tyst', startsAt: '2026-03-02T09:00:00' })).status, 200)
  assert.deepEqual(await server.store.webhookBacklog(), { pending: 0, oldestPendingMs: null })

  const removed = await admin(server, ['webhook', 'remove', CUSTOMER_ID, id])
  assert.equal(removed.code, 0, removed.stderr)
  assert.deepEqual(await server.store.listWebhookEndpoints(CUSTOMER_ID), [])
  const again = await admin(server, ['webhook', 'remove', CUSTOMER_ID, id])
  assert.equal(again.code, 1)
  assert.match(again.stderr, /has no webhook/)
})

test('webhook add names the bad option; production refuses internal URLs', async (t) => {
  const server = await startServer(t)
  const badEvent = await admin(server, ['webhook', 'add', CUSTOMER_ID, 'https://example.com/in', '--events', 'appointment.moved'])
  assert.equal(badEvent.code, 2)
  assert.match(badEvent.stderr, /--events: 'appointment.moved' is not an event type/)
  const badUser = await admin(server, ['webhook', 'add', CUSTOMER_ID, 'https://example.com/in', '--users', 'NOBODY'])
  assert.equal(badUser.code, 2)
  assert.match(badUser.stderr, /--users: User 'NOBODY' is not a user of customer/)
  const internal = await admin(server, ['webhook', 'add', CUSTOMER_ID, 'https://127.0.0.1/in'], { NODE_ENV: 'production' })
  assert.equal(internal.code, 2)
  assert.match(internal.stderr, /url: 127.0.0.1 is a loopback, private, link-local or otherwise internal address/)
  assert.deepEqual(await server.store.listWebhookEndpoints(CUSTOMER_ID), [])
})
