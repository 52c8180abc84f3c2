/**
 * @module The listing's WHERE clauses, one text for both SQL dialects. They repeat the
 * partial indexes' predicates of migration 0002 word for word (a planner uses a partial
 * index only for a query that states its predicate): appointments spanning at most a week
 * (nearly every single one) are found by start near the window, longer spans (series) by
 * their end, so a window costs what it holds, not the user's history.
 */

/** Longest span (first start to last end) found by its start; longer ones are found by end. */
export const SHORT_SPAN_MS = 604_800_000

const SHORT = `last_end_ms - first_start_ms <= ${SHORT_SPAN_MS}`
const LONG = `(last_end_ms IS NULL OR last_end_ms - first_start_ms > ${SHORT_SPAN_MS})`

/**
 * `owner` matches the user's rows; `from` and `to` are the placeholders of the range's
 * bounds in ms. Three index range scans, concatenated. `source` may join the users asked
 * for before appointments (then `owner` names the joined user), so each scan runs once per user.
 */
export function touchingRangeSql(columns: string, owner: string, from: string, to: string, source = 'appointments'): string {
  return `SELECT ${columns} FROM ${source} WHERE ${owner} AND ${SHORT}
      AND first_start_ms >= ${from} - ${SHORT_SPAN_MS} AND first_start_ms < ${to} AND last_end_ms >= ${from}
    UNION ALL
    SELECT ${columns} FROM ${source} WHERE ${owner} AND ${LONG}
      AND last_end_ms >= ${from} AND first_start_ms < ${to}
    UNION ALL
    SELECT ${columns} FROM ${source} WHERE ${owner} AND ${LONG}
      AND last_end_ms IS NULL AND first_start_ms < ${to}`
}
