import assert from 'node:assert/strict'
import { join } from 'node:path'
import { test, type TestContext } from 'node:test'
import { loadConfig } from '../../src/config.ts'
import { hashPassword } from '../../src/domain/password.ts'
import { buildApp } from '../../src/http/app.ts'
import { addressKey, createAuthThrottle, DEFAULT_THROTTLE_LIMITS } from '../../src/http/auth-throttle.ts'
import { openStore } from '../../src/store/open-store.ts'
import {
  basicAuthorization, CUSTOMER_ID, makeTempDir, PASSWORD, seedStore, USER_ID, USERNAME,
} from '../helpers/server.ts'

const OTHER_USERNAME = 'other-partner'
const OTHER_PASSWORD = 'another long secret'
const BODY = JSON.stringify({ subject: 'Visning', startsAt: '2026-12-01T10:00:00' })

interface ThrottledServer {
  readonly baseUrl: string
  /** Moves the server's clock forward. */
  advance(ms: number): void
}

/** A seeded server whose clock the test moves; TRUST_PROXY lets X-Forwarded-For pose as client addresses. */
async function startThrottledServer(t: TestContext): Promise<ThrottledServer> {
  const dir = await makeTempDir(t)
  const databaseUrl = `sqlite:${join(dir, 'test.db')}`
  const store = await openStore(databaseUrl)
  await seedStore(store)
  await store.addClient({ username: OTHER_USERNAME, passwordHash: await hashPassword(OTHER_PASSWORD), customerIds: [CUSTOMER_ID] })
  let clock = Date.parse('2026-12-01T12:00:00Z')
  const app = buildApp({
    config: loadConfig({ LOG_LEVEL: 'silent', DATABASE_URL: databaseUrl, TRUST_PROXY: 'true' }), store, now: () => clock,
  })
  t.after(async () => {
    await app.close()
    await store.close()
  })
  const baseUrl = await app.listen({ port: 0, host: '127.0.0.1' })
  return { baseUrl, advance: (ms) => { clock += ms } }
}

function create(baseUrl: string, authorization: string, address = '10.0.0.1', accept = 'application/json') {
  return fetch(`${baseUrl}/Appointment/${CUSTOMER_ID}/${USER_ID}`, {
    method: 'POST',
    headers: { authorization, 'content-type': 'application/json', accept, 'x-forwarded-for': address },
    body: BODY,
  })
}

test('40 wrong passwords for one username: 401 up to the limit, then 429 with Retry-After; others unaffected', async (t) => {
  const server = await startThrottledServer(t)
  const statuses: number[] = []
  for (let attempt = 0; attempt < 40; attempt++) {
    const response = await create(server.baseUrl, basicAuthorization(USERNAME, `guess ${attempt}`))
    statuses.push(response.status)
    if (response.status !== 429) continue
    assert.equal(response.headers.get('retry-after'), '60')
    assert.match(response.headers.get('content-type') ?? '', /^application\/json/)
    assert.match((await response.json() as { message: string }).message, /Too many failed sign-in attempts.*Wait 60 seconds/)
  }
  assert.deepEqual(statuses, [...Array(10).fill(401), ...Array(30).fill(429)])

  const other = await create(server.baseUrl, basicAuthorization(OTHER_USERNAME, OTHER_PASSWORD))
  assert.equal(other.status, 200, 'another username from the same address is not slowed')
  const owner = await create(server.baseUrl, basicAuthorization(USERNAME, PASSWORD), '10.0.0.9')
  assert.equal(owner.status, 429, 'the right password is refused too while the username is throttled')
  const xml = await create(server.baseUrl, basicAuthorization(USERNAME, PASSWORD), '10.0.0.9', 'application/xml')
  assert.match(await xml.text(), /^<Error><Message>Too many failed sign-in attempts/)
  const feed = await fetch(`${server.baseUrl}/Calendar/${CUSTOMER_ID}/${USER_ID}.ics`,
    { headers: { authorization: basicAuthorization(USERNAME, PASSWORD) } })
  assert.equal(feed.status, 429, 'the Calendar routes share the throttle')

  server.advance(30_000)
  const halfway = await create(server.baseUrl, basicAuthorization(USERNAME, PASSWORD))
  assert.equal(halfway.headers.get('retry-after'), '30')
  server.advance(30_000)
  assert.equal((await create(server.baseUrl, basicAuthorization(USERNAME, PASSWORD))).status, 200,
    'the owner is back once the window of the flood has passed')
})

test('one address trying many usernames is throttled after 50 failures; other addresses are not', async (t) => {
  const server = await startThrottledServer(t)
  const statuses: number[] = []
  for (let name = 0; name < 55; name++) {
    statuses.push((await create(server.baseUrl, basicAuthorization(`sprayed-${name}`, 'password1'), '10.0.0.66')).status)
  }
  assert.deepEqual(statuses, [...Array(50).fill(401), ...Array(5).fill(429)])
  const fromFlood = await create(server.baseUrl, basicAuthorization(USERNAME, PASSWORD), '10.0.0.66')
  assert.equal(fromFlood.status, 429)
  assert.equal(fromFlood.headers.get('retry-after'), '60')
  assert.equal((await create(server.baseUrl, basicAuthorization(USERNAME, PASSWORD), '10.0.0.2')).status, 200)
  server.advance(60_000)
  assert.equal((await create(server.baseUrl, basicAuthorization(USERNAME, PASSWORD), '10.0.0.66')).status, 200)
})

