/**
 * @module The bench's open-loop load: every scheduled request is sent (none skipped while the
 * server is slow), non-2xx answers count as errors, and a stall shows in the latency of every
 * request due during it, because latency runs from the intended send time: one request that
 * blocks the event loop for 300 ms puts p99 near 300 ms, where timing from the actual send
 * would show one slow request and a small p99.
 */
import assert from 'node:assert/strict'
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { performance } from 'node:perf_hooks'
import { test, type TestContext } from 'node:test'
import { measureOpenLoop } from '../../bench/open-loop.ts'

const STALL_MS = 300

async function serve(t: TestContext, answer: (index: number) => number): Promise<string> {
  let received = 0
  const server = createServer((_request, response) => {
    response.writeHead(answer(received++)).end('ok')
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  t.after(() => new Promise((resolve) => server.close(resolve)))
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`
}

test('a stall of the server shows in the latency of every request due during it', async (t) => {
  const baseUrl = await serve(t, (index) => {
    if (index === 20) {
      const until = performance.now() + STALL_MS
      while (performance.now() < until) { /* one request blocking the loop */ }
    }
    return 200
  })
  const result = await measureOpenLoop(baseUrl, { method: 'GET', path: '/', headers: {} },
    { ratePerSecond: 200, durationSeconds: 1, connections: 4 }, new AbortController().signal)
  assert.equal(result.requests, 200)
  assert.equal(result.errors, 0)
  assert.ok(result.maxMs >= STALL_MS * 0.9, `max ${result.maxMs} ms`)
  assert.ok(result.p99Ms >= STALL_MS * 0.75, `p99 ${result.p99Ms} ms: the requests due during the stall waited for it`)
})

test('non-2xx answers count as errors (a POST with a body)', async (t) => {
  const baseUrl = await serve(t, (index) => (index % 2 === 0 ? 201 : 503))
  const result = await measureOpenLoop(baseUrl, { method: 'POST', path: '/x', headers: { 'content-type': 'text/plain' }, body: 'å' },
    { ratePerSecond: 100, durationSeconds: 0.2, connections: 2 }, new AbortController().signal)
  assert.equal(result.requests, 20)
  assert.equal(result.errors, 10)
})
