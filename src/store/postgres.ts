/**
 * @module The Store on PostgreSQL, for several service instances sharing one database.
 * Ids match case-insensitively through `lower()` indexes, as SQLite's NOCASE columns do;
 * migrations run under an advisory lock so instances starting together apply them once.
 */
import pg from 'pg'
import type { ApiClient, Customer, User } from '../domain/appointment.ts'
import { createAppointmentCache } from './appointment-cache.ts'
import { createGroupCommit } from './group-commit.ts'
import { touchingRangeSql } from './listing-query.ts'
import { createLookupCache } from './lookup-cache.ts'
import { MigrationsPending, readMigrations, type Migration, type MigrationOptions } from './migrations.ts'
import { listenForLookupChanges, type LookupChanges } from './postgres-lookup-listener.ts'
import { postgresChangeMethods } from './postgres-changes.ts'
import { postgresWebhookMethods } from './postgres-webhooks.ts'
import { postgresFeedMethods } from './postgres-feeds.ts'
import { postgresIdempotencyMethods } from './postgres-idempotency.ts'
import { AUDIT_INSERT, postgresAuditMethods, recordAudit } from './postgres-audit.ts'
import { auditWrite, clientAuditWrite } from './audit-rows.ts'
import {
  APPOINTMENT_SELECT, POSTGRES_INSERT_APPOINTMENTS, POSTGRES_REPLACE_SET, postgresInsertArrays,
  postgresReplaceParameters, type AppointmentInsert,
} from './appointment-statements.ts'
import { rowToAppointment, rowToCustomer, rowToUser, type Row } from './rows.ts'
import { guardAvailability } from './store-unavailable.ts'
import { StoreConflict, type AppointmentRef, type ClientAuditAction, type Store } from './store.ts'

type Queryable = Pick<pg.Pool | pg.PoolClient, 'query'>

const MIGRATION_LOCK = 7_431_900_101
/**
 * Bounded waits, so an unreachable or stuck database is a StoreUnavailable (503) in seconds,
 * never a hang: at most `max` connections, a connect that takes longer fails, the server
 * cancels a statement after statement_timeout, and the driver gives up on an answer shortly after.
 */
const POOL_LIMITS: pg.PoolConfig = {
  max: 10, connectionTimeoutMillis: 3_000, statement_timeout: 5_000, query_timeout: 6_000,
}
const UNIQUE_VIOLATION = '23505'
const SAME_REF = 'id = $1 AND lower(customer_id) = lower($2) AND lower(user_id) = lower($3)'

export async function openPostgresStore(connectionString: string, options: MigrationOptions = {}): Promise<Store> {
  if (options.migrate !== false) await migratePostgres(connectionString)
  const pool = createPool(connectionString, POOL_LIMITS)
  try {
    await requireMigrated(pool)
  } catch (error) {
    await pool.end()
    throw error
  }
  return guardAvailability(createPostgresStore(pool, listenForLookupChanges(connectionString)))
}

/**
 * Applies the pending migrations and returns their versions, on a connection of its own
 * without the request timeouts: a migration may build an index for minutes, and an instance
 * may wait that long on the advisory lock while another migrates.
 */
export async function migratePostgres(connectionString: string): Promise<string[]> {
  const pool = createPool(connectionString, { max: 1 })
  try {
    return await transaction(pool, migrate)
  } finally {
    await pool.end()
  }
}

function createPool(connectionString: string, limits: pg.PoolConfig): pg.Pool {
  const pool = new pg.Pool({ connectionString, ...limits })
  // An idle connection the server drops (a restart, a network cut) is an 'error' on the pool, which
  // unhandled would end the process. The pool discards that client; the next query reconnects or fails.
  pool.on('error', () => {})
  return pool
}

async function migrate(client: pg.PoolClient): Promise<string[]> {
  await client.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK])
  await client.query('CREATE TABLE IF NOT EXISTS schema_migrations (version TEXT PRIMARY KEY, applied_at TEXT NOT NULL)')
  const pending = await pendingMigrations(client)
  for (const migration of pending) {
    await client.query(migration.sql)
    await client.query('INSERT INTO schema_migrations (version, applied_at) VALUES ($1, $2)',
      [migration.version, new Date().toISOString()])
  }
  return pending.map((migration) => migration.version)
}

async function pendingMigrations(db: Queryable): Promise<Migration[]> {
  const [table] = await rows(db, "SELECT to_regclass('schema_migrations') IS NOT NULL AS present")
  const applied = new Set(table?.present === true
    ? (await rows(db, 'SELECT version FROM schema_migrations')).map((row) => row.version) : [])
  return readMigrations('postgres').filter((migration) => !applied.has(migration.version))
}

