/**
 * @module Picks the Store backend from a DATABASE_URL: `sqlite:PATH`, `sqlite::memory:`,
 * or `postgres://user:password@host:port/database` (also `postgresql://`).
 */
import { openPostgresStore } from './postgres.ts'
import { openSqliteStore } from './sqlite.ts'
import type { Store } from './store.ts'

export async function openStore(databaseUrl: string): Promise<Store> {
  if (databaseUrl.startsWith('sqlite:')) return openSqliteStore(databaseUrl.slice('sqlite:'.length))
  if (/^postgres(ql)?:\/\//.test(databaseUrl)) return openPostgresStore(databaseUrl)
  throw new Error(`Unsupported DATABASE_URL scheme in "${databaseUrl.replace(/\/\/[^@]*@/, '//***@')}": `
    + 'use sqlite:PATH, sqlite::memory: or postgres://….')
}
