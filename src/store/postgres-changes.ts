/**
 * @module The PostgreSQL store's change feed. The numbers come from the triggers of
 * migration 0007. Commit order is not sequence order on PostgreSQL in general, but it is per
 * user here: taking a number upserts the user's counter row, which stays locked until the
 * transaction commits or aborts, so the user's next write waits and takes the next number
 * only after the earlier one committed. A snapshot therefore holds every number of a user up
 * to the counter it sees and none after, including writes whose transaction began before the
 * snapshot and commit after it: those get numbers above the counter the reader saw. A page is
 * read in one REPEATABLE READ READ ONLY transaction, so the counter, the appointments and the
 * deletions come from one snapshot. Keys holding U+0000 (which PostgreSQL text cannot hold)
 * match nothing.
 */
import type pg from 'pg'
import { createPurgeClock, mergeChanges } from './change-rows.ts'
import { APPOINTMENT_SELECT } from './appointment-statements.ts'
import type { Row } from './rows.ts'
import type { ChangeFeed } from './store.ts'

const SAME_KEYS = 'customer_key = lower($1) AND user_key = lower($2)'
const COUNTER = `SELECT seq FROM change_counters WHERE ${SAME_KEYS}`
const APPOINTMENTS = `SELECT change_seq, ${APPOINTMENT_SELECT} FROM appointments
  WHERE lower(customer_id) = lower($1) AND lower(user_id) = lower($2) AND change_seq > $3
  ORDER BY change_seq LIMIT $4`
const DELETIONS = `SELECT seq, appointment_id FROM appointment_deletions WHERE ${SAME_KEYS} AND seq > $3
  ORDER BY seq LIMIT $4`

export function postgresChangeMethods(pool: pg.Pool): ChangeFeed {
  const purgeDue = createPurgeClock()

  async function purgeBefore(iso: string): Promise<number> {
    return (await pool.query('DELETE FROM appointment_deletions WHERE deleted_at < $1::timestamptz', [iso])).rowCount ?? 0
  }

  return {
    async listChanges(user, sinceSeq, limit) {
      if (`${user.customerId}${user.userId}`.includes('\u0000')) return { changes: [], latestSeq: 0, more: false }
      const cutoff = purgeDue()
      if (cutoff) await purgeBefore(cutoff)
      const parameters = [user.customerId, user.userId, sinceSeq ?? 0, limit + 1]
      const client = await pool.connect()
      let broken: Error | undefined
      try {
        await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY')
        const [counter] = (await client.query(COUNTER, parameters.slice(0, 2))).rows as Row[]
        const appointments = (await client.query(APPOINTMENTS, parameters)).rows as Row[]
        const deletions = sinceSeq === null ? [] : (await client.query(DELETIONS, parameters)).rows as Row[]
        await client.query('COMMIT')
        return mergeChanges(appointments, deletions, limit, Number(counter?.seq ?? 0))
      } catch (error) {
        await client.query('ROLLBACK').catch((rollbackError: Error) => { broken = rollbackError })
        throw error
      } finally {
        client.release(broken) // a connection that cannot even roll back is discarded, not pooled
      }
    },
    async purgeDeletionsBefore(iso) {
      return purgeBefore(iso)
    },
  }
}
