/**
 * @module The embedded default Store, on Node's built-in `node:sqlite`. Every statement is
 * prepared once when the store opens; calls are synchronous underneath, so each is one
 * short, uncontended step.
 */
import { mkdirSync } from 'node:fs'
import { dirname } from 'node:path'
import { DatabaseSync, type StatementSync } from 'node:sqlite'
import type { AppointmentWrite } from './appointment-columns.ts'
import { createAppointmentCache, type StoredVersion } from './appointment-cache.ts'
import { byAskedUser, numbersByAskedUser, type AskedNumberRow, type AskedUserRow } from './asked-users.ts'
import { followFile } from './followed-file.ts'
import { sqliteAuditLog, sqliteAuditMethods } from './sqlite-audit.ts'
import { sqliteChangeMethods } from './sqlite-changes.ts'
import { sqliteDirectoryMethods } from './sqlite-directory.ts'
import { createCommitSignal, sqliteWebhookMethods } from './sqlite-webhooks.ts'
import { auditWrite, type AuditWrite } from './audit-rows.ts'
import { sqliteFeedMethods } from './sqlite-feeds.ts'
import { sqliteIdempotencyMethods } from './sqlite-idempotency.ts'
import { createGroupCommit } from './group-commit.ts'
import { touchingRangeSql } from './listing-query.ts'
import { MigrationsPending, readMigrations, type Migration, type MigrationOptions } from './migrations.ts'
import {
  APPOINTMENT_SELECT, SQLITE_INSERT_APPOINTMENT, SQLITE_REPLACE_APPOINTMENT, sqliteInsertParameters,
  sqliteReplaceParameters,
} from './appointment-statements.ts'
import { rowToAppointment } from './rows.ts'
import type { Store } from './store.ts'

export function openSqliteStore(path: string, options: MigrationOptions = {}): Store {
  if (path === ':memory:') return openDatabase(path, options)
  mkdirSync(dirname(path), { recursive: true })
  return followFile(path, () => openDatabase(path, options))
}

/** Applies the pending migrations to the file at `path` and returns their versions. */
export function migrateSqlite(path: string): string[] {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true })
  const db = connect(path)
  try {
    return migrate(db)
  } finally {
    db.close()
  }
}

function connect(path: string): DatabaseSync {
  const db = new DatabaseSync(path, { enableForeignKeyConstraints: true, timeout: 5000 })
  db.exec('PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL;')
  return db
}

function openDatabase(path: string, options: MigrationOptions): Store {
  const db = connect(path)
  if (options.migrate === false) {
    requireMigrated(db)
  } else {
    migrate(db)
  }
  return createSqliteStore(db)
}

function requireMigrated(db: DatabaseSync): void {
  const table = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'").get()
  const pending = table ? pendingMigrations(db) : readMigrations('sqlite')
  if (pending.length === 0) return
  db.close()
  throw new MigrationsPending(pending.map((migration) => migration.version))
}

/**
 * Reads what is applied only once it holds the write lock, so a process opening the file
 * while another migrates it waits and then finds nothing left to do.
 */
function migrate(db: DatabaseSync): string[] {
  db.exec('CREATE TABLE IF NOT EXISTS schema_migrations (version TEXT PRIMARY KEY, applied_at TEXT NOT NULL)')
  db.exec('BEGIN IMMEDIATE')
  try {
    const pending = pendingMigrations(db)
    for (const migration of pending) {
      db.exec(migration.sql)
      db.prepare('INSERT INTO schema_migrations (version, applied_at) VALUES (?, ?)')
        .run(migration.version, new Date().toISOString())
    }
    db.exec('COMMIT')
    return pending.map((migration) => migration.version)
  } catch (error) {
    db.exec('ROLLBACK')
    throw error
  }
}

function pendingMigrations(db: DatabaseSync): Migration[] {
  const applied = new Set(db.prepare('SELECT version FROM schema_migrations').all().map((row) => row.version))
  return readMigrations('sqlite').filter((migration) => !applied.has(migration.version))
}

function prepareStatements(db: DatabaseSync) {
  return {
    insertAppointment: db.prepare(SQLITE_INSERT_APPOINTMENT),
    getAppointment: db.prepare(`SELECT ${APPOINTMENT_SELECT} FROM appointments
      WHERE id = ? AND customer_id = ? AND user_id = ?`),
    replaceAppointment: db.prepare(SQLITE_REPLACE_APPOINTMENT),
    deleteAppointment: db.prepare('DELETE FROM appointments WHERE id = ? AND customer_id = ? AND user_id = ?'),
    listTouching: db.prepare(touchingRangeSql('id, version', 'customer_id = $customerId AND user_id = $userId',
      '$fromMs', '$toMs')),
    listUsersTouching: arrayRows(db.prepare(touchingRangeSql('asked.key, appointments.id, appointments.version',
      'appointments.customer_id = $customerId AND appointments.user_id = asked.value', '$fromMs', '$toMs', ASKED_USERS))),
    changeNumbers: arrayRows(db.prepare(`SELECT asked.key, change_counters.seq FROM ${ASKED_COUNTERS}
      WHERE change_counters.customer_key = lower($customerId) AND change_counters.user_key = lower(asked.value)`)),
    appointmentById: db.prepare(`SELECT ${APPOINTMENT_SELECT} FROM appointments WHERE id = ?`),
    ping: db.prepare('SELECT 1'),
  } satisfies Record<string, StatementSync>
}

