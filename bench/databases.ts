/**
 * @module Fresh, throw-away databases for one bench run: a SQLite file in a new temporary
 * folder, or a new schema on a PostgreSQL server (connections pick it through
 * `options=-c search_path=…`, as test/helpers/postgres.ts does), dropped afterwards.
 * Which backends run: the one DATABASE_URL names, else SQLite and, when a server answers at
 * BENCH_POSTGRES_URL, PostgreSQL too.
 */
import { randomBytes } from 'node:crypto'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import pg from 'pg'

export const DEFAULT_POSTGRES_URL = 'postgres://postgres@127.0.0.1:5432/test'

export type BackendName = 'SQLite' | 'PostgreSQL'

export interface FreshDatabase {
  readonly backend: BackendName
  readonly databaseUrl: string
  /** A folder for this database's logs and files, removed by dispose. */
  readonly dir: string
  dispose(): Promise<void>
}

export interface BackendChoice {
  readonly backend: BackendName
  /** The PostgreSQL server to make schemas on; empty for SQLite. */
  readonly serverUrl: string
}

export interface BackendPlan {
  readonly backends: readonly BackendChoice[]
  /** Why a backend is left out, for the report. */
  readonly notes: readonly string[]
}

export async function planBackends(env: Readonly<Record<string, string | undefined>>): Promise<BackendPlan> {
  const chosen = env.DATABASE_URL
  if (chosen?.startsWith('sqlite:')) return { backends: [{ backend: 'SQLite', serverUrl: '' }], notes: ['DATABASE_URL picks SQLite only.'] }
  if (chosen && /^postgres(ql)?:\/\//.test(chosen)) {
    return { backends: [{ backend: 'PostgreSQL', serverUrl: chosen }], notes: ['DATABASE_URL picks PostgreSQL only.'] }
  }
  if (chosen) throw new Error('DATABASE_URL must start with sqlite: or postgres:// to pick a backend for the bench.')
  const serverUrl = env.BENCH_POSTGRES_URL || DEFAULT_POSTGRES_URL
  const sqlite: BackendChoice = { backend: 'SQLite', serverUrl: '' }
  const problem = await postgresProblem(serverUrl)
  if (problem) return { backends: [sqlite], notes: [`PostgreSQL left out: no server answered at ${redacted(serverUrl)} (${problem}).`] }
  return { backends: [sqlite, { backend: 'PostgreSQL', serverUrl }], notes: [] }
}

export async function freshDatabase(choice: BackendChoice): Promise<FreshDatabase> {
  const dir = await mkdtemp(join(tmpdir(), 'calendar-bench-'))
  const removeDir = () => rm(dir, { recursive: true, force: true })
  if (choice.backend === 'SQLite') {
    return { backend: 'SQLite', databaseUrl: `sqlite:${join(dir, 'bench.db')}`, dir, dispose: removeDir }
  }
  const schema = `bench_${randomBytes(6).toString('hex')}`
  await runSql(choice.serverUrl, `CREATE SCHEMA ${schema}`)
  const url = new URL(choice.serverUrl)
  url.searchParams.set('options', `-c search_path=${schema}`)
  return {
    backend: 'PostgreSQL',
    databaseUrl: url.toString(),
    dir,
    async dispose() {
      await runSql(choice.serverUrl, `DROP SCHEMA ${schema} CASCADE`)
      await removeDir()
    },
  }
}

async function runSql(serverUrl: string, statement: string): Promise<void> {
  const client = new pg.Client({ connectionString: serverUrl, connectionTimeoutMillis: 3000 })
  await client.connect()
  try {
    await client.query(statement)
  } finally {
    await client.end()
  }
}

async function postgresProblem(serverUrl: string): Promise<string | undefined> {
  try {
    await runSql(serverUrl, 'SELECT 1')
    return undefined
  } catch (error) {
    return error instanceof Error ? error.message : String(error)
  }
}

function redacted(url: string): string {
  return url.replace(/\/\/[^@/]*@/, '//***@')
}
