/**
 * @module One user's calendar as iCalendar text, written piece by piece (the calendar's
 * properties, one VTIMEZONE per zone in use, then the VEVENTs of one page of the store at a
 * time), so thousands of appointments never sit in memory as one string, nor cost a stream
 * chunk each. The summary the caller read first (and made the ETag of) decides which zones
 * get a VTIMEZONE.
 */
import type { Customer, User } from '../domain/appointment.ts'
import { calendarProperties } from '../domain/ical/calendar.ts'
import type { Appointments, CalendarSummary } from '../store/store.ts'
import { eventTextOf } from './event-text.ts'
import { LINE_END, propertyText } from './ical-text.ts'
import type { VtimezoneCache } from './time-zone-cache.ts'

/** Bumped when the feed's text changes for the same data, so cached copies are refetched (see feed-etag.ts). */
export const FEED_FORMAT = 5
const PAGE_SIZE = 500

/** What the writer reads from the store. */
export type FeedStore = Pick<Appointments, 'summarizeCalendar' | 'listAppointmentsPage'>

export interface CalendarOwner {
  readonly user: User
  readonly customer: Customer
}

export async function* calendarText(
  store: FeedStore, zones: VtimezoneCache, owner: CalendarOwner, summary: CalendarSummary,
): AsyncGenerator<string | Buffer> {
  const properties = calendarProperties(owner.user, owner.customer)
  yield `BEGIN:VCALENDAR${LINE_END}${properties.map(propertyText).join(LINE_END)}${LINE_END}`
  const covered = new Map<string, number>()
  for (const zone of summary.zones) {
    if (zone.firstTimedStartMs === null) continue
    const vtimezone = zones.get(zone.timeZone, zone.firstTimedStartMs)
    covered.set(zone.timeZone, vtimezone.fromMs)
    yield vtimezone.text + LINE_END
  }
  for await (const page of appointmentPages(store, owner.user)) {
    const events: Buffer[] = []
    for (const appointment of page) {
      const event = eventTextOf(appointment)
      // One written after the summary in a zone or year it did not cover: the next poll (new ETag) has it.
      const coveredFrom = covered.get(appointment.timeZone)
      if (!event || (!appointment.allDayEvent && !(coveredFrom !== undefined && coveredFrom <= event.firstStartMs))) continue
      events.push(event.bytes)
    }
    if (events.length > 0) yield Buffer.concat(events)
  }
  yield `END:VCALENDAR${LINE_END}`
}

async function* appointmentPages(store: FeedStore, user: User) {
  let afterId: string | null = null
  for (;;) {
    const page = await store.listAppointmentsPage(user, afterId, PAGE_SIZE)
    yield page
    if (page.length < PAGE_SIZE) return
    afterId = page.at(-1)!.id
  }
}
