/**
 * Webhooks over real HTTP on a real SQLite file, delivered to a real receiver on loopback
 * that verifies every delivery with the `standardwebhooks` package: each event type from
 * creates, replaces, occurrence changes and cancels and deletes; the events and userIds
 * filters; retries after 500s and timeouts with one webhook-id; 410; secret rotation; a
 * receiver down for a while; a schedule spent and the endpoint set active again; the 400s.
 */
import assert from 'node:assert/strict'
import { describe, test, type TestContext } from 'node:test'
import { BACKENDS, type Backend } from '../helpers/fuzz.ts'
import { APPOINTMENT_PATH, postJson, send, type Answer } from '../helpers/requests.ts'
import { CUSTOMER_ID, OTHER_CUSTOMER_ID, USER_ID, startServer, type TestServer } from '../helpers/server.ts'
import { startReceiver, type Delivery, type Receiver } from '../helpers/webhook-receiver.ts'

const WEBHOOKS_PATH = `/Webhooks/${CUSTOMER_ID}`
const FAST_RETRIES = { WEBHOOK_RETRY_SCHEDULE: '0,50ms,100ms,200ms,400ms,800ms,1600ms' }

interface Endpoint {
  readonly id: string
  readonly url: string
  readonly events: string[] | null
  readonly userIds: string[] | null
  readonly description: string | null
  readonly status: string
  readonly disabledReason: string | null
  readonly createdAt: string
  readonly secret?: string
}

function postWebhook(server: TestServer, body: unknown): Promise<Answer> {
  return send(server, WEBHOOKS_PATH, { body: JSON.stringify(body), headers: { 'content-type': 'application/json' } })
}

async function addWebhook(server: TestServer, receiver: Receiver, settings: object = {}): Promise<Endpoint> {
  const answer = await postWebhook(server, { url: receiver.url, ...settings })
  assert.equal(answer.status, 201, answer.text)
  const endpoint = answer.json as Endpoint
  receiver.secrets.push(endpoint.secret!)
  return endpoint
}

async function createAppointment(server: TestServer, body: object = {}): Promise<string> {
  const answer = await postJson(server, { subject: 'Visning', startsAt: '2026-03-02T09:00:00', ...body })
  assert.equal(answer.status, 200, answer.text)
  return answer.json as string
}

function typesOf(deliveries: readonly Delivery[]): string[] {
  return deliveries.map((delivery) => delivery.event.type)
}

function assertAllVerified(receiver: Receiver): void {
  for (const delivery of receiver.deliveries) {
    assert.ok(delivery.verifiedWith.length > 0, `not verified: ${delivery.id} ${delivery.body}`)
  }
}

async function webhookServer(t: TestContext, backend: Backend, env: Record<string, string> = {}): Promise<TestServer> {
  const databaseUrl = await backend.databaseUrl(t)
  return startServer(t, { webhooks: true, env, ...(databaseUrl && { databaseUrl }) })
}

