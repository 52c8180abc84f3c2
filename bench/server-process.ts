/**
 * @module A server under load as a child process: started on a free port with its output in
 * a log file, ready once its port accepts a connection, measured by its resident memory.
 */
import type { ChildProcess } from 'node:child_process'
import { closeSync, openSync } from 'node:fs'
import { readFile } from 'node:fs/promises'
import { connect, createServer } from 'node:net'
import { setTimeout as sleep } from 'node:timers/promises'
import type { ChildGroup } from './children.ts'

const HOST = '127.0.0.1'
const READY_TIMEOUT_MS = 60_000
const POLL_MS = 50

export interface ServerLaunch {
  /** The script Node runs, e.g. `src/main.ts`. */
  readonly script: string
  /** Node options placed before the script, e.g. `--cpu-prof`. */
  readonly nodeArgs: readonly string[]
  /** Added to the bench's own environment; PORT and HOST are set here. */
  readonly env: Readonly<Record<string, string>>
  /** Where the child's stdout and stderr go (its JSON log lines). */
  readonly logPath: string
}

export interface RunningServer {
  readonly pid: number
  readonly baseUrl: string
  /** VmRSS from /proc/PID/status. */
  rssBytes(): Promise<number>
  stop(): Promise<void>
}

export async function startServer(group: ChildGroup, launch: ServerLaunch): Promise<RunningServer> {
  const port = await freePort()
  const log = openSync(launch.logPath, 'a')
  const child = group.spawn(process.execPath, [...launch.nodeArgs, launch.script], {
    env: { ...process.env, ...launch.env, PORT: String(port), HOST },
    stdio: ['ignore', log, log],
  })
  closeSync(log)
  try {
    await waitForPort(child, port, launch.logPath)
  } catch (error) {
    await group.stop(child)
    throw error
  }
  const pid = child.pid
  if (pid === undefined) throw new Error(`${launch.script} did not start.`)
  return {
    pid,
    baseUrl: `http://${HOST}:${port}`,
    rssBytes: () => readRssBytes(pid),
    stop: () => group.stop(child),
  }
}

async function freePort(): Promise<number> {
  const server = createServer()
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(0, HOST, resolve)
  })
  const address = server.address()
  await new Promise((resolve) => server.close(resolve))
  if (address === null || typeof address === 'string') throw new Error('No free port found.')
  return address.port
}

async function waitForPort(child: ChildProcess, port: number, logPath: string): Promise<void> {
  const deadline = Date.now() + READY_TIMEOUT_MS
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`The server exited (${child.exitCode ?? child.signalCode}) before listening:\n${await logTail(logPath)}`)
    }
    if (await accepts(port)) return
    await sleep(POLL_MS)
  }
  throw new Error(`The server did not listen on port ${port} within ${READY_TIMEOUT_MS / 1000} s:\n${await logTail(logPath)}`)
}

function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, HOST)
    socket.once('connect', () => {
      socket.destroy()
      resolve(true)
    })
    socket.once('error', () => resolve(false))
  })
}

/** The last lines a server wrote, for an error message. */
export async function logTail(logPath: string, lines = 20): Promise<string> {
  const text = await readFile(logPath, 'utf8').catch(() => '')
  return text.trimEnd().split('\n').slice(-lines).join('\n')
}

async function readRssBytes(pid: number): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8')
  const match = /^VmRSS:\s+(\d+)\s+kB$/m.exec(status)
  if (!match?.[1]) throw new Error(`No VmRSS in /proc/${pid}/status.`)
  return Number(match[1]) * 1024
}
