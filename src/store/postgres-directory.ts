/**
 * @module The PostgreSQL store's directory: customers, their users, and the API clients with
 * the customers granted to each, ids matched case-insensitively through `lower()`. Users and
 * clients are cached per instance until a notification says another changed them
 * (postgres-lookup-listener.ts). A change to a client is audited in its own transaction.
 */
import type pg from 'pg'
import type { ApiClient, Customer, User } from '../domain/appointment.ts'
import { clientAuditWrite } from './audit-rows.ts'
import { createLookupCache } from './lookup-cache.ts'
import { recordAudit } from './postgres-audit.ts'
import { holdsNul, rows, type Queryable, type Transaction } from './postgres-query.ts'
import { rowToCustomer, rowToUser } from './rows.ts'
import { StoreConflict, type ClientAuditAction, type Directory } from './store.ts'

const UNIQUE_VIOLATION = '23505'

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

/** `lookupVersion` moves when any instance changed the lookup tables (undefined: unknown, nothing cached). */
export function postgresDirectoryMethods(
  pool: pg.Pool, lookupVersion: () => number | undefined, transaction: Transaction,
): Directory {
  const clients = createLookupCache<ApiClient>(lookupVersion)
  const users = createLookupCache<{ user: User; customer: Customer }>(lookupVersion)

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
  }
}
