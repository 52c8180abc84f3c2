/**
 * @module One dedicated PostgreSQL connection that LISTENs on a channel and reconnects by
 * itself a second after it is lost. `connected` runs on every (re)connect, `lost` when the
 * connection goes: notifications sent meanwhile never arrive, so callers assume anything.
 */
import pg from 'pg'

const RECONNECT_MS = 1000

export interface ListenHandlers {
  readonly notified: () => void
  readonly connected: () => void
  readonly lost: () => void
}

/** Starts listening; resolves nothing, returns the stop. */
export function listenOnChannel(connectionString: string, channel: string, handlers: ListenHandlers): () => Promise<void> {
  let closed = false
  let client: pg.Client | undefined
  let retry: NodeJS.Timeout | undefined

  function lost(which: pg.Client): void {
    if (client !== which) return
    client = undefined
    handlers.lost()
    void which.end().catch(() => undefined)
    if (!closed) retry = setTimeout(connect, RECONNECT_MS).unref()
  }

  async function connect(): Promise<void> {
    const next = new pg.Client({ connectionString })
    client = next
    next.on('notification', handlers.notified)
    next.on('error', () => lost(next))
    next.on('end', () => lost(next))
    try {
      await next.connect()
      await next.query(`LISTEN ${channel}`)
      if (closed) return void next.end().catch(() => undefined)
      handlers.connected()
    } catch {
      lost(next)
    }
  }

  void connect()
  return async () => {
    closed = true
    clearTimeout(retry)
    const last = client
    client = undefined
    await last?.end().catch(() => undefined)
  }
}