test('concurrent wrong passwords buy no more password checks than the limit', async (t) => {
  const server = await startThrottledServer(t)
  const responses = await Promise.all(Array.from({ length: 30 }, (_, attempt) =>
    create(server.baseUrl, basicAuthorization(USERNAME, `parallel guess ${attempt}`))))
  const statuses = responses.map((response) => response.status)
  assert.equal(statuses.filter((status) => status === 401).length, 10)
  assert.equal(statuses.filter((status) => status === 429).length, 20)
})

test('the limiter: windows open at the first failure, successes are not counted, checks in flight are', () => {
  let clock = 0
  const throttle = createAuthThrottle(() => clock, { perUsername: 2, perAddress: 3, windowMs: 10_000, maxTracked: 100 })
  throttle.recordFailure('a', 'ip1')
  clock = 4_000
  throttle.recordFailure('a', 'ip1')
  assert.equal(throttle.retryAfter('a', 'ip2'), 6, 'the window opened at the first failure')
  assert.equal(throttle.retryAfter('b', 'ip1'), undefined)
  clock = 9_001
  assert.equal(throttle.retryAfter('a', 'ip2'), 1)
  clock = 10_000
  assert.equal(throttle.retryAfter('a', 'ip2'), undefined, 'the window closed')

  throttle.startCheck('c', 'ip3')
  throttle.startCheck('c', 'ip3')
  assert.equal(throttle.retryAfter('c', 'ip4'), 1, 'two checks running fill the username limit')
  throttle.endCheck('c', 'ip3')
  throttle.endCheck('c', 'ip3')
  assert.equal(throttle.retryAfter('c', 'ip3'), undefined, 'checks that succeeded leave no count')
})

test('the limiter stays bounded under a flood of distinct usernames and addresses', () => {
  let clock = 0
  const throttle = createAuthThrottle(() => clock)
  for (let index = 0; index < 3 * DEFAULT_THROTTLE_LIMITS.maxTracked; index++) {
    clock++
    throttle.recordFailure(`user-${index}-${'x'.repeat(1000)}`, `10.${index >> 16}.${(index >> 8) & 255}.${index & 255}`)
  }
  assert.deepEqual(throttle.tracked(), { usernames: DEFAULT_THROTTLE_LIMITS.maxTracked, addresses: DEFAULT_THROTTLE_LIMITS.maxTracked })
})

test('the docs list 429 with Retry-After on every route behind Basic auth, and only there', async (t) => {
  const server = await startThrottledServer(t)
  type Operation = { security?: unknown[], responses: Record<string, { headers?: Record<string, unknown> }> }
  const document = await (await fetch(`${server.baseUrl}/openapi.json`)).json() as {
    paths: Record<string, Record<string, Operation>>
  }
  const operations = Object.entries(document.paths).flatMap(([path, methods]) =>
    Object.entries(methods).map(([method, operation]) => ({ name: `${method} ${path}`, operation })))
  assert.ok(operations.some(({ operation }) => operation.security === undefined))
  for (const { name, operation } of operations) {
    const throttled = operation.responses['429']
    if (operation.security?.length === 0) assert.equal(throttled, undefined, name)
    else assert.ok(throttled?.headers?.['Retry-After'], name)
  }
  const page = await (await fetch(`${server.baseUrl}/Help/Api/POST-Appointment-customerId-id?lang=en`)).text()
  assert.match(page, /id="status-429"/)
})

test('addresses: IPv4 and IPv4-mapped one by one, IPv6 per /64, anything else as itself and small', () => {
  assert.equal(addressKey('10.0.0.1'), '10.0.0.1')
  assert.equal(addressKey('::ffff:10.0.0.1'), '10.0.0.1')
  assert.equal(addressKey('2001:db8:0:1::5'), '2001:db8:0:1::/64')
  assert.equal(addressKey('2001:0DB8:0000:0001:ffff:ffff:ffff:ffff'), '2001:db8:0:1::/64')
  assert.equal(addressKey('2001:db8::1'), '2001:db8:0:0::/64')
  assert.equal(addressKey('::1'), '0:0:0:0::/64')
  assert.equal(addressKey('::'), '0:0:0:0::/64')
  assert.equal(addressKey('64:ff9b::192.0.2.1'), '64:ff9b:0:0::/64')
  assert.equal(addressKey('not an address'), 'not an address')
  assert.equal(addressKey('x'.repeat(16_000)).length, 43)
})

test('IPv6 clients count per /64: a flood over one /64 is throttled, another /64 is not', async (t) => {
  const server = await startThrottledServer(t)
  const statuses: number[] = []
  for (let host = 1; host <= 52; host++) {
    statuses.push((await create(server.baseUrl, basicAuthorization(`v6-${host}`, 'password1'), `2001:db8:0:7::${host.toString(16)}`)).status)
  }
  assert.deepEqual(statuses, [...Array(50).fill(401), ...Array(2).fill(429)])
  assert.equal((await create(server.baseUrl, basicAuthorization(USERNAME, PASSWORD), '2001:db8:0:7:ffff::1')).status, 429)
  assert.equal((await create(server.baseUrl, basicAuthorization(USERNAME, PASSWORD), '2001:db8:0:8::1')).status, 200)
})
