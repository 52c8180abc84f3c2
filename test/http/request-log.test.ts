/**
 * Request logs over real HTTP: exactly one info line per request, with its request id, method,
 * path without the query string, status and duration in ms, and no header; a 500 keeps its
 * error line with the cause beside it; a line that carries the request shows a feed path with
 * its token cut out.
 */
import assert from 'node:assert/strict'
import { rename } from 'node:fs/promises'
import { Writable } from 'node:stream'
import { describe, test } from 'node:test'
import { setTimeout as sleep } from 'node:timers/promises'
import Fastify from 'fastify'
import { serializeRequestForLog } from '../../src/http/request-log.ts'
import { postJson } from '../helpers/requests.ts'
import { startServer, type TestServer } from '../helpers/server.ts'

type LogEntry = Record<string, unknown>

function linesOf(server: TestServer, requestId: string | null): LogEntry[] {
  assert.ok(requestId, 'the answer names its request id')
  return server.logs.map((line) => JSON.parse(line) as LogEntry).filter((entry) => entry.reqId === requestId)
}

function assertRequestLine(entry: LogEntry | undefined, method: string, url: string, status: number): void {
  assert.ok(entry, `a line for ${method} ${url}`)
  assert.equal(entry.level, 30)
  assert.equal(entry.msg, 'request')
  assert.deepEqual([entry.method, entry.url, entry.statusCode], [method, url, status])
  assert.equal(typeof entry.durationMs, 'number')
  assert.ok((entry.durationMs as number) >= 0)
  assert.ok(!('req' in entry) && !('res' in entry) && !('headers' in entry), 'no request or response object, no headers')
}

describe('request logs', () => {
  test('one line per request with id, method, path, status and duration; never the query string', async (t) => {
    const server = await startServer(t)
    const created = await postJson(server, { subject: 'Visning', startsAt: '2026-03-02T09:00:00' })
    const listing = await fetch(`${server.baseUrl}/Appointment/M30011/HAN001?from=2026-03-01&to=2026-03-08`,
      { headers: { authorization: server.authorization } })
    const refused = await fetch(`${server.baseUrl}/Appointment/M30011/HAN001?from=2026-03-01&to=2026-03-08`)
    const missing = await fetch(`${server.baseUrl}/nothing?token=abc`)
    const health = await fetch(`${server.baseUrl}/health/live`)
    const cases = [
      [created.headers.get('x-request-id'), 'POST', '/Appointment/M30011/HAN001', 200],
      [listing.headers.get('x-request-id'), 'GET', '/Appointment/M30011/HAN001', 200],
      [refused.headers.get('x-request-id'), 'GET', '/Appointment/M30011/HAN001', 401],
      [missing.headers.get('x-request-id'), 'GET', '/nothing', 404],
      [health.headers.get('x-request-id'), 'GET', '/health/live', 200],
    ] as const
    for (const [requestId, method, url, status] of cases) {
      const lines = linesOf(server, requestId)
      assert.equal(lines.length, 1, `exactly one line for ${method} ${url}: ${JSON.stringify(lines)}`)
      assertRequestLine(lines[0], method, url, status)
    }
    const all = server.logs.join('')
    assert.doesNotMatch(all, /incoming request|request completed/, "Fastify's own two lines are off")
    assert.doesNotMatch(all, /from=2026|token=abc|authorization/i)
  })

  test('a 500 keeps its error line with the cause, beside the one request line', async (t) => {
    const server = await startServer(t)
    await rename(server.databasePath, `${server.databasePath}.away`)
    // The store learns of the move from a folder watch, a moment after the rename.
    for (let tries = 0; tries < 200 && (await fetch(`${server.baseUrl}/health/ready`)).status !== 503; tries++) await sleep(10)
    const answer = await postJson(server, { subject: 'x', startsAt: '2026-01-01T10:00:00' })
    assert.equal(answer.status, 500)
    const lines = linesOf(server, answer.headers.get('x-request-id'))
    assert.equal(lines.length, 2, JSON.stringify(lines))
    const [error, request] = lines
    assert.equal(error?.level, 50)
    assert.match(JSON.stringify(error?.err), /database file .* is gone/)
    assertRequestLine(request, 'POST', '/Appointment/M30011/HAN001', 500)
  })

  test('a line that carries the request (serializers.req) shows the method, a feed path without its token, and no header', async (t) => {
    const lines: LogEntry[] = []
    const stream = new Writable({
      write(chunk, _encoding, callback) {
        lines.push(JSON.parse(String(chunk)) as LogEntry)
        callback()
      },
    })
    // Nothing in the app logs `req` while Fastify's own request lines are off: a route here does, as they would.
    const app = Fastify({ logger: { stream, serializers: { req: serializeRequestForLog } } })
    app.get('/Calendar/feed/:token', async (request) => {
      request.log.info({ req: request }, 'carries the request')
      return 'ok'
    })
    t.after(() => app.close())
    const baseUrl = await app.listen({ port: 0, host: '127.0.0.1' })
    const token = 'b1J2yQx7TopSecretTokenOfFortyThreeCharacters'
    const answer = await fetch(`${baseUrl}/Calendar/feed/${token}.ics`, { headers: { authorization: 'Basic c2VjcmV0' } })
    assert.equal(answer.status, 200)
    const line = lines.find((entry) => entry.msg === 'carries the request')
    assert.ok(line, JSON.stringify(lines))
    const req = line.req as LogEntry
    assert.equal(req.method, 'GET')
    assert.equal(req.url, '/Calendar/feed/[redacted]')
    assert.equal(req.remoteAddress, '127.0.0.1')
    assert.ok(!('headers' in req), 'no headers')
    assert.ok(!JSON.stringify(lines).includes(token), 'the token is in no line')
  })
})