for (const backend of BACKENDS) {
describe(`webhook events on ${backend.name}`, { skip: backend.skip }, () => {
  test('each appointment write reaches the receiver once, signed, with the version and a changeToken', async (t) => {
    const server = await webhookServer(t, backend)
    const receiver = await startReceiver(t)
    const endpoint = await addWebhook(server, receiver, { description: 'CRM' })
    assert.match(endpoint.secret!, /^whsec_[A-Za-z0-9+/]{43}=$/)
    assert.equal(endpoint.status, 'active')
    assert.equal(endpoint.events, null)

    const series = await createAppointment(server, {
      recurrence: true, recurrencePattern: 'Weekly', recurrenceDayOfWeeks: ['Monday'], recurrenceCount: 4,
    })
    await receiver.until((all) => all.length === 1)
    const replaced = await send(server, `${APPOINTMENT_PATH}/${series}`, {
      method: 'PUT', headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ subject: 'Visning 2', startsAt: '2026-03-02T09:00:00', recurrence: true,
        recurrencePattern: 'Weekly', recurrenceDayOfWeeks: ['Monday'], recurrenceCount: 4 }),
    })
    assert.equal(replaced.status, 200, replaced.text)
    await receiver.until((all) => all.length === 2)
    const changed = await send(server, `${APPOINTMENT_PATH}/${series}/occurrences/20260309`, {
      method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ subject: 'Flyttad' }),
    })
    assert.equal(changed.status, 200, changed.text)
    await receiver.until((all) => all.length === 3)
    const cancelled = await send(server, `${APPOINTMENT_PATH}/${series}/occurrences/20260316`, { method: 'DELETE' })
    assert.equal(cancelled.status, 204, cancelled.text)
    await receiver.until((all) => all.length === 4)
    const deleted = await send(server, `${APPOINTMENT_PATH}/${series}`, { method: 'DELETE' })
    assert.equal(deleted.status, 204, deleted.text)
    await receiver.until((all) => all.length === 5)

    assert.deepEqual(typesOf(receiver.deliveries), [
      'appointment.created', 'appointment.updated', 'occurrence.changed', 'occurrence.cancelled', 'appointment.deleted',
    ])
    assertAllVerified(receiver)
    assert.deepEqual(receiver.deliveries.map((delivery) => [delivery.event.data.version, delivery.event.data.occurrenceId]),
      [[1, null], [2, null], [3, '20260309'], [4, '20260316'], [4, null]])
    for (const delivery of receiver.deliveries) {
      assert.equal(delivery.event.data.customerId, CUSTOMER_ID)
      assert.equal(delivery.event.data.userId, USER_ID)
      assert.equal(delivery.event.data.appointmentId, series)
      assert.equal(delivery.headers['content-type'], 'application/json')
      assert.match(String(delivery.headers['user-agent']), /connect-calendar/)
      assert.match(delivery.event.timestamp, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/)
      assert.match(delivery.timestamp, /^\d+$/)
    }
    assert.equal(new Set(receiver.deliveries.map((delivery) => delivery.id)).size, 5)
  })

  test('a changeToken resumes /Changes from just before its change', async (t) => {
    const server = await webhookServer(t, backend)
    const receiver = await startReceiver(t)
    await addWebhook(server, receiver)
    const first = await createAppointment(server, { subject: 'Första' })
    const second = await createAppointment(server, { subject: 'Andra' })
    await receiver.until((all) => all.length === 2)
    const ofSecond = receiver.deliveries.find((delivery) => delivery.event.data.appointmentId === second)!
    const answer = await send(server, `/Changes/${CUSTOMER_ID}/${USER_ID}?since=${ofSecond.event.data.changeToken}`,
      { method: 'GET', headers: { accept: 'application/json' } })
    assert.equal(answer.status, 200, answer.text)
    const ids = (answer.json as { changes: { appointmentId: string }[] }).changes.map((change) => change.appointmentId)
    assert.deepEqual(ids, [second])
    assert.notEqual(first, second)
  })

  test('POST …/test sends a webhook.test event at once', async (t) => {
    const server = await webhookServer(t, backend)
    const receiver = await startReceiver(t)
    const endpoint = await addWebhook(server, receiver, { events: ['appointment.deleted'] })
    const answer = await send(server, `${WEBHOOKS_PATH}/${endpoint.id}/test`, { method: 'POST' })
    assert.equal(answer.status, 202, answer.text)
    await receiver.until((all) => all.length === 1)
    assert.equal(receiver.deliveries[0]!.event.type, 'webhook.test')
    assert.equal(receiver.deliveries[0]!.event.data.customerId, CUSTOMER_ID)
    assertAllVerified(receiver)
  })

  test('events and userIds filters choose what each endpoint gets', async (t) => {
    const server = await webhookServer(t, backend)
    await server.store.addUser({ customerId: CUSTOMER_ID, userId: 'KAR002', name: 'Karin' })
    const deletions = await startReceiver(t)
    const karins = await startReceiver(t)
    const everything = await startReceiver(t)
    await addWebhook(server, deletions, { events: ['appointment.deleted'] })
    const filtered = await addWebhook(server, karins, { userIds: ['kar002'] })
    assert.deepEqual(filtered.userIds, ['KAR002'])
    await addWebhook(server, everything)

    const hannas = await createAppointment(server)
    const deleted = await send(server, `${APPOINTMENT_PATH}/${hannas}`, { method: 'DELETE' })
    assert.equal(deleted.status, 204)
    const karinsAnswer = await send(server, `/Appointment/${CUSTOMER_ID}/KAR002`, {
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ subject: 'Karins', startsAt: '2026-03-02T09:00:00' }),
    })
    assert.equal(karinsAnswer.status, 200, karinsAnswer.text)
    await everything.until((all) => all.length >= 3)
    await karins.until((all) => all.length >= 1)
    await deletions.until((all) => all.length >= 1)
    // a test event to each, sent after the writes' events: once it arrives nothing else is on its way
    for (const [receiver, count] of [[deletions, 2], [karins, 2]] as const) {
      const endpoints = (await send(server, WEBHOOKS_PATH, { method: 'GET' })).json as Endpoint[]
      const id = endpoints.find((endpoint) => endpoint.url === receiver.url)!.id
      assert.equal((await send(server, `${WEBHOOKS_PATH}/${id}/test`, { method: 'POST' })).status, 202)
      await receiver.until((all) => all.some((delivery) => delivery.event.type === 'webhook.test'))
      assert.equal(receiver.deliveries.length, count, typesOf(receiver.deliveries).join(', '))
    }
    assert.deepEqual(typesOf(deletions.deliveries), ['appointment.deleted', 'webhook.test'])
    assert.equal(deletions.deliveries[0]!.event.data.appointmentId, hannas)
    assert.deepEqual(typesOf(karins.deliveries), ['appointment.created', 'webhook.test'])
    assert.equal(karins.deliveries[0]!.event.data.userId, 'KAR002')
    for (const receiver of [deletions, karins, everything]) assertAllVerified(receiver)
  })
})

