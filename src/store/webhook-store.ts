/**
 * @module The webhooks role of the store (issue 17): endpoints per customer, and the
 * delivery queue the sender works from. Events are not written through this interface:
 * the database records them itself, in the transaction of the appointment write (a trigger
 * on the audit log, migration 0010), so no write path can forget one.
 */
import type {
  WebhookDisabledReason, WebhookEndpoint, WebhookEndpointSettings, WebhookEventType, WebhookStatus,
} from '../domain/webhooks/webhook-endpoint.ts'

export interface NewWebhookEndpoint extends WebhookEndpointSettings {
  readonly id: string
  readonly customerId: string
  readonly secret: string
}

export interface WebhookEndpointChange extends WebhookEndpointSettings {
  readonly status: WebhookStatus
}

/** One event for one endpoint, claimed by a sender until `leaseUntilMs`. */
export interface ClaimedDelivery {
  readonly deliveryId: number
  /** The webhook-id header: the same on every attempt. */
  readonly messageId: string
  readonly endpointId: string
  readonly url: string
  /** The secrets to sign with: the current one, then the one it replaced while that still signs. */
  readonly secrets: readonly string[]
  readonly type: WebhookEventType
  /** ISO UTC: when the write happened. */
  readonly at: string
  readonly customerId: string
  readonly userId: string | null
  readonly appointmentId: string | null
  readonly occurrenceId: string | null
  readonly version: number | null
  /** The write's change number in the user's feed; null for a test event. */
  readonly changeSeq: number | null
  /** This attempt's number, from 1. */
  readonly attempt: number
  /** Names this claim: only its holder may finish it. */
  readonly claimToken: string
}

export interface WebhookClaimRequest {
  readonly nowMs: number
  readonly leaseMs: number
  /** At most this many in all. */
  readonly limit: number
  /** At most this many per endpoint, less what the sender already has in flight there. */
  readonly perEndpoint: number
  readonly busy: ReadonlyMap<string, number>
}

/** How an attempt ended, and what comes next. */
export interface WebhookAttemptResult {
  readonly delivery: ClaimedDelivery
  /** ISO UTC, when the attempt started. */
  readonly at: string
  readonly status: number | null
  readonly error: string | null
  readonly durationMs: number
  /** 'retry' at nextAttemptMs; 'failed': no more attempts, and the endpoint is disabled for `disable`. */
  readonly outcome: 'delivered' | 'retry' | 'failed'
  readonly nextAttemptMs: number | null
  readonly disable: { readonly reason: WebhookDisabledReason; readonly detail: string } | null
}

export interface WebhookAttempt {
  readonly messageId: string
  readonly type: WebhookEventType
  readonly attempt: number
  readonly at: string
  readonly status: number | null
  readonly error: string | null
  readonly durationMs: number
  /** ISO UTC; null when none follows. */
  readonly nextAttemptAt: string | null
}

export interface WebhookBacklog {
  readonly pending: number
  /** Epoch ms of the oldest pending event; null when none is pending. */
  readonly oldestPendingMs: number | null
}

export interface WebhookStore {
  /** StoreConflict 'not-found' when the customer is unknown. */
  addWebhookEndpoint(endpoint: NewWebhookEndpoint): Promise<{ endpoint: WebhookEndpoint; secret: string }>
  /** Every endpoint, or one customer's, oldest first. */
  listWebhookEndpoints(customerId?: string): Promise<WebhookEndpoint[]>
  getWebhookEndpoint(customerId: string, endpointId: string): Promise<WebhookEndpoint | undefined>
  /** Undefined when the customer has no such endpoint. */
  updateWebhookEndpoint(customerId: string, endpointId: string, change: WebhookEndpointChange):
    Promise<WebhookEndpoint | undefined>
  removeWebhookEndpoint(customerId: string, endpointId: string): Promise<boolean>
  /** Sets a new secret; the old one signs too until `previousUntilMs`. False when there is no such endpoint. */
  rotateWebhookSecret(customerId: string, endpointId: string, secret: string, previousUntilMs: number): Promise<boolean>
  /** Queues a webhook.test event for the endpoint, due at once. */
  addWebhookTestEvent(customerId: string, endpointId: string, at: string): Promise<boolean>

  /** Claims due deliveries of active endpoints that no live claim holds, oldest due first. */
  claimWebhookDeliveries(request: WebhookClaimRequest): Promise<ClaimedDelivery[]>
  /** Records the attempt and what follows it, if the claim is still the caller's. */
  finishWebhookAttempt(result: WebhookAttemptResult): Promise<void>
  /** Gives claims back unattempted (the sender is closing). */
  releaseWebhookClaims(claimTokens: readonly string[]): Promise<void>
  /**
   * When the next pending delivery of an active endpoint (not one of `excluding`, which the
   * sender is busy with) is due or its claim runs out; undefined: none.
   */
  nextWebhookDueMs(excluding: readonly string[]): Promise<number | undefined>
  /** The endpoint's latest attempts, newest first. */
  listWebhookAttempts(endpointId: string, limit: number): Promise<WebhookAttempt[]>
  webhookBacklog(): Promise<WebhookBacklog>
  /** Forgets events (and their attempts) recorded before the instant; returns how many. */
  purgeWebhookDeliveriesBefore(ms: number): Promise<number>
  /**
   * Calls `onEvents` soon after events may have been recorded (SQLite: after each commit in
   * this process; PostgreSQL: on any instance's NOTIFY, and on each reconnect); returns the stop.
   */
  watchWebhookEvents(onEvents: () => void): Promise<() => Promise<void>>
}
