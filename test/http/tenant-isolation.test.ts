/**
 * Tenant isolation on both backends: two API clients granted different customers and a third
 * granted both, over every endpoint (the docs test form calls these same endpoints). No
 * cross-tenant read or write (the other firm's appointments and feed links are unchanged in
 * the store, its links still work), and no 403 or 404 body carries anything of the other firm
 * beyond what the caller sent.
 */
import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { hashPassword } from '../../src/domain/password.ts'
import { BACKENDS } from '../helpers/fuzz.ts'
import { send, type Answer } from '../helpers/requests.ts'
import { CUSTOMER_ID, USER_ID, basicAuthorization, startServer, type TestServer } from '../helpers/server.ts'

const FIRM_B = 'C40001'
const FIRM_B_USER = 'BER001'
const PASSWORD_B = 'firm b has its own long password'
const PASSWORD_BOTH = 'a client of both firms, also long'

interface Firm {
  readonly customerId: string
  readonly userId: string
  readonly authorization: string
  readonly appointmentId: string
  readonly feedId: string
  readonly feedUrl: string
  /** Texts of this firm another firm must never see. */
  readonly secrets: readonly string[]
}

const ONE_HOUR = { startsAt: '2026-07-01T10:00:00', endsAt: '2026-07-01T11:00:00' }

async function makeFirm(server: TestServer, customerId: string, userId: string, authorization: string, tag: string): Promise<Firm> {
  const base = `/Appointment/${customerId}/${userId}`
  const created = await send(server, base, { headers: { authorization, 'content-type': 'application/json' },
    body: JSON.stringify({ ...ONE_HOUR, subject: `${tag}-ämne`, location: `${tag}-plats`, note: `${tag}-anteckning` }) })
  assert.equal(created.status, 200, created.text)
  const feed = await send(server, `/Calendar/${customerId}/${userId}/feeds`, { headers: { authorization } })
  assert.equal(feed.status, 200, feed.text)
  const feedUrl = feed.json as string
  const feedId = (feed.headers.get('location') ?? '').split('/').pop() ?? ''
  assert.ok(feedId, 'the feed link has a Location to revoke it')
  const token = /\/feed\/([^/.]+)\.ics$/.exec(feedUrl)?.[1] ?? ''
  return { customerId, userId, authorization, appointmentId: created.json as string, feedId, feedUrl,
    secrets: [`${tag}-ämne`, `${tag}-plats`, `${tag}-anteckning`, `${tag} Mäkleri`, `${tag} Mäklare`, token] }
}

async function setUp(t: Parameters<typeof startServer>[0], databaseUrl: string | undefined) {
  const server = await startServer(t, { databaseUrl })
  const { store } = server
  await store.addCustomer({ customerId: FIRM_B, name: 'Bertils Mäkleri', timeZone: 'Europe/Stockholm' })
  await store.addUser({ customerId: FIRM_B, userId: FIRM_B_USER, name: 'Bertils Mäklare' })
  await store.addClient({ username: 'firm-b', passwordHash: await hashPassword(PASSWORD_B), customerIds: [FIRM_B] })
  await store.addClient({ username: 'both', passwordHash: await hashPassword(PASSWORD_BOTH), customerIds: [CUSTOMER_ID, FIRM_B] })
  const a = await makeFirm(server, CUSTOMER_ID, USER_ID, server.authorization, 'Annas')
  const b = await makeFirm(server, FIRM_B, FIRM_B_USER, basicAuthorization('firm-b', PASSWORD_B), 'Bertils')
  return { server, a, b, both: basicAuthorization('both', PASSWORD_BOTH) }
}

interface Attempt {
  readonly method: string
  readonly path: string
  readonly body?: string
}

const REPLACEMENT = JSON.stringify({ ...ONE_HOUR, subject: 'Kapad' })

/** Every endpoint, aimed at `victim`'s customer and user. */
function attemptsOn(victim: Firm): Attempt[] {
  const base = `/Appointment/${victim.customerId}/${victim.userId}`
  const item = `${base}/${victim.appointmentId}`
  return [
    { method: 'POST', path: base, body: REPLACEMENT },
    { method: 'GET', path: `${base}?from=2026-01-01&to=2027-01-01` },
    { method: 'GET', path: item },
    { method: 'PUT', path: item, body: REPLACEMENT },
    { method: 'DELETE', path: item },
    { method: 'GET', path: `/Calendar/${victim.customerId}/${victim.userId}.ics` },
    { method: 'POST', path: `/Calendar/${victim.customerId}/${victim.userId}/feeds` },
    { method: 'DELETE', path: `/Calendar/${victim.customerId}/${victim.userId}/feeds/${victim.feedId}` },
  ]
}

