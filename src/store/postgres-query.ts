/**
 * @module What the PostgreSQL store's files share to query: a pool or one transaction's
 * connection, rows of a statement, one transaction, and the check that keeps U+0000 away.
 */
import type pg from 'pg'
import type { Row } from './rows.ts'

export type Queryable = Pick<pg.Pool | pg.PoolClient, 'query'>

/** Runs `work` on one connection of the pool inside BEGIN … COMMIT, rolled back when it throws. */
export type Transaction = <T>(pool: pg.Pool, work: (client: pg.PoolClient) => Promise<T>) => Promise<T>

/** PostgreSQL text cannot hold U+0000 (a query with one fails), so no stored key has one. */
export function holdsNul(...keys: readonly string[]): boolean {
  return keys.some((key) => key.includes('\u0000'))
}

export async function rows(db: Queryable, sql: string, parameters: unknown[] = []): Promise<Row[]> {
  return (await db.query(sql, parameters)).rows as Row[]
}
