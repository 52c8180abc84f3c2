/**
 * @module Sample bodies built from the schemas, never written by hand: the Appointment
 * request in JSON (camelCase, field order of APPOINTMENT_FIELDS) and XML (as .NET's
 * DataContractSerializer writes it: `xmlns:i` and `xmlns` on the root, elements in ordinal
 * order, `DayOfWeek` items), and the answers, written by the server's own writers from that
 * sample (so they are what the server sends, only indented), and a 400 for an empty body.
 * The request sample is every field's example, less any extension field the validator
 * refuses in combination (recurrenceCount with recurrenceEndsAt), so it can be sent as is.
 * One occurrence's change (OccurrenceChange) is the fields a PUT of an occurrence takes, with
 * the OccurrenceException examples; the sample series has one occurrence cancelled and that
 * change applied to another, by the same functions the routes call, so GET one, the listing
 * and the change feed show them as the server would.
 */
import type { Appointment } from '../domain/appointment.ts'
import { computeAvailability, unknownUserError } from '../domain/availability/availability.ts'
import {
  AVAILABILITY_REQUEST_FIELDS, WORKING_HOURS_FIELDS, type AvailabilityFieldSpec,
} from '../domain/availability/availability-schema.ts'
import { validateAvailability } from '../domain/availability/validate-availability.ts'
import { APPOINTMENT_ID_FIELD } from '../domain/appointment-resource-schema.ts'
import { APPOINTMENT_FIELDS, type FieldSpec } from '../domain/appointment-schema.ts'
import { InvalidParameters, ValidationFailed } from '../domain/errors.ts'
import { OCCURRENCE_EXCEPTION_FIELDS } from '../domain/occurrence-exception-schema.ts'
import { dayOfOccurrenceId, originalDateOf, withException } from '../domain/recurrence/occurrence-exceptions.ts'
import { listOccurrences, type ListedOccurrence } from '../domain/recurrence/occurrence-listing.ts'
import { occurrenceOnDay, type ExpandedOccurrence } from '../domain/recurrence/recurrence.ts'
import {
  OCCURRENCE_CHANGE_FIELDS, validateAppointment, validateOccurrenceChange, type AppointmentBody,
} from '../domain/validate-appointment.ts'
import { AVAILABILITY_NAMESPACE, writeAvailabilityJson, writeAvailabilityXml } from '../http/formats/availability.ts'
import { writeChangeSetJson, writeChangeSetXml, type ChangeSet } from '../http/formats/change-set.ts'
import { writeAppointmentJson, writeOccurrencesJson } from '../http/formats/json.ts'
import {
  APPOINTMENT_NAMESPACE, INSTANCE_NAMESPACE, escapeXmlText, writeAppointmentXml, writeOccurrencesXml,
  writeXmlError, writeXmlString,
} from '../http/formats/xml.ts'
import {
  CUSTOMER_ID_PARAMETER, USER_ID_PARAMETER, type RequestBodyType, type RouteDocs,
} from '../http/route-docs.ts'

export type SampleBody = Readonly<Record<string, unknown>>

export interface FormatSamples {
  readonly json: string
  readonly xml: string
}

/** Zone the sample is validated in; samples write explicit offsets anyway. */
const SAMPLE_TIME_ZONE = 'Europe/Stockholm'
const EXAMPLE_ID = APPOINTMENT_ID_FIELD.example
/** How many occurrences the listing sample shows. */
const LISTED_OCCURRENCES = 2
const MODEL_STATE_ROOT = 'appointment'

/** Validates a body as a route would; throws ValidationFailed. */
type BodyCheck = (body: AppointmentBody) => unknown

const checkAppointment: BodyCheck = (body) => validateAppointment(body, SAMPLE_TIME_ZONE)

