/**
 * @module Keeps a file-backed Store on the file that is at its path now. SQLite goes on
 * writing into a database file deleted under it (the unlinked inode), so every change
 * would be lost at the next start. Instead the store watches the file's folder (inotify
 * and its kin, no cost per call) and, after anything happened to the file's name, looks at
 * the path on the next call: no file there, and calls fail (a logged 500) until it is back;
 * another file there (a backup restored), and the store is reopened on it. The old file's
 * write-ahead log is removed first: SQLite leaves it behind when its file was replaced, and
 * would otherwise replay the old file's pages into the new one.
 */
import { rmSync, statSync, watch } from 'node:fs'
import { basename, dirname } from 'node:path'
import type { Store } from './store.ts'

const SIDE_FILES = ['-wal', '-shm']

export function followFile(path: string, open: () => Store): Store {
  let store = open()
  let identity = identityOf(path)
  let moved = false
  const name = basename(path)
  const watcher = watch(dirname(path), { persistent: false }, (_event, changed) => {
    if (changed === null || changed === name) moved = true
  })

  function current(): Store {
    if (!moved) return store
    const now = identityOf(path)
    if (now === undefined) throw new Error(`The database file ${path} is gone. Put it back, or restart to start empty.`)
    if (now !== identity) {
      void store.close()
      for (const suffix of SIDE_FILES) rmSync(`${path}${suffix}`, { force: true })
      store = open()
      identity = now
    }
    moved = false
    return store
  }

  /** Every Store method, called on the store for the file there now; close closes the current one. */
  const methods = Object.keys(store).filter((method) => method !== 'close').map((method) => [method,
    async (...parameters: unknown[]) => {
      const target = current() as unknown as Record<string, (...values: unknown[]) => Promise<unknown>>
      return target[method]!(...parameters)
    }])
  return {
    ...Object.fromEntries(methods),
    close: () => {
      watcher.close()
      return store.close()
    },
  } as Store
}

/** Device, inode and birth time: an inode number reused by a new file still differs. */
function identityOf(path: string): string | undefined {
  const stat = statSync(path, { throwIfNoEntry: false })
  return stat && `${stat.dev}:${stat.ino}:${stat.birthtimeMs}`
}
