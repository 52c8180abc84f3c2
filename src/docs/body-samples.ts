/**
 * @module Sample bodies built from the schemas, never written by hand, for the day a page is
 * served: every example date moved by its SampleCalendar. The Appointment request in JSON
 * (camelCase, field order of APPOINTMENT_FIELDS) and XML, and the answers, written by the
 * server's own writers from that sample (so they are what the server sends, only indented),
 * and a 400 for an empty body. The request sample is every field's example, less any extension
 * field the validator refuses in combination (recurrenceCount with recurrenceEndsAt), so it can
 * be sent as is. One occurrence's change (OccurrenceChange) is the fields a PUT of an occurrence
 * takes, with the OccurrenceException examples; the sample series has one occurrence cancelled
 * and that change applied to another, by the same functions the routes call, so GET one, the
 * listing and the change feed show them as the server would.
 */
import type { Appointment } from '../domain/appointment.ts'
import { computeAvailability, unknownUserError } from '../domain/availability/availability.ts'
import { AVAILABILITY_REQUEST_FIELDS } from '../domain/availability/availability-schema.ts'
import { validateAvailability } from '../domain/availability/validate-availability.ts'
import { APPOINTMENT_ID_FIELD } from '../domain/appointment-resource-schema.ts'
import { APPOINTMENT_FIELDS } from '../domain/appointment-schema.ts'
import { InvalidParameters, ValidationFailed } from '../domain/errors.ts'
import { OCCURRENCE_EXCEPTION_FIELDS } from '../domain/occurrence-exception-schema.ts'
import { dayOfOccurrenceId, originalDateOf, withException } from '../domain/recurrence/occurrence-exceptions.ts'
import { listOccurrences, type ListedOccurrence } from '../domain/recurrence/occurrence-listing.ts'
import { occurrenceOnDay, type ExpandedOccurrence } from '../domain/recurrence/recurrence.ts'
import {
  OCCURRENCE_CHANGE_FIELDS, validateAppointment, validateOccurrenceChange, type AppointmentBody,
} from '../domain/validate-appointment.ts'
import { writeAvailabilityJson, writeAvailabilityXml } from '../http/formats/availability.ts'
import { writeChangeSetJson, writeChangeSetXml, type ChangeSet } from '../http/formats/change-set.ts'
import { writeAppointmentJson, writeOccurrencesJson } from '../http/formats/json.ts'
import {
  APPOINTMENT_NAMESPACE, INSTANCE_NAMESPACE, writeAppointmentXml, writeOccurrencesXml, writeXmlError, writeXmlString,
} from '../http/formats/xml.ts'
import {
  CUSTOMER_ID_PARAMETER, USER_ID_PARAMETER, type RequestBodyType, type RouteDocs,
} from '../http/route-docs.ts'
import { SAMPLE_TIME_ZONE, sampleCalendar, type SampleCalendar } from './sample-calendar.ts'
import {
  WEBHOOK_REQUEST_SAMPLES, checkWebhookBody, webhookEndpointListSamples, webhookEndpointSamples,
} from './webhook-samples.ts'
import {
  appointmentJson, appointmentXml, availabilityRequestXml, indentJson, indentXml, type FormatSamples, type SampleBody,
} from './sample-text.ts'

export type { FormatSamples, SampleBody } from './sample-text.ts'

/** Every sample of the pages and OpenAPI for one SampleCalendar. */
export interface DocsSamples {
  readonly calendar: SampleCalendar
  /** A request body's samples, as the page and OpenAPI show them and the test form fills in. */
  readonly request: Readonly<Record<RequestBodyType, FormatSamples>>
  /** What the server answers (400) to INVALID_BODIES: the real validator's messages. */
  readonly invalidBody: Readonly<Record<RequestBodyType, FormatSamples>>
  /** GET one's answer: the sample series with one occurrence cancelled and one changed. */
  readonly appointment: FormatSamples
  /** The listing of the sample series around its changed occurrence. */
  readonly occurrences: FormatSamples
  /** The sample series' `exceptions`, as GET one answers them. */
  readonly occurrenceExceptions: FormatSamples
  readonly changeSet: FormatSamples
  /** The answer to the availability request sample. */
  readonly availability: FormatSamples
  /** A webhook as GET and PUT answer it, and the list of it. */
  readonly webhookEndpoint: FormatSamples
  readonly webhookEndpoints: FormatSamples
}

