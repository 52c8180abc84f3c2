/**
 * @module The Store contract, backend-neutral: every backend's test file calls
 * `storeContract` with a function that opens a fresh, empty, migrated store and arranges its
 * own cleanup (closing the store, removing files or schemas) with `t.after`.
 */
import assert from 'node:assert/strict'
import { describe, test, type TestContext } from 'node:test'
import type { Appointment, AppointmentData, AppointmentSpan } from '../../src/domain/appointment.ts'
import {
  StoreConflict, type AppointmentRef, type AuditEntry, type ReplaceResult, type Store, type UserRef,
} from '../../src/store/store.ts'
import { TEST_AUDIT } from '../helpers/audit-context.ts'
import { storedFieldsContract } from './stored-fields-contract.ts'

export type OpenStore = (t: TestContext) => Promise<Store>

const CUSTOMER = 'M30011'
const OTHER_CUSTOMER = 'S30164'
const USER: UserRef = { customerId: CUSTOMER, userId: 'HAN001' }
const COLLEAGUE: UserRef = { customerId: CUSTOMER, userId: 'PER002' }
const NAMESAKE: UserRef = { customerId: OTHER_CUSTOMER, userId: 'HAN001' }
/** Opaque to the store; shaped like a real hash so a leak is easy to spot. */
const HASH = 'scrypt$16384$8$1$c2FsdHNhbHRzYWx0$aGFzaGhhc2hoYXNoaGFzaA'

const MEETING: AppointmentData = {
  subject: 'Visning Storgatan 1',
  location: null,
  note: null,
  timeZone: 'Europe/Stockholm',
  allDayEvent: false,
  startsAt: '2026-03-02T10:00:00',
  endsAt: '2026-03-02T11:00:00',
  recurrence: null,
}

const SERIES: AppointmentData = {
  subject: 'Öppet hus',
  location: 'Storgatan 1, Stockholm',
  note: 'Ta med nycklar — åäö\nrad två',
  timeZone: 'America/New_York',
  allDayEvent: true,
  startsAt: '2026-03-02T00:00:00',
  endsAt: '2026-03-03T00:00:00',
  recurrence: {
    pattern: 'Weekly', interval: 2, daysOfWeek: ['Monday', 'Thursday'], month: null, day: null,
    endsOn: '2026-06-30', count: null,
  },
}

const MEETING_SPAN: AppointmentSpan = { firstStartMs: Date.UTC(2026, 2, 2, 9), lastEndMs: Date.UTC(2026, 2, 2, 10) }
const SERIES_SPAN: AppointmentSpan = { firstStartMs: Date.UTC(2026, 2, 1, 23), lastEndMs: null }

function conflict(code: StoreConflict['code']) {
  return (error: unknown): true => {
    assert.ok(error instanceof StoreConflict, `expected a StoreConflict, got ${String(error)}`)
    assert.equal(error.code, code)
    return true
  }
}

/** Customers M30011 (users HAN001, PER002) and S30164 (user HAN001). */
async function seedUsers(store: Store): Promise<void> {
  await store.addCustomer({ customerId: CUSTOMER, name: 'Test Mäkleri', timeZone: 'Europe/Stockholm' })
  await store.addCustomer({ customerId: OTHER_CUSTOMER, name: null, timeZone: 'Europe/Helsinki' })
  for (const user of [USER, COLLEAGUE, NAMESAKE]) await store.addUser({ ...user, name: null })
}

function replaced(result: ReplaceResult): Appointment {
  if (result.status !== 'replaced') assert.fail(`expected replaced, got ${result.status}`)
  return result.appointment
}

function ref(user: UserRef, appointmentId: string): AppointmentRef {
  return { ...user, appointmentId }
}

function ids(appointments: readonly Appointment[]): string[] {
  return appointments.map((appointment) => appointment.id).sort()
}

/** `skip`: the suite's skip line when the backend's server is missing (see outside-tools.ts). */
export function storeContract(name: string, open: OpenStore, skip: string | false = false): void {
  describe(`Store contract: ${name}`, { skip }, () => {
    customerAndUserContract(open)
    clientContract(open)
    appointmentContract(open)
    storedFieldsContract(open)
    touchingContract(open)
    nulKeyContract(open)
    pingContract(open)
    feedContract(open)
  })
}

function pingContract(open: OpenStore): void {
  describe('ping', () => {
    test('an open store answers a ping, empty or not; pool use, when reported, is whole counts', async (t) => {
      const store = await open(t)
      await store.ping()
      await seedUsers(store)
      await store.ping()
      const use = store.poolUse?.()
      if (use) for (const count of [use.total, use.idle, use.waiting]) assert.ok(Number.isInteger(count) && count >= 0)
    })
  })
}

