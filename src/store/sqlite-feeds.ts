/**
 * @module The SQLite store's calendar-feed methods: a user's appointments page by page, the
 * summary the feed's ETag and VTIMEZONEs come from, and the feed tokens (hashes only).
 */
import type { DatabaseSync } from 'node:sqlite'
import { auditWrite } from './audit-rows.ts'
import type { SqliteAuditLog } from './sqlite-audit.ts'
import type { Appointment } from '../domain/appointment.ts'
import { StoreConflict, type Appointments, type CalendarLinks } from './store.ts'
import { rowToFeedToken, summaryOf } from './feed-rows.ts'

/** The calendar feed's reads of appointments, and the calendar links. */
type FeedMethods = Pick<Appointments, 'listAppointmentsPage' | 'summarizeCalendar'> & CalendarLinks

const FEED_TOKEN_COLUMNS = 'feed_id, customer_id, user_id, created_at, revoked_at'

/**
 * `transaction` runs its work in one transaction: a link written through the API and its audit entry.
 * `appointmentsAt` turns rows of id and version into appointments, through the store's cache of parsed ones.
 */
export function sqliteFeedMethods(
  db: DatabaseSync, audit: SqliteAuditLog, transaction: <T>(work: () => T) => T,
  appointmentsAt: (versions: readonly Readonly<Record<string, unknown>>[]) => Promise<Appointment[]>,
): FeedMethods {
  const sql = {
    page: db.prepare(`SELECT id, version FROM appointments
      WHERE customer_id = $customerId AND user_id = $userId AND ($afterId IS NULL OR id > $afterId)
      ORDER BY id LIMIT $limit`),
    // Through 0007's index the rows come in about the order they were written; through 0011's, by id, all over the table.
    summary: db.prepare(`SELECT time_zone, count(*) AS n, sum(version) AS versions, max(updated_at) AS last_updated,
        min(CASE WHEN all_day = 0 THEN first_start_ms END) AS first_timed
      FROM appointments INDEXED BY appointments_by_user_and_change
      WHERE customer_id = ? AND user_id = ? GROUP BY time_zone`),
    addToken: db.prepare(`INSERT INTO feed_tokens (feed_id, token_hash, customer_id, user_id, created_at)
      SELECT $feedId, $tokenHash, customer_id, user_id, $now FROM users WHERE customer_id = $customerId AND user_id = $userId`),
    getToken: db.prepare(`SELECT ${FEED_TOKEN_COLUMNS} FROM feed_tokens WHERE feed_id = ?`),
    findToken: db.prepare('SELECT feed_id, customer_id, user_id FROM feed_tokens WHERE token_hash = ? AND revoked_at IS NULL'),
    listTokens: db.prepare(`SELECT ${FEED_TOKEN_COLUMNS} FROM feed_tokens
      WHERE $customerId IS NULL OR customer_id = $customerId ORDER BY created_at, feed_id`),
    revokeToken: db.prepare(`UPDATE feed_tokens SET revoked_at = $now
      WHERE feed_id = $feedId AND revoked_at IS NULL
        AND ($customerId IS NULL OR (customer_id = $customerId AND user_id = $userId))`),
  }
  return {
    async listAppointmentsPage(user, afterId, limit) {
      return appointmentsAt(sql.page.all({ customerId: user.customerId, userId: user.userId, afterId, limit }))
    },
    async summarizeCalendar(user) {
      return summaryOf(sql.summary.all(user.customerId, user.userId))
    },
    async addFeedToken(feed, context) {
      const { feedId, tokenHash, customerId, userId } = feed
      return transaction(() => {
        const now = new Date().toISOString()
        const inserted = sql.addToken.run({ feedId, tokenHash, customerId, userId, now })
        if (inserted.changes === 0) throw new StoreConflict('not-found', `User ${userId} does not exist in customer ${customerId}.`)
        const token = rowToFeedToken(sql.getToken.get(feedId) ?? {})
        if (context) audit.record(auditWrite('feed-create', token, context, now))
        return token
      })
    },
    async findFeedTokenUser(tokenHash) {
      const row = sql.findToken.get(tokenHash)
      return row && { customerId: String(row.customer_id), userId: String(row.user_id), feedId: String(row.feed_id) }
    },
    async listFeedTokens(customerId) {
      return sql.listTokens.all({ customerId: customerId ?? null }).map(rowToFeedToken)
    },
    async revokeFeedToken(feedId, user, context) {
      return transaction(() => {
        const now = new Date().toISOString()
        const revoked = sql.revokeToken.run({
          feedId, now, customerId: user?.customerId ?? null, userId: user?.userId ?? null,
        }).changes > 0
        if (!revoked || !context) return revoked
        audit.record(auditWrite('feed-revoke', rowToFeedToken(sql.getToken.get(feedId) ?? {}), context, now))
        return true
      })
    },
  }
}