/** The users asked for (a JSON array) first: CROSS JOIN keeps that order, so each user's rows are index range scans. */
const ASKED_USERS = 'json_each($userIds) AS asked CROSS JOIN appointments'

const ASKED_COUNTERS = 'json_each($userIds) AS asked CROSS JOIN change_counters'

/** Rows as arrays: a firm's weeks are thousands of rows, and arrays cost less than objects. */
function arrayRows(statement: StatementSync): StatementSync {
  statement.setReturnArrays(true)
  return statement
}

function createSqliteStore(db: DatabaseSync): Store {
  const sql = prepareStatements(db)
  // webhook events are recorded by triggers inside write transactions: the sender is woken after each commit
  const commits = createCommitSignal()
  const parsed = createAppointmentCache()
  /** This file's identity for readChangeNumbers: a file restored under the path is opened as a new store. */
  const database = {}
  const audit = sqliteAuditLog(db)
  const inserts = createGroupCommit(async (rows: readonly AppointmentInsert[]) =>
    transaction(() => rows.map((row) => insertOne(row))))

  /** The appointment and its audit entry; an entry refused takes its appointment back out. */
  function insertOne({ write, entry }: AppointmentInsert): Error | undefined {
    try {
      sql.insertAppointment.run(sqliteInsertParameters(write))
    } catch (error) {
      return error as Error
    }
    try {
      audit.record(entry)
      return undefined
    } catch (error) {
      sql.deleteAppointment.run(write.ref.appointmentId, write.ref.customerId, write.ref.userId)
      return error as Error
    }
  }

  /** Rows of `id` and `version` as appointments: parsed ones from the cache, the others read by id. */
  function appointmentsAt(versions: readonly Readonly<Record<string, unknown>>[]) {
    return appointmentsAtVersions(versions.map((row) => ({ id: String(row.id), version: Number(row.version) })))
  }

  function appointmentsAtVersions(wanted: readonly StoredVersion[]) {
    return parsed.resolve(wanted, async (ids) => ids.flatMap((id) => {
      const row = sql.appointmentById.get(id)
      return row ? [rowToAppointment(row)] : []
    }))
  }

  function transaction<T>(work: () => T): T {
    db.exec('BEGIN IMMEDIATE')
    try {
      const result = work()
      db.exec('COMMIT')
      commits.committed()
      return result
    } catch (error) {
      db.exec('ROLLBACK')
      throw error
    }
  }

  return {
    async createAppointment(user, { id, data, span }, context) {
      const now = new Date().toISOString()
      const ref = { ...user, appointmentId: id }
      await inserts.write({ write: { ref, data, span, now }, entry: auditWrite('create', ref, context, now) })
      return { ...data, id, customerId: user.customerId, userId: user.userId, version: 1, createdAt: now, updatedAt: now }
    },
    async getAppointment(ref) {
      const row = sql.getAppointment.get(ref.appointmentId, ref.customerId, ref.userId)
      return row && rowToAppointment(row)
    },
    async replaceAppointment(ref, { data, span, expectedVersion, audit: context, action = 'replace' }) {
      return transaction(() => {
        const now = new Date().toISOString()
        const result = sql.replaceAppointment.run(sqliteReplaceParameters({ ref, data, span, now }, expectedVersion))
        const row = sql.getAppointment.get(ref.appointmentId, ref.customerId, ref.userId)
        if (!row) return { status: 'not-found' } as const
        if (result.changes === 0) return { status: 'version-mismatch' } as const
        audit.record(auditWrite(action, ref, context, now))
        return { status: 'replaced', appointment: rowToAppointment(row) } as const
      })
    },
    async deleteAppointment(ref, context) {
      return transaction(() => {
        if (sql.deleteAppointment.run(ref.appointmentId, ref.customerId, ref.userId).changes === 0) return false
        audit.record(auditWrite('delete', ref, context, new Date().toISOString()))
        return true
      })
    },
    async listAppointmentsTouching(user, range) {
      return appointmentsAt(sql.listTouching.all({ customerId: user.customerId, userId: user.userId, ...range }))
    },
    async listUsersAppointmentsTouching(customerId, userIds, range) {
      const rows = sql.listUsersTouching.all({ customerId, userIds: JSON.stringify(userIds), ...range })
      return byAskedUser(userIds.length, rows as unknown as AskedUserRow[], appointmentsAtVersions)
    },
    async readChangeNumbers(customerId, userIds) {
      const rows = sql.changeNumbers.all({ customerId, userIds: JSON.stringify(userIds) })
      return { numbers: numbersByAskedUser(userIds.length, rows as unknown as AskedNumberRow[]), database }
    },
    async ping() {
      sql.ping.get()
    },
    async close() {
      await inserts.drain()
      if (db.isOpen) db.close()
    },
    ...sqliteFeedMethods(db, audit, transaction, appointmentsAt),
    ...sqliteIdempotencyMethods(db),
    ...sqliteChangeMethods(db),
    ...sqliteAuditMethods(audit),
    ...sqliteDirectoryMethods(db, audit, transaction),
    ...sqliteWebhookMethods(db, transaction, commits),
  }
}

/** A new appointment and its audit entry, written in one batch's transaction. */
interface AppointmentInsert {
  readonly write: AppointmentWrite
  readonly entry: AuditWrite
}