function customerAndUserContract(open: OpenStore): void {
  describe('customers and users', () => {
    test('a new store has no customers and no clients', async (t) => {
      const store = await open(t)
      assert.deepEqual(await store.listCustomers(), [])
      assert.deepEqual(await store.listClients(), [])
      assert.equal(await store.countClients(), 0)
    })

    test('added customers are listed with their name and time zone', async (t) => {
      const store = await open(t)
      await store.addCustomer({ customerId: OTHER_CUSTOMER, name: null, timeZone: 'Europe/Helsinki' })
      await store.addCustomer({ customerId: CUSTOMER, name: 'Test Mäkleri', timeZone: 'Europe/Stockholm' })
      const customers = (await store.listCustomers()).sort((a, b) => a.customerId.localeCompare(b.customerId))
      assert.deepEqual(customers, [
        { customerId: CUSTOMER, name: 'Test Mäkleri', timeZone: 'Europe/Stockholm' },
        { customerId: OTHER_CUSTOMER, name: null, timeZone: 'Europe/Helsinki' },
      ])
    })

    test('adding a customer twice, in any casing, is a duplicate conflict', async (t) => {
      const store = await open(t)
      await store.addCustomer({ customerId: CUSTOMER, name: 'First', timeZone: 'Europe/Stockholm' })
      await assert.rejects(store.addCustomer({ customerId: CUSTOMER, name: 'Again', timeZone: 'UTC' }), conflict('duplicate'))
      await assert.rejects(store.addCustomer({ customerId: 'm30011', name: 'Lower', timeZone: 'UTC' }), conflict('duplicate'))
      assert.deepEqual(await store.listCustomers(), [{ customerId: CUSTOMER, name: 'First', timeZone: 'Europe/Stockholm' }])
    })

    test('users are listed per customer, the customer matched case-insensitively', async (t) => {
      const store = await open(t)
      await seedUsers(store)
      await store.addUser({ customerId: CUSTOMER, userId: 'ANN003', name: 'Anna' })
      const users = (await store.listUsers('m30011')).sort((a, b) => a.userId.localeCompare(b.userId))
      assert.deepEqual(users, [
        { customerId: CUSTOMER, userId: 'ANN003', name: 'Anna' },
        { customerId: CUSTOMER, userId: 'HAN001', name: null },
        { customerId: CUSTOMER, userId: 'PER002', name: null },
      ])
      assert.deepEqual(await store.listUsers(OTHER_CUSTOMER), [{ ...NAMESAKE, name: null }])
    })

    test('listing the users of an unknown customer is a not-found conflict', async (t) => {
      const store = await open(t)
      await assert.rejects(store.listUsers('NOPE'), conflict('not-found'))
    })

    test('a user id is unique within its customer, in any casing, but may repeat across customers', async (t) => {
      const store = await open(t)
      await seedUsers(store)
      await assert.rejects(store.addUser({ ...USER, name: 'Again' }), conflict('duplicate'))
      await assert.rejects(store.addUser({ customerId: 'm30011', userId: 'han001', name: null }), conflict('duplicate'))
      assert.equal((await store.listUsers(CUSTOMER)).length, 2)
      assert.equal((await store.listUsers(OTHER_CUSTOMER)).length, 1)
    })

    test('adding a user to an unknown customer is a not-found conflict', async (t) => {
      const store = await open(t)
      await assert.rejects(store.addUser({ customerId: 'NOPE', userId: 'HAN001', name: null }), conflict('not-found'))
    })

    test('findUser matches case-insensitively and answers the canonical casing', async (t) => {
      const store = await open(t)
      await store.addCustomer({ customerId: CUSTOMER, name: 'Test Mäkleri', timeZone: 'Europe/Stockholm' })
      await store.addUser({ ...USER, name: 'Hanna' })
      const expected = {
        user: { customerId: CUSTOMER, userId: 'HAN001', name: 'Hanna' },
        customer: { customerId: CUSTOMER, name: 'Test Mäkleri', timeZone: 'Europe/Stockholm' },
      }
      assert.deepEqual(await store.findUser(USER), expected)
      assert.deepEqual(await store.findUser({ customerId: 'm30011', userId: 'han001' }), expected)
    })

    test('findUser answers undefined for an unknown user or customer', async (t) => {
      const store = await open(t)
      await seedUsers(store)
      assert.equal(await store.findUser({ customerId: CUSTOMER, userId: 'NOBODY' }), undefined)
      assert.equal(await store.findUser({ customerId: 'NOPE', userId: 'HAN001' }), undefined)
      assert.equal(await store.findUser({ customerId: OTHER_CUSTOMER, userId: COLLEAGUE.userId }), undefined)
    })
  })
}

function nulKeyContract(open: OpenStore): void {
  test('keys holding U+0000 match nothing (PostgreSQL text cannot hold one)', async (t) => {
    const store = await open(t)
    await seedUsers(store)
    await store.addClient({ username: 'partner', passwordHash: HASH, customerIds: [CUSTOMER] })
    await store.createAppointment(USER, { id: 'appt-1', data: MEETING, span: MEETING_SPAN }, TEST_AUDIT)
    const nul = (text: string) => `${text}\u0000`
    assert.equal(await store.findUser({ customerId: CUSTOMER, userId: nul('HAN001') }), undefined)
    assert.equal(await store.findUser({ customerId: nul(CUSTOMER), userId: 'HAN001' }), undefined)
    assert.equal(await store.findClientByUsername(nul('partner')), undefined)
    const missing = ref(USER, nul('appt-1'))
    assert.equal(await store.getAppointment(missing), undefined)
    assert.deepEqual(await store.replaceAppointment(missing, { data: MEETING, span: MEETING_SPAN, audit: TEST_AUDIT }), { status: 'not-found' })
    assert.equal(await store.deleteAppointment(missing, TEST_AUDIT), false)
    await assert.rejects(store.listUsers(nul(CUSTOMER)), conflict('not-found'))
    await assert.rejects(store.disableClient(nul('partner')), conflict('not-found'))
  })
}

