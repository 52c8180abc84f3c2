/**
 * @module The SQLite store's audit log: one prepared INSERT the write methods run inside their
 * own transaction (so a write and its entry commit or roll back together), and the listing.
 */
import type { DatabaseSync } from 'node:sqlite'
import { AUDIT_COLUMNS, auditQueryParameters, rowToAuditEntry, type AuditWrite } from './audit-rows.ts'
import type { AuditEntry, AuditLog, AuditQuery } from './store.ts'

export interface SqliteAuditLog {
  record(entry: AuditWrite): void
  list(query: AuditQuery): AuditEntry[]
}

export function sqliteAuditLog(db: DatabaseSync): SqliteAuditLog {
  const insert = db.prepare(`INSERT INTO audit_log
      (at, client, action, customer_id, user_id, appointment_id, feed_id, request_id, occurrence_id)
    VALUES ($at, $client, $action, $customerId, $userId, $appointmentId, $feedId, $requestId, $occurrenceId)`)
  const list = db.prepare(`SELECT ${AUDIT_COLUMNS} FROM audit_log
    WHERE ($customerId IS NULL OR customer_id = $customerId) AND ($from IS NULL OR at >= $from)
      AND ($to IS NULL OR at < $to)
    ORDER BY id DESC LIMIT $limit`)
  return {
    record(entry) {
      insert.run({ ...entry, occurrenceId: entry.occurrenceId ?? null })
    },
    list(query) {
      return list.all(auditQueryParameters(query)).map(rowToAuditEntry).reverse()
    },
  }
}

/** The AuditLog role, read from the log the store's writes record into. */
export function sqliteAuditMethods(log: SqliteAuditLog): AuditLog {
  return {
    async listAuditEntries(query) {
      return log.list(query)
    },
  }
}