/** The victim's appointment and feed id reached through the caller's own customer and user. */
function attemptsThrough(caller: Pick<Firm, 'customerId' | 'userId'>, victim: Firm): Attempt[] {
  const item = `/Appointment/${caller.customerId}/${caller.userId}/${victim.appointmentId}`
  return [
    { method: 'GET', path: item },
    { method: 'PUT', path: item, body: REPLACEMENT },
    { method: 'DELETE', path: item },
    { method: 'DELETE', path: `/Calendar/${caller.customerId}/${caller.userId}/feeds/${victim.feedId}` },
  ]
}

async function attempt(server: TestServer, authorization: string, { method, path, body }: Attempt): Promise<Answer> {
  return send(server, path, { method, headers: { authorization, ...(body && { 'content-type': 'application/json' }) },
    ...(body !== undefined && { body }) })
}

function assertRefused(answer: Answer, request: Attempt, status: number, victim: Firm): void {
  const context = `${request.method} ${request.path} → ${answer.status} ${answer.text}`
  assert.equal(answer.status, status, context)
  for (const secret of victim.secrets) assert.ok(!answer.text.includes(secret), `leaks '${secret}': ${context}`)
  for (const id of [victim.appointmentId, victim.feedId, victim.userId]) {
    if (!request.path.includes(id)) assert.ok(!answer.text.includes(id), `leaks '${id}': ${context}`)
  }
}

/** What the store holds of a firm: its appointments and its feed links. */
async function snapshot(server: TestServer, firm: Firm): Promise<string> {
  const user = { customerId: firm.customerId, userId: firm.userId }
  const appointments = await server.store.listAppointmentsTouching(user, { fromMs: -8.64e15, toMs: 8.64e15 })
  const feeds = await server.store.listFeedTokens(firm.customerId)
  return JSON.stringify({ appointments, feeds })
}

async function fetchFeed(server: TestServer, firm: Firm): Promise<string> {
  const path = new URL(firm.feedUrl).pathname
  const response = await fetch(`${server.baseUrl}${path}`, { signal: AbortSignal.timeout(15_000) })
  assert.equal(response.status, 200, `${firm.customerId}'s own feed link still answers`)
  return response.text()
}

for (const backend of BACKENDS) {
  describe(`tenant isolation on ${backend.name}`, { skip: backend.skip }, () => {
    test('a client of one firm reads, writes and revokes nothing of the other, and learns nothing from the refusal', async (t) => {
      const { server, a, b } = await setUp(t, await backend.databaseUrl(t))
      const before = { a: await snapshot(server, a), b: await snapshot(server, b) }
      for (const [caller, victim] of [[a, b], [b, a]] as const) {
        for (const request of attemptsOn(victim)) {
          assertRefused(await attempt(server, caller.authorization, request), request, 403, victim)
        }
        for (const request of attemptsThrough(caller, victim)) {
          assertRefused(await attempt(server, caller.authorization, request), request, 404, victim)
        }
      }
      assert.deepEqual({ a: await snapshot(server, a), b: await snapshot(server, b) }, before)
      for (const firm of [a, b]) {
        const feed = await fetchFeed(server, firm)
        const other = firm === a ? b : a
        for (const secret of other.secrets.slice(0, 3)) assert.ok(!feed.includes(secret), `${firm.customerId}'s feed shows '${secret}'`)
        assert.ok(feed.includes(firm.secrets[0] ?? ''), `${firm.customerId}'s feed shows its own appointment`)
      }
    })

    test('a client of both firms cannot reach one firm\'s appointment or feed link through the other firm\'s path', async (t) => {
      const { server, a, b, both } = await setUp(t, await backend.databaseUrl(t))
      const before = { a: await snapshot(server, a), b: await snapshot(server, b) }
      for (const [through, victim] of [[a, b], [b, a]] as const) {
        for (const request of attemptsThrough(through, victim)) {
          assertRefused(await attempt(server, both, request), request, 404, victim)
        }
      }
      assert.deepEqual({ a: await snapshot(server, a), b: await snapshot(server, b) }, before)
      for (const firm of [a, b]) {
        const own = await attempt(server, both, { method: 'GET', path: `/Appointment/${firm.customerId}/${firm.userId}/${firm.appointmentId}` })
        assert.equal(own.status, 200, own.text)
      }
    })

    test('an unknown customer is refused as an ungranted one is: the status does not tell whether a firm exists', async (t) => {
      const { server, a, b } = await setUp(t, await backend.databaseUrl(t))
      const granted = await attempt(server, a.authorization, { method: 'GET', path: `/Appointment/${b.customerId}/${b.userId}/x` })
      const unknown = await attempt(server, a.authorization, { method: 'GET', path: `/Appointment/Z99999/${b.userId}/x` })
      assert.equal(unknown.status, granted.status, `${granted.text} / ${unknown.text}`)
    })
  })
}