function clientContract(open: OpenStore): void {
  describe('API clients', () => {
    test('an added client is found by username with its hash and canonical grants', async (t) => {
      const store = await open(t)
      await seedUsers(store)
      await store.addClient({ username: 'partner', passwordHash: HASH, customerIds: ['s30164', 'm30011'] })
      const client = await store.findClientByUsername('partner')
      assert.ok(client)
      assert.deepEqual({ ...client, customerIds: [...client.customerIds].sort() },
        { username: 'partner', passwordHash: HASH, disabled: false, customerIds: [CUSTOMER, OTHER_CUSTOMER] })
      assert.equal(await store.findClientByUsername('nobody'), undefined)
    })

    test('listClients shows grants and status but never the password hash', async (t) => {
      const store = await open(t)
      await seedUsers(store)
      await store.addClient({ username: 'beta', passwordHash: HASH, customerIds: [OTHER_CUSTOMER] })
      await store.addClient({ username: 'alpha', passwordHash: HASH, customerIds: [CUSTOMER, OTHER_CUSTOMER] })
      const clients = await store.listClients()
      assert.deepEqual(
        clients.map((c) => ({ ...c, customerIds: [...c.customerIds].sort() })).sort((a, b) => a.username.localeCompare(b.username)),
        [
          { username: 'alpha', disabled: false, customerIds: [CUSTOMER, OTHER_CUSTOMER] },
          { username: 'beta', disabled: false, customerIds: [OTHER_CUSTOMER] },
        ])
      assert.ok(!JSON.stringify(clients).includes('scrypt$'))
      assert.equal(await store.countClients(), 2)
    })

    test('adding a client twice is a duplicate conflict and leaves the first as it was', async (t) => {
      const store = await open(t)
      await seedUsers(store)
      await store.addClient({ username: 'partner', passwordHash: HASH, customerIds: [CUSTOMER] })
      await assert.rejects(store.addClient({ username: 'partner', passwordHash: 'other', customerIds: [OTHER_CUSTOMER] }),
        conflict('duplicate'))
      const client = await store.findClientByUsername('partner')
      assert.equal(client?.passwordHash, HASH)
      assert.deepEqual(client?.customerIds, [CUSTOMER])
      assert.equal(await store.countClients(), 1)
    })

    test('adding a client with an unknown customer is a not-found conflict and adds nothing', async (t) => {
      const store = await open(t)
      await seedUsers(store)
      await assert.rejects(store.addClient({ username: 'partner', passwordHash: HASH, customerIds: [CUSTOMER, 'NOPE'] }),
        conflict('not-found'))
      assert.equal(await store.findClientByUsername('partner'), undefined)
      assert.equal(await store.countClients(), 0)
    })

    test('grant adds a customer once, revoke removes it, both match the customer case-insensitively', async (t) => {
      const store = await open(t)
      await seedUsers(store)
      await store.addClient({ username: 'partner', passwordHash: HASH, customerIds: [CUSTOMER] })
      await store.grantClient('partner', 's30164')
      await store.grantClient('partner', OTHER_CUSTOMER)
      assert.deepEqual([...(await store.findClientByUsername('partner'))?.customerIds ?? []].sort(), [CUSTOMER, OTHER_CUSTOMER])
      await store.revokeClient('partner', 'm30011')
      assert.deepEqual((await store.findClientByUsername('partner'))?.customerIds, [OTHER_CUSTOMER])
      await store.revokeClient('partner', CUSTOMER)
      assert.deepEqual((await store.listClients())[0]?.customerIds, [OTHER_CUSTOMER])
    })

    test('grant and revoke with an unknown client or customer are not-found conflicts', async (t) => {
      const store = await open(t)
      await seedUsers(store)
      await store.addClient({ username: 'partner', passwordHash: HASH, customerIds: [CUSTOMER] })
      await assert.rejects(store.grantClient('partner', 'NOPE'), conflict('not-found'))
      await assert.rejects(store.grantClient('nobody', CUSTOMER), conflict('not-found'))
      await assert.rejects(store.revokeClient('partner', 'NOPE'), conflict('not-found'))
      await assert.rejects(store.revokeClient('nobody', CUSTOMER), conflict('not-found'))
      assert.deepEqual((await store.findClientByUsername('partner'))?.customerIds, [CUSTOMER])
    })

    test('a disabled client is still found and listed, marked disabled, with its grants', async (t) => {
      const store = await open(t)
      await seedUsers(store)
      await store.addClient({ username: 'partner', passwordHash: HASH, customerIds: [CUSTOMER] })
      await store.addClient({ username: 'other', passwordHash: HASH, customerIds: [CUSTOMER] })
      await store.disableClient('partner')
      assert.deepEqual(await store.findClientByUsername('partner'),
        { username: 'partner', passwordHash: HASH, disabled: true, customerIds: [CUSTOMER] })
      assert.equal((await store.findClientByUsername('other'))?.disabled, false)
      const listed = (await store.listClients()).find((client) => client.username === 'partner')
      assert.deepEqual(listed, { username: 'partner', disabled: true, customerIds: [CUSTOMER] })
      assert.equal(await store.countClients(), 2)
      await assert.rejects(store.disableClient('nobody'), conflict('not-found'))
    })

    test('enable, a new password and remove change the client; each change to a client is audited, a refused one not', async (t) => {
      const store = await open(t)
      await seedUsers(store)
      await store.addClient({ username: 'partner', passwordHash: HASH, customerIds: [CUSTOMER] })
      await store.disableClient('partner')
      await store.enableClient('partner')
      await store.setClientPassword('partner', 'scrypt$new')
      assert.deepEqual(await store.findClientByUsername('partner'),
        { username: 'partner', passwordHash: 'scrypt$new', disabled: false, customerIds: [CUSTOMER] })
      await store.grantClient('partner', OTHER_CUSTOMER.toLowerCase())
      await store.revokeClient('partner', CUSTOMER)
      await store.removeClient('partner')
      assert.equal(await store.findClientByUsername('partner'), undefined)
      assert.deepEqual(await store.listClients(), [])
      const refusals = [() => store.enableClient('partner'), () => store.setClientPassword('partner', HASH),
        () => store.removeClient('partner')]
      for (const refused of refusals) await assert.rejects(refused(), conflict('not-found'))
      await store.addClient({ username: 'partner', passwordHash: HASH, customerIds: [] })
      assert.deepEqual(await store.findClientByUsername('partner'), { username: 'partner', passwordHash: HASH, disabled: false, customerIds: [] })

      const entries = await store.listAuditEntries({ limit: 100 })
      assert.deepEqual(entries.map((entry) => [entry.action, entry.client, entry.customerId, entry.userId, entry.requestId]), [
        ['client-add', 'partner', null, null, null], ['client-disable', 'partner', null, null, null],
        ['client-enable', 'partner', null, null, null], ['client-password', 'partner', null, null, null],
        ['client-grant', 'partner', OTHER_CUSTOMER, null, null], ['client-revoke', 'partner', CUSTOMER, null, null],
        ['client-remove', 'partner', null, null, null], ['client-add', 'partner', null, null, null],
      ])
      assert.ok(!JSON.stringify(entries).includes('scrypt'))
      assert.deepEqual((await store.listAuditEntries({ customerId: CUSTOMER, limit: 100 })).map((entry) => entry.action), ['client-revoke'])
    })
  })
}

