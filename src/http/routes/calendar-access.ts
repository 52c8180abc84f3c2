/**
 * @module Who may read or write a user's calendar: one onRequest hook, shared by the
 * Appointment routes and the authenticated Calendar routes, checking in order the
 * credentials (429 while failures for the username or address are throttled, else 401),
 * the client's grant for the customer (403) and that the user exists (404), before any
 * body is read. The user found, and the client's username for the audit log, are left on
 * `request.calendarUser`.
 */
import type { FastifyRequest } from 'fastify'
import type { ApiClient } from '../../domain/appointment.ts'
import { Forbidden, NotFound } from '../../domain/errors.ts'
import type { Directory } from '../../store/store.ts'
import { Throttled, type Authenticate } from '../auth.ts'
import { Unauthorized } from '../http-error.ts'
import { shownId, type UserParams } from './calendar-user.ts'

export function calendarAccessHook(store: Directory, authenticate: Authenticate) {
  return async (request: FastifyRequest<{ Params: UserParams }>): Promise<void> => {
    const { customerId, id: userId } = request.params
    const client = await authorizeCustomer(authenticate, request, customerId)
    const found = await store.findUser({ customerId, userId })
    if (!found) throw new NotFound(`User '${shownId(userId)}' was not found in customer '${customerId}'.`)
    request.calendarUser = { ...found, clientUsername: client.username }
  }
}

/** The client the request's credentials prove (429 while throttled, else 401), granted the customer (else 403). */
export async function authorizeCustomer(
  authenticate: Authenticate, request: FastifyRequest, customerId: string,
): Promise<ApiClient> {
  const client = await authenticate(request.headers.authorization, request.ip)
  if (client instanceof Throttled) throw client
  if (!client) throw new Unauthorized()
  const wanted = customerId.toLowerCase()
  if (!client.customerIds.some((granted) => granted.toLowerCase() === wanted)) {
    throw new Forbidden(`The API client has no access to customer '${shownId(customerId)}'.`)
  }
  return client
}
