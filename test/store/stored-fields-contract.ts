/**
 * @module The store contract for stored fields: every field of the appointment, written
 * through every write path (create, a batch of concurrent creates, replace, occurrence
 * change), reads back equal through every read path (get, the listing's range, the feed's
 * pages, the change feed). The samples are typed Complete over AppointmentData, so a new
 * field fails `tsc` here until both samples give it a value (a text field of the schema
 * gets one from it), and a test checks that the two samples put distinct non-null values in
 * every column of the map.
 */
import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { setImmediate } from 'node:timers/promises'
import { APPOINTMENT_FIELDS, type TextFieldName } from '../../src/domain/appointment-schema.ts'
import type {
  Appointment, AppointmentData, AppointmentSpan, OccurrenceException, Recurrence,
} from '../../src/domain/appointment.ts'
import { validateAppointment } from '../../src/domain/validate-appointment.ts'
import {
  APPOINTMENT_COLUMNS, STORED_COLUMNS, type AppointmentWrite, type StoredColumn,
} from '../../src/store/appointment-columns.ts'
import type { AppointmentRef, Store, UserRef } from '../../src/store/store.ts'
import { TEST_AUDIT } from '../helpers/audit-context.ts'
import type { OpenStore } from './contract.ts'

/** Every key present and none null: what a sample must give, so that no column is left at its default. */
type Complete<T> = { readonly [K in keyof T]-?: NonNullable<T[K]> }

const USER: UserRef = { customerId: 'M30011', userId: 'HAN001' }

const FIRST_RECURRENCE: Complete<Recurrence> = {
  pattern: 'Yearly', interval: 2, daysOfWeek: ['Tuesday', 'Saturday'], month: 10, day: 31, endsOn: '2036-10-31',
  count: 6,
}
const SECOND_RECURRENCE: Complete<Recurrence> = {
  pattern: 'Weekly', interval: 3, daysOfWeek: ['Monday'], month: 2, day: 29, endsOn: '2031-02-28', count: 40,
}
const FIRST_EXCEPTIONS: readonly Complete<OccurrenceException>[] = [
  { originalDate: '2028-10-31', cancelled: true, subject: 'Inställd', location: 'Ingenstans', note: 'Sjuk',
    startsAt: '2028-10-31T09:00:00', endsAt: '2028-10-31T10:00:00', showAs: 'Free' },
  { originalDate: '2030-10-31', cancelled: false, subject: 'Flyttad visning', location: 'Drottninggatan 2',
    note: 'Ny tid — åäö', startsAt: '2030-11-01T13:30:00.5', endsAt: '2030-11-01T14:45:00', showAs: 'OutOfOffice' },
]
const SECOND_EXCEPTIONS: readonly Complete<OccurrenceException>[] = [
  { originalDate: '2029-03-05', cancelled: false, subject: 'Extra', location: 'Kontoret', note: 'Ta med kaffe',
    startsAt: '2029-03-05T08:00:00', endsAt: '2029-03-05T08:30:00', showAs: 'Tentative' },
]

/** The schema's text fields (subject, location, note, …), each sample's text on its example. */
function texts(variant: string): Record<TextFieldName, string> {
  const fields = APPOINTMENT_FIELDS.filter((field) => field.kind === 'text')
  return Object.fromEntries(fields.map((field) => [field.name, `${field.example} ${variant}`])) as Record<TextFieldName, string>
}

/**
 * Every field, each with a value a write that skipped the column could not leave behind.
 * Text fields come from the schema, so a new one is sampled without an edit here.
 */
