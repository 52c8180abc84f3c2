/**
 * Server-side request forgery: in production a webhook URL must be https and may not name or
 * resolve to an internal address (refused with a 400 naming url), and the socket's own
 * lookup refuses such addresses when sending, so a name that resolves elsewhere later gains
 * nothing. WEBHOOK_ALLOW_PRIVATE_NETWORKS=true lifts both.
 */
import assert from 'node:assert/strict'
import { once } from 'node:events'
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { test } from 'node:test'
import { guardedLookup, isRefusedAddress } from '../../src/webhooks/address-guard.ts'
import { postEvent } from '../../src/webhooks/post-event.ts'
import { CUSTOMER_ID, startServer, type TestServer } from '../helpers/server.ts'
import { send } from '../helpers/requests.ts'

function postWebhook(server: TestServer, url: string) {
  return send(server, `/Webhooks/${CUSTOMER_ID}`, {
    body: JSON.stringify({ url }), headers: { 'content-type': 'application/json' },
  })
}

test('production refuses http, internal addresses and names that resolve to them, naming url', async (t) => {
  const server = await startServer(t, { env: { NODE_ENV: 'production' } })
  for (const url of ['http://127.0.0.1/hooks', 'https://10.0.0.1/hooks', 'https://[::ffff:127.0.0.1]/hooks',
    'https://localhost/hooks', 'https://100.64.0.1/hooks', 'https://169.254.169.254/latest', 'https://[fd00::1]/',
    'https://[::1]/', 'https://0.0.0.0/', 'http://example.com/hooks']) {
    const answer = await postWebhook(server, url)
    assert.equal(answer.status, 400, `${url}: ${answer.text}`)
    assert.deepEqual(Object.keys((answer.json as { modelState: object }).modelState), ['url'], url)
  }
  const listed = await send(server, `/Webhooks/${CUSTOMER_ID}`, { method: 'GET' })
  assert.deepEqual(listed.json, [])
})

test('WEBHOOK_ALLOW_PRIVATE_NETWORKS=true lets production reach a receiver on loopback over http', async (t) => {
  const server = await startServer(t, { env: { NODE_ENV: 'production', WEBHOOK_ALLOW_PRIVATE_NETWORKS: 'true' } })
  const answer = await postWebhook(server, 'http://127.0.0.1:9/hooks')
  assert.equal(answer.status, 201, answer.text)
})

test('internal addresses, IPv4 and IPv6 and IPv4-mapped, are refused; public ones are not', () => {
  for (const address of ['127.0.0.1', '10.1.2.3', '172.16.0.1', '172.31.255.255', '192.168.1.1', '100.64.0.1',
    '100.127.255.255', '169.254.169.254', '0.0.0.0', '224.0.0.1', '255.255.255.255', '::', '::1', 'fe80::1',
    'fc00::1', 'fd12:3456::1', 'ff02::1', '::ffff:127.0.0.1', '::ffff:10.0.0.1', '::ffff:a9fe:a9fe']) {
    assert.equal(isRefusedAddress(address), true, address)
  }
  for (const address of ['8.8.8.8', '1.1.1.1', '172.32.0.1', '100.128.0.1', '2001:4860:4860::8888', '::ffff:8.8.8.8']) {
    assert.equal(isRefusedAddress(address), false, address)
  }
})

test('the socket lookup refuses a name resolving only to loopback, so nothing is sent there', async (t) => {
  let requests = 0
  const receiver = createServer((_request, response) => {
    requests++
    response.end()
  })
  receiver.listen(0, '127.0.0.1')
  await once(receiver, 'listening')
  t.after(() => receiver.close())
  const port = (receiver.address() as AddressInfo).port
  const strict = { httpsOnly: false, publicOnly: true }
  const result = await postEvent(`http://localhost:${port}/hooks`, {}, '{}',
    { timeoutMs: 5000, policy: strict, signal: new AbortController().signal })
  assert.equal(result.status, undefined)
  assert.match(result.error ?? '', /localhost resolves only to addresses webhooks may not reach/)
  const literal = await postEvent(`http://127.0.0.1:${port}/hooks`, {}, '{}',
    { timeoutMs: 5000, policy: strict, signal: new AbortController().signal })
  assert.match(literal.error ?? '', /internal address/)
  const open = await postEvent(`http://localhost:${port}/hooks`, {}, '{}',
    { timeoutMs: 5000, policy: { httpsOnly: false, publicOnly: false }, signal: new AbortController().signal })
  assert.equal(open.status, 200)
  assert.equal(requests, 1)
  const refused = await new Promise<Error | null>((resolve) => guardedLookup('localhost', { all: true }, (error) => resolve(error)))
  assert.ok(refused)
})
