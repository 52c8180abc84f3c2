/**
 * Idempotency-Key on create: on SQLite, and across two server processes on one PostgreSQL
 * database with concurrent creates, retries and simultaneous duplicates.
 */
import assert from 'node:assert/strict'
import { spawn } from 'node:child_process'
import { randomUUID } from 'node:crypto'
import { once } from 'node:events'
import { test, type TestContext } from 'node:test'
import pg from 'pg'
import { POSTGRES, freshPostgresUrl } from '../helpers/postgres.ts'
import { skipOption } from '../helpers/outside-tools.ts'
import { APPOINTMENT_PATH, postJson, send, type Answer } from '../helpers/requests.ts'
import { openStore } from '../../src/store/open-store.ts'
import {
  PASSWORD, USERNAME, basicAuthorization, seedStore, startServer, type TestServer,
} from '../helpers/server.ts'

const MAIN = new URL('../../src/main.ts', import.meta.url).pathname
const BODY = { subject: 'Visning', startsAt: '2026-03-02T09:00:00', endsAt: '2026-03-02T10:00:00' }
const OTHER_BODY = { ...BODY, subject: 'Kontraktsskrivning' }

function answerOf(answer: Answer): unknown {
  return { status: answer.status, location: answer.headers.get('location'), body: answer.text }
}

test('the same key and body replays the first answer and creates nothing; another body is a 422', async (t) => {
  const server = await startServer(t)
  const key = randomUUID()
  const first = await postJson(server, BODY, { 'idempotency-key': key })
  assert.equal(first.status, 200, first.text)
  const retry = await postJson(server, BODY, { 'idempotency-key': key })
  assert.deepEqual(answerOf(retry), answerOf(first))
  assert.equal(retry.headers.get('idempotent-replayed'), 'true')
  const listing = await send(server, `${APPOINTMENT_PATH}?from=2026-03-01&to=2026-04-01`, { method: 'GET' })
  assert.equal((listing.json as unknown[]).length, 1)

  const different = await postJson(server, OTHER_BODY, { 'idempotency-key': key })
  assert.equal(different.status, 422, different.text)
  assert.match((different.json as { message: string }).message, /already used for a different request/)
  const xml = await postJson(server, OTHER_BODY, { 'idempotency-key': key, accept: 'application/xml' })
  assert.equal(xml.status, 422, xml.text)
  assert.match(xml.text, /<Message>Idempotency-Key .* already used/)

  const bad = await postJson(server, BODY, { 'idempotency-key': 'två ord' })
  assert.equal(bad.status, 400, bad.text)
  assert.match((bad.json as { message: string }).message, /Idempotency-Key header must be/)
  const other = await postJson(server, BODY, { 'idempotency-key': randomUUID() })
  assert.notEqual(other.json, first.json)
})

async function countAppointments(databaseUrl: string): Promise<Map<string, number>> {
  const client = new pg.Client({ connectionString: databaseUrl })
  await client.connect()
  try {
    const { rows } = await client.query('SELECT id, count(*) AS n FROM appointments GROUP BY id')
    return new Map(rows.map((row) => [String(row.id), Number(row.n)]))
  } finally {
    await client.end()
  }
}

/** src/main.ts as its own process on `databaseUrl`, answering as the seeded client; stopped when the test ends. */
async function startProcess(t: TestContext, databaseUrl: string): Promise<TestServer> {
  const child = spawn(process.execPath, [MAIN], {
    env: { ...process.env, DATABASE_URL: databaseUrl, PORT: '0', NODE_ENV: 'production', LOG_LEVEL: 'info' },
  })
  t.after(async () => {
    const exited = once(child, 'exit')
    child.kill('SIGTERM')
    await exited
  })
  let output = ''
  child.stdout.setEncoding('utf8')
  const baseUrl = await new Promise<string>((resolve, reject) => {
    child.stdout.on('data', (chunk: string) => {
      output += chunk
      const listening = /Server listening at (http:\/\/127\.0\.0\.1:\d+)/.exec(output)
      if (listening?.[1]) resolve(listening[1])
    })
    child.once('exit', (code) => reject(new Error(`exited early with ${code}: ${output}`)))
  })
  return { baseUrl, authorization: basicAuthorization(USERNAME, PASSWORD) } as TestServer
}

test('two server processes on one PostgreSQL: simultaneous duplicates and retries make one appointment per key', { skip: skipOption(POSTGRES) }, async (t) => {
  const databaseUrl = await freshPostgresUrl(t)
  const seeding = await openStore(databaseUrl)
  await seedStore(seeding)
  await seeding.close()
  const servers = await Promise.all([startProcess(t, databaseUrl), startProcess(t, databaseUrl)])
  const second = servers[1]!
  const keys = Array.from({ length: 60 }, () => randomUUID())
  const keyed = await Promise.all(keys.flatMap((key) => servers.flatMap((server) =>
    [0, 1].map(() => postJson(server, BODY, { 'idempotency-key': key })))))
  const plain = await Promise.all(Array.from({ length: 40 }, (_, i) => postJson(servers[i % 2]!, BODY)))
  const retries = await Promise.all(keys.map((key, i) => postJson(servers[i % 2]!, BODY, { 'idempotency-key': key })))
  const mismatched = await postJson(second, OTHER_BODY, { 'idempotency-key': keys[0]! })

  assert.equal(mismatched.status, 422, mismatched.text)
  const statuses = new Set([...keyed, ...plain, ...retries].map((answer) => answer.status))
  assert.deepEqual([...statuses].filter((status) => status !== 200 && status !== 409), [])
  t.diagnostic(`${keyed.filter((a) => a.status === 409).length} of ${keyed.length} simultaneous keyed creates were 409`)
  for (const answer of keyed.filter((a) => a.status === 409)) assert.equal(answer.headers.get('retry-after'), '1')
  const stored = await countAppointments(databaseUrl)
  const idsPerKey = keys.map((_, k) => new Set([...keyed.slice(k * 4, k * 4 + 4), retries[k]!]
    .filter((answer) => answer.status === 200).map((answer) => answer.json as string)))
  assert.deepEqual(idsPerKey.map((ids) => ids.size), keys.map(() => 1), 'every key answered with one id')
  const acknowledged = [...idsPerKey.flatMap((ids) => [...ids]), ...plain.map((answer) => answer.json as string)]
  assert.equal(stored.size, keys.length + plain.length, 'no key made a second appointment')
  for (const id of acknowledged) assert.equal(stored.get(id), 1, `acknowledged ${id} stored once`)
})