async function requireMigrated(pool: pg.Pool): Promise<void> {
  const pending = await pendingMigrations(pool)
  if (pending.length > 0) throw new MigrationsPending(pending.map((migration) => migration.version))
}

async function transaction<T>(pool: pg.Pool, work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect()
  try {
    await client.query('BEGIN')
    const result = await work(client)
    await client.query('COMMIT')
    return result
  } catch (error) {
    await client.query('ROLLBACK')
    throw error
  } finally {
    client.release()
  }
}

/** PostgreSQL text cannot hold U+0000 (a query with one fails), so no stored key has one. */
function holdsNul(...keys: readonly string[]): boolean {
  return keys.some((key) => key.includes('\u0000'))
}

async function rows(db: Queryable, sql: string, parameters: unknown[] = []): Promise<Row[]> {
  return (await db.query(sql, parameters)).rows as Row[]
}

async function requireCustomer(db: Queryable, customerId: string): Promise<string> {
  const [row] = holdsNul(customerId) ? []
    : await rows(db, 'SELECT customer_id FROM customers WHERE lower(customer_id) = lower($1)', [customerId])
  if (!row) throw new StoreConflict('not-found', `Customer ${customerId} does not exist.`)
  return String(row.customer_id)
}

async function requireClient(db: Queryable, username: string): Promise<void> {
  const [row] = holdsNul(username) ? [] : await rows(db, 'SELECT 1 FROM api_clients WHERE username = $1', [username])
  if (!row) throw new StoreConflict('not-found', `API client ${username} does not exist.`)
}

async function grantsOf(db: Queryable, username: string): Promise<string[]> {
  return (await rows(db, 'SELECT customer_id FROM client_grants WHERE username = $1 ORDER BY customer_id', [username]))
    .map((row) => String(row.customer_id))
}

async function insertUnique(db: Queryable, message: string, sql: string, parameters: unknown[]): Promise<void> {
  try {
    await db.query(sql, parameters)
  } catch (error) {
    if ((error as { code?: string }).code === UNIQUE_VIOLATION) throw new StoreConflict('duplicate', message)
    throw error
  }
}

const LIST_TOUCHING = touchingRangeSql('id, version', 'lower(customer_id) = lower($1) AND lower(user_id) = lower($2)',
  '$3::bigint', '$4::bigint')

function refParameters(ref: AppointmentRef): string[] {
  return [ref.appointmentId, ref.customerId, ref.userId]
}

/**
 * Each row's insert takes its user's change number (migration 0007), locking that user's
 * counter row until the batch commits. Rows sorted by user lock the counters in one order
 * in every batch, on every instance, so two batches never wait on each other in a cycle.
 */
function byUser({ write: first }: AppointmentInsert, { write: second }: AppointmentInsert): number {
  return compareText(first.ref.customerId.toLowerCase(), second.ref.customerId.toLowerCase())
    || compareText(first.ref.userId.toLowerCase(), second.ref.userId.toLowerCase())
}

function compareText(first: string, second: string): number {
  return first < second ? -1 : first > second ? 1 : 0
}

/** Batches written at once: each holds a pooled connection while it commits. */
const CONCURRENT_BATCHES = 4

/**
 * One statement for the whole batch; when it fails (an id taken, a user gone), each row
 * alone, so only the rows at fault fail.
 */
async function insertAppointments(pool: pg.Pool, batch: readonly AppointmentInsert[]): Promise<(Error | undefined)[]> {
  try {
    const ordered = [...batch].sort(byUser)
    await pool.query(POSTGRES_INSERT_APPOINTMENTS, postgresInsertArrays(ordered))
    return batch.map(() => undefined)
  } catch (error) {
    if (batch.length === 1) return [error as Error]
    return Promise.all(batch.map(async (row) => (await insertAppointments(pool, [row]))[0]))
  }
}

