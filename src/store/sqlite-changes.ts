/**
 * @module The SQLite store's change feed. The numbers come from the triggers of migration
 * 0007: every write to an appointment takes its user's next number in the write's own
 * transaction, a delete leaves a tombstone under one. SQLite has one writer at a time, so
 * a transaction takes its numbers and commits before the next takes any: a reader's
 * snapshot holds every number up to the counter it sees, and none after. A page is read in
 * one read transaction (the counter, the appointments, the deletions from one snapshot);
 * node:sqlite is synchronous, so nothing else runs on the connection in between.
 */
import type { DatabaseSync } from 'node:sqlite'
import { createPurgeClock, mergeChanges } from './change-rows.ts'
import { APPOINTMENT_SELECT } from './appointment-statements.ts'
import type { ChangeFeed } from './store.ts'

export function sqliteChangeMethods(db: DatabaseSync): ChangeFeed {
  const sql = {
    counter: db.prepare('SELECT seq FROM change_counters WHERE customer_key = lower(?) AND user_key = lower(?)'),
    appointments: db.prepare(`SELECT change_seq, ${APPOINTMENT_SELECT} FROM appointments
      WHERE customer_id = $customerId AND user_id = $userId AND change_seq > $since ORDER BY change_seq LIMIT $limit`),
    deletions: db.prepare(`SELECT seq, appointment_id FROM appointment_deletions
      WHERE customer_key = lower($customerId) AND user_key = lower($userId) AND seq > $since ORDER BY seq LIMIT $limit`),
    purge: db.prepare('DELETE FROM appointment_deletions WHERE deleted_at < ?'),
  }
  const purgeDue = createPurgeClock()

  function purgeBefore(iso: string): number {
    return Number(sql.purge.run(iso).changes)
  }

  return {
    async listChanges(user, sinceSeq, limit) {
      const cutoff = purgeDue()
      if (cutoff) purgeBefore(cutoff)
      const parameters = { customerId: user.customerId, userId: user.userId, since: sinceSeq ?? 0, limit: limit + 1 }
      db.exec('BEGIN')
      try {
        const latestSeq = Number(sql.counter.get(user.customerId, user.userId)?.seq ?? 0)
        const appointments = sql.appointments.all(parameters)
        const deletions = sinceSeq === null ? [] : sql.deletions.all(parameters)
        db.exec('COMMIT')
        return mergeChanges(appointments, deletions, limit, latestSeq)
      } catch (error) {
        if (db.isTransaction) db.exec('ROLLBACK')
        throw error
      }
    },
    async purgeDeletionsBefore(iso) {
      return purgeBefore(iso)
    },
  }
}
