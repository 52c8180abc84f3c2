/**
 * @module The Calendar resource: a user's appointments as an iCalendar feed that calendar
 * apps subscribe to. `GET /Calendar/{customerId}/{id}.ics` with Basic auth and the Appointment
 * routes' 401/403/404 checks; `POST /Calendar/{customerId}/{id}/feeds` creates a secret link
 * (`/Calendar/feed/<token>.ics`, no auth: apps cannot send Basic credentials) and
 * `DELETE …/feeds/{feedId}` revokes it. An unknown or revoked token is a 404 at once. The
 * token is never echoed in an error, and the request log shows its path redacted.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify'
import {
  FEED_PATH_PREFIX, FEED_SUFFIX, feedUrl, hashFeedToken, newFeedSecret, redactFeedToken,
} from '../../domain/ical/feed-token.ts'
import { NotFound } from '../../domain/errors.ts'
import { createVtimezoneCache } from '../../feed/time-zone-cache.ts'
import type { Appointments, CalendarLinks, Directory } from '../../store/store.ts'
import type { Authenticate } from '../auth.ts'
import { baseUrlOf } from '../base-url.ts'
import { sendString } from '../responses.ts'
import { CUSTOMER_ID_PARAMETER, USER_ID_PARAMETER, type ParameterDocs, type RouteDocs } from '../route-docs.ts'
import { calendarAccessHook } from './calendar-access.ts'
import { sendCalendarFeed } from './calendar-feed.ts'
import { auditContext, requireCalendarUser, shownId, type UserParams } from './calendar-user.ts'

export interface CalendarRoutesOptions {
  readonly store: Appointments & CalendarLinks & Directory
  readonly authenticate: Authenticate
}

const FEED_ID_PARAMETER: ParameterDocs = {
  name: 'feedId', type: 'string', required: true, example: 'q3Jm0lMTmUa4',
  description: { sv: 'Id på prenumerationslänken', en: 'Id of the subscription link' },
}

const TOKEN_PARAMETER: ParameterDocs = {
  name: 'token', type: 'string', required: true, example: 'b1J2y…',
  description: {
    sv: 'Den hemliga delen av prenumerationslänken, som POST …/feeds gav',
    en: 'The secret part of the subscription link, as POST …/feeds answered it',
  },
}

const FEED_DESCRIPTION = {
  sv: 'Användarens kalenderhändelser som en iCalendar-fil (RFC 5545, text/calendar): en VEVENT per händelse, '
    + 'serier som RRULE, VTIMEZONE för varje tidszon. ETag och If-None-Match (304) gör täta hämtningar billiga.',
  en: 'The user\'s appointments as one iCalendar file (RFC 5545, text/calendar): one VEVENT per appointment, '
    + 'series as RRULEs, a VTIMEZONE for every zone. ETag and If-None-Match (304) make frequent polling cheap.',
}

const calendarDocs: RouteDocs = {
  resource: 'Calendar',
  summary: { sv: 'Hämta användarens kalender (iCalendar)', en: 'Get the user\'s calendar (iCalendar)' },
  description: FEED_DESCRIPTION,
  uriParameters: [CUSTOMER_ID_PARAMETER, USER_ID_PARAMETER],
  response: {
    status: 200,
    type: 'iCalendar',
    description: { sv: 'Kalendern som text/calendar.', en: 'The calendar as text/calendar.' },
  },
  errorStatuses: [],
}

const createFeedDocs: RouteDocs = {
  resource: 'Calendar',
  summary: { sv: 'Skapa prenumerationslänk', en: 'Create a subscription link' },
  description: {
    sv: 'Skapar en hemlig länk till användarens kalender som kalenderappar (Outlook, Google, Apple) kan prenumerera på '
      + 'utan inloggning. Länken visas bara i svaret; Location-huvudet pekar på den för att återkalla den.',
    en: 'Creates a secret link to the user\'s calendar that calendar apps (Outlook, Google, Apple) can subscribe to '
      + 'without credentials. The link is shown only in this answer; the Location header points to it, to revoke it.',
  },
  uriParameters: [CUSTOMER_ID_PARAMETER, USER_ID_PARAMETER],
  response: {
    status: 200,
    type: 'string',
    description: { sv: 'Prenumerationslänken (URL).', en: 'The subscription link (URL).' },
  },
  errorStatuses: [409],
}

const revokeFeedDocs: RouteDocs = {
  resource: 'Calendar',
  summary: { sv: 'Återkalla prenumerationslänk', en: 'Revoke a subscription link' },
  uriParameters: [CUSTOMER_ID_PARAMETER, USER_ID_PARAMETER, FEED_ID_PARAMETER],
  response: {
    status: 204,
    description: {
      sv: 'Återkallad: länken svarar 404 från nu.', en: 'Revoked: the link answers 404 from now on.',
    },
  },
  errorStatuses: [],
}

const tokenFeedDocs: RouteDocs = {
  resource: 'Calendar',
  public: true,
  summary: { sv: 'Hämta kalendern via prenumerationslänk', en: 'Get the calendar by its subscription link' },
  description: FEED_DESCRIPTION,
  uriParameters: [TOKEN_PARAMETER],
  response: {
    status: 200,
    type: 'iCalendar',
    description: {
      sv: 'Kalendern som text/calendar; ingen inloggning. Okänd eller återkallad länk: 404.',
      en: 'The calendar as text/calendar; no credentials. An unknown or revoked link: 404.',
    },
  },
  errorStatuses: [404, 500, 503],
}

/**
 * Once routed (the token is in `params`), the request's URL loses the token, so whatever logs
 * `request.url` from here on (the request log line, error logs) shows `/Calendar/feed/[redacted]`.
 */