function buildAppointmentSample(): SampleBody {
  let fields: readonly FieldSpec[] = APPOINTMENT_FIELDS
  for (;;) {
    const body = Object.fromEntries(fields.map((field) => [field.name, field.example]))
    const problems = problemsOf(checkAppointment, body)
    if (!problems) return body
    const refused = fields.filter((field) => field.extension && field.name in problems)
    if (refused.length === 0) {
      throw new Error(`The schema examples do not make a valid Appointment: ${JSON.stringify(problems)}`)
    }
    fields = fields.filter((field) => !refused.includes(field))
  }
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

/** Every field's example, valid as a whole. */
export const APPOINTMENT_SAMPLE: SampleBody = buildAppointmentSample()

export function appointmentJson(body: SampleBody, indent?: number): string {
  return JSON.stringify(body, null, indent)
}

/** The Appointment element as DataContractSerializer writes it, indented two spaces. */
export function appointmentXml(body: SampleBody): string {
  const lines = [`<Appointment xmlns:i="${INSTANCE_NAMESPACE}" xmlns="${APPOINTMENT_NAMESPACE}">`]
  const present = APPOINTMENT_FIELDS.filter((field) => body[field.name] !== undefined)
  for (const field of [...present].sort((a, b) => compareOrdinal(a.xmlName, b.xmlName))) {
    const value = body[field.name]
    if (value === null) {
      lines.push(`  <${field.xmlName} i:nil="true" />`)
    } else if (Array.isArray(value)) {
      lines.push(`  <${field.xmlName}>`)
      for (const item of value) lines.push(`    <DayOfWeek>${escapeXmlText(String(item))}</DayOfWeek>`)
      lines.push(`  </${field.xmlName}>`)
    } else {
      lines.push(`  <${field.xmlName}>${escapeXmlText(String(value))}</${field.xmlName}>`)
    }
  }
  lines.push('</Appointment>')
  return lines.join('\n')
}

function compareOrdinal(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0
}

export const APPOINTMENT_REQUEST_SAMPLES: FormatSamples = {
  json: appointmentJson(APPOINTMENT_SAMPLE, 2),
  xml: appointmentXml(APPOINTMENT_SAMPLE),
}

/** A PUT of one occurrence: the fields it takes, each with the OccurrenceException example. */
export const OCCURRENCE_CHANGE_SAMPLE: SampleBody = Object.fromEntries(APPOINTMENT_FIELDS
  .filter((field) => OCCURRENCE_CHANGE_FIELDS.has(field.name))
  .map((field) => [field.name, OCCURRENCE_EXCEPTION_FIELDS.find((spec) => spec.name === field.name)?.example]))

/** The occurrence the change sample moves: the example occurrenceId, which the sample series has. */
const MOVED_SAMPLE_ID = OCCURRENCE_EXCEPTION_FIELDS[0].example

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
  throw new Error(`The sample series has no occurrence in the year before ${MOVED_SAMPLE_ID}`)
}

/**
 * The sample appointment as the store would hold it, for the writers: the create sample, with
 * the occurrence before MOVED_SAMPLE_ID cancelled and the change sample applied to that one.
 */
function sampleAppointment(): Appointment {
  const data = validateAppointment(APPOINTMENT_SAMPLE, SAMPLE_TIME_ZONE)
  const createdAt = '2025-11-01T09:00:00.000Z'
  const series: Appointment = {
    ...data, id: EXAMPLE_ID, customerId: CUSTOMER_ID_PARAMETER.example, userId: USER_ID_PARAMETER.example,
    version: 1, createdAt, updatedAt: createdAt,
  }
  const movedDay = sampleDay(MOVED_SAMPLE_ID)
  if (!occurrenceOnDay(series, movedDay)) throw new Error(`The sample series has no occurrence ${MOVED_SAMPLE_ID}`)
  const cancelledDay = occurrenceBefore(series, movedDay).day
  const cancelled = { ...series, exceptions: withException(series, cancelledDay, {
    originalDate: originalDateOf(cancelledDay), cancelled: true,
  }) }
  const moved = validateOccurrenceChange(OCCURRENCE_CHANGE_SAMPLE, cancelled, originalDateOf(movedDay))
  if (!moved) throw new Error('The occurrence change sample changes nothing')
  return { ...cancelled, version: 3, exceptions: withException(cancelled, movedDay, moved) }
}

const SAMPLE_APPOINTMENT = sampleAppointment()

/** Two weeks: enough to hold LISTED_OCCURRENCES of a weekly series with one cancelled. */
const LISTING_SAMPLE_DAYS = 14

/**
 * The listing from the occurrence before the cancelled one: that one, then the moved one where
 * it now is (the cancelled one is gone), as the listing route pages them.
 */
function sampleOccurrences(): readonly ListedOccurrence[] {
  const cancelledDay = occurrenceBefore(SAMPLE_APPOINTMENT, sampleDay(MOVED_SAMPLE_ID)).day
  const from = occurrenceBefore(SAMPLE_APPOINTMENT, cancelledDay).start.toInstant()
  const window = { from, to: from.add({ hours: 24 * LISTING_SAMPLE_DAYS }) }
  return listOccurrences([SAMPLE_APPOINTMENT], window, undefined, LISTED_OCCURRENCES).items
}

/** Compact XML from the writers, indented two spaces per level for reading. */
export function indentXml(xml: string): string {
  const tokens = xml.match(/<[^>]+>|[^<]+/g) ?? []
  const lines: string[] = []
  let depth = 0
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i] ?? ''
    const indent = '  '.repeat(depth)
    if (token.startsWith('</')) {
      depth = Math.max(0, depth - 1)
      lines.push('  '.repeat(depth) + token)
    } else if (token.startsWith('<') && !token.endsWith('/>') && !token.startsWith('<?')) {
      const next = tokens[i + 1]
      const after = tokens[i + 2]
      if (next !== undefined && !next.startsWith('<') && after?.startsWith('</')) {
        lines.push(indent + token + next + after)
        i += 2
      } else if (next?.startsWith('</')) {
        lines.push(indent + token + next)
        i += 1
      } else {
        lines.push(indent + token)
        depth++
      }
    } else if (token.trim() !== '') {
      lines.push(indent + token)
    }
  }
  return lines.join('\n')
}