function createPostgresStore(pool: pg.Pool, lookupChanges: LookupChanges): Store {
  const clients = createLookupCache<ApiClient>(lookupChanges.version)
  const users = createLookupCache<{ user: User; customer: Customer }>(lookupChanges.version)
  const parsed = createAppointmentCache()
  const inserts = createGroupCommit((batch: readonly AppointmentInsert[]) => insertAppointments(pool, batch),
    CONCURRENT_BATCHES)

  /** Rows of `id` and `version` (of the customer's appointments) as appointments: parsed ones from the cache, the others read. */
  function appointmentsAt(customerId: string, versions: readonly Row[]) {
    const wanted = versions.map((row) => ({ id: String(row.id), version: Number(row.version) }))
    return parsed.resolve(wanted, async (ids) =>
      (await rows(pool, `SELECT ${APPOINTMENT_SELECT} FROM appointments WHERE lower(customer_id) = lower($1) AND id = ANY($2::text[])`,
        [customerId, ids]))
        .map(rowToAppointment))
  }

  /** Our own writes to the lookup tables: their notification may arrive after the next lookup. */
  async function changeLookups(work: () => Promise<void>): Promise<void> {
    try {
      await work()
    } finally {
      clients.clear()
      users.clear()
    }
  }

  /** A change to an existing client and its audit entry, in one transaction; `change` answers the customer it concerns. */
  async function changeClient(
    username: string, action: ClientAuditAction, change: (db: pg.PoolClient) => Promise<string | null>,
  ): Promise<void> {
    await changeLookups(async () => {
      await transaction(pool, async (db) => {
        await requireClient(db, username)
        await recordAudit(db, clientAuditWrite(action, username, await change(db)))
      })
    })
  }

  /** `sql` takes the username as $1, then `parameters`. */
  async function changeClientOnly(username: string, action: ClientAuditAction, sql: string, ...parameters: string[]) {
    await changeClient(username, action, async (db) => {
      await db.query(sql, [username, ...parameters])
      return null
    })
  }

  return {
    async findUser({ customerId, userId }) {
      if (holdsNul(customerId, userId)) return undefined
      return users.get(`${customerId}\0${userId}`, async () => {
        const [row] = await rows(pool, `SELECT u.customer_id, u.user_id, u.name AS user_name,
            c.name AS customer_name, c.time_zone
          FROM users u JOIN customers c ON c.customer_id = u.customer_id
          WHERE lower(u.customer_id) = lower($1) AND lower(u.user_id) = lower($2)`, [customerId, userId])
        if (!row) return undefined
        return {
          user: rowToUser({ ...row, name: row.user_name }),
          customer: rowToCustomer({ ...row, name: row.customer_name }),
        }
      })
    },
    async findClientByUsername(username) {
      if (holdsNul(username)) return undefined
      return clients.get(username, async () => {
        const [row] = await rows(pool, `SELECT c.username, c.password_hash, c.disabled,
            coalesce(array_agg(g.customer_id ORDER BY g.customer_id) FILTER (WHERE g.customer_id IS NOT NULL), '{}') AS grants
          FROM api_clients c LEFT JOIN client_grants g ON g.username = c.username
          WHERE c.username = $1 GROUP BY c.username`, [username])
        if (!row) return undefined
        return {
          username: String(row.username),
          passwordHash: String(row.password_hash),
          disabled: row.disabled === true,
          customerIds: (row.grants as string[]).map(String),
        }
      })
    },
    async createAppointment(user, { id, data, span }, context) {
      const now = new Date().toISOString()
      await inserts.write({ write: { ref: { ...user, appointmentId: id }, data, span, now }, audit: context })
      return { ...data, id, customerId: user.customerId, userId: user.userId, version: 1, createdAt: now, updatedAt: now }
    },
    async getAppointment(ref) {
      if (holdsNul(...refParameters(ref))) return undefined
      const [row] = await rows(pool, `SELECT ${APPOINTMENT_SELECT} FROM appointments WHERE ${SAME_REF}`, refParameters(ref))
      return row && rowToAppointment(row)
    },
    async replaceAppointment(ref, { data, span, expectedVersion, audit: context, action = 'replace' }) {
      if (holdsNul(...refParameters(ref))) return { status: 'not-found' }
      return transaction(pool, async (client) => {
        const [current] = await rows(client, `SELECT version FROM appointments WHERE ${SAME_REF} FOR UPDATE`,
          refParameters(ref))
        if (!current) return { status: 'not-found' } as const
        if (expectedVersion !== undefined && Number(current.version) !== expectedVersion) {
          return { status: 'version-mismatch' } as const
        }
        const now = new Date().toISOString()
        const [row] = await rows(client, `UPDATE appointments SET ${POSTGRES_REPLACE_SET}
          WHERE ${SAME_REF} RETURNING ${APPOINTMENT_SELECT}`,
        [...refParameters(ref), ...postgresReplaceParameters({ ref, data, span, now })])
        await recordAudit(client, auditWrite(action, ref, context, now))
        return { status: 'replaced', appointment: rowToAppointment(row ?? {}) } as const
      })
    },
    async deleteAppointment(ref, context) {
      if (holdsNul(...refParameters(ref))) return false
      const deleted = await pool.query(`WITH deleted AS (DELETE FROM appointments WHERE ${SAME_REF} RETURNING id, customer_id, user_id)
        ${AUDIT_INSERT} SELECT $4, $5, 'delete', customer_id, user_id, id, NULL, $6 FROM deleted`,
      [...refParameters(ref), new Date().toISOString(), context.clientUsername, context.requestId])
      return (deleted.rowCount ?? 0) > 0
    },
    async listAppointmentsTouching(user, range) {
      return appointmentsAt(user.customerId, await rows(pool, LIST_TOUCHING, [user.customerId, user.userId, range.fromMs, range.toMs]))
    },
    async addCustomer(customer) {
      await changeLookups(async () => {
        await insertUnique(pool, `Customer ${customer.customerId} already exists.`,
          'INSERT INTO customers (customer_id, name, time_zone) VALUES ($1, $2, $3)',
          [customer.customerId, customer.name, customer.timeZone])
      })
    },
    async listCustomers() {
      return (await rows(pool, 'SELECT customer_id, name, time_zone FROM customers ORDER BY customer_id'))
        .map(rowToCustomer)
    },
    async addUser(user) {
      await changeLookups(async () => {
        const customerId = await requireCustomer(pool, user.customerId)
        await insertUnique(pool, `User ${user.userId} already exists in customer ${customerId}.`,
          'INSERT INTO users (customer_id, user_id, name) VALUES ($1, $2, $3)', [customerId, user.userId, user.name])
      })
    },
    async listUsers(customerId) {
      const canonical = await requireCustomer(pool, customerId)
      return (await rows(pool, 'SELECT customer_id, user_id, name FROM users WHERE customer_id = $1 ORDER BY user_id',
        [canonical])).map(rowToUser)
    },
    async addClient(client) {
      await changeLookups(async () => {
        await transaction(pool, async (db) => {
          const customerIds: string[] = []
          for (const customerId of client.customerIds) customerIds.push(await requireCustomer(db, customerId))
          await insertUnique(db, `API client ${client.username} already exists.`,
            'INSERT INTO api_clients (username, password_hash) VALUES ($1, $2)', [client.username, client.passwordHash])
          for (const customerId of customerIds) {
            await db.query('INSERT INTO client_grants (username, customer_id) VALUES ($1, $2) ON CONFLICT DO NOTHING',
              [client.username, customerId])
          }
          await recordAudit(db, clientAuditWrite('client-add', client.username, null))
        })
      })
    },
    async listClients() {
      const clients = await rows(pool, 'SELECT username, disabled FROM api_clients ORDER BY username')
      return Promise.all(clients.map(async (row) => ({
        username: String(row.username),
        disabled: row.disabled === true,
        customerIds: await grantsOf(pool, String(row.username)),
      })))
    },
    async countClients() {
      const [row] = await rows(pool, 'SELECT count(*) AS n FROM api_clients')
      return Number(row?.n ?? 0)
    },
    async grantClient(username, customerId) {
      await changeClient(username, 'client-grant', async (db) => {
        const canonical = await requireCustomer(db, customerId)
        await db.query('INSERT INTO client_grants (username, customer_id) VALUES ($1, $2) ON CONFLICT DO NOTHING',
          [username, canonical])
        return canonical
      })
    },
    async revokeClient(username, customerId) {
      await changeClient(username, 'client-revoke', async (db) => {
        const canonical = await requireCustomer(db, customerId)
        await db.query('DELETE FROM client_grants WHERE username = $1 AND customer_id = $2', [username, canonical])
        return canonical
      })
    },
    async disableClient(username) {
      await changeClientOnly(username, 'client-disable', 'UPDATE api_clients SET disabled = true WHERE username = $1')
    },
    async enableClient(username) {
      await changeClientOnly(username, 'client-enable', 'UPDATE api_clients SET disabled = false WHERE username = $1')
    },
    async setClientPassword(username, passwordHash) {
      await changeClientOnly(username, 'client-password', 'UPDATE api_clients SET password_hash = $2 WHERE username = $1',
        passwordHash)
    },
    async removeClient(username) {
      await changeClient(username, 'client-remove', async (db) => {
        await db.query('DELETE FROM client_grants WHERE username = $1', [username])
        await db.query('DELETE FROM api_clients WHERE username = $1', [username])
        return null
      })
    },
    async ping() {
      await pool.query('SELECT 1')
    },
    poolUse() {
      return { total: pool.totalCount, idle: pool.idleCount, waiting: pool.waitingCount }
    },
    async close() {
      await inserts.drain()
      await lookupChanges.close()
      if (!pool.ended) await pool.end()
    },
    ...postgresFeedMethods(pool, appointmentsAt),
    ...postgresIdempotencyMethods(pool),
    ...postgresChangeMethods(pool),
    ...postgresAuditMethods(pool),
    ...postgresWebhookMethods(pool, transaction),
  }
}

