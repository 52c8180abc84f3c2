/**
 * @module The VCALENDAR's own properties for a user's feed: its name (user and firm), the
 * firm's zone, and how often apps should poll (REFRESH-INTERVAL, X-PUBLISHED-TTL). The name
 * is TEXT (escaped; the writer marks it `VALUE=TEXT`), as names may hold commas or line breaks.
 */
import type { Customer, User } from '../appointment.ts'
import { property, type JCalProperty } from './jcal.ts'

/** Calendar apps poll the feed this often. */
export const FEED_REFRESH_INTERVAL = 'PT15M'
export const FEED_PRODUCT_ID = '-//connect-calendar//Calendar feed//SV'

export function calendarProperties(user: User, customer: Customer): JCalProperty[] {
  return [
    property('version', 'text', '2.0'),
    property('prodid', 'text', FEED_PRODUCT_ID),
    property('calscale', 'text', 'GREGORIAN'),
    property('method', 'text', 'PUBLISH'),
    property('x-wr-calname', 'text', calendarName(user, customer)),
    property('x-wr-timezone', 'unknown', customer.timeZone),
    property('refresh-interval', 'duration', FEED_REFRESH_INTERVAL),
    property('x-published-ttl', 'unknown', FEED_REFRESH_INTERVAL),
  ]
}

/** `Hanna (Mäklarfirman AB)`; ids stand in for names not given. */
export function calendarName(user: User, customer: Customer): string {
  return `${user.name ?? user.userId} (${customer.name ?? customer.customerId})`
}
