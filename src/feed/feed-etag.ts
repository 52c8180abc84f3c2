/**
 * @module The feed's ETag, from one cheap summary query read before anything else: per zone
 * the count, the sum of versions and the latest update, plus the names the calendar shows,
 * the zone data's version and the writer's FEED_FORMAT. A create adds to the count, a
 * replace to the version sum, a delete takes from both (and from the count alone leaves the
 * sum only if it took a version-1 appointment while another was created, which then moves
 * the latest update), so every change moves it.
 */
import { createHash } from 'node:crypto'
import type { CalendarSummary } from '../store/store.ts'
import { FEED_FORMAT, type CalendarOwner } from './write-calendar.ts'

export function feedEtag(summary: CalendarSummary, { user, customer }: CalendarOwner): string {
  const identity = [FEED_FORMAT, process.versions.tz ?? '', user.userId, user.name, customer.customerId, customer.name,
    customer.timeZone, summary.zones]
  return `"${createHash('sha256').update(JSON.stringify(identity)).digest('base64url').slice(0, 27)}"`
}

/** The latest update of any appointment in the calendar, or undefined for an empty one. */
export function lastUpdatedAt(summary: CalendarSummary): string | undefined {
  return summary.zones.map((zone) => zone.lastUpdatedAt).sort().at(-1)
}