const EXAMPLE_ID = APPOINTMENT_ID_FIELD.example
/** How many occurrences the listing sample shows. */
const LISTED_OCCURRENCES = 2
/** Two weeks: enough to hold LISTED_OCCURRENCES of a weekly series with one cancelled. */
const LISTING_SAMPLE_DAYS = 14
const MODEL_STATE_ROOT = 'appointment'

/** Validates a body as a route would; throws ValidationFailed. */
type BodyCheck = (body: AppointmentBody) => unknown

const checkAppointment: BodyCheck = (body) => validateAppointment(body, SAMPLE_TIME_ZONE)

/** The first field a PUT of one occurrence refuses, with its example: the occurrence 400 sample's body. */
const SERIES_FIELD = APPOINTMENT_FIELDS.find((field) => !OCCURRENCE_CHANGE_FIELDS.has(field.name))!

/** The body the 400 sample answers: for a create or replace an empty object, for an occurrence a series field. */
export const INVALID_BODIES: Readonly<Record<RequestBodyType, SampleBody>> = {
  Appointment: {},
  OccurrenceChange: { [SERIES_FIELD.name]: SERIES_FIELD.example },
  AvailabilityRequest: {},
  WebhookEndpoint: {},
}

/**
 * The samples for the day `now()` names, built again only when that day moves the examples
 * by another number of weeks.
 */
export function docsSamplesOfToday(now: () => number): () => DocsSamples {
  let latest: DocsSamples | undefined
  return () => {
    const calendar = sampleCalendar(now())
    if (latest?.calendar.weeks !== calendar.weeks) latest = buildDocsSamples(calendar)
    return latest
  }
}

export function buildDocsSamples(calendar: SampleCalendar): DocsSamples {
  const appointmentBody = buildAppointmentSample(calendar)
  const changeBody = occurrenceChangeSample(calendar)
  const movedDay = sampleDay(calendar.move(OCCURRENCE_EXCEPTION_FIELDS[0].example))
  const series = sampleAppointment(appointmentBody, changeBody, movedDay)
  const availabilityBody = examplesOf(calendar, AVAILABILITY_REQUEST_FIELDS)
  const checks: Readonly<Record<RequestBodyType, BodyCheck>> = {
    Appointment: checkAppointment,
    OccurrenceChange: (body) => validateOccurrenceChange(body, series, originalDateOf(movedDay)),
    AvailabilityRequest: (body) => validateAvailability(body, SAMPLE_TIME_ZONE),
    WebhookEndpoint: checkWebhookBody,
  }
  return {
    calendar,
    request: {
      Appointment: { json: appointmentJson(appointmentBody, 2), xml: appointmentXml(appointmentBody) },
      OccurrenceChange: { json: appointmentJson(changeBody, 2), xml: appointmentXml(changeBody) },
      AvailabilityRequest: {
        json: appointmentJson(availabilityBody, 2), xml: availabilityRequestXml(AVAILABILITY_REQUEST_FIELDS, availabilityBody),
      },
      WebhookEndpoint: WEBHOOK_REQUEST_SAMPLES,
    },
    invalidBody: {
      Appointment: invalidBodySamples('Appointment', checks),
      OccurrenceChange: invalidBodySamples('OccurrenceChange', checks),
      AvailabilityRequest: invalidBodySamples('AvailabilityRequest', checks),
      WebhookEndpoint: invalidBodySamples('WebhookEndpoint', checks),
    },
    appointment: { json: indentJson(writeAppointmentJson(series)), xml: indentXml(writeAppointmentXml(series)) },
    occurrences: occurrenceSamples(sampleOccurrences(series, movedDay)),
    occurrenceExceptions: exceptionSamples(series),
    changeSet: changeSetSamples(series),
    availability: availabilitySamples(availabilityBody, series),
    webhookEndpoint: webhookEndpointSamples(calendar),
    webhookEndpoints: webhookEndpointListSamples(calendar),
  }
}

