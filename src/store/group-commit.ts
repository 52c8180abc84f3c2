/**
 * @module Group commit: writes asked for while the previous commit was under way (or during
 * the same turn of the event loop) are committed together in one transaction, and each
 * caller is answered only once that transaction has committed. Concurrent creates then
 * share one transaction's locks and log write instead of each paying its own.
 */

/** Writes the items in one transaction; per item undefined (written) or the error refusing it. */
export type BatchWrite<Item> = (items: readonly Item[]) => Promise<readonly (Error | undefined)[]>

interface Waiting<Item> {
  readonly item: Item
  readonly resolve: () => void
  readonly reject: (error: unknown) => void
}

export interface GroupCommit<Item> {
  write(item: Item): Promise<void>
  /** Resolves once nothing is waiting or being written. */
  drain(): Promise<void>
}

const BATCH_LIMIT = 500

export function createGroupCommit<Item>(writeBatch: BatchWrite<Item>, concurrentBatches = 1): GroupCommit<Item> {
  let waiting: Waiting<Item>[] = []
  let scheduled = false
  let running = 0
  let idle: (() => void)[] = []

  function schedule(): void {
    if (scheduled || running >= concurrentBatches || waiting.length === 0) return
    scheduled = true
    setImmediate(flush)
  }

  async function flush(): Promise<void> {
    scheduled = false
    const batch = waiting.slice(0, BATCH_LIMIT)
    waiting = waiting.slice(BATCH_LIMIT)
    running++
    try {
      const results = await writeBatch(batch.map((entry) => entry.item))
      batch.forEach((entry, index) => {
        const error = results[index]
        if (error) entry.reject(error)
        else entry.resolve()
      })
    } catch (error) {
      for (const entry of batch) entry.reject(error)
    } finally {
      running--
      schedule()
      settleIdle()
    }
  }

  function settleIdle(): void {
    if (running > 0 || waiting.length > 0) return
    for (const resolve of idle) resolve()
    idle = []
  }

  return {
    write(item) {
      return new Promise((resolve, reject) => {
        waiting.push({ item, resolve, reject })
        schedule()
      })
    },
    drain() {
      if (running === 0 && waiting.length === 0) return Promise.resolve()
      return new Promise((resolve) => idle.push(resolve))
    },
  }
}
