/**
 * @module Sample bodies built from the schemas, never written by hand: the Appointment
 * request in JSON (camelCase, field order of APPOINTMENT_FIELDS) and XML (as .NET's
 * DataContractSerializer writes it: `xmlns:i` and `xmlns` on the root, elements in ordinal
 * order, `DayOfWeek` items), and the answers, written by the server's own writers from that
 * sample (so they are what the server sends, only indented), and a 400 for an empty body.
 * The request sample is every field's example, less any extension field the validator
 * refuses in combination (recurrenceCount with recurrenceEndsAt), so it can be sent as is.
 */
import type { Appointment } from '../domain/appointment.ts'
import { APPOINTMENT_ID_FIELD } from '../domain/appointment-resource-schema.ts'
import { APPOINTMENT_FIELDS, type FieldSpec } from '../domain/appointment-schema.ts'
import { ValidationFailed } from '../domain/errors.ts'
import type { ListedOccurrence } from '../domain/occurrence-listing.ts'
import { expandOccurrences, firstOccurrence } from '../domain/recurrence.ts'
import { validateAppointment } from '../domain/validate-appointment.ts'
import { writeChangeSetJson, writeChangeSetXml, type ChangeSet } from '../http/formats/change-set.ts'
import { writeAppointmentJson, writeOccurrencesJson } from '../http/formats/json.ts'
import {
  APPOINTMENT_NAMESPACE, INSTANCE_NAMESPACE, escapeXmlText, writeAppointmentXml, writeOccurrencesXml,
  writeXmlError, writeXmlString,
} from '../http/formats/xml.ts'
import { CUSTOMER_ID_PARAMETER, USER_ID_PARAMETER, type RouteDocs } from '../http/route-docs.ts'

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

function buildAppointmentSample(): SampleBody {
  let fields: readonly FieldSpec[] = APPOINTMENT_FIELDS
  for (;;) {
    const body = Object.fromEntries(fields.map((field) => [field.name, field.example]))
    const problems = problemsOf(body)
    if (!problems) return body
    const refused = fields.filter((field) => field.extension && field.name in problems)
    if (refused.length === 0) {
      throw new Error(`The schema examples do not make a valid Appointment: ${JSON.stringify(problems)}`)
    }
    fields = fields.filter((field) => !refused.includes(field))
  }
}

function problemsOf(body: SampleBody): Record<string, string[]> | undefined {
  try {
    validateAppointment(body, SAMPLE_TIME_ZONE)
    return undefined
  } catch (error) {
    if (error instanceof ValidationFailed) return error.problems
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

/** The sample appointment as the store would hold it, for the writers. */
function sampleAppointment(): Appointment {
  const data = validateAppointment(APPOINTMENT_SAMPLE, SAMPLE_TIME_ZONE)
  const createdAt = '2025-11-01T09:00:00.000Z'
  return {
    ...data, id: EXAMPLE_ID, customerId: CUSTOMER_ID_PARAMETER.example, userId: USER_ID_PARAMETER.example,
    version: 1, createdAt, updatedAt: createdAt,
  }
}

const SAMPLE_APPOINTMENT = sampleAppointment()

/** The sample appointment's first occurrences, as a listing holds them. */
function sampleOccurrences(): ListedOccurrence[] {
  const first = firstOccurrence(SAMPLE_APPOINTMENT)
  if (!first) throw new Error('The sample appointment has no occurrence')
  const from = first.start.toInstant()
  const items: ListedOccurrence[] = []
  for (const occurrence of expandOccurrences(SAMPLE_APPOINTMENT, from, from.add({ hours: 24 * 366 }))) {
    items.push({
      appointment: SAMPLE_APPOINTMENT, start: occurrence.start, end: occurrence.end, day: occurrence.day, exception: undefined,
    })
    if (items.length === LISTED_OCCURRENCES) break
  }
  return items
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
  }
}

/** What the server answers (400) to an empty JSON object: the real validator's messages. */
function invalidBodySamples(): FormatSamples {
  const problems = problemsOf({}) ?? {}
  const modelState = Object.fromEntries(Object.entries(problems).map(([path, messages]) =>
    [path === '' ? MODEL_STATE_ROOT : `${MODEL_STATE_ROOT}.${path}`, messages]))
  const message = 'The request is invalid.'
  return { json: JSON.stringify({ message, modelState }, null, 2), xml: indentXml(writeXmlError(message, modelState)) }
}

export const INVALID_BODY_SAMPLES: FormatSamples = invalidBodySamples()
