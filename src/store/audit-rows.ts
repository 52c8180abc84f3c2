/**
 * @module Audit-log rows shared by the SQL backends: the columns an entry is written and read
 * with, and the row ↔ entry mapping.
 */
import type { AuditAction, AuditContext, AuditEntry, AuditQuery, ClientAuditAction } from './store.ts'
import { nullableText, type Row } from './rows.ts'

export const AUDIT_COLUMNS = 'id, at, client, action, customer_id, user_id, appointment_id, feed_id, request_id, webhook_id, detail'

/** An entry to write: every column but the id, and for a change of one occurrence, which (not listed back). */
export type AuditWrite = Omit<AuditEntry, 'id'> & { readonly occurrenceId?: string }

export interface AuditTarget {
  readonly customerId: string
  readonly userId: string
  readonly appointmentId?: string
  readonly feedId?: string
}

export function auditWrite(action: AuditAction, target: AuditTarget, audit: AuditContext, at: string): AuditWrite {
  return {
    at, client: audit.clientUsername, action, customerId: target.customerId, userId: target.userId,
    appointmentId: target.appointmentId ?? null, feedId: target.feedId ?? null, requestId: audit.requestId,
    ...(audit.occurrenceId !== undefined && { occurrenceId: audit.occurrenceId }),
  }
}

/** A change to an API client: no user and no request; a customer only for a grant or revoke. */
export function clientAuditWrite(action: ClientAuditAction, username: string, customerId: string | null): AuditWrite {
  return {
    at: new Date().toISOString(), client: username, action, customerId, userId: null,
    appointmentId: null, feedId: null, requestId: null,
  }
}

export function rowToAuditEntry(row: Row): AuditEntry {
  return {
    id: Number(row.id),
    at: String(row.at),
    client: String(row.client),
    action: String(row.action) as AuditAction,
    customerId: nullableText(row.customer_id),
    userId: nullableText(row.user_id),
    appointmentId: nullableText(row.appointment_id),
    feedId: nullableText(row.feed_id),
    requestId: nullableText(row.request_id),
    ...(row.webhook_id !== null && row.webhook_id !== undefined && { webhookId: String(row.webhook_id) }),
    ...(row.detail !== null && row.detail !== undefined && { detail: String(row.detail) }),
  }
}

/** The query's bounds as statement parameters: null for an absent one. */
export function auditQueryParameters(query: AuditQuery) {
  return { customerId: query.customerId ?? null, from: query.from ?? null, to: query.to ?? null, limit: query.limit }
}
