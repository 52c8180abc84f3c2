/**
 * @module Free/busy and slots over a firm's users: `POST Availability/{customerId}` with an
 * AvailabilityRequest (JSON or XML) answers each user's busy intervals and, given a duration,
 * the slots enough of them are free for. Its own encapsulated plugin: the credentials (401,
 * 429) and the client's grant for the customer (403) are checked before the body is read;
 * users are not part of the path, so an unknown one (or another customer's) is its
 * schedule's error, not a 404. The known users' change numbers are read in one store query;
 * busy intervals kept under the same number and window are answered again, the other users'
 * appointments are read in one more (the listing's ranged one for each).
 */
import type { FastifyInstance, FastifyRequest } from 'fastify'
import type { Customer, User } from '../../domain/appointment.ts'
import {
  availabilityReadRange, busyWindow, calendarBusy, computeAvailability, unknownUserError, type UserCalendar,
} from '../../domain/availability/availability.ts'
import { createBusyKeeper, type BusyKeeper } from '../../domain/availability/kept-busy.ts'
import { MAX_AVAILABILITY_USERS } from '../../domain/availability/availability-schema.ts'
import { validateAvailability, type AvailabilityBody, type AvailabilityQuery } from '../../domain/availability/validate-availability.ts'
import type { Appointments, Directory } from '../../store/store.ts'
import type { Authenticate } from '../auth.ts'
import { readAvailabilityJson, readAvailabilityXml } from '../formats/availability.ts'
import { sendAvailability } from '../responses.ts'
import { CUSTOMER_ID_PARAMETER, type RouteDocs } from '../route-docs.ts'
import { installBodyParsers, requireBody } from './appointment-body.ts'
import { authorizeCustomer } from './calendar-access.ts'

export interface AvailabilityRoutesOptions {
  readonly store: Appointments & Directory
  readonly authenticate: Authenticate
  readonly bodyLimit: number
}

export const AVAILABILITY_PATH = '/Availability/:customerId'

/** Wall times are read in UTC only when no user is known and the body names no zone: then nothing is answered in them. */
const ZONE_WITHOUT_CUSTOMER = 'UTC'

interface CustomerParams {
  customerId: string
}

const availabilityDocs: RouteDocs = {
  resource: 'Availability',
  summary: { sv: 'Lediga och upptagna tider för kundens användare', en: "Free and busy times of the customer's users" },
  description: {
    sv: 'Svarar varje användares upptagna intervall i fönstret och, med duration, de tider då tillräckligt många är '
      + 'lediga. Busy, OutOfOffice och Tentative blockerar; Free blockerar inte och visas inte. Heldagshändelser '
      + 'blockerar sina lokala dagar i händelsens egen tidszon, precis det listningen ger dem. Inställda förekomster '
      + 'blockerar inget; flyttade blockerar där de nu är, med sin egen showAs. Där händelser överlappar gäller den '
      + 'starkaste statusen (OutOfOffice > Busy > Tentative); varje sammanhängande sträcka med en status är ett '
      + 'intervall, så intervall överlappar aldrig och två som möts har olika status. Intervallen är sorterade och '
      + 'klipps till fönstret. Ämne, plats och anteckning visas aldrig. En användare är ledig för [s, s + duration) när '
      + 'inget blockerande intervall överlappar [s − buffer, s + duration + buffer); att mötas är inte att överlappa. '
      + 'En slot ligger inom en arbetsperiod och inom fönstret; starterna ligger på hela step från periodens start '
      + '(även när fönstret börjar mitt i den), utan arbetstider från from. En okänd användare, eller en annan kunds, '
      + 'får ett error i sitt schema ("No user …"), samma text oavsett vilket, räknas inte med i "all" och står '
      + 'aldrig i en slots userIds; de andra besvaras ändå. Är ingen användare känd finns inga slots.',
    en: "Answers each user's busy intervals in the window and, with duration, the times at which enough of them are "
      + 'free. Busy, OutOfOffice and Tentative appointments block; Free ones do not and are not listed. All-day '
      + "appointments block their whole local days in the appointment's own zone, exactly the span the listing gives "
      + 'them. Cancelled occurrences block nothing; moved ones block where they now are, with their own showAs. Where '
      + 'appointments overlap, the strongest status applies (OutOfOffice > Busy > Tentative); each maximal stretch of '
      + 'one status is one interval, so intervals never overlap and two that touch differ in status. Intervals are '
      + 'sorted and clipped to the window. Subject, location and note are never shown. A user is free for '
      + '[s, s + duration) when no blocking interval overlaps [s − buffer, s + duration + buffer); touching is not '
      + 'overlapping. A slot lies within one working period and within the window; starts lie at whole steps from the '
      + "period's start (also when the window begins inside it), without working hours from from. An unknown user id, "
      + "or one of another customer, is that schedule's error (\"No user …\"), the same text either way, does not "
      + "count towards \"all\" and is never in a slot's userIds; the others are still answered. When no user is known "
      + 'there are no slots.',
  },
  uriParameters: [CUSTOMER_ID_PARAMETER],
  requestBody: 'AvailabilityRequest',
  response: {
    status: 200,
    type: 'Availability',
    description: {
      sv: 'Ett schema per användare i frågans ordning, och slots sorterade på start när duration skickades.',
      en: 'One schedule per user in request order, and the slots by start when duration was sent.',
    },
  },
  errorStatuses: [413, 415],
}

