/**
 * `npm start` as a newcomer meets it: the real entry point in a child process, the demo
 * seed's printed curl line run as printed, and a clean stop on SIGTERM.
 */
import assert from 'node:assert/strict'
import { execFile, spawn, type ChildProcess } from 'node:child_process'
import { once } from 'node:events'
import { createServer, type AddressInfo } from 'node:net'
import { join } from 'node:path'
import { test } from 'node:test'
import { promisify } from 'node:util'
import { CURL, skipWithout } from './helpers/outside-tools.ts'
import { makeTempDir } from './helpers/server.ts'
import { childOutput, type ChildOutput } from './helpers/child-output.ts'

const run = promisify(execFile)
const MAIN = new URL('../src/main.ts', import.meta.url).pathname
const REPO_ROOT = new URL('..', import.meta.url).pathname

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

/** The printed curl line, run as printed: answers the new appointment's id (quoted JSON). */
async function runCurl(curl: string): Promise<string> {
  const { stdout } = await run('/bin/bash', ['-c', `${curl} --silent --show-error --fail`])
  return stdout
}

test('first start seeds a demo and prints a curl line that creates an appointment; a restart says how to get a new password', async (t) => {
  if (skipWithout(t, CURL)) return
  const databaseUrl = `sqlite:${join(await makeTempDir(t), 'connect.db')}`
  const first = await startMain({ DATABASE_URL: databaseUrl, LOG_LEVEL: 'info' }, /DEMO1\n/)
  t.after(() => first.child.kill())
  const curl = /(curl -u [\s\S]*?\/Appointment\/M10001\/DEMO1)\n/.exec(first.output())?.[1] ?? ''
  assert.ok(curl, first.output())
  const tomorrow = new Date(Date.now() + 86_400_000).toISOString().slice(0, 10)
  assert.ok(curl.includes(`"startsAt":"${tomorrow}T10:00:00"`), curl)
  assert.match(await runCurl(curl), /^"[A-Za-z0-9_-]{22}"$/)
  assert.equal(await stop(first.child), 0)

  const second = await startMain({ DATABASE_URL: databaseUrl, LOG_LEVEL: 'info' }, /client set-password demo\n/)
  t.after(() => second.child.kill())
  assert.ok(!second.output().includes('Created a demo'), second.output())
  const command = /^ {2}(npm run --silent admin -- client set-password demo)$/m.exec(second.output())?.[1] ?? ''
  assert.match(second.output(), /its password was shown only then\. For a new one, with the same DATABASE_URL:\n/)
  const { stdout } = await run('/bin/bash', ['-c', command], { cwd: REPO_ROOT, env: { ...process.env, DATABASE_URL: databaseUrl } })
  const password = /^Password \(shown only this once\): (\S+)$/m.exec(stdout)?.[1] ?? ''
  assert.ok(password, stdout)
  const oldPassword = /curl -u 'demo:([^']+)'/.exec(curl)?.[1] ?? ''
  const secondUrl = /Server listening at (http:\/\/127\.0\.0\.1:\d+)/.exec(second.output())?.[1] ?? ''
  const again = curl.replace(oldPassword, password).replace(/http:\/\/127\.0\.0\.1:\d+/, secondUrl)
  assert.match(await runCurl(again), /^"[A-Za-z0-9_-]{22}"$/)
  assert.equal(await stop(second.child), 0)
})

test('a PORT another process holds: one line naming the port and PORT, no stack, exit 1', async (t) => {
  const holder = createServer()
  await new Promise<void>((resolve) => holder.listen(0, '127.0.0.1', resolve))
  t.after(() => holder.close())
  const { port } = holder.address() as AddressInfo
  const databaseUrl = `sqlite:${join(await makeTempDir(t), 'connect.db')}`
  const child = spawn(process.execPath, [MAIN], { env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', DATABASE_URL: databaseUrl } })
  const { code, stdout, stderr } = await childOutput(child)
  assert.equal(code, 1)
  assert.equal(stderr, `Port ${port} on 127.0.0.1 is already in use by another process: stop that process, `
    + `or set PORT to a free port, e.g. PORT=${port + 1}.\n`)
  assert.ok(!stdout.includes('demo') && !stdout.includes('    at '), stdout)
})

test('NODE_ENV=production never seeds a demo client', async (t) => {
  const databaseUrl = `sqlite:${join(await makeTempDir(t), 'connect.db')}`
  const started = await startMain({ DATABASE_URL: databaseUrl, NODE_ENV: 'production', LOG_LEVEL: 'info' },
    /Server listening.*\n/)
  t.after(() => started.child.kill())
  assert.equal(await stop(started.child), 0)
  assert.ok(!started.output().includes('demo'), started.output())
})