function indentJson(json: string): string {
  return JSON.stringify(JSON.parse(json), null, 2)
}

const SAMPLE_LISTING = sampleOccurrences()

export const OCCURRENCE_SAMPLES: FormatSamples = {
  json: indentJson(writeOccurrencesJson(SAMPLE_LISTING)),
  xml: indentXml(writeOccurrencesXml(SAMPLE_LISTING)),
}

const APPOINTMENT_RESPONSE_SAMPLES: FormatSamples = {
  json: indentJson(writeAppointmentJson(SAMPLE_APPOINTMENT)),
  xml: indentXml(writeAppointmentXml(SAMPLE_APPOINTMENT)),
}

/** The sample series' `exceptions`, cut from GET one's answer; the XML list carries the namespaces it inherits there. */
function exceptionSamples(): FormatSamples {
  const json = JSON.parse(writeAppointmentJson(SAMPLE_APPOINTMENT)) as { exceptions?: unknown }
  const xml = /<Exceptions>.*<\/Exceptions>/.exec(writeAppointmentXml(SAMPLE_APPOINTMENT))?.[0]
  if (!json.exceptions || !xml) throw new Error('GET one wrote no exceptions for the sample series')
  return {
    json: JSON.stringify(json.exceptions, null, 2),
    xml: indentXml(xml.replace('<Exceptions>', `<Exceptions xmlns:i="${INSTANCE_NAMESPACE}" xmlns="${APPOINTMENT_NAMESPACE}">`)),
  }
}

export const OCCURRENCE_EXCEPTION_SAMPLES: FormatSamples = exceptionSamples()

/** A change feed's answer: the sample appointment written, another deleted. */
const SAMPLE_CHANGE_SET: ChangeSet = {
  changes: [
    { appointmentId: SAMPLE_APPOINTMENT.id, appointment: SAMPLE_APPOINTMENT },
    { appointmentId: 'Xc2-Lq9TfUe0YbN7rWm1Kg', appointment: null },
  ],
  next: 'MS40Mi4xNzk2MTg1NTQ4LjU5YjI3MWFlMWJiY2IxZDM',
  more: false,
}

export const CHANGE_SET_SAMPLES: FormatSamples = {
  json: indentJson(writeChangeSetJson(SAMPLE_CHANGE_SET)),
  xml: indentXml(writeChangeSetXml(SAMPLE_CHANGE_SET)),
}

/** Every field's example: a valid question about the sample user and one the customer does not have. */
export const AVAILABILITY_REQUEST_SAMPLE: SampleBody = Object.fromEntries(
  AVAILABILITY_REQUEST_FIELDS.map((field) => [field.name, field.example]),
)

/** The AvailabilityRequest element, alphabetical, lists as DataContract writes them. */
function availabilityRequestXml(body: SampleBody): string {
  return [
    `<AvailabilityRequest xmlns:i="${INSTANCE_NAMESPACE}" xmlns="${AVAILABILITY_NAMESPACE}">`,
    ...availabilityElements(AVAILABILITY_REQUEST_FIELDS, body, '  '),
    '</AvailabilityRequest>',
  ].join('\n')
}

function availabilityElements(fields: readonly AvailabilityFieldSpec[], body: SampleBody, indent: string): string[] {
  const present = fields.filter((field) => body[field.name] !== undefined)
  return [...present].sort((a, b) => compareOrdinal(a.xmlName, b.xmlName)).flatMap((field) => {
    const value = body[field.name]
    if (field.kind === 'workingHours') {
      return [`${indent}<${field.xmlName}>`, ...availabilityElements(WORKING_HOURS_FIELDS, value as SampleBody, `${indent}  `),
        `${indent}</${field.xmlName}>`]
    }
    if (!Array.isArray(value)) return [`${indent}<${field.xmlName}>${escapeXmlText(String(value))}</${field.xmlName}>`]
    const item = field.kind === 'days' ? 'DayOfWeek' : 'd2p1:string'
    const open = field.kind === 'days' ? field.xmlName : `${field.xmlName} xmlns:d2p1="${ARRAYS_NAMESPACE}"`
    return [`${indent}<${open}>`, ...value.map((entry) => `${indent}  <${item}>${escapeXmlText(String(entry))}</${item}>`),
      `${indent}</${field.xmlName}>`]
  })
}

const ARRAYS_NAMESPACE = 'http://schemas.microsoft.com/2003/10/Serialization/Arrays'

