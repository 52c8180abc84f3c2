/**
 * @module JSON bodies → the canonical plain object the validator reads. Property names match
 * case-insensitively (as Json.NET does); unknown properties are ignored.
 */
import { FIELDS_BY_LOWER_NAME } from '../../domain/appointment-schema.ts'
import type { AppointmentBody } from '../../domain/validate-appointment.ts'
import { ValidationFailed } from '../../domain/errors.ts'

const OBJECT_EXAMPLE = '{"subject":"Visning","startsAt":"2025-11-08T15:50:00+01:00"}'

export function parseAppointmentJson(text: string): AppointmentBody {
  const document = parseDocument(text)
  const body: Record<string, unknown> = {}
  for (const [key, value] of Object.entries(document)) {
    const field = FIELDS_BY_LOWER_NAME.get(key.toLowerCase())
    if (field) body[field.name] = value
  }
  return body
}

function parseDocument(text: string): Record<string, unknown> {
  if (text.trim() === '') throw bodyProblem(`The request body is empty. Send a JSON object such as ${OBJECT_EXAMPLE}.`)
  let document: unknown
  try {
    document = JSON.parse(text)
  } catch (error) {
    throw bodyProblem(`The request body is not valid JSON (${(error as Error).message}). `
      + `Send a JSON object such as ${OBJECT_EXAMPLE}.`)
  }
  if (typeof document !== 'object' || document === null || Array.isArray(document)) {
    throw bodyProblem(`The request body must be a JSON object such as ${OBJECT_EXAMPLE}.`)
  }
  return document as Record<string, unknown>
}

function bodyProblem(message: string): ValidationFailed {
  return new ValidationFailed({ '': [message] })
}