const FIRST: Complete<AppointmentData> = {
  ...texts('— första: åäö\nrad två\t"citat" <xml> & \'apostrof\''),
  timeZone: 'Australia/Lord_Howe',
  allDayEvent: true,
  startsAt: '2026-10-04T02:15:30.1234567',
  endsAt: '2026-10-05T23:59:59.9999999',
  recurrence: FIRST_RECURRENCE,
  exceptions: FIRST_EXCEPTIONS,
  showAs: 'Tentative',
}
/** Every field different from FIRST's, so a write path that kept an old value fails. */
const SECOND: Complete<AppointmentData> = {
  ...texts('— andra'),
  timeZone: 'America/St_Johns',
  allDayEvent: false,
  startsAt: '2027-03-14T01:30:00',
  endsAt: '2027-03-14T03:00:00.25',
  recurrence: SECOND_RECURRENCE,
  exceptions: SECOND_EXCEPTIONS,
  showAs: 'OutOfOffice',
}
const FIRST_SPAN: AppointmentSpan = { firstStartMs: Date.UTC(2026, 9, 3, 15), lastEndMs: Date.UTC(2036, 9, 31, 13) }
const SECOND_SPAN: AppointmentSpan = { firstStartMs: Date.UTC(2027, 2, 14, 4), lastEndMs: Date.UTC(2031, 1, 28, 6) }

function ref(appointmentId: string): AppointmentRef {
  return { ...USER, appointmentId }
}

/** Waits until the clock has passed the instant, so a later write's time differs from it. */
async function pastInstant(iso: string): Promise<void> {
  while (Date.now() <= Date.parse(iso)) await setImmediate()
}

async function seed(store: Store): Promise<void> {
  await store.addCustomer({ customerId: USER.customerId, name: null, timeZone: 'Europe/Stockholm' })
  await store.addUser({ ...USER, name: null })
}

/** The appointment as written: the sample, its owner and id, and what the store stamped on it. */
function expected(data: AppointmentData, written: Appointment, version: number): Appointment {
  return {
    ...data, ...USER, id: written.id, version, createdAt: written.createdAt, updatedAt: written.updatedAt,
  }
}

/** Reads the appointment back through every read path; each must equal `want`. */
async function assertReadsBack(store: Store, want: Appointment, span: AppointmentSpan): Promise<void> {
  const id = want.id
  assert.deepEqual(await store.getAppointment(ref(id)), want, 'getAppointment')
  const touching = await store.listAppointmentsTouching(USER, { fromMs: span.firstStartMs, toMs: span.firstStartMs + 1 })
  assert.deepEqual(touching.find((appointment) => appointment.id === id), want, 'listAppointmentsTouching')
  const page = await store.listAppointmentsPage(USER, null, 100)
  assert.deepEqual(page.find((appointment) => appointment.id === id), want, 'listAppointmentsPage')
  const changes = await store.listChanges(USER, null, 100)
  assert.deepEqual(changes.changes.find((change) => change.appointmentId === id)?.appointment, want, 'listChanges')
}

/** The listing finds the appointment by the span written last: from its first start up to its last end, no further. */
async function assertFoundBySpan(store: Store, id: string, span: AppointmentSpan): Promise<void> {
  const lastEndMs = span.lastEndMs!
  const listed = async (fromMs: number, toMs: number) =>
    (await store.listAppointmentsTouching(USER, { fromMs, toMs })).some((appointment) => appointment.id === id)
  assert.equal(await listed(span.firstStartMs - 2, span.firstStartMs - 1), false, 'before the first start')
  assert.equal(await listed(span.firstStartMs, span.firstStartMs + 1), true, 'at the first start')
  assert.equal(await listed(lastEndMs, lastEndMs + 1), true, 'at the last end')
  assert.equal(await listed(lastEndMs + 1, lastEndMs + 2), false, 'after the last end')
}

