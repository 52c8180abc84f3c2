/**
 * Migration 0009 on a SQLite database that already holds audit entries: SQLite cannot drop
 * NOT NULL in place, so the table is copied; every entry keeps its id and columns, the
 * customer index is back, and a client change (no customer, user or request) can be written.
 */
import assert from 'node:assert/strict'
import { join } from 'node:path'
import { DatabaseSync } from 'node:sqlite'
import { test } from 'node:test'
import { readMigrations } from '../../src/store/migrations.ts'
import { openStore } from '../../src/store/open-store.ts'
import { makeTempDir } from '../helpers/server.ts'

const EXISTING = [
  [7, '2026-01-01T00:00:00.000Z', 'partner', 'create', 'M30011', 'HAN001', 'appt-1', null, 'req-1'],
  [9, '2026-01-02T00:00:00.000Z', 'partner', 'feed-create', 'S30164', 'HAN001', null, 'feed-1', 'req-2'],
] as const

test('0009 keeps the audit entries already stored and lets a client change be audited (SQLite)', async (t) => {
  const path = join(await makeTempDir(t), 'calendar.db')
  const db = new DatabaseSync(path)
  db.exec('CREATE TABLE schema_migrations (version TEXT PRIMARY KEY, applied_at TEXT NOT NULL)')
  for (const migration of readMigrations('sqlite').filter((m) => m.version < '0009')) {
    db.exec(migration.sql)
    db.prepare('INSERT INTO schema_migrations (version, applied_at) VALUES (?, ?)').run(migration.version, 'then')
  }
  const insert = db.prepare(`INSERT INTO audit_log
    (id, at, client, action, customer_id, user_id, appointment_id, feed_id, request_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`)
  for (const entry of EXISTING) insert.run(...entry)
  db.close()

  const store = await openStore(`sqlite:${path}`)
  t.after(() => store.close())
  await store.addCustomer({ customerId: 'M30011', name: null, timeZone: 'Europe/Stockholm' })
  await store.addClient({ username: 'robot', passwordHash: 'scrypt$x', customerIds: ['M30011'] })
  const entries = await store.listAuditEntries({ limit: 10 })
  assert.deepEqual(entries.map((entry) => [entry.id, entry.at, entry.client, entry.action, entry.customerId, entry.userId,
    entry.appointmentId, entry.feedId, entry.requestId]), [...EXISTING, [10, entries[2]?.at, 'robot', 'client-add', null,
    null, null, null, null]])
  assert.deepEqual((await store.listAuditEntries({ customerId: 'm30011', limit: 10 })).map((entry) => entry.id), [7])

  const check = new DatabaseSync(path, { readOnly: true })
  t.after(() => check.close())
  assert.deepEqual(check.prepare("SELECT name FROM sqlite_master WHERE tbl_name = 'audit_log' AND type = 'index'").all()
    .map((row) => row.name), ['audit_log_by_customer_and_at'])
})
