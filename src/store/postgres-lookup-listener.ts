/**
 * @module Tells a PostgreSQL store when its cached API clients and users may be stale. The
 * lookup tables' triggers (migration 0002) NOTIFY on every change, from any instance or the
 * admin CLI; one dedicated connection LISTENs, and each notification moves the version.
 * While that connection is down nothing can be known, so the version is undefined and
 * nothing is cached; it reconnects by itself. A notification reaches the listener within
 * the database's delivery time after the change commits (well under a millisecond on one
 * host), so the next request after an admin command sees the change.
 */
import pg from 'pg'

const CHANNEL = 'connect_calendar_lookups'
const RECONNECT_MS = 1000

export interface LookupChanges {
  version(): number | undefined
  close(): Promise<void>
}

export function listenForLookupChanges(connectionString: string): LookupChanges {
  let version = 0
  let listening = false
  let closed = false
  let client: pg.Client | undefined
  let retry: NodeJS.Timeout | undefined

  function lost(which: pg.Client): void {
    if (client !== which) return
    client = undefined
    listening = false
    version++
    void which.end().catch(() => undefined)
    if (!closed) retry = setTimeout(connect, RECONNECT_MS).unref()
  }

  async function connect(): Promise<void> {
    const next = new pg.Client({ connectionString })
    client = next
    next.on('notification', () => { version++ })
    next.on('error', () => lost(next))
    next.on('end', () => lost(next))
    try {
      await next.connect()
      await next.query(`LISTEN ${CHANNEL}`)
      if (closed) return void next.end().catch(() => undefined)
      version++
      listening = true
    } catch {
      lost(next)
    }
  }

  void connect()
  return {
    version: () => (listening ? version : undefined),
    async close() {
      closed = true
      listening = false
      clearTimeout(retry)
      const last = client
      client = undefined
      await last?.end().catch(() => undefined)
    },
  }
}
