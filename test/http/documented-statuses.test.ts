/**
 * Each route's documented error statuses are the ones it answers. For every route the server
 * registers (its route table, so a new route is covered without a change here), the same
 * probes go over real HTTP: no credentials, another customer, unknown names in the path, a
 * bad body or query, a throttled username, a body too large or of an unread media type, a
 * stale If-Match, a reused or in-flight Idempotency-Key, an expired `since`, the path's user
 * removed by SQL between the access check and the handler; then on SQLite the database file
 * moved away (500), on PostgreSQL its schema renamed (500) and the server stopped (503). The
 * test fails when a route documents a status no probe reached, or answers one it does not
 * document. A path parameter with no fixture here fails the test, naming it.
 */
import assert from 'node:assert/strict'
import { createHash } from 'node:crypto'
import { rename } from 'node:fs/promises'
import { join } from 'node:path'
import { DatabaseSync } from 'node:sqlite'
import { Writable } from 'node:stream'
import { describe, test, type TestContext } from 'node:test'
import type { FastifyRequest } from 'fastify'
import pg from 'pg'
import { loadConfig } from '../../src/config.ts'
import { buildDocsSamples, INVALID_BODIES } from '../../src/docs/body-samples.ts'
import { createRouteTable, type DocumentedRoute } from '../../src/docs/route-table.ts'
import { sampleCalendar } from '../../src/docs/sample-calendar.ts'
import { CHANGE_TOKEN_LIFETIME_MS, changeUserHash, encodeChangeToken } from '../../src/domain/change-token.ts'
import { buildApp } from '../../src/http/app.ts'
import { documentedErrorStatuses, type RouteDocs } from '../../src/http/route-docs.ts'
import { openStore } from '../../src/store/open-store.ts'
import type { Store } from '../../src/store/store.ts'
import { missingToolsFail } from '../helpers/outside-tools.ts'
import {
  basicAuthorization, CUSTOMER_ID, makeTempDir, OTHER_CUSTOMER_ID, PASSWORD, seedStore, USER_ID, USERNAME,
} from '../helpers/server.ts'
import { POSTGRES_SERVER, startThrowawayPostgres } from '../helpers/throwaway-postgres.ts'

/** The user the userRemoved probe's path names; removed in a preHandler hook, added back after. */
const LEAVING_USER = 'GONE01'
const UNKNOWN = 'NOBODY'
const INTRUDER = basicAuthorization('intruder', 'wrong password')
const AUTHORIZATION = basicAuthorization(USERNAME, PASSWORD)
const BODY_LIMIT = 1024 * 1024
/** A weekly series whose first occurrence is on Monday 2026-04-06. */
const SERIES = {
  subject: 'Visning', startsAt: '2026-04-06T09:00:00', endsAt: '2026-04-06T10:00:00', recurrence: true,
  recurrencePattern: 'Weekly', recurrenceDayOfWeeks: ['Monday'], recurrenceCount: 5,
}
const FIRST_OCCURRENCE = '20260406'
const WEBHOOK = { url: 'http://127.0.0.1:9/hook' }

interface BodySamples {
  readonly valid: string
  readonly invalid: string
}

/**
 * Bodies of the routes whose docs name no request body type (`requestBody` has samples for
 * those that do): a route that reads a body needs an entry here, or no probe sends it one.
 */
const BODIES_WITHOUT_TYPE: Readonly<Record<string, BodySamples>> = {
  'POST /Webhooks/:customerId': { valid: JSON.stringify(WEBHOOK), invalid: '{}' },
  'PUT /Webhooks/:customerId/:webhookId': { valid: JSON.stringify(WEBHOOK), invalid: '{}' },
}

interface Probe {
  readonly url: string
  readonly method: string
  readonly headers: Record<string, string>
  readonly body?: string
}

/** Per route (by method and URL), the statuses it answered and the probes that got each. */
type Seen = Map<string, { readonly route: DocumentedRoute; readonly statuses: Map<number, string[]> }>

interface ProbedServer {
  readonly baseUrl: string
  readonly store: Store
  readonly routes: readonly DocumentedRoute[]
  /** Fixtures kept across probes, by path parameter. */
  readonly kept: Map<string, string>
  /** Puts LEAVING_USER back after a probe removed them. */
  restoreLeavingUser(): Promise<void>
}

const seen: Seen = new Map()

function routeName(route: DocumentedRoute): string {
  return `${route.method} ${route.url}`
}

function docsOf(route: DocumentedRoute): RouteDocs {
  assert.ok(route.docs, `${routeName(route)} has no docs`)
  return route.docs
}

