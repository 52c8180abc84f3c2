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

export const APPOINTMENT_COLUMNS: AppointmentColumns = {
  id: {
    name: 'id', postgres: 'text', sqlite: 'TEXT', onReplace: 'key', read: text,
    value: ({ ref }) => ref.appointmentId,
  },
  customerId: {
    name: 'customer_id', postgres: 'text', sqlite: 'TEXT', onReplace: 'key', read: text,
    value: ({ ref }) => ref.customerId,
  },
  userId: {
    name: 'user_id', postgres: 'text', sqlite: 'TEXT', onReplace: 'key', read: text,
    value: ({ ref }) => ref.userId,
  },
  version: {
    name: 'version', postgres: 'integer', sqlite: 'INTEGER', onReplace: { sql: 'version + 1' }, read: Number,
    value: () => 1,
  },
  subject: {
    name: 'subject', postgres: 'text', sqlite: 'TEXT', onReplace: 'set', read: text,
    value: ({ data }) => data.subject,
  },
  location: {
    name: 'location', postgres: 'text', sqlite: 'TEXT', onReplace: 'set', read: nullableText,
    value: ({ data }) => data.location,
  },
  note: {
    name: 'note', postgres: 'text', sqlite: 'TEXT', onReplace: 'set', read: nullableText,
    value: ({ data }) => data.note,
  },
  timeZone: {
    name: 'time_zone', postgres: 'text', sqlite: 'TEXT', onReplace: 'set', read: text,
    value: ({ data }) => data.timeZone,
  },
  allDayEvent: {
    name: 'all_day', postgres: 'boolean', sqlite: 'INTEGER', onReplace: 'set',
    read: (value) => value === 1 || value === true,
    value: ({ data }) => data.allDayEvent,
  },
  startsAt: {
    name: 'starts_at', postgres: 'text', sqlite: 'TEXT', onReplace: 'set', read: text,
    value: ({ data }) => data.startsAt,
  },
  endsAt: {
    name: 'ends_at', postgres: 'text', sqlite: 'TEXT', onReplace: 'set', read: text,
    value: ({ data }) => data.endsAt,
  },
  recurrence: {
    name: 'recurrence', postgres: 'text', sqlite: 'TEXT', onReplace: 'set',
    read: (value) => (parsedJson(value) as Recurrence | undefined) ?? null,
    value: ({ data }) => (data.recurrence ? JSON.stringify(data.recurrence) : null),
  },
  /** NULL when there are none: an empty list reads back as absent, as AppointmentData allows. */
  exceptions: {
    name: 'exceptions', postgres: 'text', sqlite: 'TEXT', onReplace: 'set',
    read: (value) => parsedJson(value) as OccurrenceException[] | undefined,
    value: ({ data }) => (data.exceptions?.length ? JSON.stringify(data.exceptions) : null),
  },
  /** NULL when absent, as in rows from before migration 0008: it reads back absent, which is Busy. */
  showAs: {
    name: 'show_as', postgres: 'text', sqlite: 'TEXT', onReplace: 'set',
    read: (value) => (value === null || value === undefined ? undefined : String(value) as ShowAs),
    value: ({ data }) => data.showAs ?? null,
  },
  createdAt: {
    name: 'created_at', postgres: 'text', sqlite: 'TEXT', onReplace: 'keep', read: text,
    value: ({ now }) => now,
  },
  updatedAt: {
    name: 'updated_at', postgres: 'text', sqlite: 'TEXT', onReplace: 'set', read: text,
    value: ({ now }) => now,
  },
}

const SPAN_COLUMNS: SpanColumns = {
  firstStartMs: {
    name: 'first_start_ms', postgres: 'bigint', sqlite: 'INTEGER', onReplace: 'set',
    value: ({ span }) => span.firstStartMs,
  },
  lastEndMs: {
    name: 'last_end_ms', postgres: 'bigint', sqlite: 'INTEGER', onReplace: 'set',
    value: ({ span }) => span.lastEndMs,
  },
}

/** Every stored column: the Appointment's, then the span's. */
export const STORED_COLUMNS: readonly StoredColumn[] = [
  ...Object.values(APPOINTMENT_COLUMNS), ...Object.values(SPAN_COLUMNS),
]

/** The Appointment's fields with the column each reads from, for rowToAppointment. */
export const READ_COLUMNS = Object.entries(APPOINTMENT_COLUMNS) as readonly [keyof Appointment, ReadColumn<unknown>][]
