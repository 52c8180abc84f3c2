/**
 * The sender wakes on commits of the SQLite store it works from. Its own claims and results
 * must wake nobody: each would wake it again at once, and an idle server spun a whole core
 * claiming from an empty queue (seen: 90 % CPU with no traffic).
 */
import assert from 'node:assert/strict'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { test } from 'node:test'
import { openStore } from '../../src/store/open-store.ts'

const CLAIM = { leaseMs: 15_000, limit: 8, perEndpoint: 4, busy: new Map<string, number>() }

function nextTurn(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve))
}

test('the sender\'s own claims and results wake no watcher; a queued event does', async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'calendar-wakeups-'))
  const store = await openStore(`sqlite:${join(dir, 'test.db')}`)
  t.after(async () => {
    await store.close()
    await rm(dir, { recursive: true })
  })
  await store.addCustomer({ customerId: 'M1', name: null, timeZone: 'Europe/Stockholm' })
  const { endpoint } = await store.addWebhookEndpoint({
    id: 'wh1', customerId: 'M1', secret: 'c2VjcmV0', url: 'https://receiver.example/hook',
    events: null, userIds: null, description: null,
  })
  let wakeups = 0
  const stop = await store.watchWebhookEvents(() => { wakeups++ })
  t.after(stop)

  assert.deepEqual(await store.claimWebhookDeliveries({ ...CLAIM, nowMs: Date.now() }), [])
  await nextTurn()
  assert.equal(wakeups, 0, 'a claim that found nothing woke the sender')

  assert.equal(await store.addWebhookTestEvent('M1', endpoint.id, new Date().toISOString()), true)
  await nextTurn()
  assert.equal(wakeups, 1, 'a queued event must wake the sender')

  const [claimed] = await store.claimWebhookDeliveries({ ...CLAIM, nowMs: Date.now() })
  assert.ok(claimed)
  await store.finishWebhookAttempt({
    delivery: claimed, at: new Date().toISOString(), status: 204, error: null, durationMs: 3,
    outcome: 'delivered', nextAttemptMs: null, disable: null,
  })
  await store.releaseWebhookClaims([claimed.claimToken])
  await nextTurn()
  assert.equal(wakeups, 1, 'the sender\'s claim, result or release woke it')
})
