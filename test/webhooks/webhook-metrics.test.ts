/**
 * /metrics for webhooks: attempts by outcome (delivered, retry, failed), the events waiting
 * and the oldest one's age, scraped from the real metrics listener of a server whose sender
 * delivers to a real receiver.
 */
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { createMetricsRegistry, startMetricsServer } from '../../src/http/metrics.ts'
import { postJson, send } from '../helpers/requests.ts'
import { CUSTOMER_ID, startServer } from '../helpers/server.ts'
import { startReceiver } from '../helpers/webhook-receiver.ts'

function sample(text: string, series: string): number | undefined {
  const line = text.split('\n').find((candidate) => candidate.startsWith(`${series} `))
  return line === undefined ? undefined : Number(line.slice(series.length + 1))
}

test('deliveries by outcome, pending events and the oldest one\'s age', async (t) => {
  const registry = createMetricsRegistry()
  const server = await startServer(t, { metrics: registry, webhooks: true, env: { WEBHOOK_RETRY_SCHEDULE: '0,10ms' } })
  const metrics = await startMetricsServer(registry, { host: '127.0.0.1', port: 0 })
  t.after(() => metrics.close())
  const scrape = async () => (await fetch(`${metrics.url}/metrics`)).text()
  const receiver = await startReceiver(t)
  const added = await send(server, `/Webhooks/${CUSTOMER_ID}`, {
    body: JSON.stringify({ url: receiver.url }), headers: { 'content-type': 'application/json' },
  })
  assert.equal(added.status, 201, added.text)
  const webhookId = (added.json as { id: string }).id

  assert.equal((await postJson(server, { subject: 'Levererad', startsAt: '2026-03-02T09:00:00' })).status, 200)
  await receiver.until((all) => all.length === 1)
  receiver.respond = () => ({ status: 500 })
  assert.equal((await postJson(server, { subject: 'Misslyckad', startsAt: '2026-03-02T09:00:00' })).status, 200)
  await receiver.until((all) => all.length === 3)
  while ((await server.store.getWebhookEndpoint(CUSTOMER_ID, webhookId))?.status !== 'disabled') {
    await new Promise((resolve) => setImmediate(resolve))
  }
  for (const subject of ['Väntar 1', 'Väntar 2']) {
    assert.equal((await postJson(server, { subject, startsAt: '2026-03-02T09:00:00' })).status, 200)
  }

  const text = await scrape()
  assert.equal(sample(text, 'webhook_deliveries_total{outcome="delivered"}'), 1)
  assert.equal(sample(text, 'webhook_deliveries_total{outcome="retry"}'), 1)
  assert.equal(sample(text, 'webhook_deliveries_total{outcome="failed"}'), 1)
  assert.equal(sample(text, 'webhook_pending_events'), 2)
  assert.ok(sample(text, 'webhook_oldest_pending_seconds')! >= 0)
  assert.match(text, /# HELP webhook_oldest_pending_seconds /)
})
