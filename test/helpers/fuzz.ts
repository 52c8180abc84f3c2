/**
 * @module Fuzz fixtures: the fixed seed and bounded run count (FUZZ_SEED and FUZZ_RUNS make
 * a long run), both backends, a raw request sent with a deadline, and the row count that
 * proves nothing was written.
 */
import type { TestContext } from 'node:test'
import { skipOption } from './outside-tools.ts'
import { POSTGRES, freshPostgresUrl } from './postgres.ts'
import { CUSTOMER_ID, OTHER_CUSTOMER_ID, USER_ID, type TestServer } from './server.ts'

export const FUZZ_SEED = Number(process.env.FUZZ_SEED ?? 20_261_201)

/** Runs per property: `fallback` unless FUZZ_RUNS is set. */
export function fuzzRuns(fallback: number): number {
  return Number(process.env.FUZZ_RUNS ?? fallback)
}

export interface Backend {
  readonly name: string
  /** startServer's databaseUrl for this backend (undefined: a fresh SQLite file). */
  databaseUrl(t: TestContext): Promise<string | undefined>
  /** The suite's skip option: the skip line when the backend's server is missing. */
  readonly skip: string | false
}

export const BACKENDS: readonly Backend[] = [
  { name: 'SQLite', databaseUrl: async () => undefined, skip: false },
  { name: 'PostgreSQL', databaseUrl: freshPostgresUrl, skip: skipOption(POSTGRES) },
]

export interface RawRequest {
  readonly method: string
  readonly path: string
  readonly headers: Readonly<Record<string, string>>
  readonly body?: string | Uint8Array
}

export interface RawAnswer {
  readonly status: number
  readonly text: string
}

/** Sends the request as given (its own headers only) and fails after 15 s instead of hanging. */
export async function sendRaw(server: TestServer, request: RawRequest): Promise<RawAnswer> {
  const response = await fetch(`${server.baseUrl}${request.path}`, {
    method: request.method,
    headers: request.headers,
    ...(request.body !== undefined && { body: request.body }),
    signal: AbortSignal.timeout(15_000),
  })
  return { status: response.status, text: await response.text() }
}

const ALL_TIME = { fromMs: -8.64e15, toMs: 8.64e15 }

/** Appointments of every seeded user, both customers, as the Store lists them. */
export async function appointmentRows(server: TestServer): Promise<string[]> {
  const lists = await Promise.all([CUSTOMER_ID, OTHER_CUSTOMER_ID].map((customerId) =>
    server.store.listAppointmentsTouching({ customerId, userId: USER_ID }, ALL_TIME)))
  return lists.flat().map((appointment) => JSON.stringify(appointment)).sort()
}