export const AVAILABILITY_REQUEST_SAMPLES: FormatSamples = {
  json: appointmentJson(AVAILABILITY_REQUEST_SAMPLE, 2),
  xml: availabilityRequestXml(AVAILABILITY_REQUEST_SAMPLE),
}

/** What the server answers the sample question when the sample user holds the sample series and the other is unknown. */
function sampleAvailability(): FormatSamples {
  const query = validateAvailability(AVAILABILITY_REQUEST_SAMPLE, SAMPLE_TIME_ZONE)
  const answer = computeAvailability(query, query.userIds.map((userId) => userId === SAMPLE_APPOINTMENT.userId
    ? { userId, appointments: [SAMPLE_APPOINTMENT] }
    : { userId, error: unknownUserError(userId, SAMPLE_APPOINTMENT.customerId) }))
  return { json: indentJson(writeAvailabilityJson(answer)), xml: indentXml(writeAvailabilityXml(answer)) }
}

export const AVAILABILITY_SAMPLES: FormatSamples = sampleAvailability()

/** The success answer's samples; undefined when the answer has no body. */
export function responseSamples(response: RouteDocs['response']): FormatSamples | undefined {
  switch (response.type) {
    case undefined:
    case 'HealthStatus': // JSON only, not negotiated: its description shows the body
    case 'iCalendar': // text/calendar, not negotiated: the page describes it
      return undefined
    case 'string':
      return { json: JSON.stringify(EXAMPLE_ID), xml: writeXmlString(EXAMPLE_ID) }
    case 'Appointment':
      return APPOINTMENT_RESPONSE_SAMPLES
    case 'Collection of Occurrence':
      return OCCURRENCE_SAMPLES
    case 'ChangeSet':
      return CHANGE_SET_SAMPLES
    case 'Availability':
      return AVAILABILITY_SAMPLES
  }
}

/** A request body's samples, as the page and OpenAPI show them and the test form fills in. */
export const REQUEST_SAMPLES: Readonly<Record<RequestBodyType, FormatSamples>> = {
  Appointment: APPOINTMENT_REQUEST_SAMPLES,
  OccurrenceChange: { json: appointmentJson(OCCURRENCE_CHANGE_SAMPLE, 2), xml: appointmentXml(OCCURRENCE_CHANGE_SAMPLE) },
  AvailabilityRequest: AVAILABILITY_REQUEST_SAMPLES,
}

/** The first field a PUT of one occurrence refuses, with its example: the occurrence 400 sample's body. */
const SERIES_FIELD = APPOINTMENT_FIELDS.find((field) => !OCCURRENCE_CHANGE_FIELDS.has(field.name))!

/** The body the 400 sample answers: for a create or replace an empty object, for an occurrence a series field. */
export const INVALID_BODIES: Readonly<Record<RequestBodyType, SampleBody>> = {
  Appointment: {},
  OccurrenceChange: { [SERIES_FIELD.name]: SERIES_FIELD.example },
  AvailabilityRequest: {},
}

const BODY_CHECKS: Readonly<Record<RequestBodyType, BodyCheck>> = {
  Appointment: checkAppointment,
  OccurrenceChange: (body) =>
    validateOccurrenceChange(body, SAMPLE_APPOINTMENT, originalDateOf(sampleDay(MOVED_SAMPLE_ID))),
  AvailabilityRequest: (body) => validateAvailability(body, SAMPLE_TIME_ZONE),
}

/** How the 400 keys a body's problems: an appointment's under `appointment.`, as Web API names its parameter. */
const MODEL_STATE_KEYS: Readonly<Record<RequestBodyType, (path: string) => string>> = {
  Appointment: appointmentKey,
  OccurrenceChange: appointmentKey,
  AvailabilityRequest: (path) => path,
}

function appointmentKey(path: string): string {
  return path === '' ? MODEL_STATE_ROOT : `${MODEL_STATE_ROOT}.${path}`
}

/** What the server answers (400) to INVALID_BODIES: the real validator's messages. */
function invalidBodySamples(type: RequestBodyType): FormatSamples {
  const problems = problemsOf(BODY_CHECKS[type], INVALID_BODIES[type]) ?? {}
  const modelState = Object.fromEntries(Object.entries(problems).map(([path, messages]) =>
    [MODEL_STATE_KEYS[type](path), messages]))
  const message = 'The request is invalid.'
  return { json: JSON.stringify({ message, modelState }, null, 2), xml: indentXml(writeXmlError(message, modelState)) }
}

export const INVALID_BODY_SAMPLES: Readonly<Record<RequestBodyType, FormatSamples>> = {
  Appointment: invalidBodySamples('Appointment'),
  OccurrenceChange: invalidBodySamples('OccurrenceChange'),
  AvailabilityRequest: invalidBodySamples('AvailabilityRequest'),
}
