/**
 * A database outage under load, on a PostgreSQL cluster the test owns: while it is stopped
 * every request is a 503 with Retry-After in the usual error shape (no 500, no hang) and
 * /health/ready says not ready; started again, the service resumes by itself, and every
 * create acknowledged before, during or after is stored.
 */
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { APPOINTMENT_PATH, postJson, send, type Answer } from '../helpers/requests.ts'
import { startServer, type TestServer } from '../helpers/server.ts'
import { skipWithout } from '../helpers/outside-tools.ts'
import { POSTGRES_SERVER, startThrowawayPostgres } from '../helpers/throwaway-postgres.ts'

/** Longer than the pool's connect (3 s) and query (6 s) timeouts: an answer later than this is a hang. */
const NO_HANG_MS = 15_000
const WORKERS = 4
const BODY = { subject: 'Visning', startsAt: '2026-03-02T09:00:00', endsAt: '2026-03-02T10:00:00' }

interface Load {
  readonly acknowledged: string[]
  readonly statuses: Map<number, number>
  stop(): Promise<void>
}

function bounded(answer: Promise<Answer>): Promise<Answer> {
  return Promise.race([answer, new Promise<never>((_, reject) => {
    setTimeout(() => reject(new Error(`no answer within ${NO_HANG_MS} ms`)), NO_HANG_MS).unref()
  })])
}

/** Creates from WORKERS loops, one at a time each, until stopped. */
function startLoad(server: TestServer): Load {
  const acknowledged: string[] = []
  const statuses = new Map<number, number>()
  let running = true
  const loops = Array.from({ length: WORKERS }, async () => {
    while (running) {
      const answer = await bounded(postJson(server, BODY))
      statuses.set(answer.status, (statuses.get(answer.status) ?? 0) + 1)
      if (answer.status === 200) acknowledged.push(answer.json as string)
    }
  })
  return {
    acknowledged, statuses,
    stop: async () => {
      running = false
      await Promise.all(loops)
    },
  }
}

async function untilCreated(server: TestServer): Promise<string> {
  for (let attempt = 0; attempt < 60; attempt++) {
    const answer = await bounded(postJson(server, BODY))
    if (answer.status === 200) return answer.json as string
    assert.equal(answer.status, 503, answer.text)
    await new Promise((resolve) => setTimeout(resolve, 500))
  }
  throw new Error('the service did not resume within 60 attempts after the database came back')
}

test('a stopped PostgreSQL is 503 with Retry-After, not 500 or a hang; the service resumes by itself', async (t) => {
  if (skipWithout(t, POSTGRES_SERVER)) return
  const cluster = await startThrowawayPostgres(t)
  const server = await startServer(t, { databaseUrl: cluster.url })
  const load = startLoad(server)
  while (load.acknowledged.length < 20) await new Promise((resolve) => setTimeout(resolve, 50))

  cluster.stop()
  const during = await bounded(postJson(server, BODY))
  assert.equal(during.status, 503, during.text)
  assert.equal(during.headers.get('retry-after'), '5')
  assert.match((during.json as { message: string }).message, /^The database is not answering right now/)
  const xml = await bounded(send(server, `${APPOINTMENT_PATH}/x`, { method: 'GET', headers: { accept: 'application/xml' } }))
  assert.equal(xml.status, 503, xml.text)
  assert.match(xml.text, /<Message>The database is not answering right now/)
  const ready = await bounded(send(server, '/health/ready', { method: 'GET' }))
  assert.deepEqual([ready.status, ready.json], [503, { status: 'not ready' }])

  cluster.start()
  const resumed = await untilCreated(server)
  await load.stop()
  t.diagnostic(`statuses under load: ${JSON.stringify([...load.statuses])}, ${load.acknowledged.length} acknowledged`)
  assert.equal((await send(server, '/health/ready', { method: 'GET' })).status, 200)
  assert.deepEqual([...load.statuses.keys()].filter((status) => status !== 200 && status !== 503), [],
    `statuses: ${JSON.stringify([...load.statuses])}`)
  for (const id of [...load.acknowledged, resumed]) {
    const item = await send(server, `${APPOINTMENT_PATH}/${id}`, { method: 'GET' })
    assert.equal(item.status, 200, `acknowledged ${id}: ${item.text}`)
  }
})
