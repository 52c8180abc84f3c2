/**
 * @module Wakes this instance's webhook sender when any instance records webhook events:
 * migration 0010's trigger NOTIFYs `webhook_deliveries` as the write commits. It wakes the
 * sender on every (re)connect too, since notifications sent while it was down are lost.
 */
import { listenOnChannel } from './postgres-listener.ts'

const CHANNEL = 'webhook_deliveries'

export function listenForWebhookEvents(connectionString: string, onEvents: () => void): () => Promise<void> {
  return listenOnChannel(connectionString, CHANNEL, { notified: onEvents, connected: onEvents, lost: () => undefined })
}
