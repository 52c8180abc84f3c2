/**
 * @module The database cannot answer (down, restarting, unreachable, too slow): the typed
 * error a store throws instead of the driver's, which the HTTP layer answers with 503 and
 * Retry-After. `guardAvailability` wraps a PostgreSQL store so every call that fails for
 * want of its database throws StoreUnavailable; other errors pass unchanged.
 */
import type { Store } from './store.ts'

/** Seconds a client is asked to wait before retrying. */
export const RETRY_AFTER_SECONDS = 5

export class StoreUnavailable extends Error {
  constructor(options?: ErrorOptions) {
    super('The database is not answering right now. Nothing was changed by this request; '
      + `send it again in ${RETRY_AFTER_SECONDS} seconds.`, options)
    this.name = 'StoreUnavailable'
  }
}

/** Socket errors of a connection that cannot be made or was cut. */
const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EHOSTUNREACH',
  'ENETUNREACH', 'EAI_AGAIN'])
/**
 * SQLSTATEs: class 08 (connection exception), 57014 (statement_timeout), 57P01–57P03
 * (admin or crash shutdown, cannot connect now), 53300 (too many connections).
 */
const UNAVAILABLE_STATES = /^(08...|57014|57P0[1-3]|53300)$/
/** node-postgres' own errors: pool connect timeout, query_timeout, a connection ended under a query. */
const DRIVER_MESSAGES = /^(timeout exceeded when trying to connect|Query read timeout|Connection terminated|Client has encountered a connection error|Client was closed)/

export function isUnavailable(error: unknown): boolean {
  if (!(error instanceof Error)) return false
  if (error instanceof StoreUnavailable) return true
  if (error instanceof AggregateError && error.errors.some(isUnavailable)) return true
  const code = (error as { code?: unknown }).code
  if (typeof code === 'string' && (NETWORK_CODES.has(code) || UNAVAILABLE_STATES.test(code))) return true
  return DRIVER_MESSAGES.test(error.message)
}

/** The error to throw for `error`: StoreUnavailable when the database could not answer. */
export function unavailableOr(error: unknown): unknown {
  if (error instanceof StoreUnavailable || !isUnavailable(error)) return error
  return new StoreUnavailable({ cause: error })
}

export function guardAvailability(store: Store): Store {
  const guarded: Record<string, unknown> = {}
  for (const [name, member] of Object.entries(store)) {
    guarded[name] = typeof member !== 'function' ? member : (...args: unknown[]) => {
      const result: unknown = member.apply(store, args)
      return result instanceof Promise ? result.catch((error: unknown) => { throw unavailableOr(error) }) : result
    }
  }
  return guarded as unknown as Store
}
