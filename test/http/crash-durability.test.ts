/**
 * kill -9 mid-load: the real entry point in a child process takes concurrent creates, is
 * SIGKILLed once enough have been answered, and restarted on the same database; every id
 * answered 200 before the kill is there, as sent. SQLite file and PostgreSQL schema.
 */
import assert from 'node:assert/strict'
import { spawn, type ChildProcess } from 'node:child_process'
import { once } from 'node:events'
import { join } from 'node:path'
import { describe, test, type TestContext } from 'node:test'
import { openStore } from '../../src/store/open-store.ts'
import { BACKENDS } from '../helpers/fuzz.ts'
import { APPOINTMENT_PATH } from '../helpers/requests.ts'
import { USERNAME, PASSWORD, basicAuthorization, makeTempDir, seedStore } from '../helpers/server.ts'

const MAIN = new URL('../../src/main.ts', import.meta.url).pathname
const AUTHORIZATION = basicAuthorization(USERNAME, PASSWORD)
const WORKERS = 12
/** Answered creates before the kill; the workers keep sending until the server is gone. */
const ANSWERED_BEFORE_KILL = 200

interface Running {
  readonly child: ChildProcess
  readonly baseUrl: string
}

/** Starts src/main.ts and resolves with its address once it logs that it listens. */
async function startMain(t: TestContext, databaseUrl: string): Promise<Running> {
  const child = spawn(process.execPath, [MAIN], {
    env: { ...process.env, PORT: '0', LOG_LEVEL: 'info', DATABASE_URL: databaseUrl }, stdio: ['ignore', 'pipe', 'inherit'],
  })
  t.after(() => child.kill('SIGKILL'))
  let output = ''
  const baseUrl = await new Promise<string>((resolve, reject) => {
    const onData = (chunk: string) => {
      output += chunk
      const url = /Server listening at (http:\/\/127\.0\.0\.1:\d+)/.exec(output)?.[1]
      if (!url) return
      child.stdout?.off('data', onData)
      child.stdout?.resume()
      resolve(url)
    }
    child.stdout?.setEncoding('utf8').on('data', onData)
    child.once('exit', (code) => reject(new Error(`exited early with ${code}: ${output}`)))
  })
  return { child, baseUrl }
}

function subjectOf(worker: number, n: number): string {
  return `Visning ${worker}-${n}`
}

/** Creates until a request fails (the server was killed); the ids answered 200, by subject. */
async function createUntilGone(baseUrl: string, worker: number, answered: Map<string, string>, onAnswer: () => void) {
  for (let n = 0; ; n++) {
    const subject = subjectOf(worker, n)
    const response = await fetch(`${baseUrl}${APPOINTMENT_PATH}`, {
      method: 'POST', signal: AbortSignal.timeout(30_000),
      headers: { authorization: AUTHORIZATION, 'content-type': 'application/json' },
      body: JSON.stringify({ subject, startsAt: '2026-07-01T10:00:00', endsAt: '2026-07-01T11:00:00' }),
    }).catch(() => undefined)
    if (!response) return
    const text = await response.text().catch(() => undefined)
    if (text === undefined) return
    assert.equal(response.status, 200, text)
    answered.set(JSON.parse(text) as string, subject)
    onAnswer()
  }
}

async function seeded(databaseUrl: string): Promise<void> {
  const store = await openStore(databaseUrl)
  try {
    await seedStore(store)
  } finally {
    await store.close()
  }
}

for (const backend of BACKENDS) {
  describe(`kill -9 on ${backend.name}`, { skip: backend.skip }, () => {
    test('every create answered 200 before SIGKILL is there after a restart', async (t) => {
      const databaseUrl = await backend.databaseUrl(t) ?? `sqlite:${join(await makeTempDir(t), 'crash.db')}`
      await seeded(databaseUrl)
      const first = await startMain(t, databaseUrl)
      const answered = new Map<string, string>()
      const exited = once(first.child, 'exit')
      const onAnswer = () => {
        if (answered.size === ANSWERED_BEFORE_KILL) first.child.kill('SIGKILL')
      }
      await Promise.all(Array.from({ length: WORKERS }, (_, worker) =>
        createUntilGone(first.baseUrl, worker, answered, onAnswer)))
      const [, signal] = await exited
      assert.equal(signal, 'SIGKILL')
      assert.ok(answered.size >= ANSWERED_BEFORE_KILL, `${answered.size} answered`)

      const second = await startMain(t, databaseUrl)
      for (const [id, subject] of answered) {
        const response = await fetch(`${second.baseUrl}${APPOINTMENT_PATH}/${id}`, {
          headers: { authorization: AUTHORIZATION, accept: 'application/json' }, signal: AbortSignal.timeout(30_000),
        })
        const text = await response.text()
        assert.equal(response.status, 200, `${id}: ${text}`)
        assert.equal((JSON.parse(text) as { subject?: string }).subject, subject)
      }
    })
  })
}
