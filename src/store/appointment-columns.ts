/**
 * @module The appointments table, named once: every stored column with the value a write
 * puts in it, its type in each dialect, and how its value reads back into the Appointment.
 * The SELECT list, both backends' INSERT and UPDATE statements and their parameters, the
 * PostgreSQL batch insert and rowToAppointment are all generated from this map
 * (appointment-statements.ts, rows.ts). It is a record over every key of Appointment and
 * AppointmentSpan, so a field without a column fails `tsc`; test/store/contract.ts writes
 * and reads back every column, and each backend's test compares the map with the migrated
 * table. `change_seq` is not here: the triggers of migration 0007 set it.
 */
import type {
  Appointment, AppointmentData, AppointmentSpan, OccurrenceException, Recurrence,
} from '../domain/appointment.ts'
import type { ShowAs } from '../domain/appointment-schema.ts'
import type { AppointmentRef } from './store.ts'

/** One write of one appointment: what every column's value comes from. */
export interface AppointmentWrite {
  readonly ref: AppointmentRef
  readonly data: AppointmentData
  readonly span: AppointmentSpan
  /** The write's time, ISO UTC. */
  readonly now: string
}

type ColumnValue = string | number | boolean | null

/**
 * How a replace treats the column: `set` writes its value, `key` finds the row by it,
 * `keep` leaves it as created, and `{ sql }` sets it to an expression of the stored row.
 */
type OnReplace = 'set' | 'key' | 'keep' | { readonly sql: string }

export interface StoredColumn {
  readonly name: string
  readonly postgres: 'text' | 'boolean' | 'integer' | 'bigint'
  readonly sqlite: 'TEXT' | 'INTEGER'
  /** The value a create stores, and a replace too when `onReplace` is `set` or `key`. */
  readonly value: (write: AppointmentWrite) => ColumnValue
  readonly onReplace: OnReplace
}

/** A column read back into the Appointment: `read` turns either driver's value into the field. */
interface ReadColumn<T> extends StoredColumn {
  readonly read: (value: unknown) => T
}

type AppointmentColumns = { readonly [K in keyof Appointment]-?: ReadColumn<Appointment[K]> }
/** Written for the listing's indexes, never read back. */
type SpanColumns = { readonly [K in keyof AppointmentSpan]-?: StoredColumn }

const text = (value: unknown): string => String(value)
const nullableText = (value: unknown): string | null => (value === null || value === undefined ? null : String(value))
/** A JSON column's value parsed; undefined for NULL. */
const parsedJson = (value: unknown): unknown => (value === null || value === undefined ? undefined : JSON.parse(String(value)))

/** A column of text in both dialects: the type most columns have. */
function textColumn<T>(
  name: string, onReplace: OnReplace, read: (value: unknown) => T, value: StoredColumn['value'],
): ReadColumn<T> {
  return { name, postgres: 'text', sqlite: 'TEXT', onReplace, read, value }
}

/** Epoch milliseconds: bigint in PostgreSQL, INTEGER in SQLite. */
function epochMsColumn(name: string, value: StoredColumn['value']): StoredColumn {
  return { name, postgres: 'bigint', sqlite: 'INTEGER', onReplace: 'set', value }
}

export const APPOINTMENT_COLUMNS: AppointmentColumns = {
  id: textColumn('id', 'key', text, ({ ref }) => ref.appointmentId),
  customerId: textColumn('customer_id', 'key', text, ({ ref }) => ref.customerId),
  userId: textColumn('user_id', 'key', text, ({ ref }) => ref.userId),
  version: {
    name: 'version', postgres: 'integer', sqlite: 'INTEGER', onReplace: { sql: 'version + 1' }, read: Number,
    value: () => 1,
  },
  subject: textColumn('subject', 'set', text, ({ data }) => data.subject),
  location: textColumn('location', 'set', nullableText, ({ data }) => data.location),
  note: textColumn('note', 'set', nullableText, ({ data }) => data.note),
  timeZone: textColumn('time_zone', 'set', text, ({ data }) => data.timeZone),
  allDayEvent: {
    name: 'all_day', postgres: 'boolean', sqlite: 'INTEGER', onReplace: 'set',
    read: (value) => value === 1 || value === true,
    value: ({ data }) => data.allDayEvent,
  },
  startsAt: textColumn('starts_at', 'set', text, ({ data }) => data.startsAt),
  endsAt: textColumn('ends_at', 'set', text, ({ data }) => data.endsAt),
  recurrence: textColumn('recurrence', 'set',
    (value) => (parsedJson(value) as Recurrence | undefined) ?? null,
    ({ data }) => (data.recurrence ? JSON.stringify(data.recurrence) : null)),
  /** NULL when there are none: an empty list reads back as absent, as AppointmentData allows. */
  exceptions: textColumn('exceptions', 'set',
    (value) => parsedJson(value) as OccurrenceException[] | undefined,
    ({ data }) => (data.exceptions?.length ? JSON.stringify(data.exceptions) : null)),
  /** NULL when absent, as in rows from before migration 0008: it reads back absent, which is Busy. */
  showAs: textColumn('show_as', 'set',
    (value) => (value === null || value === undefined ? undefined : String(value) as ShowAs),
    ({ data }) => data.showAs ?? null),
  createdAt: textColumn('created_at', 'keep', text, ({ now }) => now),
  updatedAt: textColumn('updated_at', 'set', text, ({ now }) => now),
}

const SPAN_COLUMNS: SpanColumns = {
  firstStartMs: epochMsColumn('first_start_ms', ({ span }) => span.firstStartMs),
  lastEndMs: epochMsColumn('last_end_ms', ({ span }) => span.lastEndMs),
}

/** Every stored column: the Appointment's, then the span's. */
export const STORED_COLUMNS: readonly StoredColumn[] = [
  ...Object.values(APPOINTMENT_COLUMNS), ...Object.values(SPAN_COLUMNS),
]

/** The Appointment's fields with the column each reads from, for rowToAppointment. */
export const READ_COLUMNS = Object.entries(APPOINTMENT_COLUMNS) as readonly [keyof Appointment, ReadColumn<unknown>][]
