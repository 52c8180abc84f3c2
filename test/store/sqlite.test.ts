import assert from 'node:assert/strict'
import { spawn } from 'node:child_process'
import { once } from 'node:events'
import { mkdir, mkdtemp, rename, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { DatabaseSync } from 'node:sqlite'
import { describe, test, type TestContext } from 'node:test'
import { setTimeout as sleep } from 'node:timers/promises'
import type { AppointmentData } from '../../src/domain/appointment.ts'
import { readMigrations } from '../../src/store/migrations.ts'
import { openStore } from '../../src/store/open-store.ts'
import type { Store } from '../../src/store/store.ts'
import { storeContract } from './contract.ts'
import { expectedAppointmentTable } from './stored-fields-contract.ts'
import { TEST_AUDIT } from '../helpers/audit-context.ts'

interface TempDatabase {
  readonly path: string
  /** Opens a store on the file; every store opened is closed before the folder is removed. */
  open(): Promise<Store>
}

async function tempDatabase(t: TestContext): Promise<TempDatabase> {
  const dir = await mkdtemp(join(tmpdir(), 'calendar-store-'))
  const stores: Store[] = []
  t.after(async () => {
    for (const store of stores) await store.close()
    await rm(dir, { recursive: true, force: true })
  })
  const path = join(dir, 'nested', 'calendar.db')
  return {
    path,
    async open() {
      const store = await openStore(`sqlite:${path}`)
      stores.push(store)
      return store
    },
  }
}

function appliedMigrations(path: string): { version: string; applied_at: string }[] {
  const db = new DatabaseSync(path, { readOnly: true })
  try {
    return db.prepare('SELECT version, applied_at FROM schema_migrations ORDER BY version').all()
      .map((row) => ({ version: String(row.version), applied_at: String(row.applied_at) }))
  } finally {
    db.close()
  }
}

/** A second process that says "opening" on stdout, then opens (and migrates) the store at `path`. */
function openInChildProcess(path: string) {
  const openStoreUrl = new URL('../../src/store/open-store.ts', import.meta.url).href
  const script = `const { openStore } = await import(${JSON.stringify(openStoreUrl)})
    process.stdout.write('opening\\n')
    await (await openStore(${JSON.stringify(`sqlite:${path}`)})).close()`
  const child = spawn(process.execPath, ['--input-type=module', '--eval', script], { stdio: ['ignore', 'pipe', 'pipe'] })
  let stderr = ''
  child.stderr.on('data', (chunk) => { stderr += chunk })
  return { child, stderr: () => stderr }
}

storeContract('sqlite file', async (t) => (await tempDatabase(t)).open())

storeContract('sqlite :memory:', async (t) => {
  const store = await openStore('sqlite::memory:')
  t.after(() => store.close())
  return store
})

describe('SQLite store', () => {
  const meeting: AppointmentData = {
    subject: 'Visning', location: 'Storgatan 1', note: null, timeZone: 'Europe/Stockholm', allDayEvent: false,
    startsAt: '2026-03-02T10:00:00', endsAt: '2026-03-02T11:00:00', recurrence: null,
  }

  test('the appointments table has the column map\'s columns, each of its SQLite type, and no other', async (t) => {
    const database = await tempDatabase(t)
    await (await database.open()).close()
    const db = new DatabaseSync(database.path, { readOnly: true })
    try {
      const columns = db.prepare("SELECT name, type FROM pragma_table_info('appointments')").all()
      assert.deepEqual(columns.map((row) => `${String(row.name)} ${String(row.type)}`).sort(), expectedAppointmentTable('sqlite'))
    } finally {
      db.close()
    }
  })

  test('opening a new file, in a folder that does not exist yet, records every migration', async (t) => {
    const database = await tempDatabase(t)
    await (await database.open()).close()
    const applied = appliedMigrations(database.path)
    assert.deepEqual(applied.map((row) => row.version), readMigrations('sqlite').map((migration) => migration.version))
    assert.ok(applied.length > 0)
    for (const row of applied) assert.ok(!Number.isNaN(Date.parse(row.applied_at)), row.applied_at)
  })

  test('reopening an existing file applies no migration again', async (t) => {
    const database = await tempDatabase(t)
    await (await database.open()).close()
    const before = appliedMigrations(database.path)
    await (await database.open()).close()
    await (await database.open()).close()
    assert.deepEqual(appliedMigrations(database.path), before)
  })

  test('a process opening the file while another is migrating it waits, then applies nothing again', async (t) => {
    const database = await tempDatabase(t)
    await mkdir(dirname(database.path), { recursive: true })
    const migrating = new DatabaseSync(database.path)
    t.after(() => migrating.isOpen && migrating.close())
    migrating.exec('PRAGMA journal_mode = WAL')
    migrating.exec('CREATE TABLE schema_migrations (version TEXT PRIMARY KEY, applied_at TEXT NOT NULL)')
    migrating.exec('BEGIN IMMEDIATE')
    for (const migration of readMigrations('sqlite')) {
      migrating.exec(migration.sql)
      migrating.prepare('INSERT INTO schema_migrations VALUES (?, ?)').run(migration.version, 'by the other process')
    }
    const opener = openInChildProcess(database.path)
    await once(opener.child.stdout, 'data')
    await sleep(300)
    migrating.exec('COMMIT')
    migrating.close()
    const [code] = await once(opener.child, 'close')
    assert.equal(opener.stderr(), '')
    assert.equal(code, 0)
    assert.deepEqual(appliedMigrations(database.path).map((row) => row.applied_at),
      readMigrations('sqlite').map(() => 'by the other process'))
  })

  test('customers, users, clients and appointments survive close and reopen', async (t) => {
    const database = await tempDatabase(t)
    const first = await database.open()
    await first.addCustomer({ customerId: 'M30011', name: 'Test Mäkleri', timeZone: 'Europe/Stockholm' })
    await first.addUser({ customerId: 'M30011', userId: 'HAN001', name: 'Hanna' })
    await first.addClient({ username: 'partner', passwordHash: 'scrypt$x', customerIds: ['M30011'] })
    await first.disableClient('partner')
    const user = { customerId: 'M30011', userId: 'HAN001' }
    const created = await first.createAppointment(user, {
      id: 'kept', data: meeting, span: { firstStartMs: 1_000, lastEndMs: 2_000 },
    }, TEST_AUDIT)
    await first.close()

    const second = await database.open()
    assert.deepEqual(await second.listCustomers(), [{ customerId: 'M30011', name: 'Test Mäkleri', timeZone: 'Europe/Stockholm' }])
    assert.deepEqual(await second.listUsers('M30011'), [{ ...user, name: 'Hanna' }])
    assert.deepEqual(await second.findClientByUsername('partner'),
      { username: 'partner', passwordHash: 'scrypt$x', disabled: true, customerIds: ['M30011'] })
    assert.deepEqual(await second.getAppointment({ ...user, appointmentId: 'kept' }), created)
    assert.deepEqual(await second.listAppointmentsTouching(user, { fromMs: 1_500, toMs: 1_600 }), [created])
  })

  test('two stores on one file see each other\'s changes at once, as the server and the CLI do', async (t) => {
    const database = await tempDatabase(t)
    const server = await database.open()
    const admin = await database.open()
    await admin.addCustomer({ customerId: 'M30011', name: null, timeZone: 'Europe/Stockholm' })
    await admin.addCustomer({ customerId: 'S30164', name: null, timeZone: 'Europe/Stockholm' })
    await admin.addClient({ username: 'partner', passwordHash: 'scrypt$x', customerIds: ['M30011'] })
    assert.deepEqual((await server.findClientByUsername('partner'))?.customerIds, ['M30011'])
    await admin.grantClient('partner', 'S30164')
    assert.deepEqual((await server.findClientByUsername('partner'))?.customerIds, ['M30011', 'S30164'])
    await admin.revokeClient('partner', 'M30011')
    assert.deepEqual((await server.findClientByUsername('partner'))?.customerIds, ['S30164'])
    await admin.disableClient('partner')
    assert.equal((await server.findClientByUsername('partner'))?.disabled, true)
  })

  test('a file deleted under the store fails every call until it is back, rather than writing into the lost file', async (t) => {
    const database = await tempDatabase(t)
    const store = await database.open()
    await store.addCustomer({ customerId: 'M30011', name: null, timeZone: 'Europe/Stockholm' })
    await rename(database.path, `${database.path}.moved`)
    await noticed(() => store.listCustomers().then(() => false, () => true))
    await assert.rejects(store.listCustomers(), /database file .* is gone/)
    await assert.rejects(store.addCustomer({ customerId: 'S30164', name: null, timeZone: 'Europe/Stockholm' }))
    await rename(`${database.path}.moved`, database.path)
    await noticed(() => store.listCustomers().then(() => true, () => false))
    assert.deepEqual((await store.listCustomers()).map((customer) => customer.customerId), ['M30011'])
  })

  test('a file replaced under the store (a backup restored) is reopened', async (t) => {
    const database = await tempDatabase(t)
    const store = await database.open()
    await store.addCustomer({ customerId: 'M30011', name: null, timeZone: 'Europe/Stockholm' })
    const backupPath = join(dirname(database.path), 'backup.db')
    const backup = await openStore(`sqlite:${backupPath}`)
    await backup.addCustomer({ customerId: 'G2', name: null, timeZone: 'Europe/Stockholm' })
    await backup.close()
    await rename(backupPath, database.path)
    await noticed(async () => (await store.listCustomers()).some((customer) => customer.customerId === 'G2'))
    assert.deepEqual((await store.listCustomers()).map((customer) => customer.customerId), ['G2'])
    await store.addCustomer({ customerId: 'T2', name: null, timeZone: 'Europe/Stockholm' })
    assert.equal(appliedMigrations(database.path).length, readMigrations('sqlite').length)
  })

  test('closing twice is harmless', async () => {
    const store = await openStore('sqlite::memory:')
    await store.close()
    await store.close()
  })
})

/**
 * The store learns of a move through a folder watch, delivered as an event a moment after the
 * rename: wait for it, turn by turn (at most 5 s), rather than for a fixed time.
 */
async function noticed(condition: () => Promise<boolean>): Promise<void> {
  const deadline = Date.now() + 5000
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error('the store did not notice the move within 5 s')
    await sleep(5)
  }
}
