/**
 * @module One appointment: `GET`, `PUT` and `DELETE Appointment/{customerId}/{id}/{appointmentId}`.
 * An appointment belongs to the user it was created for; under any other user, or with an id
 * that cannot be one of ours, it does not exist (404). GET and PUT answer an ETag; PUT and
 * DELETE honour If-Match (412 when stale).
 */
import type { FastifyInstance } from 'fastify'
import type { Appointment, AppointmentData } from '../../domain/appointment.ts'
import type { AppointmentBody } from '../../domain/validate-appointment.ts'
import type { Appointments } from '../../store/store.ts'
import { etagOf, hasIfMatch } from '../etag.ts'
import { IDEMPOTENCY_KEY_TEXT } from '../idempotency.ts'
import { sendAppointment, sendString } from '../responses.ts'
import { CUSTOMER_ID_PARAMETER, USER_ID_PARAMETER, type ParameterDocs, type RouteDocs } from '../route-docs.ts'
import { requireBody } from './appointment-body.ts'
import {
  appointmentNotFound, appointmentRef, replaceAtVersionRead, requireAppointment, requireMatch, type ItemParams,
} from './appointment-lookup.ts'
import { auditContext, requireCalendarUser } from './calendar-user.ts'
import { validateReplacement } from './replacement-body.ts'

export const APPOINTMENT_ITEM_PATH = '/Appointment/:customerId/:id/:appointmentId'

export const APPOINTMENT_ID_PARAMETER: ParameterDocs = {
  name: 'appointmentId', type: 'string', required: true, example: 'q7Vd1bW2S0y3c4Lr8mN5xA',
  description: { sv: 'Id för kalenderhändelsen, som skapa svarade', en: 'Appointment id, as create answered' },
}

export const APPOINTMENT_URI_PARAMETERS = [CUSTOMER_ID_PARAMETER, USER_ID_PARAMETER, APPOINTMENT_ID_PARAMETER]

const getDocs: RouteDocs = {
  resource: 'Appointment',
  summary: { sv: 'Hämta kalenderhändelse', en: 'Get one appointment' },
  description: {
    sv: 'Kalenderhändelsen som den sparats, i samma form som skapa tar emot plus id och tidszon; '
      + 'kan skickas tillbaka oförändrad med PUT. ETag-huvudet ändras vid varje ersättning.',
    en: 'The appointment as stored, in the shape create takes plus id and time zone; it can be sent '
      + 'back unchanged with PUT. The ETag header changes on every replace.',
  },
  uriParameters: APPOINTMENT_URI_PARAMETERS,
  response: {
    status: 200,
    type: 'Appointment',
    description: { sv: 'Kalenderhändelsen, med ETag-huvud.', en: 'The appointment, with an ETag header.' },
  },
  errorStatuses: [],
}

const putDocs: RouteDocs = {
  resource: 'Appointment',
  summary: { sv: 'Ersätt kalenderhändelse', en: 'Replace an appointment' },
  description: {
    sv: 'Ersätter hela kalenderhändelsen med en kropp som vid skapa (utelämnad tidszon = kundens). '
      + 'En serie behåller sina undantag (inställda och ändrade förekomster) när bara texterna ändras; de tas '
      + 'bort när start, slut, heldag, tidszon eller upprepning ändras. '
      + 'Med If-Match ersätts den bara om ETag:en fortfarande gäller (annars 412); If-Match: * godtar vilken som helst. '
      + IDEMPOTENCY_KEY_TEXT.sv,
    en: "Replaces the whole appointment with a body as for create (no time zone = the customer's). "
      + "A series' exceptions (cancelled and changed occurrences) are kept when only its texts change and dropped "
      + 'when its start, end, all-day flag, time zone or recurrence changes. '
      + 'With If-Match it is replaced only while that ETag is current (else 412); If-Match: * accepts any. '
      + IDEMPOTENCY_KEY_TEXT.en,
  },
  uriParameters: APPOINTMENT_URI_PARAMETERS,
  requestBody: 'Appointment',
  response: {
    status: 200,
    type: 'string',
    description: {
      sv: 'Id för kalenderhändelsen, som vid skapa. ETag-huvudet ger den nya versionen.',
      en: 'Id of the appointment, as create answers. The ETag header gives the new version.',
    },
  },
  errorStatuses: [409, 412, 413, 415, 422],
}

const deleteDocs: RouteDocs = {
  resource: 'Appointment',
  summary: { sv: 'Ta bort kalenderhändelse', en: 'Delete an appointment' },
  description: {
    sv: 'Tar bort kalenderhändelsen med alla dess förekomster. If-Match respekteras som vid PUT.',
    en: 'Deletes the appointment with all its occurrences. If-Match is honoured as for PUT.',
  },
  uriParameters: APPOINTMENT_URI_PARAMETERS,
  response: { status: 204, description: { sv: 'Borttagen; inget innehåll.', en: 'Deleted; no content.' } },
  errorStatuses: [412],
}

export function appointmentItemRoutes(app: FastifyInstance, store: Appointments): void {
  app.get<{ Params: ItemParams }>(APPOINTMENT_ITEM_PATH, { config: { docs: getDocs } }, async (request, reply) => {
    const appointment = await requireAppointment(store, appointmentRef(request))
    reply.header('etag', etagOf(appointment))
    return sendAppointment(request, reply, appointment)
  })

  app.put<{ Params: ItemParams; Body: AppointmentBody | undefined }>(APPOINTMENT_ITEM_PATH,
    { config: { docs: putDocs } },
    async (request, reply) => {
      const { customer } = requireCalendarUser(request)
      const data = validateReplacement(requireBody(request), customer.timeZone)
      const replaced = await replaceAtVersionRead(store, appointmentRef(request), request.headers['if-match'],
        (current) => ({ ...data, exceptions: keptExceptions(current, data) }), auditContext(request))
      reply.header('etag', etagOf(replaced))
      return sendString(request, reply, replaced.id)
    })

  app.delete<{ Params: ItemParams }>(APPOINTMENT_ITEM_PATH, { config: { docs: deleteDocs } }, async (request, reply) => {
    const ref = appointmentRef(request)
    const ifMatch = request.headers['if-match']
    if (hasIfMatch(ifMatch)) requireMatch(ifMatch, await requireAppointment(store, ref))
    if (!await store.deleteAppointment(ref, auditContext(request))) throw appointmentNotFound(ref)
    return reply.code(204).send()
  })
}

/**
 * A series keeps its exceptions through a replace of its texts only; a new start, end,
 * all-day flag, zone or recurrence makes other occurrences, so they go (as Exchange does).
 */
function keptExceptions(current: Appointment, data: AppointmentData): AppointmentData['exceptions'] {
  const sameTimes = current.startsAt === data.startsAt && current.endsAt === data.endsAt
    && current.allDayEvent === data.allDayEvent && current.timeZone === data.timeZone
    && JSON.stringify(current.recurrence) === JSON.stringify(data.recurrence)
  return sameTimes ? current.exceptions : undefined
}
