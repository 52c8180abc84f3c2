/**
 * @module The user a request under `Appointment/{customerId}/{id}` acts for, set by the
 * Appointment plugin's one auth hook before any handler runs.
 */
import type { FastifyRequest } from 'fastify'
import type { Customer, User } from '../../domain/appointment.ts'
import type { AuditContext } from '../../store/store.ts'

export interface CalendarUser {
  readonly user: User
  readonly customer: Customer
  /** The API client that authenticated: who the audit log says wrote. */
  readonly clientUsername: string
}

export interface UserParams {
  customerId: string
  id: string
}

declare module 'fastify' {
  interface FastifyRequest {
    calendarUser: CalendarUser | null
  }
}

export function requireCalendarUser(request: FastifyRequest): CalendarUser {
  if (!request.calendarUser) throw new Error('calendarUser missing: the onRequest hook did not run')
  return request.calendarUser
}

/** Who a write is recorded as made by: the authenticated client and the request's id (X-Request-Id). */
export function auditContext(request: FastifyRequest): AuditContext {
  return { clientUsername: requireCalendarUser(request).clientUsername, requestId: request.id }
}

export function userPath(user: User): string {
  return `/Appointment/${encodeURIComponent(user.customerId)}/${encodeURIComponent(user.userId)}`
}

export function appointmentLocation(user: User, appointmentId: string): string {
  return `${userPath(user)}/${encodeURIComponent(appointmentId)}`
}

/** A path id as error messages quote it: ids past 64 characters cannot be ours and are cut. */
export function shownId(id: string): string {
  return id.length > 64 ? `${id.slice(0, 64)}…` : id
}