/** The success answer's samples; undefined when the answer has no body. */
export function responseSamples(samples: DocsSamples, response: RouteDocs['response']): FormatSamples | undefined {
  switch (response.type) {
    case undefined:
    case 'HealthStatus': // JSON only, not negotiated: its description shows the body
    case 'iCalendar': // text/calendar, not negotiated: the page describes it
      return undefined
    case 'string':
      return { json: JSON.stringify(EXAMPLE_ID), xml: writeXmlString(EXAMPLE_ID) }
    case 'Appointment':
      return samples.appointment
    case 'Collection of Occurrence':
      return samples.occurrences
    case 'ChangeSet':
      return samples.changeSet
    case 'Availability':
      return samples.availability
    case 'WebhookEndpoint':
      return samples.webhookEndpoint
    case 'Collection of WebhookEndpoint':
      return samples.webhookEndpoints
  }
}

/** Each field's example, its dates moved by the calendar. */
function examplesOf(calendar: SampleCalendar, fields: readonly { name: string; example: unknown }[]): SampleBody {
  return Object.fromEntries(fields.map((field) =>
    [field.name, typeof field.example === 'string' ? calendar.move(field.example) : field.example]))
}

/** Every field's example, valid as a whole. */
function buildAppointmentSample(calendar: SampleCalendar): SampleBody {
  let fields: readonly (typeof APPOINTMENT_FIELDS)[number][] = APPOINTMENT_FIELDS
  for (;;) {
    const body = examplesOf(calendar, fields)
    const problems = problemsOf(checkAppointment, body)
    if (!problems) return body
    const refused = fields.filter((field) => field.extension && field.name in problems)
    if (refused.length === 0) {
      throw new Error(`The schema examples do not make a valid Appointment: ${JSON.stringify(problems)}`)
    }
    fields = fields.filter((field) => !refused.includes(field))
  }
}

/** A PUT of one occurrence: the fields it takes, each with the OccurrenceException example. */
function occurrenceChangeSample(calendar: SampleCalendar): SampleBody {
  const examples = examplesOf(calendar, OCCURRENCE_EXCEPTION_FIELDS)
  return Object.fromEntries(APPOINTMENT_FIELDS
    .filter((field) => OCCURRENCE_CHANGE_FIELDS.has(field.name))
    .map((field) => [field.name, examples[field.name]]))
}

function problemsOf(check: BodyCheck, body: SampleBody): Record<string, string[]> | undefined {
  try {
    check(body)
    return undefined
  } catch (error) {
    if (error instanceof ValidationFailed || error instanceof InvalidParameters) return error.problems
    throw error
  }
}

function sampleDay(occurrenceId: string): number {
  const day = dayOfOccurrenceId(occurrenceId)
  if (day === undefined) throw new Error(`The example occurrence id ${occurrenceId} names no date`)
  return day
}

/** The series' occurrence before `day`. */
function occurrenceBefore(series: Appointment, day: number): ExpandedOccurrence {
  for (let before = day - 1; before > day - 366; before--) {
    const occurrence = occurrenceOnDay(series, before)
    if (occurrence) return occurrence
  }
  throw new Error(`The sample series has no occurrence in the year before ${originalDateOf(day)}`)
}

/**
 * The sample appointment as the store would hold it, for the writers: the create sample, with
 * the occurrence before the example occurrence (`movedDay`) cancelled and the change sample
 * applied to that one.
 */
function sampleAppointment(body: SampleBody, change: SampleBody, movedDay: number): Appointment {
  const data = validateAppointment(body, SAMPLE_TIME_ZONE)
  const createdAt = '2025-11-01T09:00:00.000Z'
  const series: Appointment = {
    ...data, id: EXAMPLE_ID, customerId: CUSTOMER_ID_PARAMETER.example, userId: USER_ID_PARAMETER.example,
    version: 1, createdAt, updatedAt: createdAt,
  }
  if (!occurrenceOnDay(series, movedDay)) throw new Error(`The sample series has no occurrence on ${originalDateOf(movedDay)}`)
  const cancelledDay = occurrenceBefore(series, movedDay).day
  const cancelled = { ...series, exceptions: withException(series, cancelledDay, {
    originalDate: originalDateOf(cancelledDay), cancelled: true,
  }) }
  const moved = validateOccurrenceChange(change, cancelled, originalDateOf(movedDay))
  if (!moved) throw new Error('The occurrence change sample changes nothing')
  return { ...cancelled, version: 3, exceptions: withException(cancelled, movedDay, moved) }
}

