/**
 * @module One appointment: `GET`, `PUT` and `DELETE Appointment/{customerId}/{id}/{appointmentId}`.
 * An appointment belongs to the user it was created for; under any other user, or with an id
 * that cannot be one of ours, it does not exist (404). GET and PUT answer an ETag; PUT and
 * DELETE honour If-Match (412 when stale).
 */
import type { FastifyInstance, FastifyRequest } from 'fastify'
import type { Appointment } from '../../domain/appointment.ts'
import { APPOINTMENT_ID_PATTERN } from '../../domain/appointment-id.ts'
import { NotFound, PreconditionFailed } from '../../domain/errors.ts'
import { appointmentSpan } from '../../domain/recurrence.ts'
import { validateAppointment, type AppointmentBody } from '../../domain/validate-appointment.ts'
import type { AppointmentRef, Store } from '../../store/store.ts'
import { etagOf, hasIfMatch, ifMatchAllows } from '../etag.ts'
import { IDEMPOTENCY_KEY_TEXT } from '../idempotency.ts'
import { sendAppointment, sendString } from '../responses.ts'
import { CUSTOMER_ID_PARAMETER, USER_ID_PARAMETER, type ParameterDocs, type RouteDocs } from '../route-docs.ts'
import { requireBody } from './appointment-body.ts'
import { auditContext, requireCalendarUser, shownId, type UserParams } from './calendar-user.ts'

export const APPOINTMENT_ITEM_PATH = '/Appointment/:customerId/:id/:appointmentId'

interface ItemParams extends UserParams {
  appointmentId: string
}

const APPOINTMENT_ID_PARAMETER: ParameterDocs = {
  name: 'appointmentId', type: 'string', required: true, example: 'q7Vd1bW2S0y3c4Lr8mN5xA',
  description: { sv: 'Id för kalenderhändelsen, som skapa svarade', en: 'Appointment id, as create answered' },
}

const URI_PARAMETERS = [CUSTOMER_ID_PARAMETER, USER_ID_PARAMETER, APPOINTMENT_ID_PARAMETER]

const getDocs: RouteDocs = {
  resource: 'Appointment',
  summary: { sv: 'Hämta kalenderhändelse', en: 'Get one appointment' },
  description: {
    sv: 'Kalenderhändelsen som den sparats, i samma form som skapa tar emot plus id och tidszon; '
      + 'kan skickas tillbaka oförändrad med PUT. ETag-huvudet ändras vid varje ersättning.',
    en: 'The appointment as stored, in the shape create takes plus id and time zone; it can be sent '
      + 'back unchanged with PUT. The ETag header changes on every replace.',
  },
  uriParameters: URI_PARAMETERS,
  response: {
    status: 200,
    type: 'Appointment',
    description: { sv: 'Kalenderhändelsen, med ETag-huvud.', en: 'The appointment, with an ETag header.' },
  },
  errorStatuses: [401, 403, 404, 500],
}

const putDocs: RouteDocs = {
  resource: 'Appointment',
  summary: { sv: 'Ersätt kalenderhändelse', en: 'Replace an appointment' },
  description: {
    sv: 'Ersätter hela kalenderhändelsen med en kropp som vid skapa (utelämnad tidszon = kundens). '
      + 'Med If-Match ersätts den bara om ETag:en fortfarande gäller (annars 412); If-Match: * godtar vilken som helst. '
      + IDEMPOTENCY_KEY_TEXT.sv,
    en: "Replaces the whole appointment with a body as for create (no time zone = the customer's). "
      + 'With If-Match it is replaced only while that ETag is current (else 412); If-Match: * accepts any. '
      + IDEMPOTENCY_KEY_TEXT.en,
  },
  uriParameters: URI_PARAMETERS,
  requestBody: 'Appointment',
  response: {
    status: 200,
    type: 'string',
    description: {
      sv: 'Id för kalenderhändelsen, som vid skapa. ETag-huvudet ger den nya versionen.',
      en: 'Id of the appointment, as create answers. The ETag header gives the new version.',
    },
  },
  errorStatuses: [400, 401, 403, 404, 409, 412, 415, 422, 500, 503],
}

