/**
 * @module Tells a PostgreSQL store when its cached API clients and users may be stale. The
 * lookup tables' triggers (migration 0002) NOTIFY on every change, from any instance or the
 * admin CLI; one dedicated connection LISTENs, and each notification moves the version.
 * While that connection is down nothing can be known, so the version is undefined and
 * nothing is cached; it reconnects by itself. A notification reaches the listener within
 * the database's delivery time after the change commits (well under a millisecond on one
 * host), so the next request after an admin command sees the change.
 */
import { listenOnChannel } from './postgres-listener.ts'

const CHANNEL = 'connect_calendar_lookups'

export interface LookupChanges {
  version(): number | undefined
  close(): Promise<void>
}

export function listenForLookupChanges(connectionString: string): LookupChanges {
  let version = 0
  let listening = false
  const stop = listenOnChannel(connectionString, CHANNEL, {
    notified: () => { version++ },
    connected: () => {
      version++
      listening = true
    },
    lost: () => {
      listening = false
      version++
    },
  })
  return {
    version: () => (listening ? version : undefined),
    async close() {
      listening = false
      await stop()
    },
  }
}
