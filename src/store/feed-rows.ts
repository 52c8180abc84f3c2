/**
 * @module Row ↔ domain mapping of the calendar-feed tables, shared by the SQL backends.
 */
import type { Row } from './rows.ts'
import type { CalendarSummary, FeedToken } from './store.ts'

export function rowToFeedToken(row: Row): FeedToken {
  return {
    feedId: String(row.feed_id),
    customerId: String(row.customer_id),
    userId: String(row.user_id),
    createdAt: String(row.created_at),
    revokedAt: row.revoked_at === null || row.revoked_at === undefined ? null : String(row.revoked_at),
  }
}

/** Rows of `time_zone, n, versions, last_updated, first_timed`, sorted by zone name here (collations differ). */
export function summaryOf(rows: readonly Row[]): CalendarSummary {
  const zones = rows.map((row) => ({
    timeZone: String(row.time_zone),
    count: Number(row.n),
    versionSum: Number(row.versions),
    lastUpdatedAt: String(row.last_updated),
    firstTimedStartMs: row.first_timed === null || row.first_timed === undefined ? null : Number(row.first_timed),
  }))
  return { zones: zones.sort((a, b) => (a.timeZone < b.timeZone ? -1 : a.timeZone > b.timeZone ? 1 : 0)) }
}