export function storedFieldsContract(open: OpenStore): void {
  describe('every stored field, through every write and read path', () => {
    test('the samples put a distinct non-null value in every column; the map reads every field and every text field of the schema', () => {
      const write = (data: AppointmentData, span: AppointmentSpan, now: string): AppointmentWrite =>
        ({ ref: ref('sample'), data, span, now })
      const first = write(FIRST, FIRST_SPAN, '2026-01-01T00:00:00.000Z')
      const second = write(SECOND, SECOND_SPAN, '2026-01-02T00:00:00.000Z')
      for (const column of STORED_COLUMNS) {
        assert.notEqual(column.value(first), null, column.name)
        if (column.onReplace === 'set') assert.notDeepEqual(column.value(first), column.value(second), column.name)
      }
      const appointment = expected(FIRST, { id: 'x', createdAt: 'c', updatedAt: 'u' } as Appointment, 1)
      assert.deepEqual(Object.keys(APPOINTMENT_COLUMNS).sort(), Object.keys(appointment).sort())
      for (const field of APPOINTMENT_FIELDS) {
        if (field.kind === 'text') assert.ok(field.name in APPOINTMENT_COLUMNS, `the schema's ${field.name} has a column`)
      }
    })

    test('every text field of the schema reaches its column through the validator', () => {
      const textFields = APPOINTMENT_FIELDS.filter((field) => field.kind === 'text')
      const body = { startsAt: '2026-03-02T10:00:00', ...Object.fromEntries(textFields.map((field) => [field.name, field.example])) }
      const data = validateAppointment(body, 'Europe/Stockholm')
      const write: AppointmentWrite = { ref: ref('sample'), data, span: FIRST_SPAN, now: '2026-01-01T00:00:00.000Z' }
      for (const field of textFields) {
        const column = (APPOINTMENT_COLUMNS as Readonly<Record<string, StoredColumn>>)[field.name]
        assert.equal(column?.value(write), field.example, `${field.name} is stored as sent`)
      }
    })

    test('create writes every field', async (t) => {
      const store = await open(t)
      await seed(store)
      const created = await store.createAppointment(USER, { id: 'created', data: FIRST, span: FIRST_SPAN }, TEST_AUDIT)
      assert.deepEqual(created, expected(FIRST, created, 1))
      await assertReadsBack(store, created, FIRST_SPAN)
      await assertFoundBySpan(store, 'created', FIRST_SPAN)
    })

    test('creates committed together in one batch write every field of each', async (t) => {
      const store = await open(t)
      await seed(store)
      const batch = [FIRST, SECOND, FIRST, SECOND].map((data, index) => ({
        id: `batch-${index}`, data, span: index % 2 === 0 ? FIRST_SPAN : SECOND_SPAN,
      }))
      const created = await Promise.all(batch.map((appointment) => store.createAppointment(USER, appointment, TEST_AUDIT)))
      for (const [index, appointment] of created.entries()) {
        assert.deepEqual(appointment, expected(batch[index]!.data, appointment, 1))
        await assertReadsBack(store, appointment, batch[index]!.span)
      }
      await assertFoundBySpan(store, 'batch-1', SECOND_SPAN)
    })

    const replaces = [
      { action: 'replace', from: [FIRST, FIRST_SPAN], to: [SECOND, SECOND_SPAN], expectedVersion: 1 },
      { action: 'occurrence-change', from: [SECOND, SECOND_SPAN], to: [FIRST, FIRST_SPAN], expectedVersion: undefined },
    ] as const
    for (const { action, from: [before, beforeSpan], to: [data, span], expectedVersion } of replaces) {
      test(`a replace with action ${action} writes every field`, async (t) => {
        const store = await open(t)
        await seed(store)
        const created = await store.createAppointment(USER, { id: 'replaced', data: before, span: beforeSpan }, TEST_AUDIT)
        await pastInstant(created.updatedAt)
        const result = await store.replaceAppointment(ref('replaced'), { data, span, expectedVersion, audit: TEST_AUDIT, action })
        assert.equal(result.status, 'replaced')
        const replaced = result.status === 'replaced' ? result.appointment : created
        assert.deepEqual(replaced, { ...expected(data, replaced, 2), createdAt: created.createdAt })
        assert.ok(replaced.updatedAt > created.updatedAt, 'the write stamps its own time')
        await assertReadsBack(store, replaced, span)
        await assertFoundBySpan(store, 'replaced', span)
        assert.deepEqual((await store.listAuditEntries({ limit: 10 })).map((entry) => entry.action), ['create', action])
      })
    }
  })
}

/**
 * The appointments table a migrated database should have: the map's columns with their
 * type in the dialect, plus change_seq (set by migration 0007's triggers), by name. Each
 * backend's test compares it with the table, so a column the map names but no migration adds
 * (or the reverse, or another type) fails there.
 */
export function expectedAppointmentTable(dialect: 'postgres' | 'sqlite'): string[] {
  const changeSeq = dialect === 'postgres' ? 'change_seq bigint' : 'change_seq INTEGER'
  return [...STORED_COLUMNS.map((column) => `${column.name} ${column[dialect]}`), changeSeq].sort()
}
