/**
 * @module One occurrence of a series: `PUT` and `DELETE
 * Appointment/{customerId}/{id}/{appointmentId}/occurrences/{occurrenceId}` change or cancel
 * just it. An exception is part of its series: each change is a replace of the series' row
 * at the version read (If-Match checks the series' ETag, and every change bumps it).
 */
import type { FastifyInstance, FastifyRequest } from 'fastify'
import type { Appointment, OccurrenceException } from '../../domain/appointment.ts'
import { NotFound } from '../../domain/errors.ts'
import {
  dayOfOccurrenceId, exceptionOn, occurrenceIdOf, originalDateOf, withException,
} from '../../domain/recurrence/occurrence-exceptions.ts'
import { occurrenceOnDay } from '../../domain/recurrence/recurrence.ts'
import { validateOccurrenceChange, type AppointmentBody } from '../../domain/validate-appointment.ts'
import type { Appointments, ReplaceAction } from '../../store/store.ts'
import { etagOf } from '../etag.ts'
import { sendString } from '../responses.ts'
import type { ParameterDocs, RouteDocs } from '../route-docs.ts'
import { requireBody } from './appointment-body.ts'
import { APPOINTMENT_URI_PARAMETERS } from './appointment-item.ts'
import { appointmentRef, replaceAtVersionRead, type ItemParams } from './appointment-lookup.ts'
import { auditContext, shownId } from './calendar-user.ts'

export const OCCURRENCE_ITEM_PATH = '/Appointment/:customerId/:id/:appointmentId/occurrences/:occurrenceId'

interface OccurrenceParams extends ItemParams {
  occurrenceId: string
}

const OCCURRENCE_ID_PARAMETER: ParameterDocs = {
  name: 'occurrenceId', type: 'string', required: true, example: '20260406',
  description: {
    sv: 'Förekomstens id, som listningen ger det (occurrenceId)',
    en: 'The occurrence id, as the listing gives it (occurrenceId)',
  },
}

const URI_PARAMETERS = [...APPOINTMENT_URI_PARAMETERS, OCCURRENCE_ID_PARAMETER]

const IF_MATCH_TEXT = {
  sv: 'If-Match gäller seriens ETag (412 när den ändrats); svaret ger seriens nya ETag.',
  en: "If-Match applies to the series' ETag (412 when it has changed); the answer gives the series' new ETag.",
}

const putDocs: RouteDocs = {
  resource: 'Appointment',
  summary: { sv: 'Flytta eller ändra en förekomst', en: 'Move or change one occurrence' },
  description: {
    sv: 'Ändrar en enda förekomst av en återkommande kalenderhändelse. Kroppen har subject, location, note, '
      + 'startsAt och endsAt, läses som vid skapa och i seriens tidszon; ett utelämnat fält behåller seriens värde '
      + '(en ny start utan slut behåller längden). Upprepningsfälten, allDayEvent och timeZone gäller hela serien '
      + 'och ger 400. Listningen visar förekomsten där den nu ligger, med originalStartsAt; att skicka seriens värden '
      + 'återställer den. ' + IF_MATCH_TEXT.sv,
    en: 'Changes a single occurrence of a recurring appointment. The body has subject, location, note, startsAt '
      + "and endsAt, read as for create and in the series' time zone; a field left out keeps the series' value "
      + '(a new start without an end keeps the duration). The recurrence fields, allDayEvent and timeZone belong '
      + 'to the whole series and are a 400. Listings show the occurrence where it now is, with originalStartsAt; '
      + "sending the series' values restores it. " + IF_MATCH_TEXT.en,
  },
  uriParameters: URI_PARAMETERS,
  requestBody: 'OccurrenceChange',
  response: {
    status: 200,
    type: 'string',
    description: {
      sv: 'Förekomstens id. ETag-huvudet ger seriens nya version.',
      en: "The occurrence id. The ETag header gives the series' new version.",
    },
  },
  errorStatuses: [409, 412, 413, 415, 422],
}

