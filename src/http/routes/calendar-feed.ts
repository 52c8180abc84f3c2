/**
 * @module The iCalendar answer for one user over HTTP: the ETag (src/feed/feed-etag.ts) from
 * the calendar's summary, read before anything else, `If-None-Match` answered 304, else
 * `text/calendar` streamed from the feed writer (src/feed/write-calendar.ts) into the reply,
 * as bytes: the writer is asked for its next page only once the socket has taken the last
 * (a stream of objects would buffer sixteen pages, nearly a whole feed per request).
 * `Last-Modified` is the latest update and informative only: a delete leaves no time behind,
 * so `If-Modified-Since` is not honoured (a 304 there could hide a deletion).
 */
import { Readable } from 'node:stream'
import type { FastifyReply, FastifyRequest } from 'fastify'
import { feedEtag, lastUpdatedAt } from '../../feed/feed-etag.ts'
import type { VtimezoneCache } from '../../feed/time-zone-cache.ts'
import { calendarText, type CalendarOwner, type FeedStore } from '../../feed/write-calendar.ts'

export const CALENDAR_TYPE = 'text/calendar; charset=utf-8'

export async function sendCalendarFeed(
  request: FastifyRequest, reply: FastifyReply, store: FeedStore, zones: VtimezoneCache, owner: CalendarOwner,
): Promise<FastifyReply> {
  const summary = await store.summarizeCalendar(owner.user)
  const etag = feedEtag(summary, owner)
  reply.header('etag', etag).header('cache-control', 'private, no-cache')
  const lastUpdated = lastUpdatedAt(summary)
  if (lastUpdated) reply.header('last-modified', new Date(lastUpdated).toUTCString())
  if (noneMatchHits(request.headers['if-none-match'], etag)) return reply.code(304).send()
  return reply.type(CALENDAR_TYPE).header('content-disposition', 'inline; filename="calendar.ics"')
    .send(Readable.from(calendarText(store, zones, owner, summary), { objectMode: false }))
}

/** RFC 9110: `*` or any listed tag, compared weakly (`W/` ignored). */
function noneMatchHits(header: string | undefined, etag: string): boolean {
  if (header === undefined) return false
  return header.split(',').some((tag) => {
    const trimmed = tag.trim()
    return trimmed === '*' || trimmed.replace(/^W\//, '') === etag
  })
}
