/**
 * @module Row ↔ domain mapping shared by the SQL backends: both use the same column names,
 * so one mapping serves SQLite and PostgreSQL. Appointments read through the column map.
 */
import type { Appointment } from '../domain/appointment.ts'
import { READ_COLUMNS } from './appointment-columns.ts'

export type Row = Readonly<Record<string, unknown>>

/** The Appointment a row of APPOINTMENT_SELECT's columns holds; a field read as undefined is left out. */
export function rowToAppointment(row: Row): Appointment {
  const appointment: Record<string, unknown> = {}
  for (const [field, column] of READ_COLUMNS) {
    const value = column.read(row[column.name])
    if (value !== undefined) appointment[field] = value
  }
  return appointment as unknown as Appointment
}

export function rowToCustomer(row: Row) {
  return { customerId: String(row.customer_id), name: nullableText(row.name), timeZone: String(row.time_zone) }
}

export function rowToUser(row: Row) {
  return { customerId: String(row.customer_id), userId: String(row.user_id), name: nullableText(row.name) }
}

export function nullableText(value: unknown): string | null {
  return value === null || value === undefined ? null : String(value)
}