describe(`webhook retries on ${backend.name}`, { skip: backend.skip }, () => {
  test('500s and a timeout are retried with the same webhook-id; the deliveries route lists each attempt', async (t) => {
    const server = await webhookServer(t, backend, FAST_RETRIES)
    const receiver = await startReceiver(t)
    const endpoint = await addWebhook(server, receiver)
    receiver.respond = (_delivery, attempt) => (attempt === 1 ? { status: 500 } : attempt === 2 ? 'hang' : { status: 200 })
    await createAppointment(server)
    await receiver.until((all) => all.length === 3)
    assert.equal(new Set(receiver.deliveries.map((delivery) => delivery.id)).size, 1)
    assert.equal(new Set(receiver.deliveries.map((delivery) => delivery.body)).size, 1)
    assertAllVerified(receiver)

    let attempts: { attempt: number; status: number | null; error: string | null; nextAttemptAt: string | null }[] = []
    while (attempts.length < 3) {
      const answer = await send(server, `${WEBHOOKS_PATH}/${endpoint.id}/deliveries`, { method: 'GET' })
      assert.equal(answer.status, 200, answer.text)
      attempts = answer.json as typeof attempts
    }
    assert.deepEqual(attempts.map((attempt) => [attempt.attempt, attempt.status]), [[3, 200], [2, null], [1, 500]])
    assert.match(attempts[1]!.error!, /No answer within 10 s/)
    assert.equal(attempts[0]!.nextAttemptAt, null)
    assert.notEqual(attempts[2]!.nextAttemptAt, null)
  })

  test('a 410 disables the endpoint at once, and it records no more events', async (t) => {
    const server = await webhookServer(t, backend, FAST_RETRIES)
    const receiver = await startReceiver(t)
    const endpoint = await addWebhook(server, receiver)
    receiver.respond = () => ({ status: 410 })
    await createAppointment(server)
    await receiver.until((all) => all.length === 1)
    let current = endpoint
    while (current.status === 'active') {
      current = (await send(server, `${WEBHOOKS_PATH}/${endpoint.id}`, { method: 'GET' })).json as Endpoint
    }
    assert.equal(current.disabledReason, 'gone')
    const entries = await server.store.listAuditEntries({ customerId: CUSTOMER_ID, limit: 10 })
    const disabling = entries.find((entry) => entry.action === 'webhook-disable')
    assert.equal(disabling?.webhookId, endpoint.id, JSON.stringify(entries))
    assert.match(disabling?.detail ?? '', /answered 410 Gone/)
    await createAppointment(server)
    assert.deepEqual(await server.store.webhookBacklog(), { pending: 0, oldestPendingMs: null })
  })

  test('after a rotation each delivery carries two signatures, each valid alone', async (t) => {
    const server = await webhookServer(t, backend)
    const receiver = await startReceiver(t)
    const endpoint = await addWebhook(server, receiver)
    const oldSecret = endpoint.secret!
    const rotated = await send(server, `${WEBHOOKS_PATH}/${endpoint.id}/rotate-secret`, { method: 'POST' })
    assert.equal(rotated.status, 200, rotated.text)
    const newSecret = (rotated.json as Endpoint).secret!
    assert.notEqual(newSecret, oldSecret)
    receiver.secrets = [newSecret, oldSecret]
    await createAppointment(server)
    await receiver.until((all) => all.length === 1)
    const [delivery] = receiver.deliveries
    assert.equal(delivery!.signature.split(' ').length, 2)
    assert.ok(delivery!.signature.split(' ').every((part) => part.startsWith('v1,')))
    assert.deepEqual(delivery!.verifiedWith, [newSecret, oldSecret])
  })

  test('a receiver down for a while then up gets every event', async (t) => {
    const server = await webhookServer(t, backend, FAST_RETRIES)
    const receiver = await startReceiver(t)
    await addWebhook(server, receiver)
    let down = true
    receiver.respond = () => (down ? { status: 503 } : { status: 204 })
    const ids: string[] = []
    for (let n = 0; n < 10; n++) ids.push(await createAppointment(server, { subject: `Visning ${n}` }))
    await receiver.until((all) => all.length >= 20)
    down = false
    await receiver.until((all) => ids.every((id) => all.some((delivery) =>
      delivery.event.data.appointmentId === id && delivery.reply !== 'hang' && delivery.reply.status === 204)))
    assertAllVerified(receiver)
    assert.equal(new Set(receiver.deliveries.map((delivery) => delivery.id)).size, ids.length)
  })

  test('a spent schedule disables the endpoint; set active again it gets what piled up', async (t) => {
    const server = await webhookServer(t, backend, { WEBHOOK_RETRY_SCHEDULE: '0,20ms,20ms' })
    const receiver = await startReceiver(t)
    const endpoint = await addWebhook(server, receiver)
    receiver.respond = () => ({ status: 500 })
    const failed = await createAppointment(server, { subject: 'Misslyckad' })
    await receiver.until((all) => all.length === 3)
    let current = endpoint
    while (current.status === 'active') {
      current = (await send(server, `${WEBHOOKS_PATH}/${endpoint.id}`, { method: 'GET' })).json as Endpoint
    }
    assert.equal(current.disabledReason, 'failing')
    const entries = await server.store.listAuditEntries({ customerId: CUSTOMER_ID, limit: 10 })
    assert.match(entries.find((entry) => entry.action === 'webhook-disable')?.detail ?? '',
      /failed 3 attempts, the whole retry schedule; the last: HTTP 500/)
    const piled = await createAppointment(server, { subject: 'Väntande' })
    receiver.respond = () => ({ status: 200 })
    const put = await send(server, `${WEBHOOKS_PATH}/${endpoint.id}`, {
      method: 'PUT', headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ url: receiver.url, status: 'active' }),
    })
    assert.equal(put.status, 200, put.text)
    assert.equal((put.json as Endpoint).status, 'active')
    await receiver.until((all) => all.some((delivery) => delivery.event.data.appointmentId === piled))
    assert.equal(receiver.deliveries.filter((delivery) => delivery.event.data.appointmentId === failed).length, 3)
    assertAllVerified(receiver)
  })
})

}

