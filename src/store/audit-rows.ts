/**
 * @module Audit-log rows shared by the SQL backends: the columns an entry is written and read
 * with, and the row ↔ entry mapping.
 */
import type { AuditAction, AuditContext, AuditEntry, AuditQuery } from './store.ts'
import type { Row } from './rows.ts'

export const AUDIT_COLUMNS = 'id, at, client, action, customer_id, user_id, appointment_id, feed_id, request_id'

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

export function rowToAuditEntry(row: Row): AuditEntry {
  return {
    id: Number(row.id),
    at: String(row.at),
    client: String(row.client),
    action: String(row.action) as AuditAction,
    customerId: String(row.customer_id),
    userId: String(row.user_id),
    appointmentId: row.appointment_id === null ? null : String(row.appointment_id),
    feedId: row.feed_id === null ? null : String(row.feed_id),
    requestId: String(row.request_id),
  }
}

/** The query's bounds as statement parameters: null for an absent one. */
export function auditQueryParameters(query: AuditQuery) {
  return { customerId: query.customerId ?? null, from: query.from ?? null, to: query.to ?? null, limit: query.limit }
}
