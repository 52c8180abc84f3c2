/**
 * @module Webhook metrics for `/metrics`: `webhook_deliveries_total{outcome}` (delivered, retry,
 * failed) counted by this instance, and, read from the store when Prometheus scrapes (so
 * every instance reports the shared queue), `webhook_pending_events` and
 * `webhook_oldest_pending_seconds`.
 */
import { Counter, Gauge, type Registry } from 'prom-client'
import type { WebhookStore } from '../store/webhook-store.ts'
import type { DeliveryOutcome } from './sender.ts'

export function registerWebhookMetrics(registry: Registry, store: WebhookStore): (outcome: DeliveryOutcome) => void {
  const deliveries = new Counter({
    name: 'webhook_deliveries_total',
    help: 'Webhook delivery attempts by outcome: delivered (2xx), retry (failed, tried again later), failed (no more tries).',
    labelNames: ['outcome'],
    registers: [registry],
  })
  for (const outcome of ['delivered', 'retry', 'failed'] as const) deliveries.labels(outcome).inc(0)
  const backlog = () => store.webhookBacklog()
  new Gauge({
    name: 'webhook_pending_events',
    help: 'Webhook events waiting to be delivered (one per event and endpoint), on every instance.',
    registers: [registry],
    async collect() {
      this.set((await backlog()).pending)
    },
  })
  new Gauge({
    name: 'webhook_oldest_pending_seconds',
    help: 'Age of the oldest webhook event still waiting to be delivered; 0 when none waits.',
    registers: [registry],
    async collect() {
      const { oldestPendingMs } = await backlog()
      this.set(oldestPendingMs === null ? 0 : Math.max(0, (Date.now() - oldestPendingMs) / 1000))
    },
  })
  return (outcome) => deliveries.labels(outcome).inc()
}
