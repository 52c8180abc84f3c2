/**
 * @module The PostgreSQL store's audit log: the INSERT the write methods run on their own
 * transaction's connection (so a write and its entry commit or roll back together), and the
 * listing. Customer ids match case-insensitively through `lower()`, as everywhere else.
 */
import { AUDIT_COLUMNS, auditQueryParameters, rowToAuditEntry, type AuditWrite } from './audit-rows.ts'
import type { Queryable } from './postgres-query.ts'
import type { Row } from './rows.ts'
import type { AuditEntry, AuditLog, AuditQuery } from './store.ts'

export const AUDIT_INSERT = 'INSERT INTO audit_log (at, client, action, customer_id, user_id, appointment_id, feed_id, request_id)'

export async function recordAudit(db: Queryable, entry: AuditWrite): Promise<void> {
  await db.query(`INSERT INTO audit_log (at, client, action, customer_id, user_id, appointment_id, feed_id, request_id,
      occurrence_id) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`, [entry.at, entry.client, entry.action,
    entry.customerId, entry.userId, entry.appointmentId, entry.feedId, entry.requestId, entry.occurrenceId ?? null])
}

async function listAuditEntries(db: Queryable, query: AuditQuery): Promise<AuditEntry[]> {
  if ([query.customerId, query.from, query.to].some((key) => key?.includes('\u0000'))) return []
  const { customerId, from, to, limit } = auditQueryParameters(query)
  const result = await db.query(`SELECT ${AUDIT_COLUMNS} FROM audit_log
    WHERE ($1::text IS NULL OR lower(customer_id) = lower($1)) AND ($2::text IS NULL OR at >= $2)
      AND ($3::text IS NULL OR at < $3)
    ORDER BY id DESC LIMIT $4`, [customerId, from, to, limit])
  return (result.rows as Row[]).map(rowToAuditEntry).reverse()
}

/** The AuditLog role. */
export function postgresAuditMethods(db: Queryable): AuditLog {
  return {
    async listAuditEntries(query) {
      return listAuditEntries(db, query)
    },
  }
}
