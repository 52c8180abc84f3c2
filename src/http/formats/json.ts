/**
 * @module JSON bodies → the canonical plain object the validator reads. Property names match
 * case-insensitively (as Json.NET does); unknown properties are ignored. Also writes the
 * JSON answers for one appointment and for an occurrence listing, camelCase as the samples.
 */
import type { Appointment } from '../../domain/appointment.ts'
import { APPOINTMENT_RESOURCE_FIELDS } from '../../domain/appointment-resource-schema.ts'
import { OCCURRENCE_EXCEPTION_FIELDS } from '../../domain/occurrence-exception-schema.ts'
import { exceptionEntries } from '../../domain/recurrence/occurrence-exceptions.ts'
import { FIELDS_BY_LOWER_NAME } from '../../domain/appointment-schema.ts'
import type { ListedOccurrence } from '../../domain/recurrence/occurrence-listing.ts'
import { OCCURRENCE_FIELDS } from '../../domain/occurrence-schema.ts'
import type { AppointmentBody } from '../../domain/validate-appointment.ts'
import { ValidationFailed } from '../../domain/errors.ts'
import { OCCURRENCE_EXCEPTION_VALUES, OCCURRENCE_VALUES, appointmentValue, type WireValue } from './wire-values.ts'

const OBJECT_EXAMPLE = '{"subject":"Visning","startsAt":"2025-11-08T15:50:00+01:00"}'

export function parseAppointmentJson(text: string): AppointmentBody {
  const document = parseJsonObject(text, OBJECT_EXAMPLE)
  const body: Record<string, unknown> = {}
  for (const [key, value] of Object.entries(document)) {
    const field = FIELDS_BY_LOWER_NAME.get(key.toLowerCase())
    if (field) body[field.name] = value
  }
  return body
}

/** The body as a JSON object; anything else is a 400 under the body's own key, suggesting `example`. */
export function parseJsonObject(text: string, example: string): Record<string, unknown> {
  if (text.trim() === '') throw bodyProblem(`The request body is empty. Send a JSON object such as ${example}.`)
  let document: unknown
  try {
    document = JSON.parse(text)
  } catch (error) {
    throw bodyProblem(`The request body is not valid JSON (${(error as Error).message}). `
      + `Send a JSON object such as ${example}.`)
  }
  if (typeof document !== 'object' || document === null || Array.isArray(document)) {
    throw bodyProblem(`The request body must be a JSON object such as ${example}.`)
  }
  return document as Record<string, unknown>
}

function bodyProblem(message: string): ValidationFailed {
  return new ValidationFailed({ '': [message] })
}

/**
 * The GET-one answer: `id` first, then the create body's fields, absent values left out; a
 * series ends with its `exceptions`.
 */
export function writeAppointmentJson(appointment: Appointment): string {
  const body: Record<string, WireValue | Record<string, WireValue>[]> = {}
  for (const field of APPOINTMENT_RESOURCE_FIELDS) {
    const value = appointmentValue(appointment, field.name)
    if (value !== undefined) body[field.name] = value
  }
  if (appointment.recurrence !== null) body.exceptions = exceptionObjects(appointment)
  return JSON.stringify(body)
}

function exceptionObjects(appointment: Appointment): Record<string, WireValue>[] {
  return exceptionEntries(appointment).map((entry) => {
    const item: Record<string, WireValue> = {}
    for (const field of OCCURRENCE_EXCEPTION_FIELDS) {
      const value = OCCURRENCE_EXCEPTION_VALUES[field.name](entry, appointment)
      if (value !== undefined) item[field.name] = value
    }
    return item
  })
}

/** Each occurrence field's key as written, `"name":`, and its getter, in schema order. */
const OCCURRENCE_WRITERS = OCCURRENCE_FIELDS.map((field) => ({
  key: `${JSON.stringify(field.name)}:`,
  value: OCCURRENCE_VALUES[field.name],
}))

/**
 * The listing: an array of Occurrence objects, the same text JSON.stringify writes for them,
 * spelled directly: a week's listing is thousands of values, and building an object per
 * occurrence only to serialise it cost more than the rest of the request.
 */
export function writeOccurrencesJson(items: readonly ListedOccurrence[]): string {
  let json = '['
  for (let index = 0; index < items.length; index++) {
    json += index === 0 ? '{' : ',{'
    let separator = ''
    for (const writer of OCCURRENCE_WRITERS) {
      const value = writer.value(items[index]!)
      if (value === undefined) continue
      json += separator + writer.key + JSON.stringify(value)
      separator = ','
    }
    json += '}'
  }
  return `${json}]`
}
