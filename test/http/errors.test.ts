import assert from 'node:assert/strict'
import { MEDIA_TYPE_DETAIL } from '../../src/http/http-error.ts'
import { describe, test } from 'node:test'
import { APPOINTMENT_PATH, postJson, postXml, send } from '../helpers/requests.ts'
import { startServer } from '../helpers/server.ts'

describe('a known path with another method', () => {
  test('is a 405 with Allow, before authentication, as Web API answers it', async (t) => {
    const server = await startServer(t)
    const answer = await send(server, `${APPOINTMENT_PATH}/abc`, { method: 'PATCH', headers: { authorization: '' } })
    assert.equal(answer.status, 405)
    assert.equal(answer.headers.get('allow'), 'GET, PUT, DELETE, HEAD, OPTIONS')
    assert.equal((answer.json as { message: string }).message, "The requested resource does not support http method 'PATCH'.")
    const collection = await send(server, APPOINTMENT_PATH, { method: 'DELETE' })
    assert.equal(collection.status, 405)
    assert.equal(collection.headers.get('allow'), 'POST, GET, HEAD, OPTIONS')
  })

  test('OPTIONS answers 204 with Allow; an unknown path is still a 404', async (t) => {
    const server = await startServer(t)
    const options = await send(server, APPOINTMENT_PATH.toLowerCase(), { method: 'OPTIONS' })
    assert.equal(options.status, 204)
    assert.equal(options.headers.get('allow'), 'POST, GET, HEAD, OPTIONS')
    const unknown = await send(server, '/Appointments/x', { method: 'PATCH' })
    assert.equal(unknown.status, 404)
    assert.match(unknown.text, /No HTTP resource was found/)
  })
})

describe('URLs the router cannot read', () => {
  test('invalid percent-encoding is a 400 in the error shape, with a request id', async (t) => {
    const server = await startServer(t)
    for (const path of [`${APPOINTMENT_PATH}/%ZZ`, `${APPOINTMENT_PATH}/%C3%28`, '/Help/Api/%E0%A4%A']) {
      const answer = await send(server, path, { method: 'GET' })
      assert.equal(answer.status, 400, path)
      assert.match((answer.json as { message: string }).message, /not valid: each % must start a percent-encoded UTF-8/)
      assert.ok(answer.headers.get('x-request-id'))
    }
  })

  test('ids far too long to be ours answer like any other, quoted cut short', async (t) => {
    const server = await startServer(t)
    const answer = await send(server, `${APPOINTMENT_PATH}/${'a'.repeat(5000)}`, { method: 'GET' })
    assert.equal(answer.status, 404)
    assert.match((answer.json as { message: string }).message, /^Appointment 'a{64}…' was not found/)
    const user = await send(server, `/Appointment/M30011/${'u'.repeat(5000)}/x`, { method: 'GET' })
    assert.equal(user.status, 404)
    assert.match((user.json as { message: string }).message, /^User 'u{64}…' was not found/)
    const customer = await send(server, `/Appointment/${'c'.repeat(5000)}/x`, { method: 'GET' })
    assert.equal(customer.status, 403)
    assert.match((customer.json as { message: string }).message, /customer 'c{64}…'\.$/)
  })
})

describe('bodies past the limit', () => {
  test('are a 413 naming the limit, negotiated like every error', async (t) => {
    const server = await startServer(t)
    const json = await postJson(server, `{"note":"${'x'.repeat(1024 * 1024)}"}`)
    assert.equal(json.status, 413)
    assert.match((json.json as { message: string }).message, /larger than 1048576 bytes\. Send at most 1048576 bytes/)
    const xml = await postXml(server, `<a>${'x'.repeat(1024 * 1024)}</a>`)
    assert.equal(xml.status, 413)
    assert.match(xml.text, /^<Error><Message>The request body is larger than 1048576 bytes/)
  })
})

describe("Fastify's own errors, answered by their code", () => {
  test('a route without a body of its own still answers unreadable JSON and unknown media types in the error shape', async (t) => {
    const server = await startServer(t)
    const feeds = '/Calendar/M30011/HAN001/feeds'
    const post = (body: string, contentType: string) =>
      send(server, feeds, { body, headers: { 'content-type': contentType } })
    const broken = await post('{', 'application/json')
    assert.deepEqual([broken.status, broken.json],
      [400, { message: "Body is not valid JSON but content-type is set to 'application/json'" }])
    const empty = await post('', 'application/json')
    assert.deepEqual([empty.status, empty.json],
      [400, { message: "Body cannot be empty when content-type is set to 'application/json'" }])
    const unknown = await post('x', 'application/x-unknown')
    assert.deepEqual([unknown.status, unknown.json],
      [415, { message: "The request entity's media type 'application/x-unknown' is not supported for this resource.",
        messageDetail: MEDIA_TYPE_DETAIL }])
  })
})