const deleteDocs: RouteDocs = {
  resource: 'Appointment',
  summary: { sv: 'Ta bort kalenderhändelse', en: 'Delete an appointment' },
  description: {
    sv: 'Tar bort kalenderhändelsen med alla dess förekomster. If-Match respekteras som vid PUT.',
    en: 'Deletes the appointment with all its occurrences. If-Match is honoured as for PUT.',
  },
  uriParameters: URI_PARAMETERS,
  response: { status: 204, description: { sv: 'Borttagen; inget innehåll.', en: 'Deleted; no content.' } },
  errorStatuses: [401, 403, 404, 412, 500],
}

export function appointmentItemRoutes(app: FastifyInstance, store: Store): void {
  app.get<{ Params: ItemParams }>(APPOINTMENT_ITEM_PATH, { config: { docs: getDocs } }, async (request, reply) => {
    const appointment = await requireAppointment(store, appointmentRef(request))
    reply.header('etag', etagOf(appointment))
    return sendAppointment(request, reply, appointment)
  })

  app.put<{ Params: ItemParams; Body: AppointmentBody | undefined }>(APPOINTMENT_ITEM_PATH,
    { config: { docs: putDocs } },
    async (request, reply) => {
      const { customer } = requireCalendarUser(request)
      const data = validateAppointment(requireBody(request), customer.timeZone)
      const ref = appointmentRef(request)
      const ifMatch = request.headers['if-match']
      // The version checked is the one replaced: a change in between makes the store refuse.
      const expectedVersion = hasIfMatch(ifMatch)
        ? requireMatch(ifMatch, await requireAppointment(store, ref)).version : undefined
      const result = await store.replaceAppointment(ref, data, appointmentSpan(data), expectedVersion,
        auditContext(request))
      if (result.status === 'not-found') throw notFound(ref)
      if (result.status === 'version-mismatch') throw new PreconditionFailed(staleMessage(ifMatch))
      reply.header('etag', etagOf(result.appointment))
      return sendString(request, reply, result.appointment.id)
    })

  app.delete<{ Params: ItemParams }>(APPOINTMENT_ITEM_PATH, { config: { docs: deleteDocs } }, async (request, reply) => {
    const ref = appointmentRef(request)
    const ifMatch = request.headers['if-match']
    if (hasIfMatch(ifMatch)) requireMatch(ifMatch, await requireAppointment(store, ref))
    if (!await store.deleteAppointment(ref, auditContext(request))) throw notFound(ref)
    return reply.code(204).send()
  })
}

/** The appointment under the authenticated user; ids that cannot be ours are simply not found. */
function appointmentRef(request: FastifyRequest<{ Params: ItemParams }>): AppointmentRef {
  const { user } = requireCalendarUser(request)
  const ref = { customerId: user.customerId, userId: user.userId, appointmentId: request.params.appointmentId }
  if (!APPOINTMENT_ID_PATTERN.test(ref.appointmentId)) throw notFound(ref)
  return ref
}

async function requireAppointment(store: Store, ref: AppointmentRef): Promise<Appointment> {
  const appointment = await store.getAppointment(ref)
  if (!appointment) throw notFound(ref)
  return appointment
}

function requireMatch(ifMatch: string | undefined, current: Appointment): Appointment {
  if (!ifMatchAllows(ifMatch, etagOf(current))) throw new PreconditionFailed(staleMessage(ifMatch))
  return current
}

function notFound(ref: AppointmentRef): NotFound {
  return new NotFound(`Appointment '${shownId(ref.appointmentId)}' was not found for user '${ref.userId}' `
    + `in customer '${ref.customerId}'.`)
}

function staleMessage(ifMatch: string | undefined): string {
  const shown = (ifMatch ?? '').length > 100 ? `${ifMatch?.slice(0, 100)}…` : ifMatch ?? ''
  return `If-Match ${shown} does not match the appointment's current ETag: it has changed since it was read. `
    + 'GET it again, reapply the change and send the new ETag.'
}