const deleteDocs: RouteDocs = {
  resource: 'Appointment',
  summary: { sv: 'Ställ in en förekomst', en: 'Cancel one occurrence' },
  description: {
    sv: 'Ställer in en enda förekomst av en återkommande kalenderhändelse: den försvinner ur listningar och '
      + 'kalenderflöden (EXDATE). En redan inställd förekomst, ett id serien aldrig ger och en enstaka händelse '
      + 'ger 404. recurrenceCount räknar inställda förekomster också. ' + IF_MATCH_TEXT.sv,
    en: 'Cancels a single occurrence of a recurring appointment: it is gone from listings and calendar feeds '
      + '(EXDATE). An occurrence already cancelled, an id the series never produces and a one-off appointment are '
      + 'a 404. recurrenceCount counts cancelled occurrences too. ' + IF_MATCH_TEXT.en,
  },
  uriParameters: URI_PARAMETERS,
  response: {
    status: 204,
    description: { sv: 'Inställd; inget innehåll.', en: 'Cancelled; no content.' },
  },
  errorStatuses: [412],
}

export function occurrenceItemRoutes(app: FastifyInstance, store: Appointments): void {
  app.put<{ Params: OccurrenceParams; Body: AppointmentBody | undefined }>(OCCURRENCE_ITEM_PATH,
    { config: { docs: putDocs } },
    async (request, reply) => {
      const body = requireBody(request)
      const series = await changeOccurrence(store, request, 'occurrence-change', (current, day) =>
        validateOccurrenceChange(body, current, originalDateOf(day)))
      reply.header('etag', etagOf(series))
      return sendString(request, reply, request.params.occurrenceId)
    })

  app.delete<{ Params: OccurrenceParams }>(OCCURRENCE_ITEM_PATH, { config: { docs: deleteDocs } },
    async (request, reply) => {
      const series = await changeOccurrence(store, request, 'occurrence-cancel', (_current, day) =>
        ({ originalDate: originalDateOf(day), cancelled: true }))
      reply.header('etag', etagOf(series))
      return reply.code(204).send()
    })
}

/**
 * Reads the series, finds the occurrence (404 when it has none by that id, or it is
 * cancelled), puts `exceptionFor`'s answer in place of its exception (undefined: none) and
 * replaces the series at the version read. Returns the series as written.
 */
async function changeOccurrence(
  store: Appointments, request: FastifyRequest<{ Params: OccurrenceParams }>, action: ReplaceAction,
  exceptionFor: (current: Appointment, day: number) => OccurrenceException | undefined,
): Promise<Appointment> {
  return replaceAtVersionRead(store, appointmentRef(request), request.headers['if-match'], (current) => {
    const day = requireOccurrence(current, request.params.occurrenceId)
    return { ...current, exceptions: withException(current, day, exceptionFor(current, day)) }
  }, { ...auditContext(request), occurrenceId: request.params.occurrenceId }, action)
}

/** The local date the id names, when the series has a (not cancelled) occurrence there. */
function requireOccurrence(series: Appointment, occurrenceId: string): number {
  const shown = shownId(occurrenceId)
  if (series.recurrence === null) {
    throw new NotFound(`Appointment '${series.id}' is not recurring, so it has no occurrence '${shown}'. `
      + 'Change it with PUT or DELETE /Appointment/{customerId}/{id}/{appointmentId}.')
  }
  const day = dayOfOccurrenceId(occurrenceId)
  if (day === undefined || !occurrenceOnDay(series, day)) {
    throw new NotFound(`Appointment '${series.id}' has no occurrence '${shown}'. Use an occurrenceId `
      + 'as the listing GET /Appointment/{customerId}/{id}?from=…&to=… gives it.')
  }
  if (exceptionOn(series, day)?.cancelled) {
    throw new NotFound(`Occurrence '${occurrenceIdOf(day)}' of appointment '${series.id}' is cancelled.`)
  }
  return day
}
