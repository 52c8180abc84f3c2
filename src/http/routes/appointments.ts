/**
 * @module The Appointment resource, one encapsulated plugin: `POST Appointment/{customerId}/{id}`
 * creates; the listing and the single-appointment routes come from their own modules. Every
 * route here authenticates (401), checks the client's grant for the customer (403) and that
 * the user exists (404) in the one hook of calendar-access.ts, before any body is read.
 */
import type { FastifyInstance } from 'fastify'
import { newAppointmentId } from '../../domain/appointment-id.ts'
import { appointmentSpan } from '../../domain/recurrence/recurrence.ts'
import { validateAppointment, type AppointmentBody } from '../../domain/validate-appointment.ts'
import type { IdempotencyKeys } from '../../store/idempotency.ts'
import type { Appointments, ChangeFeed, Directory } from '../../store/store.ts'
import type { Authenticate } from '../auth.ts'
import { IDEMPOTENCY_KEY_TEXT, installIdempotency } from '../idempotency.ts'
import { sendString } from '../responses.ts'
import { CUSTOMER_ID_PARAMETER, USER_ID_PARAMETER, type RouteDocs } from '../route-docs.ts'
import { installBodyParsers, requireBody } from './appointment-body.ts'
import { appointmentItemRoutes } from './appointment-item.ts'
import { occurrenceRoutes } from './appointment-occurrences.ts'
import { occurrenceItemRoutes } from './occurrence-item.ts'
import { calendarAccessHook } from './calendar-access.ts'
import { changeRoutes } from './changes.ts'
import { appointmentLocation, auditContext, requireCalendarUser, type UserParams } from './calendar-user.ts'

export interface AppointmentRoutesOptions {
  readonly store: Appointments & ChangeFeed & Directory & IdempotencyKeys
  readonly authenticate: Authenticate
  /** Largest accepted body in bytes. */
  readonly bodyLimit: number
}

export const CREATE_APPOINTMENT_PATH = '/Appointment/:customerId/:id'

const createDocs: RouteDocs = {
  resource: 'Appointment',
  summary: { sv: 'Skapa kalenderhändelse', en: 'Create a calendar appointment' },
  description: IDEMPOTENCY_KEY_TEXT,
  uriParameters: [CUSTOMER_ID_PARAMETER, USER_ID_PARAMETER],
  requestBody: 'Appointment',
  response: {
    status: 200,
    type: 'string',
    description: {
      sv: 'Id för den skapade kalenderhändelsen. Location-huvudet pekar på den.',
      en: 'Id of the created appointment. The Location header points to it.',
    },
  },
  errorStatuses: [409, 413, 415, 422],
}

export async function appointmentRoutes(app: FastifyInstance, options: AppointmentRoutesOptions): Promise<void> {
  const { store, authenticate, bodyLimit } = options
  app.decorateRequest('calendarUser', null)
  installBodyParsers(app, bodyLimit)

  app.addHook('onRequest', calendarAccessHook(store, authenticate))
  installIdempotency(app, store)

  app.post<{ Params: UserParams; Body: AppointmentBody | undefined }>(CREATE_APPOINTMENT_PATH,
    { config: { docs: createDocs } },
    async (request, reply) => {
      const { user, customer } = requireCalendarUser(request)
      const data = validateAppointment(requireBody(request), customer.timeZone)
      const id = newAppointmentId()
      await store.createAppointment(user, { id, data, span: appointmentSpan(data) }, auditContext(request))
      reply.header('location', appointmentLocation(user, id))
      return sendString(request, reply, id)
    })

  occurrenceRoutes(app, store)
  appointmentItemRoutes(app, store)
  occurrenceItemRoutes(app, store)
  changeRoutes(app, store) // GET /Changes/…: the same auth hook, no body
}
