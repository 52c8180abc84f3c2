/**
 * @module The Store on PostgreSQL, for several service instances sharing one database.
 * Ids match case-insensitively through `lower()` indexes, as SQLite's NOCASE columns do;
 * migrations run under an advisory lock so instances starting together apply them once.
 */
import pg from 'pg'
import { createAppointmentCache, type StoredVersion } from './appointment-cache.ts'
import { byAskedUser, numbersByAskedUser, type AskedNumberRow, type AskedUserRow } from './asked-users.ts'
import { createGroupCommit } from './group-commit.ts'
import { touchingRangeSql } from './listing-query.ts'
import { MigrationsPending, readMigrations, type Migration, type MigrationOptions } from './migrations.ts'
import { listenForLookupChanges, type LookupChanges } from './postgres-lookup-listener.ts'
import { postgresChangeMethods } from './postgres-changes.ts'
import { postgresWebhookMethods } from './postgres-webhooks.ts'
import { postgresFeedMethods } from './postgres-feeds.ts'
import { postgresIdempotencyMethods } from './postgres-idempotency.ts'
import { AUDIT_INSERT, postgresAuditMethods, recordAudit } from './postgres-audit.ts'
import { postgresDirectoryMethods } from './postgres-directory.ts'
import { holdsNul, rows, type Queryable } from './postgres-query.ts'
import { auditWrite } from './audit-rows.ts'
import {
  APPOINTMENT_SELECT, POSTGRES_INSERT_APPOINTMENTS, POSTGRES_REPLACE_SET, postgresInsertArrays,
  postgresReplaceParameters, type AppointmentInsert,
} from './appointment-statements.ts'
import { rowToAppointment, type Row } from './rows.ts'
import { guardAvailability } from './store-unavailable.ts'
import type { AppointmentRef, Store } from './store.ts'

const MIGRATION_LOCK = 7_431_900_101
/**
 * Bounded waits, so an unreachable or stuck database is a StoreUnavailable (503) in seconds,
 * never a hang: at most `max` connections, a connect that takes longer fails, the server
 * cancels a statement after statement_timeout, and the driver gives up on an answer shortly after.
 */
const POOL_LIMITS: pg.PoolConfig = {
  max: 10, connectionTimeoutMillis: 3_000, statement_timeout: 5_000, query_timeout: 6_000,
}
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

const LIST_TOUCHING = touchingRangeSql('id, version', 'lower(customer_id) = lower($1) AND lower(user_id) = lower($2)',
  '$3::bigint', '$4::bigint')

/**
 * The users asked for ($2, an array) numbered from 0 and joined to their appointments: each
 * user's rows are the listing's index range scans.
 */
const LIST_USERS_TOUCHING = touchingRangeSql('asked.place - 1, appointments.id, appointments.version',
  'lower(appointments.customer_id) = lower($1) AND lower(appointments.user_id) = lower(asked.user_id)', '$3::bigint', '$4::bigint',
  'unnest($2::text[]) WITH ORDINALITY AS asked (user_id, place) CROSS JOIN appointments')

const CHANGE_NUMBERS = `SELECT asked.place - 1, change_counters.seq
  FROM unnest($2::text[]) WITH ORDINALITY AS asked (user_id, place)
  JOIN change_counters ON change_counters.customer_key = lower($1) AND change_counters.user_key = lower(asked.user_id)`

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
  const parsed = createAppointmentCache()
  /** The database's identity for readChangeNumbers: one per store, as the cache of parsed appointments is. */
  const database = {}
  const inserts = createGroupCommit((batch: readonly AppointmentInsert[]) => insertAppointments(pool, batch),
    CONCURRENT_BATCHES)

  /** Rows of `id` and `version` (of the customer's appointments) as appointments: parsed ones from the cache, the others read. */
  function appointmentsAt(customerId: string, versions: readonly Row[]) {
    return appointmentsAtVersions(customerId, versions.map((row) => ({ id: String(row.id), version: Number(row.version) })))
  }

  function appointmentsAtVersions(customerId: string, wanted: readonly StoredVersion[]) {
    return parsed.resolve(wanted, async (ids) =>
      (await rows(pool, `SELECT ${APPOINTMENT_SELECT} FROM appointments WHERE lower(customer_id) = lower($1) AND id = ANY($2::text[])`,
        [customerId, ids]))
        .map(rowToAppointment))
  }

  return {
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
    async listUsersAppointmentsTouching(customerId, userIds, range) {
      const result = await pool.query({
        text: LIST_USERS_TOUCHING, values: [customerId, userIds, range.fromMs, range.toMs], rowMode: 'array',
      })
      const found = (result.rows as unknown[][]).map(([place, id, version]): AskedUserRow => [Number(place), String(id), Number(version)])
      return byAskedUser(userIds.length, found, (wanted) => appointmentsAtVersions(customerId, wanted))
    },
    async readChangeNumbers(customerId, userIds) {
      const result = await pool.query({ text: CHANGE_NUMBERS, values: [customerId, userIds], rowMode: 'array' })
      const found = (result.rows as unknown[][]).map(([place, seq]): AskedNumberRow => [Number(place), Number(seq)])
      return { numbers: numbersByAskedUser(userIds.length, found), database }
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
    ...postgresDirectoryMethods(pool, lookupChanges.version, transaction),
    ...postgresWebhookMethods(pool, transaction),
  }
}

