/**
 * `admin migrate` as a release step: several at once on a fresh database apply each
 * migration once, and a server started with MIGRATE_ON_START=false refuses an unmigrated
 * database naming the command, then starts once it has run.
 */
import assert from 'node:assert/strict'
import { spawn } from 'node:child_process'
import { join } from 'node:path'
import { test } from 'node:test'
import { fileURLToPath } from 'node:url'
import pg from 'pg'
import { loadConfig } from '../../src/config.ts'
import { readMigrations } from '../../src/store/migrations.ts'
import { POSTGRES, freshPostgresUrl } from '../helpers/postgres.ts'
import { skipOption } from '../helpers/outside-tools.ts'
import { makeTempDir } from '../helpers/server.ts'
import { childOutput, type ChildOutput } from '../helpers/child-output.ts'

const REPO_ROOT = fileURLToPath(new URL('../..', import.meta.url))
const ADMIN = join(REPO_ROOT, 'src/cli/admin.ts')
const MAIN = join(REPO_ROOT, 'src/main.ts')
const ALL_VERSIONS = readMigrations('postgres').map((migration) => migration.version)

type Run = ChildOutput

/** Runs `script args…` until it exits, or until stdout matches `until` (then stops it with SIGTERM). */
async function runNode(script: string, args: readonly string[], env: Record<string, string>, until?: RegExp): Promise<Run> {
  const child = spawn(process.execPath, [script, ...args], {
    cwd: REPO_ROOT, env: { ...process.env, PORT: '0', NODE_ENV: 'production', ...env }, timeout: 30_000,
  })
  return childOutput(child, (stdout) => {
    if (until?.test(stdout)) child.kill('SIGTERM')
  })
}

async function appliedVersions(databaseUrl: string): Promise<string[]> {
  const client = new pg.Client({ connectionString: databaseUrl })
  await client.connect()
  try {
    return (await client.query('SELECT version FROM schema_migrations ORDER BY version')).rows.map((row) => row.version)
  } finally {
    await client.end()
  }
}

test('two admin migrate at once on a fresh PostgreSQL schema both exit 0 and apply each migration once', { skip: skipOption(POSTGRES) }, async (t) => {
  const databaseUrl = await freshPostgresUrl(t)
  const runs = await Promise.all([1, 2].map(() => runNode(ADMIN, ['migrate'], { DATABASE_URL: databaseUrl })))
  assert.deepEqual(runs.map((run) => [run.code, run.stderr]), [[0, ''], [0, '']])
  const outputs = runs.map((run) => run.stdout).sort()
  assert.deepEqual(outputs, [`Applied migrations ${ALL_VERSIONS.join(', ')}.\n`,
    'The database is up to date: no migrations to apply.\n'])
  assert.deepEqual(await appliedVersions(databaseUrl), ALL_VERSIONS)
})

for (const backend of ['postgres', 'sqlite'] as const) {
  test(`MIGRATE_ON_START=false on an unmigrated ${backend} database: exit 1 naming admin migrate; starts after it`, { skip: backend === 'postgres' && skipOption(POSTGRES) }, async (t) => {
    const databaseUrl = backend === 'postgres' ? await freshPostgresUrl(t)
      : `sqlite:${join(await makeTempDir(t), 'connect.db')}`
    const env = { DATABASE_URL: databaseUrl, MIGRATE_ON_START: 'false', LOG_LEVEL: 'info' }
    const refused = await runNode(MAIN, [], env, /Server listening/)
    assert.equal(refused.code, 1, refused.stdout)
    const versions = readMigrations(backend).map((migration) => migration.version)
    assert.equal(refused.stderr, `The database lacks migrations ${versions.join(', ')}: `
      + 'run `npm run --silent admin -- migrate` (in the release step), then start the service again.\n')
    if (backend === 'postgres') {
      await assert.rejects(appliedVersions(databaseUrl), /schema_migrations/, 'the refused start created nothing')
    }
    assert.equal((await runNode(ADMIN, ['migrate'], { DATABASE_URL: databaseUrl })).code, 0)
    const started = await runNode(MAIN, [], env, /Server listening/)
    assert.match(started.stdout, /Server listening/)
    assert.equal(started.code, 0, started.stderr)
  })
}

test('MIGRATE_ON_START is true unless false or 0; another value is refused naming what to send', () => {
  assert.equal(loadConfig({}).migrateOnStart, true)
  assert.equal(loadConfig({ MIGRATE_ON_START: 'false' }).migrateOnStart, false)
  assert.equal(loadConfig({ MIGRATE_ON_START: '0' }).migrateOnStart, false)
  assert.throws(() => loadConfig({ MIGRATE_ON_START: 'no' }), /MIGRATE_ON_START must be true or false, not "no"/)
})