function appointmentContract(open: OpenStore): void {
  describe('appointments', () => {
    async function storeWithMeeting(t: TestContext) {
      const store = await open(t)
      await seedUsers(store)
      const created = await store.createAppointment(USER, { id: 'appt-1', data: MEETING, span: MEETING_SPAN }, TEST_AUDIT)
      return { store, created }
    }

    test('creates made at once are all stored; one refused (a taken id) fails alone', async (t) => {
      const store = await open(t)
      await seedUsers(store)
      await store.createAppointment(USER, { id: 'taken', data: MEETING, span: MEETING_SPAN }, TEST_AUDIT)
      const ids = Array.from({ length: 50 }, (_, index) => (index === 20 ? 'taken' : `batch-${index}`))
      const results = await Promise.allSettled(ids.map((id) => store.createAppointment(USER, { id, data: MEETING, span: MEETING_SPAN }, TEST_AUDIT)))
      assert.deepEqual(results.map((result) => result.status),
        ids.map((id) => (id === 'taken' ? 'rejected' : 'fulfilled')))
      for (const id of ids) assert.ok(await store.getAppointment(ref(USER, id)), id)
      const listed = await store.listAppointmentsTouching(USER, { fromMs: MEETING_SPAN.firstStartMs, toMs: MEETING_SPAN.lastEndMs! })
      assert.equal(listed.length, 50)
    })

    test('a user\'s lookups see a grant, a revoke and a disable made through the same store at once', async (t) => {
      const store = await open(t)
      await seedUsers(store)
      await store.addClient({ username: 'partner', passwordHash: HASH, customerIds: [CUSTOMER] })
      assert.deepEqual((await store.findClientByUsername('partner'))?.customerIds, [CUSTOMER])
      await store.grantClient('partner', OTHER_CUSTOMER)
      assert.deepEqual((await store.findClientByUsername('partner'))?.customerIds, [CUSTOMER, OTHER_CUSTOMER])
      await store.revokeClient('partner', CUSTOMER)
      assert.deepEqual((await store.findClientByUsername('partner'))?.customerIds, [OTHER_CUSTOMER])
      await store.disableClient('partner')
      assert.equal((await store.findClientByUsername('partner'))?.disabled, true)
      assert.equal(await store.findUser({ customerId: CUSTOMER, userId: 'NEW005' }), undefined)
      await store.addUser({ customerId: CUSTOMER, userId: 'NEW005', name: null })
      assert.equal((await store.findUser({ customerId: CUSTOMER, userId: 'NEW005' }))?.user.userId, 'NEW005')
    })

    test('create answers version 1 with the data, and get reads the same back', async (t) => {
      const { store, created } = await storeWithMeeting(t)
      assert.deepEqual({ ...created, createdAt: '', updatedAt: '' },
        { ...MEETING, ...USER, id: 'appt-1', version: 1, createdAt: '', updatedAt: '' })
      assert.ok(!Number.isNaN(Date.parse(created.createdAt)), created.createdAt)
      assert.equal(created.updatedAt, created.createdAt)
      assert.deepEqual(await store.getAppointment(ref(USER, 'appt-1')), created)
    })

    test('every field round-trips: all-day, text with newlines and åäö, a weekly recurrence', async (t) => {
      const store = await open(t)
      await seedUsers(store)
      const created = await store.createAppointment(USER, { id: 'series', data: SERIES, span: SERIES_SPAN }, TEST_AUDIT)
      assert.deepEqual(created, { ...SERIES, ...USER, id: 'series', version: 1,
        createdAt: created.createdAt, updatedAt: created.updatedAt })
      assert.deepEqual(await store.getAppointment(ref(USER, 'series')), created)
    })

    test('get answers undefined for an unknown id and for another user\'s appointment', async (t) => {
      const { store } = await storeWithMeeting(t)
      assert.equal(await store.getAppointment(ref(USER, 'nope')), undefined)
      assert.equal(await store.getAppointment(ref(COLLEAGUE, 'appt-1')), undefined)
      assert.equal(await store.getAppointment(ref(NAMESAKE, 'appt-1')), undefined)
    })

    test('replace without an expected version bumps the version and keeps createdAt', async (t) => {
      const { store, created } = await storeWithMeeting(t)
      const appointment = replaced(await store.replaceAppointment(ref(USER, 'appt-1'), { data: SERIES, span: SERIES_SPAN, audit: TEST_AUDIT }))
      assert.deepEqual({ ...appointment, updatedAt: '' },
        { ...SERIES, ...USER, id: 'appt-1', version: 2, createdAt: created.createdAt, updatedAt: '' })
      assert.ok(appointment.updatedAt >= created.updatedAt)
      assert.deepEqual(await store.getAppointment(ref(USER, 'appt-1')), appointment)
      assert.equal(replaced(await store.replaceAppointment(ref(USER, 'appt-1'), { data: MEETING, span: MEETING_SPAN, audit: TEST_AUDIT })).version, 3)
    })

    test('replace with the stored version succeeds; with a stale one it is a version mismatch', async (t) => {
      const { store } = await storeWithMeeting(t)
      assert.equal(replaced(await store.replaceAppointment(ref(USER, 'appt-1'), { data: SERIES, span: SERIES_SPAN, expectedVersion: 1, audit: TEST_AUDIT })).version, 2)
      assert.deepEqual(await store.replaceAppointment(ref(USER, 'appt-1'), { data: MEETING, span: MEETING_SPAN, expectedVersion: 1, audit: TEST_AUDIT }),
        { status: 'version-mismatch' })
      assert.deepEqual(await store.replaceAppointment(ref(USER, 'appt-1'), { data: MEETING, span: MEETING_SPAN, expectedVersion: 3, audit: TEST_AUDIT }),
        { status: 'version-mismatch' })
      const stored = await store.getAppointment(ref(USER, 'appt-1'))
      assert.equal(stored?.version, 2)
      assert.equal(stored?.subject, SERIES.subject)
    })

    test('replace of an unknown or another user\'s appointment is not found, with or without a version', async (t) => {
      const { store, created } = await storeWithMeeting(t)
      for (const target of [ref(USER, 'nope'), ref(COLLEAGUE, 'appt-1'), ref(NAMESAKE, 'appt-1')]) {
        assert.deepEqual(await store.replaceAppointment(target, { data: SERIES, span: SERIES_SPAN, audit: TEST_AUDIT }), { status: 'not-found' })
        assert.deepEqual(await store.replaceAppointment(target, { data: SERIES, span: SERIES_SPAN, expectedVersion: 1, audit: TEST_AUDIT }), { status: 'not-found' })
      }
      assert.deepEqual(await store.getAppointment(ref(USER, 'appt-1')), created)
    })

    test('delete answers true once, then false; another user cannot delete it', async (t) => {
      const { store, created } = await storeWithMeeting(t)
      assert.equal(await store.deleteAppointment(ref(COLLEAGUE, 'appt-1'), TEST_AUDIT), false)
      assert.equal(await store.deleteAppointment(ref(NAMESAKE, 'appt-1'), TEST_AUDIT), false)
      assert.deepEqual(await store.getAppointment(ref(USER, 'appt-1')), created)
      assert.equal(await store.deleteAppointment(ref(USER, 'appt-1'), TEST_AUDIT), true)
      assert.equal(await store.getAppointment(ref(USER, 'appt-1')), undefined)
      assert.equal(await store.deleteAppointment(ref(USER, 'appt-1'), TEST_AUDIT), false)
      assert.deepEqual(await store.replaceAppointment(ref(USER, 'appt-1'), { data: MEETING, span: MEETING_SPAN, audit: TEST_AUDIT }), { status: 'not-found' })
    })
  })
}