/**
 * The listing from the occurrence before the cancelled one: that one, then the moved one where
 * it now is (the cancelled one is gone), as the listing route pages them.
 */
function sampleOccurrences(series: Appointment, movedDay: number): readonly ListedOccurrence[] {
  const cancelledDay = occurrenceBefore(series, movedDay).day
  const from = occurrenceBefore(series, cancelledDay).start.toInstant()
  const window = { from, to: from.add({ hours: 24 * LISTING_SAMPLE_DAYS }) }
  return listOccurrences([series], window, undefined, LISTED_OCCURRENCES).items
}

function occurrenceSamples(listing: readonly ListedOccurrence[]): FormatSamples {
  return { json: indentJson(writeOccurrencesJson(listing)), xml: indentXml(writeOccurrencesXml(listing)) }
}

/** The sample series' `exceptions`, cut from GET one's answer; the XML list carries the namespaces it inherits there. */
function exceptionSamples(series: Appointment): FormatSamples {
  const json = JSON.parse(writeAppointmentJson(series)) as { exceptions?: unknown }
  const xml = /<Exceptions>.*<\/Exceptions>/.exec(writeAppointmentXml(series))?.[0]
  if (!json.exceptions || !xml) throw new Error('GET one wrote no exceptions for the sample series')
  return {
    json: JSON.stringify(json.exceptions, null, 2),
    xml: indentXml(xml.replace('<Exceptions>', `<Exceptions xmlns:i="${INSTANCE_NAMESPACE}" xmlns="${APPOINTMENT_NAMESPACE}">`)),
  }
}

/** A change feed's answer: the sample appointment written, another deleted. */
function changeSetSamples(series: Appointment): FormatSamples {
  const changeSet: ChangeSet = {
    changes: [
      { appointmentId: series.id, appointment: series },
      { appointmentId: 'Xc2-Lq9TfUe0YbN7rWm1Kg', appointment: null },
    ],
    next: 'MS40Mi4xNzk2MTg1NTQ4LjU5YjI3MWFlMWJiY2IxZDM',
    more: false,
  }
  return { json: indentJson(writeChangeSetJson(changeSet)), xml: indentXml(writeChangeSetXml(changeSet)) }
}

/** What the server answers the sample question when the sample user holds the sample series and the other is unknown. */
function availabilitySamples(request: SampleBody, series: Appointment): FormatSamples {
  const query = validateAvailability(request, SAMPLE_TIME_ZONE)
  const answer = computeAvailability(query, query.userIds.map((userId) => userId === series.userId
    ? { userId, appointments: [series] }
    : { userId, error: unknownUserError(userId, series.customerId) }))
  return { json: indentJson(writeAvailabilityJson(answer)), xml: indentXml(writeAvailabilityXml(answer)) }
}

/** How the 400 keys a body's problems: an appointment's under `appointment.`, as Web API names its parameter. */
const MODEL_STATE_KEYS: Readonly<Record<RequestBodyType, (path: string) => string>> = {
  Appointment: appointmentKey,
  OccurrenceChange: appointmentKey,
  AvailabilityRequest: (path) => path,
  WebhookEndpoint: (path) => path,
}

function appointmentKey(path: string): string {
  return path === '' ? MODEL_STATE_ROOT : `${MODEL_STATE_ROOT}.${path}`
}

/** What the server answers (400) to INVALID_BODIES: the real validator's messages. */
function invalidBodySamples(type: RequestBodyType, checks: Readonly<Record<RequestBodyType, BodyCheck>>): FormatSamples {
  const problems = problemsOf(checks[type], INVALID_BODIES[type]) ?? {}
  const modelState = Object.fromEntries(Object.entries(problems).map(([path, messages]) =>
    [MODEL_STATE_KEYS[type](path), messages]))
  const message = 'The request is invalid.'
  return { json: JSON.stringify({ message, modelState }, null, 2), xml: indentXml(writeXmlError(message, modelState)) }
}
