/**
 * @module Finding one appointment of the authenticated user for the routes under
 * `Appointment/{customerId}/{id}/{appointmentId}`: under any other user, or with an id that
 * cannot be one of ours, it does not exist (404); `If-Match` is checked against its ETag (412).
 */
import type { FastifyRequest } from 'fastify'
import type { Appointment, AppointmentData } from '../../domain/appointment.ts'
import { APPOINTMENT_ID_PATTERN } from '../../domain/appointment-id.ts'
import { NotFound, PreconditionFailed } from '../../domain/errors.ts'
import { appointmentSpan } from '../../domain/recurrence/recurrence.ts'
import type { AppointmentRef, Appointments, AuditContext, ReplaceAction } from '../../store/store.ts'
import { etagOf, hasIfMatch, ifMatchAllows, unmatchableTags } from '../etag.ts'
import { requireCalendarUser, shownId, type UserParams } from './calendar-user.ts'

/** Attempts at a replace without If-Match that concurrent changes keep overtaking. */
const REPLACE_ATTEMPTS = 20

export interface ItemParams extends UserParams {
  appointmentId: string
}

/** The appointment under the authenticated user; ids that cannot be ours are simply not found. */
export function appointmentRef(request: FastifyRequest<{ Params: ItemParams }>): AppointmentRef {
  const { user } = requireCalendarUser(request)
  const ref = { customerId: user.customerId, userId: user.userId, appointmentId: request.params.appointmentId }
  if (!APPOINTMENT_ID_PATTERN.test(ref.appointmentId)) throw appointmentNotFound(ref)
  return ref
}

export async function requireAppointment(store: Appointments, ref: AppointmentRef): Promise<Appointment> {
  const appointment = await store.getAppointment(ref)
  if (!appointment) throw appointmentNotFound(ref)
  return appointment
}

/**
 * Reads the appointment, checks If-Match against it, and replaces it with what `replacementOf`
 * makes of it at exactly the version read, so what the replacement keeps of the current one
 * (a series' exceptions) is current: a change in between makes the store refuse, which is a
 * 412 with If-Match and, without, simply a new attempt. Returns the appointment as written.
 */
export async function replaceAtVersionRead(
  store: Appointments, ref: AppointmentRef, ifMatch: string | undefined,
  replacementOf: (current: Appointment) => AppointmentData, audit: AuditContext, action?: ReplaceAction,
): Promise<Appointment> {
  for (let attempt = 1; ; attempt++) {
    const current = await requireAppointment(store, ref)
    if (hasIfMatch(ifMatch)) requireMatch(ifMatch, current)
    const replacement = replacementOf(current)
    const result = await store.replaceAppointment(ref, {
      data: replacement, span: appointmentSpan(replacement), expectedVersion: current.version, audit, action,
    })
    if (result.status === 'replaced') return result.appointment
    if (result.status === 'not-found') throw appointmentNotFound(ref)
    if (hasIfMatch(ifMatch) || attempt === REPLACE_ATTEMPTS) throw new PreconditionFailed(staleMessage(ifMatch))
  }
}

export function requireMatch(ifMatch: string | undefined, current: Appointment): Appointment {
  if (!ifMatchAllows(ifMatch, etagOf(current))) throw new PreconditionFailed(staleMessage(ifMatch))
  return current
}

export function appointmentNotFound(ref: AppointmentRef): NotFound {
  return new NotFound(`Appointment '${shownId(ref.appointmentId)}' was not found for user '${ref.userId}' `
    + `in customer '${ref.customerId}'.`)
}

/** Why If-Match did not match: a tag in a form no ETag has, or an appointment changed since it was read. */
export function staleMessage(ifMatch: string | undefined): string {
  const shown = (ifMatch ?? '').length > 100 ? `${ifMatch?.slice(0, 100)}…` : ifMatch ?? ''
  const [unmatchable] = unmatchableTags(ifMatch ?? '')
  if (unmatchable !== undefined) {
    const quoted = `"${unmatchable.replace(/^W\//, '').replace(/"/g, '').slice(0, 100)}"`
    return `If-Match ${shown} is not an ETag as this service sends it: send the ETag header exactly as GET `
      + `answered it, quotes included (If-Match: ${quoted}, not ${unmatchable.slice(0, 100)}). A tag without quotes, `
      + 'or a weak one (W/"…"), never matches. Nothing was changed.'
  }
  return `If-Match ${shown} does not match the appointment's current ETag: it has changed since it was read. `
    + 'GET it again, reapply the change and send the new ETag.'
}
