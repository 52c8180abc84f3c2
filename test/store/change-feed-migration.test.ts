/**
 * Migration 0007 on a database that already holds appointments (both dialects): the rows
 * are numbered 1, 2, … per user in id order, each user's counter ends at its last number,
 * and the next write takes the number after it; deletions are purged by age.
 */
import assert from 'node:assert/strict'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { DatabaseSync } from 'node:sqlite'
import { test } from 'node:test'
import pg from 'pg'
import { appointmentSpan } from '../../src/domain/recurrence/recurrence.ts'
import { validateAppointment } from '../../src/domain/validate-appointment.ts'
import { readMigrations } from '../../src/store/migrations.ts'
import { openStore } from '../../src/store/open-store.ts'
import type { Store } from '../../src/store/store.ts'
import { TEST_AUDIT } from '../helpers/audit-context.ts'
import { POSTGRES, freshPostgresUrl } from '../helpers/postgres.ts'
import { skipOption } from '../helpers/outside-tools.ts'

const BEFORE_CHANGE_FEED = (version: string) => version < '0007'
/** Two users; ids out of order, so the numbering follows id order, not insertion order. */
const EXISTING = [['C1', 'U1', 'b-existing'], ['C1', 'U1', 'a-existing'], ['C1', 'U2', 'c-existing'],
  ['C1', 'U1', 'c-existing-2']] as const

function setupStatements(): string[] {
  return [
    "INSERT INTO customers (customer_id, name, time_zone) VALUES ('C1', NULL, 'Europe/Stockholm')",
    "INSERT INTO users (customer_id, user_id, name) VALUES ('C1', 'U1', NULL), ('C1', 'U2', NULL)",
    ...EXISTING.map(([customer, user, id]) => `INSERT INTO appointments (id, customer_id, user_id, version, subject,
        time_zone, all_day, starts_at, ends_at, first_start_ms, last_end_ms, created_at, updated_at)
      VALUES ('${id}', '${customer}', '${user}', 1, 'Visning', 'Europe/Stockholm', false, '2026-03-02T09:00:00',
        '2026-03-02T10:00:00', 0, 3600000, '2026-01-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z')`),
  ]
}

async function assertNumbered(store: Store): Promise<void> {
  const first = await store.listChanges({ customerId: 'c1', userId: 'u1' }, null, 10)
  assert.deepEqual(first.changes.map((change) => [change.seq, change.appointmentId]),
    [[1, 'a-existing'], [2, 'b-existing'], [3, 'c-existing-2']])
  assert.equal(first.latestSeq, 3)
  const second = await store.listChanges({ customerId: 'C1', userId: 'U2' }, null, 10)
  assert.deepEqual(second.changes.map((change) => [change.seq, change.appointmentId]), [[1, 'c-existing']])
  const data = validateAppointment({ subject: 'Ny', startsAt: '2026-03-03T09:00:00' }, 'Europe/Stockholm')
  await store.createAppointment({ customerId: 'C1', userId: 'U1' }, { id: 'd-new', data, span: appointmentSpan(data) },
    TEST_AUDIT)
  assert.ok(await store.deleteAppointment({ customerId: 'C1', userId: 'U1', appointmentId: 'a-existing' }, TEST_AUDIT))
  const after = await store.listChanges({ customerId: 'C1', userId: 'U1' }, 3, 10)
  assert.deepEqual(after.changes.map((change) => [change.seq, change.appointmentId, change.appointment === null]),
    [[4, 'd-new', false], [5, 'a-existing', true]])
  assert.equal(after.latestSeq, 5)
  // deletions go once older than the purge's cutoff, and only those
  assert.equal(await store.purgeDeletionsBefore('2000-01-01T00:00:00.000Z'), 0)
  assert.equal(await store.purgeDeletionsBefore(new Date(Date.now() + 60_000).toISOString()), 1)
  const purged = await store.listChanges({ customerId: 'C1', userId: 'U1' }, 3, 10)
  assert.deepEqual(purged.changes.map((change) => change.appointmentId), ['d-new'])
  assert.equal(purged.latestSeq, 5)
}

test('0007 numbers the appointments already stored (SQLite)', async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'calendar-store-'))
  t.after(() => rm(dir, { recursive: true, force: true }))
  const path = join(dir, 'calendar.db')
  const db = new DatabaseSync(path)
  db.exec('CREATE TABLE schema_migrations (version TEXT PRIMARY KEY, applied_at TEXT NOT NULL)')
  for (const migration of readMigrations('sqlite').filter((m) => BEFORE_CHANGE_FEED(m.version))) {
    db.exec(migration.sql)
    db.prepare('INSERT INTO schema_migrations (version, applied_at) VALUES (?, ?)').run(migration.version, 'then')
  }
  for (const statement of setupStatements()) db.exec(statement.replace(/\bfalse\b/, '0'))
  db.close()
  const store = await openStore(`sqlite:${path}`)
  t.after(() => store.close())
  await assertNumbered(store)
})

test('0007 numbers the appointments already stored (PostgreSQL)', { skip: skipOption(POSTGRES) }, async (t) => {
  const url = await freshPostgresUrl(t)
  const client = new pg.Client({ connectionString: url })
  await client.connect()
  try {
    await client.query('CREATE TABLE schema_migrations (version TEXT PRIMARY KEY, applied_at TEXT NOT NULL)')
    for (const migration of readMigrations('postgres').filter((m) => BEFORE_CHANGE_FEED(m.version))) {
      await client.query(migration.sql)
      await client.query('INSERT INTO schema_migrations (version, applied_at) VALUES ($1, $2)', [migration.version, 'then'])
    }
    for (const statement of setupStatements()) await client.query(statement)
  } finally {
    await client.end()
  }
  const store = await openStore(url)
  t.after(() => store.close())
  await assertNumbered(store)
})
