/**
 * @module Webhook endpoints and the events they receive (issue 17): the event types, an
 * endpoint as the API answers it, and its signing secret (`whsec_` + base64 of 32 random
 * bytes, as Standard Webhooks spells it).
 */
import { randomBytes } from 'node:crypto'

export const WEBHOOK_EVENT_TYPES = [
  'appointment.created', 'appointment.updated', 'appointment.deleted', 'occurrence.changed', 'occurrence.cancelled',
  'webhook.test',
] as const

export type WebhookEventType = (typeof WEBHOOK_EVENT_TYPES)[number]

export const WEBHOOK_STATUSES = ['active', 'disabled'] as const

export type WebhookStatus = (typeof WEBHOOK_STATUSES)[number]

/**
 * Why an endpoint is disabled: by its owner ('manual'), its retries ran out ('failing'), or it
 * answered 410 ('gone'). Only an endpoint disabled by failure keeps collecting events.
 */
export type WebhookDisabledReason = 'manual' | 'failing' | 'gone'

/** Endpoints one customer may have. */
export const MAX_WEBHOOKS_PER_CUSTOMER = 20

/** How long an old secret keeps signing after a rotation. */
export const PREVIOUS_SECRET_LIFETIME_MS = 24 * 60 * 60 * 1000

/** How long events and their attempts are kept. */
export const WEBHOOK_RETENTION_MS = 30 * 24 * 60 * 60 * 1000

export interface WebhookEndpoint {
  readonly id: string
  readonly customerId: string
  readonly url: string
  /** null: every event type. */
  readonly events: readonly WebhookEventType[] | null
  /** null: every user of the customer. */
  readonly userIds: readonly string[] | null
  readonly description: string | null
  readonly status: WebhookStatus
  readonly disabledReason: WebhookDisabledReason | null
  /** ISO UTC. */
  readonly createdAt: string
}

/** What an endpoint's owner sets: on create, and (all of it) on PUT. */
export interface WebhookEndpointSettings {
  readonly url: string
  readonly events: readonly WebhookEventType[] | null
  readonly userIds: readonly string[] | null
  readonly description: string | null
}

export function newWebhookSecret(): string {
  return `whsec_${randomBytes(32).toString('base64')}`
}

export function newWebhookId(): string {
  return randomBytes(12).toString('base64url')
}
