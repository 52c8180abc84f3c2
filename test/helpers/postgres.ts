/**
 * @module A fresh PostgreSQL schema per test on the machine's server (TEST_POSTGRES_URL,
 * default postgres://postgres@127.0.0.1:5432/test), dropped when the test ends. Tests that
 * need the server declare `{ skip: skipOption(POSTGRES) }`: where none answers they skip with
 * one line naming the Debian package, and under CI=true they fail instead.
 */
import { randomBytes } from 'node:crypto'
import type { TestContext } from 'node:test'
import pg from 'pg'
import { outsideTool, runsCleanly } from './outside-tools.ts'

export const TEST_POSTGRES_URL = process.env.TEST_POSTGRES_URL || 'postgres://postgres@127.0.0.1:5432/test'

const server = new URL(TEST_POSTGRES_URL)
const host = server.hostname || '127.0.0.1'
const port = Number(server.port || 5432)

/** A server accepting connections there, tried from a child process as the tool checks are synchronous. */
export const POSTGRES = outsideTool({
  name: `a PostgreSQL server at ${host}:${port}`,
  package: 'postgresql',
  available: () => runsCleanly(process.execPath, ['-e', `require('node:net').connect(${port}, ${JSON.stringify(host)})
    .on('connect', () => process.exit(0)).on('error', () => process.exit(1)).setTimeout(3000, () => process.exit(1))`]),
})

/** A DATABASE_URL whose connections use a new, empty schema. */
export async function freshPostgresUrl(t: TestContext): Promise<string> {
  const schema = `test_${randomBytes(6).toString('hex')}`
  const admin = new pg.Client({ connectionString: TEST_POSTGRES_URL })
  await admin.connect()
  try {
    await admin.query(`CREATE SCHEMA ${schema}`)
  } finally {
    await admin.end()
  }
  t.after(async () => {
    const cleanup = new pg.Client({ connectionString: TEST_POSTGRES_URL })
    await cleanup.connect()
    await cleanup.query(`DROP SCHEMA ${schema} CASCADE`)
    await cleanup.end()
  })
  const url = new URL(TEST_POSTGRES_URL)
  url.searchParams.set('options', `-c search_path=${schema}`)
  return url.toString()
}
