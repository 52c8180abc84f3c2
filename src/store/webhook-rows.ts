/**
 * @module Webhook rows shared by the SQL backends: endpoint and delivery rows ↔ objects, and
 * which of the due deliveries a claim takes.
 */
import { randomBytes } from 'node:crypto'
import type {
  WebhookDisabledReason, WebhookEndpoint, WebhookEventType, WebhookStatus,
} from '../domain/webhooks/webhook-endpoint.ts'
import { nullableText, type Row } from './rows.ts'
import type { ClaimedDelivery, WebhookAttempt, WebhookClaimRequest } from './webhook-store.ts'

export const ENDPOINT_COLUMNS = 'id, customer_id, url, events, user_ids, description, status, disabled_reason, created_at'

export const CLAIMED_COLUMNS = `d.id, d.message_id, d.endpoint_id, d.type, d.at, d.customer_id, d.user_id,
  d.appointment_id, d.occurrence_id, d.version, d.change_seq, d.attempts, d.claim_token, e.url, e.secret,
  e.previous_secret, e.previous_secret_until_ms`

export const ATTEMPT_COLUMNS = 'd.message_id, d.type, a.attempt, a.at, a.status, a.error, a.duration_ms, a.next_attempt_at'

/** Who the audit log names for what the sender does on its own (disabling an endpoint). */
export const SENDER_AUDIT_CLIENT = 'webhook-sender'

export function newMessageId(): string {
  return `msg_${randomBytes(16).toString('hex')}`
}

export function newClaimToken(): string {
  return randomBytes(12).toString('base64url')
}

/** Lists arrive as arrays (PostgreSQL) or JSON text (SQLite); null means all. */
function listOf(value: unknown): string[] | null {
  if (value === null || value === undefined) return null
  return (typeof value === 'string' ? JSON.parse(value) as unknown[] : value as unknown[]).map(String)
}

export function rowToEndpoint(row: Row): WebhookEndpoint {
  return {
    id: String(row.id),
    customerId: String(row.customer_id),
    url: String(row.url),
    events: listOf(row.events) as WebhookEventType[] | null,
    userIds: listOf(row.user_ids),
    description: nullableText(row.description),
    status: String(row.status) as WebhookStatus,
    disabledReason: nullableText(row.disabled_reason) as WebhookDisabledReason | null,
    createdAt: String(row.created_at),
  }
}

function nullableNumber(value: unknown): number | null {
  return value === null || value === undefined ? null : Number(value)
}

export function rowToClaimed(row: Row, nowMs: number): ClaimedDelivery {
  const previousSigns = row.previous_secret !== null && Number(row.previous_secret_until_ms) > nowMs
  return {
    deliveryId: Number(row.id),
    messageId: String(row.message_id),
    endpointId: String(row.endpoint_id),
    url: String(row.url),
    secrets: previousSigns ? [String(row.secret), String(row.previous_secret)] : [String(row.secret)],
    type: String(row.type) as WebhookEventType,
    at: String(row.at),
    customerId: String(row.customer_id),
    userId: nullableText(row.user_id),
    appointmentId: nullableText(row.appointment_id),
    occurrenceId: nullableText(row.occurrence_id),
    version: nullableNumber(row.version),
    changeSeq: nullableNumber(row.change_seq),
    attempt: Number(row.attempts),
    claimToken: String(row.claim_token),
  }
}

export function rowToAttempt(row: Row): WebhookAttempt {
  return {
    messageId: String(row.message_id),
    type: String(row.type) as WebhookEventType,
    attempt: Number(row.attempt),
    at: String(row.at),
    status: nullableNumber(row.status),
    error: nullableText(row.error),
    durationMs: Number(row.duration_ms),
    nextAttemptAt: nullableText(row.next_attempt_at),
  }
}

/** Endpoints the sender has as many in flight to as it may: the claim skips their deliveries. */
export function fullEndpoints(request: WebhookClaimRequest): string[] {
  return [...request.busy].filter(([, count]) => count >= request.perEndpoint).map(([endpointId]) => endpointId)
}

/** Of the due candidates (oldest due first), those a claim takes: within the total and per-endpoint bounds. */
export function chooseClaims(candidates: readonly Row[], request: WebhookClaimRequest): number[] {
  const taken = new Map(request.busy)
  const chosen: number[] = []
  for (const row of candidates) {
    if (chosen.length >= request.limit) break
    const endpointId = String(row.endpoint_id)
    const count = taken.get(endpointId) ?? 0
    if (count >= request.perEndpoint) continue
    taken.set(endpointId, count + 1)
    chosen.push(Number(row.id))
  }
  return chosen
}

/** Candidates read per claim: enough to fill the total from several endpoints. */
export function candidateCount(request: WebhookClaimRequest): number {
  return Math.max(request.limit * 4, 64)
}
