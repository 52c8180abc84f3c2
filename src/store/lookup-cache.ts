/**
 * @module Keeps what every request looks up (its API client, its user) until the tables
 * behind them change. The backend gives a version of those tables, cheap to read; while it
 * stands still a lookup is a map read instead of a query. Keys are the spellings asked for,
 * unfolded: SQLite and PostgreSQL fold case differently, so only the database decides which
 * spellings match.
 */

const ENTRY_LIMIT = 10_000

export interface LookupCache<Value> {
  /** The cached value, else `load()`'s, kept when found and nothing changed meanwhile. */
  get(key: string, load: () => Promise<Value | undefined>): Promise<Value | undefined>
  /** Forget everything: the store itself changed what the cache holds. */
  clear(): void
}

/** `version()` is read on every lookup; undefined means it cannot be known now: nothing is kept. */
export function createLookupCache<Value>(version: () => number | undefined): LookupCache<Value> {
  const entries = new Map<string, Value>()
  let entriesVersion: number | undefined
  let clears = 0

  function clear(): void {
    entries.clear()
    clears++
  }

  return {
    async get(key, load) {
      const before = version()
      if (before !== entriesVersion) {
        clear()
        entriesVersion = before
      }
      const cached = before === undefined ? undefined : entries.get(key)
      if (cached !== undefined) return cached
      const clearsBefore = clears
      const value = await load()
      if (value === undefined || before === undefined || version() !== before || clears !== clearsBefore) return value
      if (entries.size >= ENTRY_LIMIT) entries.delete(entries.keys().next().value as string)
      entries.set(key, value)
      return value
    },
    clear,
  }
}
