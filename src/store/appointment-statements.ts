/**
 * @module The appointment statements of both backends and their parameters, generated from
 * the column map (appointment-columns.ts), so a column is written by every write path or by
 * none. A create sets every column; a replace finds the row by the `key` columns and sets the
 * rest but the `keep` ones.
 */
import type { SQLInputValue } from 'node:sqlite'
import {
  APPOINTMENT_COLUMNS, STORED_COLUMNS, type AppointmentWrite, type StoredColumn,
} from './appointment-columns.ts'
import { AUDIT_INSERT } from './postgres-audit.ts'
import type { AuditContext } from './store.ts'

/** The columns an Appointment is read from (rowToAppointment), for SELECT and RETURNING lists. */
export const APPOINTMENT_SELECT = Object.values(APPOINTMENT_COLUMNS).map((column) => column.name).join(', ')

const KEY_COLUMNS = STORED_COLUMNS.filter((column) => column.onReplace === 'key')
/** Set by a replace to an expression of the stored row. */
const COMPUTED_ON_REPLACE = STORED_COLUMNS.filter((column) => typeof column.onReplace === 'object')
/** Set by a replace to a parameter. */
const SET_ON_REPLACE = STORED_COLUMNS.filter((column) => column.onReplace === 'set')

function names(columns: readonly StoredColumn[]): string {
  return columns.map((column) => column.name).join(', ')
}

function computed(column: StoredColumn): string {
  return `${column.name} = ${typeof column.onReplace === 'object' ? column.onReplace.sql : column.name}`
}

/** node:sqlite binds no booleans: SQLite keeps them as 0 and 1. */
function sqliteParameters(columns: readonly StoredColumn[], write: AppointmentWrite): Record<string, SQLInputValue> {
  const parameters: Record<string, SQLInputValue> = {}
  for (const column of columns) {
    const value = column.value(write)
    parameters[column.name] = typeof value === 'boolean' ? Number(value) : value
  }
  return parameters
}

/** Named parameters `$column`, from sqliteInsertParameters. */
export const SQLITE_INSERT_APPOINTMENT = `INSERT INTO appointments (${names(STORED_COLUMNS)})
  VALUES (${STORED_COLUMNS.map((column) => `$${column.name}`).join(', ')})`

export function sqliteInsertParameters(write: AppointmentWrite): Record<string, SQLInputValue> {
  return sqliteParameters(STORED_COLUMNS, write)
}

/** Replaces when `$expectedVersion` is NULL or the stored version; parameters from sqliteReplaceParameters. */
export const SQLITE_REPLACE_APPOINTMENT = `UPDATE appointments
  SET ${[...COMPUTED_ON_REPLACE.map(computed), ...SET_ON_REPLACE.map((column) => `${column.name} = $${column.name}`)].join(', ')}
  WHERE ${KEY_COLUMNS.map((column) => `${column.name} = $${column.name}`).join(' AND ')}
    AND ($expectedVersion IS NULL OR version = $expectedVersion)`

export function sqliteReplaceParameters(
  write: AppointmentWrite, expectedVersion: number | undefined,
): Record<string, SQLInputValue> {
  return { ...sqliteParameters([...KEY_COLUMNS, ...SET_ON_REPLACE], write), expectedVersion: expectedVersion ?? null }
}

/**
 * The SET list of a PostgreSQL replace, its parameters numbered from `$4` (after the row's
 * id, customer and user) in the order of postgresReplaceParameters.
 */
export const POSTGRES_REPLACE_SET = [
  ...COMPUTED_ON_REPLACE.map(computed),
  ...SET_ON_REPLACE.map((column, index) => `${column.name} = $${index + 4}`),
].join(', ')

export function postgresReplaceParameters(write: AppointmentWrite): unknown[] {
  return SET_ON_REPLACE.map((column) => column.value(write))
}

/** A new appointment and who asked for it, for its audit entry. */
export interface AppointmentInsert {
  readonly write: AppointmentWrite
  readonly audit: AuditContext
}

/** Not columns of appointments: the audit entry's client and request id. */
const AUDIT_ARRAYS = ['audit_client', 'audit_request_id'] as const

/**
 * Many appointments and their audit entries in one statement: one array per column (in the
 * order of postgresInsertArrays), unnested into rows once and inserted into both tables, so
 * a batch's entries commit with it or not at all.
 */
export const POSTGRES_INSERT_APPOINTMENTS = `WITH t AS (
    SELECT * FROM unnest(${[...STORED_COLUMNS.map((column) => `${column.postgres}[]`), ...AUDIT_ARRAYS.map(() => 'text[]')]
      .map((type, index) => `$${index + 1}::${type}`).join(', ')})
      AS t (${[...STORED_COLUMNS.map((column) => column.name), ...AUDIT_ARRAYS].join(', ')})
  ), inserted AS (
    INSERT INTO appointments (${names(STORED_COLUMNS)}) SELECT ${names(STORED_COLUMNS)} FROM t
  )
  ${AUDIT_INSERT} SELECT created_at, audit_client, 'create', customer_id, user_id, id, NULL, audit_request_id FROM t`

export function postgresInsertArrays(batch: readonly AppointmentInsert[]): unknown[][] {
  return [
    ...STORED_COLUMNS.map((column) => batch.map((insert) => column.value(insert.write))),
    batch.map((insert) => insert.audit.clientUsername),
    batch.map((insert) => insert.audit.requestId),
  ]
}
