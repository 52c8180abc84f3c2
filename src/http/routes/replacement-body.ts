/**
 * @module A PUT's body read as a whole appointment: PUT replaces it, so a body that leaves out
 * a required field (a client sending only what changed) is told to send every field, as GET
 * answered it, beside the field's own message.
 */
import { ValidationFailed, type FieldProblems } from '../../domain/errors.ts'
import { validateAppointment, type AppointmentBody } from '../../domain/validate-appointment.ts'
import type { AppointmentData } from '../../domain/appointment.ts'

const REQUIRED_FIELDS = ['subject', 'startsAt'] as const
export const REPLACE_WHOLE_HINT = 'PUT replaces the whole appointment, it does not change single fields: send every '
  + 'field, as GET /Appointment/{customerId}/{id}/{appointmentId} answered it, with your changes.'

export function validateReplacement(body: AppointmentBody, timeZone: string): AppointmentData {
  try {
    return validateAppointment(body, timeZone)
  } catch (error) {
    if (!(error instanceof ValidationFailed)) throw error
    throw new ValidationFailed(withReplaceHint(error.problems, body))
  }
}

/** The hint after the message of each required field the body left out (its name matched in any case). */
function withReplaceHint(problems: FieldProblems, body: AppointmentBody): FieldProblems {
  const sent = new Set(Object.keys(body).map((name) => name.toLowerCase()))
  const missing = REQUIRED_FIELDS.filter((field) => problems[field] && !sent.has(field.toLowerCase()))
  return { ...problems, ...Object.fromEntries(missing.map((field) => [field, [...problems[field] ?? [], REPLACE_WHOLE_HINT]])) }
}
