/**
 * @module Forward-only SQL migrations, one folder per dialect, fixed-width names
 * (`0001-initial.sql`). Each backend applies the ones its database has not recorded.
 */
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'

export interface Migration {
  readonly version: string
  readonly sql: string
}

export function readMigrations(dialect: 'sqlite' | 'postgres'): Migration[] {
  const folder = join(import.meta.dirname, 'migrations', dialect)
  return readdirSync(folder)
    .filter((name) => /^\d{4}-[\w-]+\.sql$/.test(name))
    .sort()
    .map((name) => ({ version: name.slice(0, 4), sql: readFileSync(join(folder, name), 'utf8') }))
}

/** Opened without migrating (MIGRATE_ON_START=false) on a database that lacks migrations. */
export class MigrationsPending extends Error {
  readonly versions: readonly string[]

  constructor(versions: readonly string[]) {
    super(`The database lacks migration${versions.length === 1 ? '' : 's'} ${versions.join(', ')}: `
      + 'run `npm run --silent admin -- migrate` (in the release step), then start the service again.')
    this.versions = versions
  }
}

/** What opening a store does about migrations: apply the pending ones, or refuse when any are pending. */
export interface MigrationOptions {
  readonly migrate?: boolean
}
