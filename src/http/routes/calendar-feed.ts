/**
 * @module The iCalendar answer for one user: `text/calendar`, written piece by piece into
 * the reply (the calendar's properties, one VTIMEZONE per zone in use, then one VEVENT at a
 * time from pages of the store), so thousands of appointments never sit in memory as one
 * string. ical.js writes every line (escaping, 75-octet folding).
 *
 * The ETag comes from one cheap summary query, before anything else is read: per zone the
 * count, the sum of versions and the latest update, plus the names the calendar shows and
 * the zone data's version. A create adds to the count, a replace to the version sum, a
 * delete takes from both (and from the count alone leaves the sum only if it took a
 * version-1 appointment while another was created, which then moves the latest update), so
 * every change moves it. `If-None-Match` answers 304. `Last-Modified` is the latest update
 * and informative only: a delete leaves no time behind, so `If-Modified-Since` is not
 * honoured (a 304 there could hide a deletion).
 */
import { createHash } from 'node:crypto'
import { Readable } from 'node:stream'
import type { FastifyReply, FastifyRequest } from 'fastify'
import ICAL from 'ical.js'
import type { Customer, User } from '../../domain/appointment.ts'
import { calendarProperties } from '../../domain/ical/calendar.ts'
import { feedEventOf } from '../../domain/ical/event.ts'
import type { JCalComponent, JCalProperty } from '../../domain/ical/jcal.ts'
import { vtimezoneOf } from '../../domain/ical/time-zone.ts'
import type { CalendarSummary, Store } from '../../store/store.ts'

export const CALENDAR_TYPE = 'text/calendar; charset=utf-8'
/** UIDs are `<appointment id>@connect-calendar`: stable for the appointment's life. */
const UID_DOMAIN = 'connect-calendar'
/** Bumped when the feed's text changes for the same data, so cached copies are refetched. */
const FEED_FORMAT = 2
const PAGE_SIZE = 500
const LINE_END = '\r\n'
const MAX_CACHED_ZONES = 512
const YEAR_MARGIN_MS = 2 * 86_400_000

const ICALENDAR = ICAL.design.icalendar

export interface CalendarOwner {
  readonly user: User
  readonly customer: Customer
}

/** VTIMEZONEs by zone and first year: building one asks Temporal for every transition. */
export interface VtimezoneCache {
  /** A VTIMEZONE valid from `fromMs` on, as text. */
  get(timeZone: string, fromMs: number): { readonly text: string; readonly fromMs: number }
}

export function createVtimezoneCache(): VtimezoneCache {
  const cache = new Map<string, { text: string; fromMs: number }>()
  return {
    get(timeZone, fromMs) {
      const year = new Date(fromMs).getUTCFullYear()
      const key = `${timeZone}\u0000${year}`
      const cached = cache.get(key)
      if (cached) return cached
      const yearStartMs = Date.UTC(year, 0, 1) - YEAR_MARGIN_MS
      const built = { text: stringifyComponent(vtimezoneOf(timeZone, yearStartMs)), fromMs: yearStartMs }
      if (cache.size >= MAX_CACHED_ZONES) cache.clear()
      cache.set(key, built)
      return built
    },
  }
}

export async function sendCalendarFeed(
  request: FastifyRequest, reply: FastifyReply, store: Store, zones: VtimezoneCache, owner: CalendarOwner,
): Promise<FastifyReply> {
  const summary = await store.summarizeCalendar(owner.user)
  const etag = feedEtag(summary, owner)
  reply.header('etag', etag).header('cache-control', 'private, no-cache')
  const lastUpdated = summary.zones.map((zone) => zone.lastUpdatedAt).sort().at(-1)
  if (lastUpdated) reply.header('last-modified', new Date(lastUpdated).toUTCString())
  if (noneMatchHits(request.headers['if-none-match'], etag)) return reply.code(304).send()
  return reply.type(CALENDAR_TYPE).header('content-disposition', 'inline; filename="calendar.ics"')
    .send(Readable.from(feedText(store, zones, owner, summary)))
}

function feedEtag(summary: CalendarSummary, { user, customer }: CalendarOwner): string {
  const identity = [FEED_FORMAT, process.versions.tz ?? '', user.userId, user.name, customer.customerId, customer.name,
    customer.timeZone, summary.zones]
  return `"${createHash('sha256').update(JSON.stringify(identity)).digest('base64url').slice(0, 27)}"`
}

/** RFC 9110: `*` or any listed tag, compared weakly (`W/` ignored). */
function noneMatchHits(header: string | undefined, etag: string): boolean {
  if (header === undefined) return false
  return header.split(',').some((tag) => {
    const trimmed = tag.trim()
    return trimmed === '*' || trimmed.replace(/^W\//, '') === etag
  })
}

async function* feedText(
  store: Store, zones: VtimezoneCache, owner: CalendarOwner, summary: CalendarSummary,
): AsyncGenerator<string> {
  const properties = calendarProperties(owner.user, owner.customer)
  yield `BEGIN:VCALENDAR${LINE_END}${properties.map(stringifyProperty).join(LINE_END)}${LINE_END}`
  const covered = new Map<string, number>()
  for (const zone of summary.zones) {
    if (zone.firstTimedStartMs === null) continue
    const vtimezone = zones.get(zone.timeZone, zone.firstTimedStartMs)
    covered.set(zone.timeZone, vtimezone.fromMs)
    yield vtimezone.text + LINE_END
  }
  for await (const appointment of userAppointments(store, owner.user)) {
    const event = feedEventOf(appointment, UID_DOMAIN)
    // One written after the summary in a zone or year it did not cover: the next poll (new ETag) has it.
    const coveredFrom = covered.get(appointment.timeZone)
    if (!event || (!appointment.allDayEvent && !(coveredFrom !== undefined && coveredFrom <= event.firstStartMs))) continue
    yield stringifyComponent(event.vevent) + LINE_END
    for (const override of event.overrides) yield stringifyComponent(override) + LINE_END
  }
  yield `END:VCALENDAR${LINE_END}`
}

async function* userAppointments(store: Store, user: User) {
  let afterId: string | null = null
  for (;;) {
    const page = await store.listAppointmentsPage(user, afterId, PAGE_SIZE)
    yield* page
    if (page.length < PAGE_SIZE) return
    afterId = page.at(-1)!.id
  }
}

function stringifyComponent(component: JCalComponent): string {
  return ICAL.stringify.component([...component], ICALENDAR)
}

function stringifyProperty(property: JCalProperty): string {
  return ICAL.stringify.property([...property], ICALENDAR, false)
}
