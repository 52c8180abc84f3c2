/**
 * @module Seeds a fresh store through the Store interface, as the service itself writes:
 * customer M30011 with the plain listing user (200 series and 5,000 single appointments over
 * the year around the listed week), the history user (the same plus 20,000 single
 * appointments over the ten years before), a user the create scenarios write to, and the API
 * client the load authenticates as; for the availability scenario, 19 more users each with
 * the plain user's calendar.
 */
import type { AppointmentData } from '../src/domain/appointment.ts'
import { newAppointmentId } from '../src/domain/appointment-id.ts'
import { hashPassword } from '../src/domain/password.ts'
import { appointmentSpan } from '../src/domain/recurrence/recurrence.ts'
import { type AppointmentBody, validateAppointment } from '../src/domain/validate-appointment.ts'
import type { Store, UserRef } from '../src/store/store.ts'
import { HISTORY, SURROUNDING_YEAR, seriesBody, singleBody } from './calendar-data.ts'

export const CUSTOMER_ID = 'M30011'
export const ZONE = 'Europe/Stockholm'
export const PLAIN_USER = 'HAN001'
export const HISTORY_USER = 'HAN002'
export const CREATE_USER = 'HAN003'
/** The firm the availability scenario asks about: the plain user and 19 colleagues holding the same calendar. */
export const AVAILABILITY_USERS: readonly string[] = [
  PLAIN_USER, ...Array.from({ length: 19 }, (_, index) => `AVL${String(index + 1).padStart(2, '0')}`),
]
export const CLIENT_USERNAME = 'bench'
export const CLIENT_PASSWORD = 'bench password'

const SERIES = 200
const SINGLES = 5_000
const HISTORY_SINGLES = 20_000
/** Creates in flight while seeding, so a store that commits in groups can. */
const SEED_CONCURRENCY = 32

export interface SeededCalendars {
  /** A series of the plain user, for GET one. */
  readonly oneAppointmentId: string
  readonly appointments: number
}

export function authorizationHeader(): string {
  return `Basic ${Buffer.from(`${CLIENT_USERNAME}:${CLIENT_PASSWORD}`).toString('base64')}`
}

export async function seedCalendars(store: Store, signal: AbortSignal): Promise<SeededCalendars> {
  await store.addCustomer({ customerId: CUSTOMER_ID, name: 'Mäklarfirman Bench AB', timeZone: ZONE })
  for (const userId of [PLAIN_USER, HISTORY_USER, CREATE_USER]) {
    await store.addUser({ customerId: CUSTOMER_ID, userId, name: `Bench ${userId}` })
  }
  await store.addClient({ username: CLIENT_USERNAME, passwordHash: await hashPassword(CLIENT_PASSWORD), customerIds: [CUSTOMER_ID] })
  const calendar = plainCalendar()
  const history = validateAll(Array.from({ length: HISTORY_SINGLES }, (_, index) => singleBody(index, HISTORY_SINGLES, HISTORY)))
  const [oneAppointmentId] = await createAll(store, { customerId: CUSTOMER_ID, userId: PLAIN_USER }, calendar, signal)
  await createAll(store, { customerId: CUSTOMER_ID, userId: HISTORY_USER }, [...calendar, ...history], signal)
  if (oneAppointmentId === undefined) throw new Error('The plain user got no appointment.')
  return { oneAppointmentId, appointments: 2 * calendar.length + history.length }
}

/** The plain user's calendar: 200 series and 5,000 single appointments. */
function plainCalendar(): AppointmentData[] {
  return validateAll([
    ...Array.from({ length: SERIES }, (_, index) => seriesBody(index)),
    ...Array.from({ length: SINGLES }, (_, index) => singleBody(index, SINGLES, SURROUNDING_YEAR)),
  ])
}

/** The availability firm's other users, each with the plain user's calendar; answers how many appointments that made. */
export async function seedAvailabilityUsers(store: Store, signal: AbortSignal): Promise<number> {
  const calendar = plainCalendar()
  const colleagues = AVAILABILITY_USERS.filter((userId) => userId !== PLAIN_USER)
  for (const userId of colleagues) {
    await store.addUser({ customerId: CUSTOMER_ID, userId, name: `Bench ${userId}` })
    await createAll(store, { customerId: CUSTOMER_ID, userId }, calendar, signal)
  }
  return colleagues.length * calendar.length
}

export function validateAll(bodies: readonly AppointmentBody[]): AppointmentData[] {
  return bodies.map((body) => validateAppointment(body, ZONE))
}

/** Creates every appointment for the user, SEED_CONCURRENCY at a time; answers their ids in order. Throws once `signal` aborts. */
/** The bench's appointments are recorded in the audit log as written by this client. */
const SEED_AUDIT = { clientUsername: 'bench-seed', requestId: 'bench-seed' }

export async function createAll(
  store: Store, user: UserRef, appointments: readonly AppointmentData[], signal: AbortSignal,
): Promise<string[]> {
  const ids = appointments.map(() => newAppointmentId())
  let next = 0
  async function worker(): Promise<void> {
    while (next < appointments.length) {
      signal.throwIfAborted()
      const index = next++
      const data = appointments[index]
      const id = ids[index]
      if (data === undefined || id === undefined) return
      await store.createAppointment(user, { id, data, span: appointmentSpan(data) }, SEED_AUDIT)
    }
  }
  await Promise.all(Array.from({ length: SEED_CONCURRENCY }, worker))
  return ids
}
