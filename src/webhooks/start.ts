/**
 * @module Starts the webhook sender as the configuration says (retry schedule, address
 * policy), for the entry point and the tests alike.
 */
import type { Config } from '../config.ts'
import type { WebhookStore } from '../store/webhook-store.ts'
import { addressPolicy } from './address-guard.ts'
import { startWebhookSender, type DeliveryOutcome, type WebhookSender, type WebhookSenderOptions } from './sender.ts'

export function startConfiguredSender(
  config: Config, store: WebhookStore, log: WebhookSenderOptions['log'], onOutcome?: (outcome: DeliveryOutcome) => void,
): WebhookSender {
  return startWebhookSender({
    store, log, schedule: config.webhookRetrySchedule,
    policy: addressPolicy(config.production, config.webhookAllowPrivateNetworks),
    ...(onOutcome && { onOutcome }),
  })
}