export async function availabilityRoutes(app: FastifyInstance, options: AvailabilityRoutesOptions): Promise<void> {
  const { store, authenticate, bodyLimit } = options
  const keeper = createBusyKeeper()
  installBodyParsers(app, bodyLimit, { json: readAvailabilityJson, xml: readAvailabilityXml })
  app.addHook('onRequest', async (request: FastifyRequest<{ Params: CustomerParams }>) => {
    await authorizeCustomer(authenticate, request, request.params.customerId)
  })

  app.post<{ Params: CustomerParams; Body: AvailabilityBody | undefined }>(AVAILABILITY_PATH,
    { config: { docs: availabilityDocs } },
    async (request, reply) => {
      const body = requireBody(request)
      const { customerId } = request.params
      const found = await findUsers(store, customerId, body.userIds)
      const customer = [...found.values()].find((entry) => entry !== undefined)?.customer
      const query = validateAvailability(body, customer?.timeZone ?? ZONE_WITHOUT_CUSTOMER)
      const calendars = await readCalendars(store, keeper, query, found, customerId)
      return sendAvailability(request, reply, computeAvailability(query, calendars))
    })
}

type Found = { readonly user: User; readonly customer: Customer } | undefined

/**
 * Each known user's busy intervals, kept between requests while the user's change number
 * stays (kept-busy.ts); the others' appointments over the window widened by the buffer, all
 * in one store query. Unknown users are their error.
 */
async function readCalendars(
  store: Appointments, keeper: BusyKeeper, query: AvailabilityQuery, found: ReadonlyMap<string, Found>, customerId: string,
): Promise<UserCalendar[]> {
  const known = query.userIds.flatMap((userId) => found.get(userId) ?? [])
  const storedCustomerId = known[0]?.customer.customerId ?? customerId
  const range = availabilityReadRange(query)
  const busy = await keeper.busyOf(storedCustomerId, known.map(({ user }) => user.userId), busyWindow(query), {
    changeNumbers: (userIds) => store.readChangeNumbers(storedCustomerId, userIds),
    appointments: (userIds) => store.listUsersAppointmentsTouching(storedCustomerId, userIds, range),
    busy: (appointments) => calendarBusy(query, appointments),
  })
  let next = 0
  return query.userIds.map((userId): UserCalendar => found.get(userId)
    ? { userId, busy: busy[next++]! }
    : { userId, error: unknownUserError(userId, customerId) })
}

/**
 * The users of the customer among `userIds`, by the id as sent; nothing is looked up for a
 * list the validator will refuse anyway.
 */
async function findUsers(store: Directory, customerId: string, userIds: unknown): Promise<Map<string, Found>> {
  const found = new Map<string, Found>()
  if (!Array.isArray(userIds) || userIds.length > MAX_AVAILABILITY_USERS) return found
  const ids = userIds.filter((userId): userId is string => typeof userId === 'string' && userId.trim() !== '')
  const users = await Promise.all(ids.map((userId) => store.findUser({ customerId, userId })))
  ids.forEach((userId, index) => found.set(userId, users[index]))
  return found
}