function touchingContract(open: OpenStore): void {
  describe('listAppointmentsTouching', () => {
    const HOUR = 3_600_000
    const T = Date.UTC(2026, 0, 1)
    /** early [T, T+1h], late [T+5h, T+6h], open-ended from T+3h. */
    async function storeWithSpans(t: TestContext) {
      const store = await open(t)
      await seedUsers(store)
      const spans: Record<string, AppointmentSpan> = {
        early: { firstStartMs: T, lastEndMs: T + HOUR },
        late: { firstStartMs: T + 5 * HOUR, lastEndMs: T + 6 * HOUR },
        endless: { firstStartMs: T + 3 * HOUR, lastEndMs: null },
      }
      for (const [id, span] of Object.entries(spans)) {
        await store.createAppointment(USER, { id, data: MEETING, span }, TEST_AUDIT)
        await store.createAppointment(COLLEAGUE, { id: `colleague-${id}`, data: MEETING, span }, TEST_AUDIT)
        await store.createAppointment(NAMESAKE, { id: `namesake-${id}`, data: MEETING, span }, TEST_AUDIT)
      }
      return store
    }

    async function touching(store: Store, fromHours: number, toHours: number): Promise<string[]> {
      return ids(await store.listAppointmentsTouching(USER, { fromMs: T + fromHours * HOUR, toMs: T + toHours * HOUR }))
    }

    test('a range covering everything lists all of the user\'s appointments and no one else\'s', async (t) => {
      const store = await storeWithSpans(t)
      const listed = await store.listAppointmentsTouching(USER, { fromMs: T - 100 * HOUR, toMs: T + 100 * HOUR })
      assert.deepEqual(ids(listed), ['early', 'endless', 'late'])
      for (const appointment of listed) assert.deepEqual([appointment.customerId, appointment.userId], [USER.customerId, USER.userId])
      assert.deepEqual(ids(await store.listAppointmentsTouching(COLLEAGUE, { fromMs: T, toMs: T + HOUR })), ['colleague-early'])
    })

    test('the listed appointments are whole: the same as get answers', async (t) => {
      const store = await storeWithSpans(t)
      const [listed] = await store.listAppointmentsTouching(USER, { fromMs: T, toMs: T + 1 })
      assert.deepEqual(listed, await store.getAppointment(ref(USER, 'early')))
    })

    test('an appointment touches when it starts before the range ends and ends at or after it starts', async (t) => {
      const store = await storeWithSpans(t)
      assert.deepEqual(await touching(store, -2, -1), [])
      assert.deepEqual(await touching(store, -1, 0), [], 'starting exactly at the range end is outside')
      assert.deepEqual(await touching(store, -1, 0.5), ['early'])
      assert.deepEqual(await touching(store, 1, 2), ['early'], 'ending exactly at the range start is inside')
      assert.deepEqual(await touching(store, 1.5, 2), [])
      assert.deepEqual(await touching(store, 1.5, 3), [])
      assert.deepEqual(await touching(store, 2, 4), ['endless'])
      assert.deepEqual(await touching(store, 5.5, 5.6), ['endless', 'late'])
      assert.deepEqual(await touching(store, 6, 7), ['endless', 'late'])
      assert.deepEqual(await touching(store, 1000, 1001), ['endless'], 'a series without end touches every later range')
    })

    test('a user without appointments, or an unknown user, lists nothing', async (t) => {
      const store = await storeWithSpans(t)
      const everything = { fromMs: T - 100 * HOUR, toMs: T + 100 * HOUR }
      await store.addUser({ customerId: CUSTOMER, userId: 'NEW004', name: null })
      assert.deepEqual(await store.listAppointmentsTouching({ customerId: CUSTOMER, userId: 'NEW004' }, everything), [])
      assert.deepEqual(await store.listAppointmentsTouching({ customerId: CUSTOMER, userId: 'NOBODY' }, everything), [])
    })

    test('replace and delete move and remove an appointment in the listing', async (t) => {
      const store = await storeWithSpans(t)
      await store.replaceAppointment(ref(USER, 'early'), { data: MEETING, span: { firstStartMs: T + 10 * HOUR, lastEndMs: T + 11 * HOUR }, audit: TEST_AUDIT })
      assert.deepEqual(await touching(store, 0, 1), [])
      assert.deepEqual(await touching(store, 10, 10.5), ['early', 'endless'])
      await store.deleteAppointment(ref(USER, 'endless'), TEST_AUDIT)
      assert.deepEqual(await touching(store, 10, 10.5), ['early'])
    })

    test('several users in one read: each one\'s list as listAppointmentsTouching gives it, in the order asked', async (t) => {
      const store = await storeWithSpans(t)
      const range = { fromMs: T + 5.5 * HOUR, toMs: T + 5.6 * HOUR }
      const lists = await store.listUsersAppointmentsTouching(CUSTOMER.toLowerCase(), ['per002', 'NOBODY', 'HAN001'], range)
      assert.deepEqual(lists.map(ids), [['colleague-endless', 'colleague-late'], [], ['endless', 'late']])
      const byId = (list: readonly Appointment[]) => list.toSorted((a, b) => (a.id < b.id ? -1 : 1))
      assert.deepEqual(byId(lists[2]!), byId(await store.listAppointmentsTouching(USER, range)), 'whole appointments')
      assert.deepEqual(await store.listUsersAppointmentsTouching(CUSTOMER, [], range), [])
    })

    test('change numbers: one per user asked, moved on by every write to that user\'s appointments only, 0 before any', async (t) => {
      const store = await storeWithSpans(t)
      const asked = ['per002', 'NOBODY', 'HAN001']
      const first = await store.readChangeNumbers(CUSTOMER.toLowerCase(), asked)
      const [colleague, nobody, user] = first.numbers
      assert.equal(nobody, 0)
      assert.ok(colleague! > 0 && user! > 0)
      await store.replaceAppointment(ref(USER, 'early'), { data: MEETING, span: { firstStartMs: T, lastEndMs: T + HOUR }, audit: TEST_AUDIT })
      assert.deepEqual((await store.readChangeNumbers(CUSTOMER, asked)).numbers, [colleague, 0, user! + 1])
      await store.deleteAppointment(ref(USER, 'late'), TEST_AUDIT)
      const last = await store.readChangeNumbers(CUSTOMER, asked)
      assert.deepEqual(last.numbers, [colleague, 0, user! + 2])
      assert.equal(last.database, first.database, 'the same database, the same identity')
      assert.deepEqual((await store.readChangeNumbers(OTHER_CUSTOMER, ['HAN001'])).numbers, [3], 'the namesake\'s own three creates')
    })
  })
}

