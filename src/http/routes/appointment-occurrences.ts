/**
 * @module The listing: `GET Appointment/{customerId}/{id}?from=…&to=…` answers the user's
 * occurrences overlapping [from, to), series and single appointments alike, sorted by start
 * (ties by appointment id). Past OCCURRENCE_PAGE_SIZE items it answers the first page and a
 * `Link: <…>; rel="next"` header whose URL (same from and to, plus `after`) gives the rest.
 */
import type { FastifyInstance, FastifyReply } from 'fastify'
import { InvalidParameters } from '../../domain/errors.ts'
import { listOccurrences, type OccurrenceCursor } from '../../domain/recurrence/occurrence-listing.ts'
import { OCCURRENCE_PAGE_SIZE } from '../../domain/occurrence-schema.ts'
import { readingWindow, type ReadingWindow } from '../../domain/time/reading-window.ts'
import type { Appointments } from '../../store/store.ts'
import { decodeCursor, encodeCursor } from '../occurrence-cursor.ts'
import { readQueryParameters, type QueryString } from '../query-parameters.ts'
import { sendOccurrences } from '../responses.ts'
import { CUSTOMER_ID_PARAMETER, USER_ID_PARAMETER, type ParameterDocs, type RouteDocs } from '../route-docs.ts'
import { requireCalendarUser, userPath, type UserParams } from './calendar-user.ts'

export const OCCURRENCES_PATH = '/Appointment/:customerId/:id'

const LISTING_PARAMETERS = ['from', 'to', 'after'] as const

const QUERY_PARAMETERS: readonly ParameterDocs[] = [
  {
    name: 'from', type: 'date', required: true, example: '2026-03-01',
    description: {
      sv: 'Fönstrets start (inklusive). Datum eller datum och tid; utan offset är det väggtid i kundens tidszon, '
        + 'ett datum är dess midnatt. Skriv + i en offset som %2B.',
      en: "Start of the window (inclusive). A date or date-time; without offset it is wall time in the customer's "
        + 'time zone, a date is its midnight. Write the + of an offset as %2B.',
    },
  },
  {
    name: 'to', type: 'date', required: true, example: '2026-04-01',
    description: {
      sv: 'Fönstrets slut (exklusivt), som from. Måste vara efter from och högst 366 × 24 timmar senare.',
      en: 'End of the window (exclusive), as from. Must be after from and at most 366 × 24 hours later.',
    },
  },
  {
    name: 'after', type: 'string', required: false, example: 'MTc3MjMyODQwMDAwMDAwMDAwMDpxN1ZkMWJXMlMweTNjNExyOG1ONXhB',
    description: {
      sv: 'Sidmarkör från Link-huvudets nästa sida; skriv den aldrig själv.',
      en: "Page cursor from the Link header's next page; never build it yourself.",
    },
  },
]

const listDocs: RouteDocs = {
  resource: 'Appointment',
  summary: { sv: 'Lista förekomster i ett tidsfönster', en: 'List occurrences in a time window' },
  description: {
    sv: 'Användarens förekomster som överlappar [from, to), både återkommande och enstaka kalenderhändelser, '
      + `sorterade på start. Över ${OCCURRENCE_PAGE_SIZE} förekomster svaras de första ${OCCURRENCE_PAGE_SIZE} `
      + 'med ett Link-huvud (rel="next") till resten.',
    en: "The user's occurrences overlapping [from, to), recurring and single appointments alike, sorted by start. "
      + `Past ${OCCURRENCE_PAGE_SIZE} occurrences the first ${OCCURRENCE_PAGE_SIZE} are answered with a Link `
      + 'header (rel="next") to the rest.',
  },
  uriParameters: [CUSTOMER_ID_PARAMETER, USER_ID_PARAMETER],
  queryParameters: QUERY_PARAMETERS,
  response: {
    status: 200,
    type: 'Collection of Occurrence',
    description: {
      sv: 'Förekomsterna; Link-huvudet finns när fler följer.',
      en: 'The occurrences; the Link header is present when more follow.',
    },
  },
  errorStatuses: [],
}

export function occurrenceRoutes(app: FastifyInstance, store: Appointments): void {
  app.get<{ Params: UserParams; Querystring: QueryString }>(OCCURRENCES_PATH, { config: { docs: listDocs } },
    async (request, reply) => {
      const { user, customer } = requireCalendarUser(request)
      const { fromText, toText, window, after } = readQuery(request.query, customer.timeZone)
      // A millisecond of slack each side: the store's range only has to hold every candidate.
      const fromMs = Math.max(window.from.epochMilliseconds, after ? Number(after.startNs / 1_000_000n) : -Infinity) - 1
      const appointments = await store.listAppointmentsTouching(user, { fromMs, toMs: window.to.epochMilliseconds + 1 })
      const page = listOccurrences(appointments, window, after, OCCURRENCE_PAGE_SIZE)
      if (page.next) setNextLink(reply, `${userPath(user)}?from=${encodeURIComponent(fromText)}`
        + `&to=${encodeURIComponent(toText)}&after=${encodeCursor(page.next)}`)
      return sendOccurrences(request, reply, page.items)
    })
}

interface ListingQuery {
  readonly fromText: string
  readonly toText: string
  readonly window: ReadingWindow
  readonly after: OccurrenceCursor | undefined
}

/** Every problem with from, to and after at once, each under its parameter's name. */
function readQuery(query: QueryString, customerTimeZone: string): ListingQuery {
  const { values, problems } = readQueryParameters(query, LISTING_PARAMETERS)
  const fromText = withOffsetPlus(values.from)
  const toText = withOffsetPlus(values.to)
  const after = values.after === undefined ? undefined : decodeCursor(values.after)
  if (values.after !== undefined && !after) {
    problems.after = ['after is not a cursor this server wrote. Follow the Link header\'s URL as given, '
      + 'or leave after out to start from the beginning.']
  }
  let window: ReadingWindow | undefined
  try {
    if (!problems.from && !problems.to) window = readingWindow(fromText, toText, customerTimeZone)
  } catch (error) {
    if (!(error instanceof InvalidParameters)) throw error
    Object.assign(problems, error.problems)
  }
  if (Object.keys(problems).length > 0 || !window || fromText === undefined || toText === undefined) {
    throw new InvalidParameters(problems)
  }
  return { fromText, toText, window, after }
}

/** A `+` left unencoded in an offset arrives as a space; it is read back as the `+` it was. */
function withOffsetPlus(text: string | undefined): string | undefined {
  return text?.replace(SPACED_OFFSET, '$1+$2')
}

const SPACED_OFFSET = /^(\s*\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?) (\d{2}(?::?\d{2})?\s*)$/i

function setNextLink(reply: FastifyReply, url: string): void {
  reply.header('link', `<${url}>; rel="next"`)
}
