/**
 * Health checks over real HTTP: live and ready without credentials on SQLite and PostgreSQL;
 * ready turns 503 with Retry-After while the database cannot answer (the SQLite file moved
 * away under the running server, seen through the store's folder watch; PostgreSQL behind a TCP relay that is then cut) and back
 * to 200 when it can; both are documented, without code samples or a test form.
 */
import assert from 'node:assert/strict'
import { rename } from 'node:fs/promises'
import { createServer, connect, type Socket } from 'node:net'
import { describe, test, type TestContext } from 'node:test'
import { setTimeout as sleep } from 'node:timers/promises'
import { POSTGRES, freshPostgresUrl } from '../helpers/postgres.ts'
import { skipOption } from '../helpers/outside-tools.ts'
import { startServer } from '../helpers/server.ts'

interface Answer {
  readonly status: number
  readonly headers: Headers
  readonly text: string
}

async function get(url: string): Promise<Answer> {
  const response = await fetch(url)
  return { status: response.status, headers: response.headers, text: await response.text() }
}

/**
 * GET until the status is `wanted` (at most 200 tries, 10 ms apart): the store learns of a
 * file moved under it from a folder watch, an event that comes a moment after the rename.
 */
async function getOnce(url: string, wanted: number): Promise<Answer> {
  let answer = await get(url)
  for (let tries = 1; answer.status !== wanted && tries < 200; tries++) {
    await sleep(10)
    answer = await get(url)
  }
  return answer
}

function assertOk(answer: Answer): void {
  assert.equal(answer.status, 200, answer.text)
  assert.equal(answer.text, '{"status":"ok"}')
  assert.match(answer.headers.get('content-type') ?? '', /^application\/json/)
  assert.equal(answer.headers.get('cache-control'), 'no-store')
}

function assertNotReady(answer: Answer): void {
  assert.equal(answer.status, 503, answer.text)
  assert.equal(answer.text, '{"status":"not ready"}')
  assert.equal(answer.headers.get('retry-after'), '5')
}

/**
 * A TCP relay to the PostgreSQL server: a database URL through it, and `cut()`, which closes
 * it and drops every connection, so the database becomes unreachable without stopping it.
 */
async function relayTo(t: TestContext, databaseUrl: string): Promise<{ url: string; cut: () => Promise<void> }> {
  const target = new URL(databaseUrl)
  const sockets = new Set<Socket>()
  const relay = createServer((client) => {
    const upstream = connect(Number(target.port || 5432), target.hostname)
    for (const socket of [client, upstream]) {
      sockets.add(socket)
      socket.on('error', () => socket.destroy())
      socket.on('close', () => sockets.delete(socket))
    }
    client.pipe(upstream).pipe(client)
  })
  await new Promise<void>((resolve) => relay.listen(0, '127.0.0.1', resolve))
  const cut = async (): Promise<void> => {
    const closed = new Promise<void>((resolve) => relay.close(() => resolve()))
    for (const socket of sockets) socket.destroy()
    await closed
  }
  t.after(() => (relay.listening ? cut() : undefined))
  const url = new URL(databaseUrl)
  url.port = String((relay.address() as { port: number }).port)
  return { url: url.toString(), cut }
}

describe('health checks on SQLite', () => {
  test('live and ready answer {"status":"ok"} without credentials, with a request id', async (t) => {
    const server = await startServer(t)
    for (const path of ['/health/live', '/health/ready']) {
      const answer = await get(`${server.baseUrl}${path}`)
      assertOk(answer)
      assert.ok(answer.headers.get('x-request-id'), path)
    }
  })

  test('ready is 503 with Retry-After while the database file is gone, live stays 200; both recover', async (t) => {
    const server = await startServer(t)
    assertOk(await get(`${server.baseUrl}/health/ready`))
    await rename(server.databasePath, `${server.databasePath}.away`)
    assertNotReady(await getOnce(`${server.baseUrl}/health/ready`, 503))
    assertOk(await get(`${server.baseUrl}/health/live`))
    const warning = server.logs.map((line) => JSON.parse(line) as Record<string, unknown>)
      .find((entry) => entry.msg === 'not ready: the database did not answer')
    assert.ok(warning, 'the failed check is logged')
    assert.equal(warning.level, 40)
    assert.match(String(warning.cause), /database file .* is gone/)
    assert.ok(!('stack' in warning) && !('err' in warning), 'the cause without a stack trace')

    await rename(`${server.databasePath}.away`, server.databasePath)
    assertOk(await getOnce(`${server.baseUrl}/health/ready`, 200))
  })
})

describe('health checks on PostgreSQL', () => {
  test('live and ready answer {"status":"ok"}', { skip: skipOption(POSTGRES) }, async (t) => {
    const server = await startServer(t, { databaseUrl: await freshPostgresUrl(t) })
    assertOk(await get(`${server.baseUrl}/health/live`))
    assertOk(await get(`${server.baseUrl}/health/ready`))
  })

  test('ready is 503 once the database cannot be reached, while live stays 200', { skip: skipOption(POSTGRES) }, async (t) => {
    const relay = await relayTo(t, await freshPostgresUrl(t))
    const server = await startServer(t, { databaseUrl: relay.url })
    assertOk(await get(`${server.baseUrl}/health/ready`))
    await relay.cut()
    assertNotReady(await get(`${server.baseUrl}/health/ready`))
    assertOk(await get(`${server.baseUrl}/health/live`))
  })
})

describe('health checks in the docs', () => {
  test('listed in the index and OpenAPI without security; their pages have no code samples or test form', async (t) => {
    const server = await startServer(t)
    const index = (await get(`${server.baseUrl}/Help?lang=en`)).text
    const openApi = JSON.parse((await get(`${server.baseUrl}/openapi.json?lang=en`)).text) as {
      paths: Record<string, Record<string, { security?: unknown[]; responses: Record<string, unknown> }>>
    }
    for (const name of ['live', 'ready']) {
      assert.ok(index.includes(`href="/Help/Api/GET-health-${name}?lang=en"`), `the index links ${name}`)
      const page = await get(`${server.baseUrl}/Help/Api/GET-health-${name}?lang=en`)
      assert.equal(page.status, 200)
      assert.match(page.text, /needs no credentials and always answers JSON/)
      assert.doesNotMatch(page.text, /test-form|data-sample=|Test form|Code samples/)
      assert.deepEqual(openApi.paths[`/health/${name}`]?.get?.security, [], `${name} asks for no credentials`)
    }
    assert.ok(openApi.paths['/health/ready']?.get?.responses['503'], 'ready documents its 503')
    const swedish = (await get(`${server.baseUrl}/Help/Api/GET-health-ready`)).text
    assert.match(swedish, /kräver ingen inloggning/)
    assert.match(swedish, /Inte redo: databasen svarar inte/)
  })
})
