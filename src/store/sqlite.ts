/**
 * @module The embedded default Store, on Node's built-in `node:sqlite`. Every statement is
 * prepared once when the store opens; calls are synchronous underneath, so each is one
 * short, uncontended step.
 */
import { mkdirSync } from 'node:fs'
import { dirname } from 'node:path'
import { DatabaseSync, type StatementSync } from 'node:sqlite'
import type { AppointmentWrite } from './appointment-columns.ts'
import type { ApiClient, Customer, User } from '../domain/appointment.ts'
import { createAppointmentCache } from './appointment-cache.ts'
import { followFile } from './followed-file.ts'
import { sqliteAuditLog, sqliteAuditMethods } from './sqlite-audit.ts'
import { sqliteChangeMethods } from './sqlite-changes.ts'
import { createCommitSignal, sqliteWebhookMethods } from './sqlite-webhooks.ts'
import { auditWrite, clientAuditWrite, type AuditWrite } from './audit-rows.ts'
import { sqliteFeedMethods } from './sqlite-feeds.ts'
import { sqliteIdempotencyMethods } from './sqlite-idempotency.ts'
import { createGroupCommit } from './group-commit.ts'
import { touchingRangeSql } from './listing-query.ts'
import { createLookupCache } from './lookup-cache.ts'
import { MigrationsPending, readMigrations, type Migration, type MigrationOptions } from './migrations.ts'
import {
  APPOINTMENT_SELECT, SQLITE_INSERT_APPOINTMENT, SQLITE_REPLACE_APPOINTMENT, sqliteInsertParameters,
  sqliteReplaceParameters,
} from './appointment-statements.ts'
import { nullableText, rowToAppointment, rowToCustomer, rowToUser } from './rows.ts'
import { StoreConflict, type ClientAuditAction, type Store } from './store.ts'

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
    findUser: db.prepare(`SELECT u.customer_id, u.user_id, u.name AS user_name, c.name AS customer_name, c.time_zone
      FROM users u JOIN customers c ON c.customer_id = u.customer_id
      WHERE u.customer_id = ? AND u.user_id = ?`),
    findClient: db.prepare('SELECT username, password_hash, disabled FROM api_clients WHERE username = ?'),
    clientGrants: db.prepare('SELECT customer_id FROM client_grants WHERE username = ? ORDER BY customer_id'),
    insertAppointment: db.prepare(SQLITE_INSERT_APPOINTMENT),
    getAppointment: db.prepare(`SELECT ${APPOINTMENT_SELECT} FROM appointments
      WHERE id = ? AND customer_id = ? AND user_id = ?`),
    replaceAppointment: db.prepare(SQLITE_REPLACE_APPOINTMENT),
    deleteAppointment: db.prepare('DELETE FROM appointments WHERE id = ? AND customer_id = ? AND user_id = ?'),
    listTouching: db.prepare(touchingRangeSql('id, version', 'customer_id = $customerId AND user_id = $userId',
      '$fromMs', '$toMs')),
    appointmentById: db.prepare(`SELECT ${APPOINTMENT_SELECT} FROM appointments WHERE id = ?`),
    dataVersion: db.prepare('PRAGMA data_version'),
    addCustomer: db.prepare('INSERT INTO customers (customer_id, name, time_zone) VALUES (?, ?, ?)'),
    listCustomers: db.prepare('SELECT customer_id, name, time_zone FROM customers ORDER BY customer_id'),
    addUser: db.prepare('INSERT INTO users (customer_id, user_id, name) VALUES (?, ?, ?)'),
    listUsers: db.prepare('SELECT customer_id, user_id, name FROM users WHERE customer_id = ? ORDER BY user_id'),
    customerExists: db.prepare('SELECT customer_id FROM customers WHERE customer_id = ?'),
    addClient: db.prepare('INSERT INTO api_clients (username, password_hash) VALUES (?, ?)'),
    listClients: db.prepare('SELECT username, disabled FROM api_clients ORDER BY username'),
    countClients: db.prepare('SELECT count(*) AS n FROM api_clients'),
    grant: db.prepare('INSERT OR IGNORE INTO client_grants (username, customer_id) VALUES (?, ?)'),
    revoke: db.prepare('DELETE FROM client_grants WHERE username = ? AND customer_id = ?'),
    disable: db.prepare('UPDATE api_clients SET disabled = 1 WHERE username = ?'),
    enable: db.prepare('UPDATE api_clients SET disabled = 0 WHERE username = ?'),
    setPassword: db.prepare('UPDATE api_clients SET password_hash = ? WHERE username = ?'),
    revokeAll: db.prepare('DELETE FROM client_grants WHERE username = ?'),
    removeClient: db.prepare('DELETE FROM api_clients WHERE username = ?'),
    ping: db.prepare('SELECT 1'),
  } satisfies Record<string, StatementSync>
}

