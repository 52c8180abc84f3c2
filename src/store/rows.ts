/**
 * @module Row ↔ domain mapping shared by the SQL backends: both use the same column names,
 * so one mapping serves SQLite and PostgreSQL.
 */
import type {
  Appointment, AppointmentData, AppointmentSpan, OccurrenceException, Recurrence,
} from '../domain/appointment.ts'

export type Row = Readonly<Record<string, unknown>>

export const APPOINTMENT_COLUMNS = `id, customer_id, user_id, version, subject, location, note, time_zone, all_day,
  starts_at, ends_at, recurrence, exceptions, created_at, updated_at`

export function appointmentValues(data: AppointmentData, span: AppointmentSpan) {
  return {
    subject: data.subject,
    location: data.location,
    note: data.note,
    timeZone: data.timeZone,
    allDay: data.allDayEvent,
    startsAt: data.startsAt,
    endsAt: data.endsAt,
    recurrence: data.recurrence ? JSON.stringify(data.recurrence) : null,
    exceptions: data.exceptions?.length ? JSON.stringify(data.exceptions) : null,
    firstStartMs: span.firstStartMs,
    lastEndMs: span.lastEndMs,
  }
}

export function rowToAppointment(row: Row): Appointment {
  return {
    id: String(row.id),
    customerId: String(row.customer_id),
    userId: String(row.user_id),
    version: Number(row.version),
    subject: String(row.subject),
    location: nullableText(row.location),
    note: nullableText(row.note),
    timeZone: String(row.time_zone),
    allDayEvent: row.all_day === 1 || row.all_day === true,
    startsAt: String(row.starts_at),
    endsAt: String(row.ends_at),
    recurrence: row.recurrence === null ? null : JSON.parse(String(row.recurrence)) as Recurrence,
    ...(row.exceptions !== null && row.exceptions !== undefined
      && { exceptions: JSON.parse(String(row.exceptions)) as OccurrenceException[] }),
    createdAt: String(row.created_at),
    updatedAt: String(row.updated_at),
  }
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
