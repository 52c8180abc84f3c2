/**
 * @module Keeps a file-backed Store on the file that is at its path now. SQLite goes on
 * writing into a database file deleted under it (the unlinked inode), so every change
 * would be lost at the next start. Instead each call first looks at the path: no file
 * there, and the call fails (a logged 500) until it is back; another file there (a backup
 * restored), and the store is reopened on it. The old file's write-ahead log is removed
 * first: SQLite leaves it behind when its file was replaced, and would otherwise replay
 * the old file's pages into the new one.
 */
import { rmSync, statSync } from 'node:fs'
import type { Store } from './store.ts'

const SIDE_FILES = ['-wal', '-shm']

export function followFile(path: string, open: () => Store): Store {
  let store = open()
  let identity = identityOf(path)

  function current(): Store {
    const now = identityOf(path)
    if (now === undefined) throw new Error(`The database file ${path} is gone. Put it back, or restart to start empty.`)
    if (now !== identity) {
      void store.close()
      for (const suffix of SIDE_FILES) rmSync(`${path}${suffix}`, { force: true })
      store = open()
      identity = now
    }
    return store
  }

  /** Every Store method, called on the store for the file there now; close closes the current one. */
  const methods = Object.keys(store).filter((name) => name !== 'close').map((name) => [name,
    async (...parameters: unknown[]) => {
      const target = current() as unknown as Record<string, (...values: unknown[]) => Promise<unknown>>
      return target[name]!(...parameters)
    }])
  return { ...Object.fromEntries(methods), close: () => store.close() } as Store
}

/** Device, inode and birth time: an inode number reused by a new file still differs. */
function identityOf(path: string): string | undefined {
  const stat = statSync(path, { throwIfNoEntry: false })
  return stat && `${stat.dev}:${stat.ino}:${stat.birthtimeMs}`
}
