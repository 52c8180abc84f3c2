/**
 * @module Picks the Store backend from a DATABASE_URL: `sqlite:PATH`, `sqlite::memory:`,
 * or `postgres://user:password@host:port/database` (also `postgresql://`).
 */
import type { MigrationOptions } from './migrations.ts'
import { migratePostgres, openPostgresStore } from './postgres.ts'
import { migrateSqlite, openSqliteStore } from './sqlite.ts'
import type { Store } from './store.ts'

export async function openStore(databaseUrl: string, options: MigrationOptions = {}): Promise<Store> {
  if (databaseUrl.startsWith('sqlite:')) return openSqliteStore(databaseUrl.slice('sqlite:'.length), options)
  if (isPostgresUrl(databaseUrl)) return openPostgresStore(databaseUrl, options)
  throw unsupported(databaseUrl)
}

/** Applies the database's pending migrations and returns their versions (none: up to date). */
export async function migrateDatabase(databaseUrl: string): Promise<string[]> {
  if (databaseUrl.startsWith('sqlite:')) return migrateSqlite(databaseUrl.slice('sqlite:'.length))
  if (isPostgresUrl(databaseUrl)) return migratePostgres(databaseUrl)
  throw unsupported(databaseUrl)
}

function isPostgresUrl(databaseUrl: string): boolean {
  return /^postgres(ql)?:\/\//.test(databaseUrl)
}

function unsupported(databaseUrl: string): Error {
  return new Error(`Unsupported DATABASE_URL scheme in "${databaseUrl.replace(/\/\/[^@]*@/, '//***@')}": `
    + 'use sqlite:PATH, sqlite::memory: or postgres://….')
}