async function hideTokenFromLogs(request: FastifyRequest): Promise<void> {
  request.raw.url = redactFeedToken(request.raw.url ?? '')
}

export async function calendarRoutes(app: FastifyInstance, { store, authenticate }: CalendarRoutesOptions): Promise<void> {
  app.decorateRequest('calendarUser', null)
  const zones = createVtimezoneCache()
  const access = calendarAccessHook(store, authenticate)

  app.get<{ Params: UserParams }>(`/Calendar/:customerId/:id${FEED_SUFFIX}`,
    { onRequest: access, config: { docs: calendarDocs } },
    async (request, reply) => sendCalendarFeed(request, reply, store, zones, requireCalendarUser(request)))

  app.post<{ Params: UserParams }>('/Calendar/:customerId/:id/feeds',
    { onRequest: access, config: { docs: createFeedDocs } },
    async (request, reply) => {
      const { user } = requireCalendarUser(request)
      const secret = newFeedSecret()
      const feed = await store.addFeedToken({ feedId: secret.feedId, tokenHash: secret.tokenHash, ...user },
        auditContext(request))
      reply.header('location', `/Calendar/${encodeURIComponent(feed.customerId)}/${encodeURIComponent(feed.userId)}`
        + `/feeds/${feed.feedId}`)
      return sendString(request, reply, feedUrl(baseUrlOf(request), secret.token))
    })

  app.delete<{ Params: UserParams & { feedId: string } }>('/Calendar/:customerId/:id/feeds/:feedId',
    { onRequest: access, config: { docs: revokeFeedDocs } },
    async (request, reply) => {
      const { user } = requireCalendarUser(request)
      const { feedId } = request.params
      if (!(await store.revokeFeedToken(feedId, user, auditContext(request)))) {
        throw new NotFound(`Subscription link '${shownId(feedId)}' was not found for user '${user.userId}'.`)
      }
      return reply.code(204).send()
    })

  app.get<{ Params: { token: string } }>(`${FEED_PATH_PREFIX}:token${FEED_SUFFIX}`,
    { onRequest: hideTokenFromLogs, config: { docs: tokenFeedDocs } },
    async (request, reply) => {
      const owner = await store.findFeedTokenUser(hashFeedToken(request.params.token))
      const found = owner && await store.findUser(owner)
      if (!found) throw new NotFound('No calendar has this subscription link: it is unknown or was revoked.')
      return sendCalendarFeed(request, reply, store, zones, found)
    })
}
