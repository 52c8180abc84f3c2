/**
 * @module The SQLite store's directory: customers, their users, and the API clients with the
 * customers granted to each (ids match case-insensitively: the columns are NOCASE). Users and
 * clients are looked up on every request, so both are cached until another connection commits
 * (SQLite's data_version moves) or this one changes them. A change to a client is audited in
 * its own transaction.
 */
import type { DatabaseSync, StatementSync } from 'node:sqlite'
import type { ApiClient, Customer, User } from '../domain/appointment.ts'
import { clientAuditWrite } from './audit-rows.ts'
import { createLookupCache } from './lookup-cache.ts'
import { nullableText, rowToCustomer, rowToUser } from './rows.ts'
import type { SqliteAuditLog } from './sqlite-audit.ts'
import { StoreConflict, type ClientAuditAction, type Directory } from './store.ts'

function prepareStatements(db: DatabaseSync) {
  return {
    findUser: db.prepare(`SELECT u.customer_id, u.user_id, u.name AS user_name, c.name AS customer_name, c.time_zone
      FROM users u JOIN customers c ON c.customer_id = u.customer_id
      WHERE u.customer_id = ? AND u.user_id = ?`),
    findClient: db.prepare('SELECT username, password_hash, disabled FROM api_clients WHERE username = ?'),
    clientGrants: db.prepare('SELECT customer_id FROM client_grants WHERE username = ? ORDER BY customer_id'),
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
  } satisfies Record<string, StatementSync>
}

/** `transaction` runs its work in one transaction: a client change and its audit entry. */
export function sqliteDirectoryMethods(
  db: DatabaseSync, audit: SqliteAuditLog, transaction: <T>(work: () => T) => T,
): Directory {
  const sql = prepareStatements(db)
  const lookups = lookupCaches(() => Number(sql.dataVersion.get()?.data_version))

  /** Writes to the tables the lookups read, by this connection (data_version counts only others'). */
  function changeLookups<T>(work: () => T): T {
    try {
      return work()
    } finally {
      lookups.clients.clear()
      lookups.users.clear()
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

/** API clients and users, kept until another connection commits (SQLite's data_version moves). */
function lookupCaches(dataVersion: () => number) {
  return {
    clients: createLookupCache<ApiClient>(dataVersion),
    users: createLookupCache<{ user: User; customer: Customer }>(dataVersion),
  }
}
