/**
 * @module The real entry point (src/main.ts) in a child process, for tests that kill it, and the
 * write load they kill it under.
 */
import assert from 'node:assert/strict'
import { spawn, type ChildProcess } from 'node:child_process'
import { once } from 'node:events'
import type { TestContext } from 'node:test'
import { openStore } from '../../src/store/open-store.ts'
import { APPOINTMENT_PATH } from './requests.ts'
import { PASSWORD, USERNAME, basicAuthorization, seedStore } from './server.ts'

const MAIN = new URL('../../src/main.ts', import.meta.url).pathname
const AUTHORIZATION = basicAuthorization(USERNAME, PASSWORD)

export interface Running {
  readonly child: ChildProcess
  readonly baseUrl: string
}

/** Starts src/main.ts and resolves with its address once it logs that it listens. */
export async function startMain(t: TestContext, databaseUrl: string, env: Record<string, string> = {}): Promise<Running> {
  const child = spawn(process.execPath, [MAIN], {
    env: { ...process.env, PORT: '0', LOG_LEVEL: 'info', DATABASE_URL: databaseUrl, ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
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

export async function seeded(databaseUrl: string): Promise<void> {
  const store = await openStore(databaseUrl)
  try {
    await seedStore(store)
  } finally {
    await store.close()
  }
}

/**
 * `workers` clients create at full speed until the process is gone; it is SIGKILLed once
 * `killAfter` creates have been answered. The ids answered 200, by subject.
 */
export async function createUntilKilled(running: Running, workers: number, killAfter: number): Promise<Map<string, string>> {
  const answered = new Map<string, string>()
  const exited = once(running.child, 'exit')
  const onAnswer = () => {
    if (answered.size === killAfter) running.child.kill('SIGKILL')
  }
  await Promise.all(Array.from({ length: workers }, (_, worker) =>
    createUntilGone(running.baseUrl, worker, answered, onAnswer)))
  const [, signal] = await exited
  assert.equal(signal, 'SIGKILL')
  assert.ok(answered.size >= killAfter, `${answered.size} answered`)
  return answered
}
