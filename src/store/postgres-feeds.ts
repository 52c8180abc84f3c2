/**
 * @module The PostgreSQL store's calendar-feed methods, as sqlite-feeds.ts: ids match
 * case-insensitively through `lower()`; keys holding U+0000 (which PostgreSQL text cannot
 * hold) match nothing.
 */
import type pg from 'pg'
import type { Appointment } from '../domain/appointment.ts'
import type { Row } from './rows.ts'
import { AUDIT_INSERT } from './postgres-audit.ts'
import { StoreConflict, type Appointments, type AuditContext, type CalendarLinks } from './store.ts'
import { rowToFeedToken, summaryOf } from './feed-rows.ts'

/** The calendar feed's reads of appointments, and the calendar links. */
type FeedMethods = Pick<Appointments, 'listAppointmentsPage' | 'summarizeCalendar'> & CalendarLinks

const FEED_TOKEN_COLUMNS = 'feed_id, customer_id, user_id, created_at, revoked_at'
const SAME_USER = 'lower(customer_id) = lower($1) AND lower(user_id) = lower($2)'

function anyNul(...keys: readonly (string | null | undefined)[]): boolean {
  return keys.some((key) => key?.includes('\u0000'))
}

/**
 * `changed` and, with an audit context (client $n, request id $n+1), an audit entry for each row
 * it changed, in one statement; without a context, no entry.
 */
function withAudit(changed: string, action: string, n: number): string {
  return `WITH changed AS (${changed} RETURNING ${FEED_TOKEN_COLUMNS}), audited AS (
      ${AUDIT_INSERT} SELECT coalesce(revoked_at, created_at), $${n}, '${action}', customer_id, user_id, NULL, feed_id,
        $${n + 1} FROM changed WHERE $${n}::text IS NOT NULL)
    SELECT ${FEED_TOKEN_COLUMNS} FROM changed`
}

function auditParameters(context: AuditContext | undefined): (string | null)[] {
  return [context?.clientUsername ?? null, context?.requestId ?? null]
}

/** `appointmentsAt` turns rows of id and version into appointments, through the store's cache of parsed ones. */
export function postgresFeedMethods(
  pool: pg.Pool, appointmentsAt: (customerId: string, versions: readonly Row[]) => Promise<Appointment[]>,
): FeedMethods {
  async function rows(sql: string, parameters: unknown[]): Promise<Row[]> {
    return (await pool.query(sql, parameters)).rows as Row[]
  }
  return {
    async listAppointmentsPage(user, afterId, limit) {
      if (anyNul(user.customerId, user.userId, afterId)) return []
      return appointmentsAt(user.customerId, await rows(`SELECT id, version FROM appointments
        WHERE ${SAME_USER} AND ($3::text IS NULL OR id > $3) ORDER BY id LIMIT $4`,
      [user.customerId, user.userId, afterId, limit]))
    },
    async summarizeCalendar(user) {
      if (anyNul(user.customerId, user.userId)) return { zones: [] }
      return summaryOf(await rows(`SELECT time_zone, count(*) AS n, sum(version) AS versions,
          max(updated_at) AS last_updated, min(CASE WHEN NOT all_day THEN first_start_ms END) AS first_timed
        FROM appointments WHERE ${SAME_USER} GROUP BY time_zone`, [user.customerId, user.userId]))
    },
    async addFeedToken({ feedId, tokenHash, customerId, userId }, context) {
      const [row] = anyNul(customerId, userId) ? [] : await rows(withAudit(`INSERT INTO feed_tokens
          (feed_id, token_hash, customer_id, user_id, created_at)
        SELECT $3, $4, customer_id, user_id, $5 FROM users WHERE ${SAME_USER}`, 'feed-create', 6),
      [customerId, userId, feedId, tokenHash, new Date().toISOString(), ...auditParameters(context)])
      if (!row) throw new StoreConflict('not-found', `User ${userId} does not exist in customer ${customerId}.`)
      return rowToFeedToken(row)
    },
    async findFeedTokenUser(tokenHash) {
      if (anyNul(tokenHash)) return undefined
      const [row] = await rows(`SELECT feed_id, customer_id, user_id FROM feed_tokens
        WHERE token_hash = $1 AND revoked_at IS NULL`, [tokenHash])
      return row && { customerId: String(row.customer_id), userId: String(row.user_id), feedId: String(row.feed_id) }
    },
    async listFeedTokens(customerId) {
      if (anyNul(customerId)) return []
      return (await rows(`SELECT ${FEED_TOKEN_COLUMNS} FROM feed_tokens
        WHERE $1::text IS NULL OR lower(customer_id) = lower($1) ORDER BY created_at, feed_id`, [customerId ?? null]))
        .map(rowToFeedToken)
    },
    async revokeFeedToken(feedId, user, context) {
      if (anyNul(feedId, user?.customerId, user?.userId)) return false
      const revoked = await rows(withAudit(`UPDATE feed_tokens SET revoked_at = $4
        WHERE feed_id = $3 AND revoked_at IS NULL
          AND ($1::text IS NULL OR (lower(customer_id) = lower($1) AND lower(user_id) = lower($2)))`, 'feed-revoke', 5),
      [user?.customerId ?? null, user?.userId ?? null, feedId, new Date().toISOString(), ...auditParameters(context)])
      return revoked.length > 0
    },
  }
}