/** A real server with the route table collected and LEAVING_USER removed by `removeUser` before any handler. */
async function startProbedServer(t: TestContext, databaseUrl: string, removeUser: () => Promise<void>): Promise<ProbedServer> {
  const store = await openStore(databaseUrl)
  await seedStore(store)
  const restoreLeavingUser = () => store.addUser({ customerId: CUSTOMER_ID, userId: LEAVING_USER, name: 'Leaving' })
  await restoreLeavingUser()
  const discard = new Writable({ write: (_chunk, _encoding, callback) => callback() })
  const config = loadConfig({ DATABASE_URL: databaseUrl, WEBHOOK_ALLOW_PRIVATE_NETWORKS: 'true' })
  const app = buildApp({ config, store, logStream: discard })
  const table = createRouteTable()
  app.addHook('onRoute', table.collect)
  app.addHook('preHandler', async (request: FastifyRequest) => {
    if ((request.params as { id?: string }).id === LEAVING_USER) await removeUser()
  })
  t.after(async () => {
    await app.close()
    await store.close()
  })
  const baseUrl = await app.listen({ port: 0, host: '127.0.0.1' })
  return { baseUrl, store, routes: table.routes, kept: new Map(), restoreLeavingUser }
}

async function call(server: ProbedServer, probe: Probe): Promise<Response> {
  return fetch(`${server.baseUrl}${probe.url}`, {
    method: probe.method, headers: probe.headers, ...(probe.body !== undefined && { body: probe.body }),
  })
}

async function created(server: ProbedServer, path: string, body?: unknown): Promise<Response> {
  const response = await fetch(`${server.baseUrl}${path}`, {
    method: 'POST',
    headers: { authorization: AUTHORIZATION, ...(body !== undefined && { 'content-type': 'application/json' }) },
    ...(body !== undefined && { body: JSON.stringify(body) }),
  })
  assert.ok(response.ok, await response.clone().text())
  return response
}

/** Path values: fresh fixtures for each probe (a webhook is shared, see webhookId), so what one probe deletes no other needs. */
async function pathValue(server: ProbedServer, name: string, route: DocumentedRoute): Promise<string> {
  switch (name) {
    case 'customerId': return CUSTOMER_ID
    case 'id': return USER_ID
    case 'appointmentId': return await (await created(server, `/Appointment/${CUSTOMER_ID}/${USER_ID}`, SERIES)).json() as string
    case 'occurrenceId': return FIRST_OCCURRENCE
    case 'feedId': {
      const location = (await created(server, `/Calendar/${CUSTOMER_ID}/${USER_ID}/feeds`)).headers.get('location') ?? ''
      return location.split('/').at(-1) ?? ''
    }
    case 'webhookId': return webhookId(server)
    case 'token': {
      const url = await (await created(server, `/Calendar/${CUSTOMER_ID}/${USER_ID}/feeds`)).json() as string
      return /\/Calendar\/feed\/([^/.]+)\.ics$/.exec(url)?.[1] ?? ''
    }
    default: throw new Error(`No fixture for the path parameter :${name} of ${routeName(route)}: add one to pathValue`)
  }
}

/** A customer has at most 20 webhooks: one is shared, made again when a probe removed it. */
async function webhookId(server: ProbedServer): Promise<string> {
  const kept = server.kept.get('webhookId')
  if (kept) {
    const found = await fetch(`${server.baseUrl}/Webhooks/${CUSTOMER_ID}/${kept}`, { headers: { authorization: AUTHORIZATION } })
    await found.arrayBuffer()
    if (found.ok) return kept
  }
  const made = (await (await created(server, `/Webhooks/${CUSTOMER_ID}`, WEBHOOK)).json() as { id: string }).id
  server.kept.set('webhookId', made)
  return made
}

async function urlOf(
  server: ProbedServer, route: DocumentedRoute, values: Readonly<Record<string, string>> = {},
  query: Readonly<Record<string, string>> = requiredQuery(docsOf(route)),
): Promise<string> {
  let path = route.url
  for (const [, name = ''] of route.url.matchAll(/:(\w+)/g)) {
    path = path.replace(`:${name}`, encodeURIComponent(values[name] ?? await pathValue(server, name, route)))
  }
  const search = new URLSearchParams(query).toString()
  return search ? `${path}?${search}` : path
}

function requiredQuery(docs: RouteDocs): Record<string, string> {
  return Object.fromEntries((docs.queryParameters ?? []).filter((p) => p.required).map((p) => [p.name, p.example]))
}

/** The request samples the help pages show today. */
const TODAYS_SAMPLES = buildDocsSamples(sampleCalendar(Date.now()))