describe('webhook routes', () => {
  test('bad input is a 400 naming the field, and nothing is written', async (t) => {
    const server = await startServer(t)
    const cases: [unknown, string[]][] = [
      [{}, ['url']],
      [{ url: 'hooks.example.com/in' }, ['url']],
      [{ url: 'ftp://example.com/in' }, ['url']],
      [{ url: 'https://example.com/in', events: ['appointment.created', 'appointment.moved'] }, ['events[1]']],
      [{ url: 'https://example.com/in', events: [] }, ['events']],
      [{ url: 'https://example.com/in', userIds: [USER_ID, 'NOBODY'] }, ['userIds[1]']],
      [{ url: 'https://example.com/in', description: 7 }, ['description']],
      [{ url: 'https://example.com/in', status: 'disabled' }, ['status']],
      ['[1]', ['']],
    ]
    for (const [body, fields] of cases) {
      const answer = await send(server, WEBHOOKS_PATH, {
        body: typeof body === 'string' ? body : JSON.stringify(body), headers: { 'content-type': 'application/json' },
      })
      assert.equal(answer.status, 400, `${JSON.stringify(body)}: ${answer.text}`)
      assert.deepEqual(Object.keys((answer.json as { modelState: object }).modelState), fields, JSON.stringify(body))
    }
    const notJson = await send(server, WEBHOOKS_PATH, { body: '{', headers: { 'content-type': 'application/json' } })
    assert.equal(notJson.status, 400, notJson.text)
    const plain = await send(server, WEBHOOKS_PATH, { body: 'url', headers: { 'content-type': 'text/plain' } })
    assert.equal(plain.status, 415, plain.text)
    assert.deepEqual((await send(server, WEBHOOKS_PATH, { method: 'GET' })).json, [])
  })

  test('at most 20 webhooks per customer', async (t) => {
    const server = await startServer(t)
    for (let n = 0; n < 20; n++) {
      assert.equal((await postWebhook(server, { url: `https://example.com/${n}` })).status, 201)
    }
    const answer = await postWebhook(server, { url: 'https://example.com/21' })
    assert.equal(answer.status, 400, answer.text)
    assert.deepEqual(Object.keys((answer.json as { modelState: object }).modelState), ['customerId'])
  })

  test('XML in and out; GET, PUT and DELETE one; another customer\'s webhook is a 404, an ungranted customer a 403',
    async (t) => {
      const server = await startServer(t)
      await server.store.grantClient('partner', OTHER_CUSTOMER_ID)
      const created = await send(server, WEBHOOKS_PATH, {
        headers: { 'content-type': 'application/xml', accept: 'application/xml' },
        body: '<Webhook><Url>https://example.com/in</Url><Events><string>appointment.created</string>'
          + '<string>appointment.deleted</string></Events><UserIds><string>han001</string></UserIds>'
          + '<Description>CRM &amp; co</Description></Webhook>',
      })
      assert.equal(created.status, 201, created.text)
      assert.match(created.text, /^<Webhook xmlns="[^"]+"/)
      assert.match(created.text, /<Events><string>appointment.created<\/string><string>appointment.deleted<\/string><\/Events>/)
      assert.match(created.text, /<UserIds><string>HAN001<\/string><\/UserIds><Description>CRM &amp; co<\/Description>/)
      assert.match(created.text, /<Secret>whsec_/)
      const location = created.headers.get('location')!
      const id = location.split('/').at(-1)!
      assert.equal(location, `${WEBHOOKS_PATH}/${id}`)

      const read = await send(server, location, { method: 'GET' })
      assert.equal(read.status, 200)
      assert.equal((read.json as Endpoint).secret, undefined)
      const put = await send(server, location, {
        method: 'PUT', headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ url: 'https://example.com/moved', status: 'disabled' }),
      })
      assert.equal(put.status, 200, put.text)
      assert.deepEqual({ ...(put.json as Endpoint), createdAt: '' }, {
        id, url: 'https://example.com/moved', events: null, userIds: null, description: null, status: 'disabled',
        disabledReason: 'manual', createdAt: '',
      })

      const others = await postWebhook(server, { url: 'https://example.com/other' })
      assert.equal(others.status, 201)
      const otherId = (others.json as Endpoint).id
      const otherPath = `/Webhooks/${OTHER_CUSTOMER_ID}`
      const moved = await send(server, otherPath, {
        body: JSON.stringify({ url: 'https://example.com/theirs' }), headers: { 'content-type': 'application/json' },
      })
      assert.equal(moved.status, 201)
      const theirs = (moved.json as Endpoint).id
      for (const [method, path] of [['GET', ''], ['DELETE', ''], ['POST', '/test'], ['POST', '/rotate-secret'],
        ['GET', '/deliveries']] as const) {
        const answer = await send(server, `${WEBHOOKS_PATH}/${theirs}${path}`, { method })
        assert.equal(answer.status, 404, `${method} ${path}: ${answer.text}`)
      }
      await server.store.revokeClient('partner', OTHER_CUSTOMER_ID)
      assert.equal((await send(server, otherPath, { method: 'GET' })).status, 403)
      const anonymous = await fetch(`${server.baseUrl}${WEBHOOKS_PATH}`)
      assert.equal(anonymous.status, 401)

      assert.equal((await send(server, `${WEBHOOKS_PATH}/${otherId}`, { method: 'DELETE' })).status, 204)
      assert.equal((await send(server, `${WEBHOOKS_PATH}/${otherId}`, { method: 'GET' })).status, 404)
    })
})