function createSqliteStore(db: DatabaseSync): Store {
  const sql = prepareStatements(db)
  // webhook events are recorded by triggers inside write transactions: the sender is woken after each commit
  const commits = createCommitSignal()
  const lookups = lookupCaches(() => Number(sql.dataVersion.get()?.data_version))
  const parsed = createAppointmentCache()
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

  /** Writes to the tables the lookups read, by this connection (data_version counts only others'). */
  function changeLookups<T>(work: () => T): T {
    try {
      return work()
    } finally {
      lookups.clients.clear()
      lookups.users.clear()
    }
  }

  /** Rows of `id` and `version` as appointments: parsed ones from the cache, the others read by id. */
  function appointmentsAt(versions: readonly Readonly<Record<string, unknown>>[]) {
    const wanted = versions.map((row) => ({ id: String(row.id), version: Number(row.version) }))
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

  function requireCustomer(customerId: string): string {
    const row = sql.customerExists.get(customerId)
    if (!row) throw new StoreConflict('not-found', `Customer ${customerId} does not exist.`)
    return String(row.customer_id)
  }

  function requireClient(username: string): void {
    if (!sql.findClient.get(username)) throw new StoreConflict('not-found', `API client ${username} does not exist.`)
  }

  /** A change to an existing client and its audit entry, in one transaction; `change` answers the customer it concerns. */
  function changeClient(username: string, action: ClientAuditAction, change: () => string | null): void {
    changeLookups(() => transaction(() => {
      requireClient(username)
      audit.record(clientAuditWrite(action, username, change()))
    }))
  }

  function changeClientOnly(username: string, action: ClientAuditAction, statement: StatementSync, ...parameters: string[]): void {
    changeClient(username, action, () => {
      statement.run(...parameters)
      return null
    })
  }

  return {
    async findUser({ customerId, userId }) {
      return lookups.users.get(`${customerId}\0${userId}`, async () => {
        const row = sql.findUser.get(customerId, userId)
        if (!row) return undefined
        return {
          user: { customerId: String(row.customer_id), userId: String(row.user_id), name: nullableText(row.user_name) },
          customer: { customerId: String(row.customer_id), name: nullableText(row.customer_name), timeZone: String(row.time_zone) },
        }
      })
    },
    async findClientByUsername(username) {
      return lookups.clients.get(username, async () => {
        const row = sql.findClient.get(username)
        if (!row) return undefined
        return {
          username: String(row.username),
          passwordHash: String(row.password_hash),
          disabled: row.disabled === 1,
          customerIds: sql.clientGrants.all(username).map((grant) => String(grant.customer_id)),
        }
      })
    },
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
    async addCustomer(customer) {
      changeLookups(() => ignoreDuplicate(`Customer ${customer.customerId} already exists.`,
        () => sql.addCustomer.run(customer.customerId, customer.name, customer.timeZone)))
    },
    async listCustomers() {
      return sql.listCustomers.all().map(rowToCustomer)
    },
    async addUser(user) {
      const customerId = requireCustomer(user.customerId)
      changeLookups(() => ignoreDuplicate(`User ${user.userId} already exists in customer ${customerId}.`,
        () => sql.addUser.run(customerId, user.userId, user.name)))
    },
    async listUsers(customerId) {
      const canonical = requireCustomer(customerId)
      return sql.listUsers.all(canonical).map(rowToUser)
    },
    async addClient(client) {
      changeLookups(() => transaction(() => {
        const customerIds = client.customerIds.map(requireCustomer)
        ignoreDuplicate(`API client ${client.username} already exists.`,
          () => sql.addClient.run(client.username, client.passwordHash))
        for (const customerId of customerIds) sql.grant.run(client.username, customerId)
        audit.record(clientAuditWrite('client-add', client.username, null))
      }))
    },
    async listClients() {
      return sql.listClients.all().map((row) => ({
        username: String(row.username),
        disabled: row.disabled === 1,
        customerIds: sql.clientGrants.all(String(row.username)).map((grant) => String(grant.customer_id)),
      }))
    },
    async countClients() {
      return Number(sql.countClients.get()?.n ?? 0)
    },
    async grantClient(username, customerId) {
      changeClient(username, 'client-grant', () => {
        const canonical = requireCustomer(customerId)
        sql.grant.run(username, canonical)
        return canonical
      })
    },
    async revokeClient(username, customerId) {
      changeClient(username, 'client-revoke', () => {
        const canonical = requireCustomer(customerId)
        sql.revoke.run(username, canonical)
        return canonical
      })
    },
    async disableClient(username) {
      changeClientOnly(username, 'client-disable', sql.disable, username)
    },
    async enableClient(username) {
      changeClientOnly(username, 'client-enable', sql.enable, username)
    },
    async setClientPassword(username, passwordHash) {
      changeClientOnly(username, 'client-password', sql.setPassword, passwordHash, username)
    },
    async removeClient(username) {
      changeClient(username, 'client-remove', () => {
        sql.revokeAll.run(username)
        sql.removeClient.run(username)
        return null
      })
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
    ...sqliteWebhookMethods(db, transaction, commits),
  }
}

function ignoreDuplicate(message: string, insert: () => void): void {
  try {
    insert()
  } catch (error) {
    if (isUniqueViolation(error)) throw new StoreConflict('duplicate', message)
    throw error
  }
}

function isUniqueViolation(error: unknown): boolean {
  return error instanceof Error && /UNIQUE constraint failed/.test(error.message)
}

/** A new appointment and its audit entry, written in one batch's transaction. */
interface AppointmentInsert {
  readonly write: AppointmentWrite
  readonly entry: AuditWrite
}

/** API clients and users, kept until another connection commits (SQLite's data_version moves). */
function lookupCaches(dataVersion: () => number) {
  return {
    clients: createLookupCache<ApiClient>(dataVersion),
    users: createLookupCache<{ user: User; customer: Customer }>(dataVersion),
  }
}