function bodySamples(route: DocumentedRoute): BodySamples | undefined {
  const type = docsOf(route).requestBody
  if (type) return { valid: TODAYS_SAMPLES.request[type].json, invalid: JSON.stringify(INVALID_BODIES[type]) }
  return BODIES_WITHOUT_TYPE[routeName(route)]
}

async function validProbe(server: ProbedServer, route: DocumentedRoute, values: Record<string, string> = {}): Promise<Probe> {
  const body = bodySamples(route)?.valid
  return { method: route.method, url: await urlOf(server, route, values), body,
    headers: { authorization: AUTHORIZATION, ...(body !== undefined && { 'content-type': 'application/json' }) } }
}

function idempotencyHash(probe: Probe): string {
  return createHash('sha256').update(`${probe.method} ${probe.url}\n`).update(probe.body ?? '').digest('base64url')
}

type ProbeMaker = (server: ProbedServer, route: DocumentedRoute) => Promise<Probe | undefined>

/** The probes every route gets while the database works, by name. */
const PROBES: Readonly<Record<string, ProbeMaker>> = {
  valid: (server, route) => validProbe(server, route),
  noCredentials: async (server, route) => {
    const probe = await validProbe(server, route)
    return { ...probe, headers: { ...probe.headers, authorization: '' } }
  },
  otherCustomer: async (server, route) => route.url.includes(':customerId')
    ? validProbe(server, route, { customerId: OTHER_CUSTOMER_ID }) : undefined,
  unknownNames: async (server, route) => {
    const names = [...route.url.matchAll(/:(\w+)/g)].map(([, name = '']) => name).filter((name) => name !== 'customerId')
    if (names.length === 0) return undefined
    return validProbe(server, route, Object.fromEntries(names.map((name) => [name, UNKNOWN])))
  },
  badInput: async (server, route) => {
    const probe = await validProbe(server, route)
    const invalid = bodySamples(route)?.invalid
    if (invalid !== undefined) return { ...probe, body: invalid }
    const query = docsOf(route).queryParameters ?? []
    if (query.length === 0) return undefined
    return { ...probe, url: await urlOf(server, route, {}, Object.fromEntries(query.map((p) => [p.name, 'x']))) }
  },
  throttled: async (server, route) => {
    const probe = await validProbe(server, route)
    return { ...probe, headers: { ...probe.headers, authorization: INTRUDER } }
  },
  tooLarge: async (server, route) => bodySamples(route)
    ? { ...await validProbe(server, route), body: JSON.stringify({ note: 'x'.repeat(BODY_LIMIT) }) } : undefined,
  unreadMediaType: async (server, route) => {
    if (!bodySamples(route)) return undefined
    const probe = await validProbe(server, route)
    return { ...probe, headers: { ...probe.headers, 'content-type': 'text/plain' } }
  },
  staleIfMatch: async (server, route) => {
    const probe = await validProbe(server, route)
    return { ...probe, headers: { ...probe.headers, 'if-match': '"0"' } }
  },
  reusedKey: async (server, route) => {
    const probe = await validProbe(server, route)
    const first = { ...probe, headers: { ...probe.headers, 'idempotency-key': `reused-${Math.random()}` } }
    await (await call(server, first)).arrayBuffer()
    return { ...first, url: `${first.url}${first.url.includes('?') ? '&' : '?'}another=request` }
  },
  keyInFlight: async (server, route) => {
    const probe = await validProbe(server, route)
    const key = `in-flight-${Math.random()}`
    const keyed = { ...probe, headers: { ...probe.headers, 'idempotency-key': key } }
    await server.store.claimIdempotencyKey({
      customerId: CUSTOMER_ID, clientUsername: USERNAME, key, requestHash: idempotencyHash(keyed), nowMs: Date.now(),
    })
    return keyed
  },
  expiredSince: async (server, route) => {
    if (!(docsOf(route).queryParameters ?? []).some((p) => p.name === 'since')) return undefined
    const since = encodeChangeToken({ seq: 1, issuedAtMs: Date.now() - CHANGE_TOKEN_LIFETIME_MS - 86_400_000,
      userHash: changeUserHash({ customerId: CUSTOMER_ID, userId: USER_ID }) })
    return { ...await validProbe(server, route), url: await urlOf(server, route, {}, { since }) }
  },
  userRemoved: async (server, route) => route.url.includes(':id')
    ? validProbe(server, route, { id: LEAVING_USER }) : undefined,
}

function record(route: DocumentedRoute, status: number, probe: string): void {
  const entry = seen.get(routeName(route)) ?? { route, statuses: new Map<number, string[]>() }
  seen.set(routeName(route), entry)
  entry.statuses.set(status, [...entry.statuses.get(status) ?? [], probe])
}

