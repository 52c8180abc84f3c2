/**
 * @module The values an Appointment and an Occurrence put on the wire, one getter per schema
 * field (the maps are typed by the schemas' field names, so a field cannot be added there
 * and forgotten here). The JSON and XML writers only spell them.
 */
import { Temporal } from 'temporal-polyfill'
import type { Appointment } from '../../domain/appointment.ts'
import { DEFAULT_SHOW_AS } from '../../domain/appointment-schema.ts'
import {
  RECURRENCE_DETAIL_FIELDS, type AppointmentResourceFieldName,
} from '../../domain/appointment-resource-schema.ts'
import type { OccurrenceExceptionFieldName } from '../../domain/occurrence-exception-schema.ts'
import type { ExceptionEntry } from '../../domain/recurrence/occurrence-exceptions.ts'
import type { ListedOccurrence } from '../../domain/recurrence/occurrence-listing.ts'
import type { OccurrenceFieldName } from '../../domain/occurrence-schema.ts'
import { occurrenceIdOf } from '../../domain/recurrence/occurrence-exceptions.ts'
import { formatOccurrenceEnd, formatOccurrenceStart, occurrenceOnDay } from '../../domain/recurrence/recurrence.ts'
import { formatWallTimeWithOffset, formatWithOffset, wallTimeToZoned } from '../../domain/time/time-zone.ts'

/** `undefined` leaves the field out. */
export type WireValue = string | number | boolean | null | readonly string[] | undefined

export const OCCURRENCE_VALUES: { readonly [Name in OccurrenceFieldName]: (item: ListedOccurrence) => WireValue } = {
  appointmentId: (item) => item.appointment.id,
  occurrenceId: (item) => (item.appointment.recurrence === null ? null : occurrenceIdOf(item.day)),
  subject: (item) => item.exception?.subject ?? item.appointment.subject,
  location: (item) => (item.exception?.location === undefined ? item.appointment.location : item.exception.location),
  note: (item) => (item.exception?.note === undefined ? item.appointment.note : item.exception.note),
  startsAt: (item) => formatOccurrenceStart(item),
  endsAt: (item) => formatOccurrenceEnd(item),
  originalStartsAt: (item) => originalStart(item),
  allDayEvent: (item) => item.appointment.allDayEvent,
  recurrence: (item) => item.appointment.recurrence !== null,
  showAs: (item) => item.exception?.showAs ?? item.appointment.showAs ?? DEFAULT_SHOW_AS,
}

const APPOINTMENT_GETTERS: { readonly [Name in AppointmentResourceFieldName]: (appointment: Appointment) => WireValue } = {
  id: (appointment) => appointment.id,
  subject: (appointment) => appointment.subject,
  location: (appointment) => appointment.location,
  startsAt: (appointment) => wallTimeWithOffset(appointment.startsAt, appointment.timeZone),
  endsAt: (appointment) => wallTimeWithOffset(appointment.endsAt, appointment.timeZone),
  allDayEvent: (appointment) => appointment.allDayEvent,
  note: (appointment) => appointment.note,
  recurrence: (appointment) => appointment.recurrence !== null,
  recurrencePattern: (appointment) => appointment.recurrence?.pattern,
  recurrenceDayOfWeeks: (appointment) => appointment.recurrence?.daysOfWeek,
  recurrenceInterval: (appointment) => appointment.recurrence?.interval,
  // 0 is the contract's "not given"; only yearly series have a month, monthly and yearly a day.
  recurrenceMonth: (appointment) => appointment.recurrence?.month ?? 0,
  recurrenceDay: (appointment) => appointment.recurrence?.day ?? 0,
  timeZone: (appointment) => appointment.timeZone,
  recurrenceEndsAt: (appointment) => appointment.recurrence?.endsOn ?? undefined,
  recurrenceCount: (appointment) => appointment.recurrence?.count ?? undefined,
  showAs: (appointment) => appointment.showAs ?? DEFAULT_SHOW_AS,
}

/** Where the series has the occurrence: its own start unless an exception moved it. */
function originalStart(item: ListedOccurrence): string | null {
  if (item.appointment.recurrence === null) return null
  if (item.exception?.startsAt === undefined) return formatOccurrenceStart(item)
  const original = occurrenceOnDay(item.appointment, item.day)
  return original ? formatOccurrenceStart(original) : null
}

type ExceptionGetter = (entry: ExceptionEntry, appointment: Appointment) => WireValue

/** GET one's `exceptions` items: times as GET one writes the series' own, fields that do not differ left out. */
export const OCCURRENCE_EXCEPTION_VALUES: { readonly [Name in OccurrenceExceptionFieldName]: ExceptionGetter } = {
  occurrenceId: (entry) => entry.occurrenceId,
  // The series' wall time of day on the occurrence's date.
  originalStartsAt: ({ exception }, appointment) =>
    wallTimeWithOffset(`${exception.originalDate}${appointment.startsAt.slice(10)}`, appointment.timeZone),
  cancelled: ({ exception }) => exception.cancelled,
  subject: ({ exception }) => exception.subject,
  location: ({ exception }) => exception.location,
  note: ({ exception }) => exception.note,
  startsAt: ({ exception }, appointment) =>
    exception.startsAt === undefined ? undefined : wallTimeWithOffset(exception.startsAt, appointment.timeZone),
  endsAt: ({ exception }, appointment) =>
    exception.endsAt === undefined ? undefined : wallTimeWithOffset(exception.endsAt, appointment.timeZone),
  showAs: ({ exception }) => exception.showAs,
}

/** The field's value for the GET-one answer; recurrence details only for a series. */
export function appointmentValue(appointment: Appointment, name: AppointmentResourceFieldName): WireValue {
  if (appointment.recurrence === null && RECURRENCE_DETAIL_FIELDS.has(name)) return undefined
  return APPOINTMENT_GETTERS[name](appointment)
}

/**
 * The stored wall time with that day's offset, 7 fraction digits. A wall time that does not
 * exist (a series started at 02:30 on a spring-forward day) is written without offset, so
 * it reads back as the same wall time rather than the 03:30 it resolves to.
 */
function wallTimeWithOffset(wallTime: string, timeZone: string): string {
  const fast = formatWallTimeWithOffset(wallTime, timeZone)
  if (fast !== undefined) return fast
  const zoned = wallTimeToZoned(wallTime, timeZone)
  const plain = Temporal.PlainDateTime.from(wallTime)
  if (!zoned.toPlainDateTime().equals(plain)) return plain.toString({ fractionalSecondDigits: 7 })
  return formatWithOffset(zoned)
}
