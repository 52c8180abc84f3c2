/**
 * @module A PostgreSQL cluster of the test's own on a free port (initdb + pg_ctl as the
 * postgres user, in a temporary folder), which a test may stop and start again: the
 * machine's shared server is never touched. Removed when the test ends.
 */
import { execFileSync } from 'node:child_process'
import { chownSync, existsSync, mkdtempSync, rmSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir, userInfo } from 'node:os'
import { join } from 'node:path'
import type { TestContext } from 'node:test'
import { outsideTool } from './outside-tools.ts'

const BIN = '/usr/lib/postgresql/15/bin'

export const POSTGRES_SERVER = outsideTool({
  name: 'PostgreSQL 15 server (initdb, pg_ctl)',
  package: 'postgresql',
  available: () => existsSync(join(BIN, 'initdb')) && existsSync(join(BIN, 'pg_ctl')),
})

export interface ThrowawayPostgres {
  /** postgres://postgres@127.0.0.1:PORT/postgres */
  readonly url: string
  start(): void
  stop(): void
}

export async function startThrowawayPostgres(t: TestContext): Promise<ThrowawayPostgres> {
  const dir = mkdtempSync(join(tmpdir(), 'calendar-pg-'))
  const port = await freePort()
  const data = join(dir, 'data')
  const asPostgres = (tool: string, args: readonly string[]): void => {
    const command = userInfo().uid === 0 ? ['runuser', ['-u', 'postgres', '--', join(BIN, tool), ...args]] as const
      : [join(BIN, tool), args] as const
    execFileSync(command[0], [...command[1]], { stdio: 'ignore', timeout: 60_000 })
  }
  if (userInfo().uid === 0) chownSync(dir, uidOf('postgres'), gidOf('postgres'))
  asPostgres('initdb', ['-D', data, '-U', 'postgres', '--auth=trust', '--no-sync'])
  const cluster: ThrowawayPostgres = {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    start: () => asPostgres('pg_ctl', ['-D', data, '-l', join(dir, 'server.log'), '-w', 'start',
      '-o', `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off`]),
    stop: () => asPostgres('pg_ctl', ['-D', data, '-m', 'fast', '-w', 'stop']),
  }
  t.after(() => {
    try {
      cluster.stop()
    } catch {
      // Already stopped.
    }
    rmSync(dir, { recursive: true, force: true })
  })
  cluster.start()
  return cluster
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer()
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const address = server.address()
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0))
    })
  })
}

function uidOf(user: string): number {
  return Number(execFileSync('id', ['-u', user], { encoding: 'utf8' }).trim())
}

function gidOf(user: string): number {
  return Number(execFileSync('id', ['-g', user], { encoding: 'utf8' }).trim())
}
