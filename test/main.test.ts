/**
 * `npm start` as a newcomer meets it: the real entry point in a child process, the demo
 * seed's printed curl line run as printed, and a clean stop on SIGTERM.
 */
import assert from 'node:assert/strict'
import { execFile, spawn, type ChildProcess } from 'node:child_process'
import { once } from 'node:events'
import { join } from 'node:path'
import { test } from 'node:test'
import { promisify } from 'node:util'
import { CURL, skipWithout } from './helpers/outside-tools.ts'
import { makeTempDir } from './helpers/server.ts'

const run = promisify(execFile)
const MAIN = new URL('../src/main.ts', import.meta.url).pathname

interface Started {
  readonly child: ChildProcess
  /** Everything printed on stdout so far. */
  output(): string
}

/** Starts src/main.ts and waits until stdout matches `ready`. */
async function startMain(env: Record<string, string>, ready: RegExp): Promise<Started> {
  const child = spawn(process.execPath, [MAIN], { env: { ...process.env, PORT: '0', LOG_LEVEL: 'warn', ...env } })
  let output = ''
  child.stdout.setEncoding('utf8')
  await new Promise<void>((resolve, reject) => {
    child.stdout.on('data', (chunk: string) => {
      output += chunk
      if (ready.test(output)) resolve()
    })
    child.once('exit', (code) => reject(new Error(`exited early with ${code}: ${output}`)))
  })
  return { child, output: () => output }
}

async function stop(child: ChildProcess): Promise<number | null> {
  const exited = once(child, 'exit')
  child.kill('SIGTERM')
  const [code] = await exited
  return code as number | null
}

test('first start seeds a demo and prints a curl line that creates an appointment; a restart does not seed again', async (t) => {
  if (skipWithout(t, CURL)) return
  const databaseUrl = `sqlite:${join(await makeTempDir(t), 'connect.db')}`
  const first = await startMain({ DATABASE_URL: databaseUrl, LOG_LEVEL: 'info' }, /DEMO1\n/)
  t.after(() => first.child.kill())
  const curl = /(curl -u [\s\S]*?\/Appointment\/M10001\/DEMO1)\n/.exec(first.output())?.[1]
  assert.ok(curl, first.output())
  const { stdout } = await run('/bin/bash', ['-c', `${curl} --silent --show-error --fail`])
  assert.match(stdout, /^"[A-Za-z0-9_-]{22}"$/)
  assert.equal(await stop(first.child), 0)

  const second = await startMain({ DATABASE_URL: databaseUrl, LOG_LEVEL: 'info' }, /Server listening.*\n/)
  t.after(() => second.child.kill())
  assert.equal(await stop(second.child), 0)
  assert.ok(!second.output().includes('demo'), second.output())
})

test('NODE_ENV=production never seeds a demo client', async (t) => {
  const databaseUrl = `sqlite:${join(await makeTempDir(t), 'connect.db')}`
  const started = await startMain({ DATABASE_URL: databaseUrl, NODE_ENV: 'production', LOG_LEVEL: 'info' },
    /Server listening.*\n/)
  t.after(() => started.child.kill())
  assert.equal(await stop(started.child), 0)
  assert.ok(!started.output().includes('demo'), started.output())
})