function feedContract(open: OpenStore): void {
  describe('calendar feeds', () => {
    const span = (hour: number): AppointmentSpan => ({ firstStartMs: Date.UTC(2026, 2, 2, hour), lastEndMs: null })

    test('a user\'s appointments come page by page in one id order, each once, nobody else\'s', async (t) => {
      const store = await open(t)
      await seedUsers(store)
      for (const id of ['c', 'a', 'E', 'b', 'd']) await store.createAppointment(USER, { id, data: MEETING, span: span(1) }, TEST_AUDIT)
      await store.createAppointment(COLLEAGUE, { id: 'x', data: MEETING, span: span(1) }, TEST_AUDIT)
      await store.createAppointment(NAMESAKE, { id: 'y', data: MEETING, span: span(1) }, TEST_AUDIT)
      const lower = { customerId: CUSTOMER.toLowerCase(), userId: USER.userId.toLowerCase() }
      const first = await store.listAppointmentsPage(lower, null, 2)
      const second = await store.listAppointmentsPage(USER, first.at(-1)!.id, 2)
      const third = await store.listAppointmentsPage(USER, second.at(-1)!.id, 2)
      const paged = [first, second, third].map((page) => page.map((appointment) => appointment.id))
      assert.deepEqual(paged.map((page) => page.length), [2, 2, 1])
      assert.deepEqual(paged.flat().toSorted(), ['E', 'a', 'b', 'c', 'd'], 'each of the user\'s appointments once')
      assert.deepEqual(first[0], await store.getAppointment(ref(USER, first[0]!.id)))
      assert.deepEqual(await store.listAppointmentsPage(USER, paged[2]![0]!, 2), [])
    })

    test('the summary changes with every create, replace and delete', async (t) => {
      const store = await open(t)
      await seedUsers(store)
      assert.deepEqual(await store.summarizeCalendar(USER), { zones: [] })
      await store.createAppointment(USER, { id: 'a', data: MEETING, span: span(9) }, TEST_AUDIT)
      await store.createAppointment(USER, { id: 'b', data: MEETING, span: span(7) }, TEST_AUDIT)
      await store.createAppointment(USER, { id: 'c', data: SERIES, span: SERIES_SPAN }, TEST_AUDIT)
      await store.createAppointment(COLLEAGUE, { id: 'x', data: MEETING, span: span(1) }, TEST_AUDIT)
      const created = await store.summarizeCalendar(USER)
      assert.deepEqual(created.zones.map(({ lastUpdatedAt: _, ...zone }) => zone), [
        { timeZone: 'America/New_York', count: 1, versionSum: 1, firstTimedStartMs: null },
        { timeZone: 'Europe/Stockholm', count: 2, versionSum: 2, firstTimedStartMs: Date.UTC(2026, 2, 2, 7) },
      ])
      const stockholm = created.zones[1]!
      const b = await store.getAppointment(ref(USER, 'b'))
      assert.equal(stockholm.lastUpdatedAt, [b!.updatedAt, (await store.getAppointment(ref(USER, 'a')))!.updatedAt].sort()[1])
      replaced(await store.replaceAppointment(ref(USER, 'a'), { data: MEETING, span: span(9), audit: TEST_AUDIT }))
      const afterReplace = await store.summarizeCalendar(USER)
      assert.equal(afterReplace.zones[1]!.versionSum, 3)
      assert.ok(afterReplace.zones[1]!.lastUpdatedAt >= stockholm.lastUpdatedAt)
      await store.deleteAppointment(ref(USER, 'b'), TEST_AUDIT)
      const afterDelete = await store.summarizeCalendar({ customerId: 'm30011', userId: 'han001' })
      assert.deepEqual(afterDelete.zones.map((zone) => [zone.count, zone.versionSum, zone.firstTimedStartMs]),
        [[1, 1, null], [1, 2, Date.UTC(2026, 2, 2, 9)]])
    })

    test('a token hash finds its user until revoked; tokens list without hashes, per customer or all', async (t) => {
      const store = await open(t)
      await seedUsers(store)
      const added = await store.addFeedToken({ feedId: 'f1', tokenHash: 'hash-1', customerId: 'm30011', userId: 'han001' })
      assert.equal(added.customerId, CUSTOMER, 'ids are stored as the user is')
      assert.equal(added.userId, USER.userId)
      assert.equal(added.revokedAt, null)
      assert.ok(!Number.isNaN(Date.parse(added.createdAt)))
      await store.addFeedToken({ feedId: 'f2', tokenHash: 'hash-2', ...NAMESAKE })
      assert.deepEqual(await store.findFeedTokenUser('hash-1'), { ...USER, feedId: 'f1' })
      assert.equal(await store.findFeedTokenUser('hash-3'), undefined)
      assert.deepEqual((await store.listFeedTokens()).map((feed) => feed.feedId), ['f1', 'f2'])
      assert.deepEqual(await store.listFeedTokens(OTHER_CUSTOMER.toLowerCase()),
        [{ feedId: 'f2', ...NAMESAKE, createdAt: (await store.listFeedTokens(OTHER_CUSTOMER))[0]!.createdAt, revokedAt: null }])
      assert.ok(!JSON.stringify(await store.listFeedTokens()).includes('hash-'), 'no hash is listed')

      assert.equal(await store.revokeFeedToken('f1', NAMESAKE), false, 'another user cannot revoke it')
      assert.deepEqual(await store.findFeedTokenUser('hash-1'), { ...USER, feedId: 'f1' })
      assert.equal(await store.revokeFeedToken('f1', { customerId: 'm30011', userId: 'han001' }), true)
      assert.equal(await store.findFeedTokenUser('hash-1'), undefined)
      assert.equal(await store.revokeFeedToken('f1'), false, 'already revoked')
      assert.equal(await store.revokeFeedToken('nope'), false)
      assert.equal(await store.revokeFeedToken('f2'), true, 'without a user, any token')
      const listed = await store.listFeedTokens()
      assert.ok(listed.every((feed) => feed.revokedAt !== null && !Number.isNaN(Date.parse(feed.revokedAt))))
    })

    test('a token for an unknown user is refused; keys holding U+0000 match nothing', async (t) => {
      const store = await open(t)
      await seedUsers(store)
      await assert.rejects(store.addFeedToken({ feedId: 'f1', tokenHash: 'h', customerId: CUSTOMER, userId: 'NOBODY' }),
        conflict('not-found'))
      assert.equal(await store.findFeedTokenUser('h\u0000'), undefined)
      assert.equal(await store.revokeFeedToken('f\u0000'), false)
      assert.deepEqual(await store.listFeedTokens('M\u0000'), [])
      assert.deepEqual(await store.listAppointmentsPage({ customerId: 'M\u0000', userId: 'x' }, null, 10), [])
      assert.deepEqual(await store.summarizeCalendar({ customerId: 'M\u0000', userId: 'x' }), { zones: [] })
    })
  })

  describe('audit log', () => {
    const AUDIT_A = { clientUsername: 'partner-a', requestId: 'req-a' }
    const AUDIT_B = { clientUsername: 'partner-b', requestId: 'req-b' }
    const summary = (entries: readonly AuditEntry[]) => entries.map((entry) =>
      [entry.action, entry.client, entry.customerId, entry.userId, entry.appointmentId ?? entry.feedId, entry.requestId])

    test('each write that changed something has one entry, oldest first; refused writes have none', async (t) => {
      const store = await open(t)
      await seedUsers(store)
      await store.createAppointment(USER, { id: 'appt-1', data: MEETING, span: MEETING_SPAN }, AUDIT_A)
      await assert.rejects(store.createAppointment(USER, { id: 'appt-1', data: MEETING, span: MEETING_SPAN }, AUDIT_B))
      replaced(await store.replaceAppointment(ref(USER, 'appt-1'), { data: SERIES, span: SERIES_SPAN, audit: AUDIT_B }))
      await store.replaceAppointment(ref(USER, 'appt-1'), { data: MEETING, span: MEETING_SPAN, expectedVersion: 1, audit: AUDIT_B })
      await store.replaceAppointment(ref(USER, 'gone'), { data: MEETING, span: MEETING_SPAN, audit: AUDIT_B })
      assert.equal(await store.deleteAppointment(ref(USER, 'appt-1'), AUDIT_A), true)
      assert.equal(await store.deleteAppointment(ref(USER, 'appt-1'), AUDIT_A), false)
      await store.addFeedToken({ feedId: 'f1', tokenHash: 'hash-1', ...NAMESAKE }, AUDIT_B)
      await store.addFeedToken({ feedId: 'f2', tokenHash: 'hash-2', ...NAMESAKE })
      await assert.rejects(store.addFeedToken({ feedId: 'f3', tokenHash: 'h3', customerId: CUSTOMER, userId: 'NOBODY' }, AUDIT_B))
      assert.equal(await store.revokeFeedToken('f1', NAMESAKE, AUDIT_A), true)
      assert.equal(await store.revokeFeedToken('f1', NAMESAKE, AUDIT_A), false)

      const entries = await store.listAuditEntries({ limit: 100 })
      assert.deepEqual(summary(entries), [
        ['create', 'partner-a', CUSTOMER, USER.userId, 'appt-1', 'req-a'],
        ['replace', 'partner-b', CUSTOMER, USER.userId, 'appt-1', 'req-b'],
        ['delete', 'partner-a', CUSTOMER, USER.userId, 'appt-1', 'req-a'],
        ['feed-create', 'partner-b', OTHER_CUSTOMER, NAMESAKE.userId, 'f1', 'req-b'],
        ['feed-revoke', 'partner-a', OTHER_CUSTOMER, NAMESAKE.userId, 'f1', 'req-a'],
      ])
      assert.ok(entries.every((entry, index) => Number.isInteger(entry.id) && entry.at === new Date(entry.at).toISOString()
        && (index === 0 || (entry.id > entries[index - 1]!.id && entry.at >= entries[index - 1]!.at))))
      assert.ok(!JSON.stringify(entries).includes('hash-') && !JSON.stringify(entries).includes(MEETING.subject))
    })

    test('creates committed together in one batch each have their entry, and a refused one none', async (t) => {
      const store = await open(t)
      await seedUsers(store)
      await store.createAppointment(USER, { id: 'taken', data: MEETING, span: MEETING_SPAN }, AUDIT_A)
      const ids = ['b1', 'taken', 'b2', 'b3']
      const results = await Promise.allSettled(ids.map((id, index) => store.createAppointment(USER,
        { id, data: MEETING, span: MEETING_SPAN }, { clientUsername: 'partner-b', requestId: `req-${index}` })))
      assert.deepEqual(results.map((result) => result.status), ['fulfilled', 'rejected', 'fulfilled', 'fulfilled'])
      const entries = await store.listAuditEntries({ limit: 100 })
      assert.deepEqual(entries.map((entry) => `${entry.appointmentId} ${entry.requestId}`).sort(),
        ['b1 req-0', 'b2 req-2', 'b3 req-3', 'taken req-a'])
    })

    test('listed by customer (any case), from (inclusive) and to (exclusive), the latest `limit` ones', async (t) => {
      const store = await open(t)
      await seedUsers(store)
      for (const id of ['a', 'b', 'c']) await store.createAppointment(USER, { id, data: MEETING, span: MEETING_SPAN }, AUDIT_A)
      await store.createAppointment(NAMESAKE, { id: 'x', data: MEETING, span: MEETING_SPAN }, AUDIT_B)
      const all = await store.listAuditEntries({ limit: 100 })
      const ids = (entries: readonly AuditEntry[]) => entries.map((entry) => entry.appointmentId)
      assert.deepEqual(ids(await store.listAuditEntries({ customerId: CUSTOMER.toLowerCase(), limit: 100 })), ['a', 'b', 'c'])
      assert.deepEqual(ids(await store.listAuditEntries({ customerId: OTHER_CUSTOMER, limit: 100 })), ['x'])
      assert.deepEqual(ids(await store.listAuditEntries({ limit: 2 })), ['c', 'x'])
      assert.deepEqual(ids(await store.listAuditEntries({ customerId: CUSTOMER, limit: 1 })), ['c'])
      const first = all[0]!.at
      assert.equal((await store.listAuditEntries({ from: first, limit: 100 })).length, 4)
      assert.deepEqual(await store.listAuditEntries({ to: first, limit: 100 }), [])
      assert.deepEqual(await store.listAuditEntries({ from: '2999-01-01T00:00:00.000Z', limit: 100 }), [])
      assert.deepEqual(await store.listAuditEntries({ customerId: 'M\u0000', limit: 100 }), [])
    })
  })
}