/** Ten failed sign-ins throttle the username INTRUDER (DEFAULT_THROTTLE_LIMITS.perUsername). */
async function throttleIntruder(server: ProbedServer): Promise<void> {
  for (let attempt = 0; attempt < 11; attempt++) {
    const response = await fetch(`${server.baseUrl}/Changes/${CUSTOMER_ID}/${USER_ID}`, { headers: { authorization: INTRUDER } })
    await response.arrayBuffer()
    if (response.status === 429) return
  }
  throw new Error('INTRUDER was not throttled after 11 failed sign-ins')
}

async function probeWorkingServer(server: ProbedServer): Promise<void> {
  await throttleIntruder(server)
  for (const route of server.routes) {
    for (const [name, make] of Object.entries(PROBES)) {
      const probe = await make(server, route)
      if (!probe) continue
      const response = await call(server, probe)
      await response.arrayBuffer()
      record(route, response.status, name)
      if (name === 'userRemoved') await server.restoreLeavingUser().catch(() => undefined)
    }
  }
}

/** Prepares a valid request to every route, lets `breakStore` break the database, then sends them all. */
async function probeBrokenServer(server: ProbedServer, probeName: string, breakStore: () => Promise<void>): Promise<void> {
  const probes = await Promise.all(server.routes.map(async (route) => ({ route, probe: await validProbe(server, route) })))
  await breakStore()
  for (const { route, probe } of probes) {
    const response = await call(server, probe)
    await response.arrayBuffer()
    record(route, response.status, probeName)
  }
}

/** The folder watch tells the store of a moved file a moment later: ask /health/ready until it says so. */
async function untilNotReady(server: ProbedServer): Promise<void> {
  for (let attempt = 0; attempt < 500; attempt++) {
    const response = await fetch(`${server.baseUrl}/health/ready`)
    await response.arrayBuffer()
    if (response.status === 503) return
    await new Promise((resolve) => setTimeout(resolve, 10))
  }
  throw new Error('the store did not notice its file was moved')
}

describe('documented error statuses are the ones each route answers', () => {
  test('SQLite: every probe, then the database file moved away', async (t) => {
    const path = join(await makeTempDir(t), 'test.db')
    const operator = new DatabaseSync(path)
    t.after(() => operator.close())
    const server = await startProbedServer(t, `sqlite:${path}`, async () => {
      operator.exec(`DELETE FROM users WHERE user_id = '${LEAVING_USER}'`)
    })
    await probeWorkingServer(server)
    await probeBrokenServer(server, 'fileMoved', async () => {
      await rename(path, `${path}.away`)
      await untilNotReady(server)
    })
  })

  const postgres = POSTGRES_SERVER.isAvailable() || missingToolsFail()
  test('PostgreSQL: every probe, then the schema renamed, then the server stopped', {
    skip: postgres ? false : `${POSTGRES_SERVER.name} not found: install Debian package ${POSTGRES_SERVER.package}`
      + ' (503 is not probed)',
  }, async (t) => {
    const cluster = await startThrowawayPostgres(t)
    const operator = new pg.Client({ connectionString: cluster.url })
    await operator.connect()
    t.after(() => operator.end().catch(() => undefined))
    const server = await startProbedServer(t, cluster.url, async () => {
      await operator.query(`DELETE FROM users WHERE user_id = '${LEAVING_USER}'`)
    })
    await probeWorkingServer(server)
    await probeBrokenServer(server, 'schemaRenamed', async () => {
      await operator.query('ALTER SCHEMA public RENAME TO public_away')
    })
    await operator.query('ALTER SCHEMA public_away RENAME TO public')
    await probeBrokenServer(server, 'serverStopped', async () => {
      await operator.end()
      cluster.stop()
    })
  })

  test('each route documents exactly the error statuses it answered', (t) => {
    assert.ok(seen.size > 0, 'no route was probed')
    const unprobed = POSTGRES_SERVER.isAvailable() || missingToolsFail() ? [] : [503]
    const problems: string[] = []
    for (const [name, { route, statuses }] of seen) {
      const documented = documentedErrorStatuses(docsOf(route))
      const answered = [...statuses.keys()].filter((status) => status >= 400).sort()
      t.diagnostic(`${name}: ${answered.map((status) => `${status} (${statuses.get(status)?.join(', ')})`).join('; ')}`)
      for (const status of answered.filter((status) => !documented.includes(status))) {
        problems.push(`${name} answered ${status} (probes: ${statuses.get(status)?.join(', ')}) but does not document it`)
      }
      for (const status of documented.filter((status) => !answered.includes(status) && !unprobed.includes(status))) {
        problems.push(`${name} documents ${status} but no probe got it`)
      }
    }
    assert.deepEqual(problems, [])
  })
})
