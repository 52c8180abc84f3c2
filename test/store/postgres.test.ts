import assert from 'node:assert/strict'
import { test } from 'node:test'
import pg from 'pg'
import { readMigrations } from '../../src/store/migrations.ts'
import { openStore } from '../../src/store/open-store.ts'
import { POSTGRES, freshPostgresUrl } from '../helpers/postgres.ts'
import { skipOption } from '../helpers/outside-tools.ts'
import { storeContract } from './contract.ts'
import { expectedAppointmentTable } from './stored-fields-contract.ts'

storeContract('postgres', async (t) => {
  const store = await openStore(await freshPostgresUrl(t))
  t.after(() => store.close())
  return store
}, skipOption(POSTGRES))

test('the appointments table has the column map\'s columns, each of its PostgreSQL type, and no other', { skip: skipOption(POSTGRES) }, async (t) => {
  const url = await freshPostgresUrl(t)
  await (await openStore(url)).close()
  const client = new pg.Client({ connectionString: url })
  await client.connect()
  t.after(() => client.end())
  const { rows } = await client.query(`SELECT column_name, data_type FROM information_schema.columns
    WHERE table_schema = current_schema() AND table_name = 'appointments'`)
  assert.deepEqual(rows.map((row) => `${row.column_name} ${row.data_type}`).sort(), expectedAppointmentTable('postgres'))
})

test('instances starting together on one database migrate it once', { skip: skipOption(POSTGRES) }, async (t) => {
  const url = await freshPostgresUrl(t)
  const stores = await Promise.all([openStore(url), openStore(url), openStore(url)])
  t.after(() => Promise.all(stores.map((store) => store.close())))
  const client = new pg.Client({ connectionString: url })
  await client.connect()
  t.after(() => client.end())
  const { rows } = await client.query('SELECT version FROM schema_migrations ORDER BY version')
  assert.deepEqual(rows.map((row) => row.version), readMigrations('postgres').map((migration) => migration.version))
})

test('what one instance writes, another sees at once', { skip: skipOption(POSTGRES) }, async (t) => {
  const url = await freshPostgresUrl(t)
  const [first, second] = await Promise.all([openStore(url), openStore(url)])
  t.after(() => Promise.all([first.close(), second.close()]))
  await first.addCustomer({ customerId: 'M30011', name: null, timeZone: 'Europe/Stockholm' })
  await first.addUser({ customerId: 'M30011', userId: 'HAN001', name: null })
  assert.equal((await second.findUser({ customerId: 'm30011', userId: 'han001' }))?.user.userId, 'HAN001')
})

test('a bad URL fails to open with the cause, without the password', async () => {
  await assert.rejects(openStore('postgres://postgres:hunter2@127.0.0.1:1/none'), (error: Error) => {
    assert.doesNotMatch(error.message, /hunter2/)
    return true
  })
})

test('a grant revoked through one instance reaches the other instance\'s cached lookups by notification', { skip: skipOption(POSTGRES) }, async (t) => {
  const url = await freshPostgresUrl(t)
  const [admin, server] = await Promise.all([openStore(url), openStore(url)])
  t.after(() => Promise.all([admin.close(), server.close()]))
  await admin.addCustomer({ customerId: 'M30011', name: null, timeZone: 'Europe/Stockholm' })
  await admin.addClient({ username: 'partner', passwordHash: 'scrypt$x', customerIds: ['M30011'] })
  const grants = async () => (await server.findClientByUsername('partner'))?.customerIds
  await until(async () => (await grants())?.length === 1)
  assert.deepEqual(await grants(), ['M30011'])
  await admin.revokeClient('partner', 'M30011')
  await until(async () => (await grants())?.length === 0)
  assert.deepEqual(await grants(), [])
})

/** Waits, turn by turn of the event loop (so notifications are read), for at most 5 s. */
async function until(condition: () => Promise<boolean>): Promise<void> {
  const deadline = Date.now() + 5000
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error('condition not met within 5 s')
    await new Promise((resolve) => setTimeout(resolve, 5))
  }
}
