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

  /** The store method of that name, called on the store for the file there now. */
  function delegate<Name extends Exclude<keyof Store, 'close'>>(name: Name): Store[Name] {
    return (async (...parameters: unknown[]) => {
      const target = current()
      return (target[name] as (...values: unknown[]) => Promise<unknown>).apply(target, parameters)
    }) as Store[Name]
  }

  return {
    findUser: delegate('findUser'),
    findClientByUsername: delegate('findClientByUsername'),
    createAppointment: delegate('createAppointment'),
    getAppointment: delegate('getAppointment'),
    replaceAppointment: delegate('replaceAppointment'),
    deleteAppointment: delegate('deleteAppointment'),
    listAppointmentsTouching: delegate('listAppointmentsTouching'),
    addCustomer: delegate('addCustomer'),
    listCustomers: delegate('listCustomers'),
    addUser: delegate('addUser'),
    listUsers: delegate('listUsers'),
    addClient: delegate('addClient'),
    listClients: delegate('listClients'),
    countClients: delegate('countClients'),
    grantClient: delegate('grantClient'),
    revokeClient: delegate('revokeClient'),
    disableClient: delegate('disableClient'),
    close: () => store.close(),
  }
}

/** Device, inode and birth time: an inode number reused by a new file still differs. */
function identityOf(path: string): string | undefined {
  const stat = statSync(path, { throwIfNoEntry: false })
  return stat && `${stat.dev}:${stat.ino}:${stat.birthtimeMs}`
}
