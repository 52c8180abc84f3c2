/**
 * @module Turns a parsed body (canonical field names, values as JSON or the XML reader gave
 * them) into AppointmentData, or throws ValidationFailed naming every bad field at once, each
 * with what to send instead. Conversion errors (wrong type, null, unknown enum) are reported
 * whatever `recurrence` says, as the original's model binding does; recurrence rules only
 * apply when `recurrence` is true. Every cross-field check (end not before start, series end,
 * yearly day, count with end date, overlap with the period) runs whenever the fields it reads
 * were readable, whatever else is wrong, and only then.
 */
import { Temporal } from 'temporal-polyfill'
import {
  APPOINTMENT_FIELDS, DAYS_OF_WEEK, DEFAULT_SHOW_AS, OPTIONAL_TEXT_FIELDS, RECURRENCE_PATTERNS, SHOW_AS_VALUES,
  type DayOfWeek, type FieldSpec, type OptionalTextFieldName, type RecurrencePattern, type ShowAs,
  type TextFieldName,
} from './appointment-schema.ts'
import type { AppointmentData, OccurrenceException, Recurrence } from './appointment.ts'
import { formatWallTime } from './time/epoch-days.ts'
import {
  offsetBeyondRange, offsetRangeProblem, parseDateTimeInput, toWallTime, type DateTimeInput,
} from './time/date-time-input.ts'
import { ValidationFailed, type FieldProblems } from './errors.ts'
import { recurrencePeriodDays } from './recurrence/recurrence.ts'
import { canonicalTimeZone, epochMsOfWallTime, wallTimeToZoned } from './time/time-zone.ts'

export type AppointmentBody = Readonly<Record<string, unknown>>

/** Monday first, the order weeks are expanded and stored in. */
const WEEK_ORDER: readonly DayOfWeek[] = [...DAYS_OF_WEEK.slice(1), DAYS_OF_WEEK[0]]
const PATTERN_BY_LOWER = new Map(RECURRENCE_PATTERNS.map((name) => [name.toLowerCase(), name]))
const SHOW_AS_BY_LOWER = new Map(SHOW_AS_VALUES.map((name) => [name.toLowerCase(), name]))
const DAY_BY_LOWER = new Map(DAYS_OF_WEEK.map((name) => [name.toLowerCase(), name]))
const DATE_EXAMPLE = '2025-11-08T15:50:00+01:00'
const PATTERN_FIELD: FieldSpec = APPOINTMENT_FIELDS.find((field) => field.kind === 'recurrencePattern')!
const NON_NULLABLE = new Set(['dateTime', 'boolean', 'integer', 'recurrencePattern', 'showAs'])
/**
 * Characters XML 1.0 cannot carry (C0 controls but tab and line breaks, lone surrogates,
 * U+FFFE/U+FFFF): text holding one could not be answered in XML, nor stored in PostgreSQL
 * (U+0000), nor kept as sent (a lone surrogate has no UTF-8 form).
 */
const UNSENDABLE_CHARACTER = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/

/** Every text field of the schema, as convertText gives it. */
type ConvertedTexts = { [Name in TextFieldName]?: string | undefined }

interface Converted extends ConvertedTexts {
  timeZone?: string | undefined
  startsAt?: DateTimeInput | undefined
  endsAt?: DateTimeInput | undefined
  recurrenceEndsAt?: DateTimeInput | undefined
  allDayEvent?: boolean | undefined
  recurrence?: boolean | undefined
  recurrencePattern?: RecurrencePattern | undefined
  recurrenceDayOfWeeks?: DayOfWeek[] | undefined
  recurrenceInterval?: number | undefined
  recurrenceMonth?: number | undefined
  recurrenceDay?: number | undefined
  recurrenceCount?: number | undefined
  showAs?: ShowAs | undefined
}

class ProblemList {
  readonly problems: FieldProblems = {}
  add(path: string, message: string): void {
    (this.problems[path] ??= []).push(message)
  }
  get empty(): boolean {
    return Object.keys(this.problems).length === 0
  }
  /** The fields named so far, a list's items (`recurrenceDayOfWeeks[1]`) under the list. */
  fieldNames(): Set<string> {
    return new Set(Object.keys(this.problems).map((key) => key.replace(/\[\d+\]$/, '')))
  }
}

/** A field sent but not convertible: checks that read it do not run. */
type Unreadable = ReadonlySet<string>

export function validateAppointment(body: AppointmentBody, customerTimeZone: string): AppointmentData {
  const problems = new ProblemList()
  const values = convertFields(body, problems)
  const unreadable = problems.fieldNames()
  checkRequired(values, problems)
  const data = unreadable.has('timeZone') ? undefined
    : checkAppointment(values, unreadable, values.timeZone ?? customerTimeZone, problems)
  if (!problems.empty || !data) throw new ValidationFailed(problems.problems)
  return data
}

/** What a PUT of one occurrence may send; every other field belongs to the whole series. The docs walk it too. */
export const OCCURRENCE_CHANGE_FIELDS: ReadonlySet<string> =
  new Set(['subject', 'location', 'note', 'startsAt', 'endsAt', 'showAs'])

/**
 * One occurrence's new texts and times, read as create reads them, in the series' zone. A
 * field left out keeps the series' value, except that a new start without an end keeps the
 * series' duration. Only what then differs from the series is kept; undefined when nothing
 * does (the occurrence is back as the series has it).
 */
export function validateOccurrenceChange(
  body: AppointmentBody, series: AppointmentData, originalDate: string,
): OccurrenceException | undefined {
  const problems = new ProblemList()
  for (const field of APPOINTMENT_FIELDS) {
    if (body[field.name] === undefined || OCCURRENCE_CHANGE_FIELDS.has(field.name)) continue
    problems.add(field.name, `${field.name} cannot be changed for one occurrence. Leave it out, or replace the `
      + 'whole series with PUT /Appointment/{customerId}/{id}/{appointmentId}.')
  }
  const sent = Object.fromEntries(Object.entries(body).filter(([name]) => OCCURRENCE_CHANGE_FIELDS.has(name)))
  const values = convertFields(sent, problems)
  if (values.subject?.trim() === '') {
    problems.add('subject', 'The subject is blank. Send a short text such as "Visning Storgatan 1", or leave it out.')
  }
  const span = occurrenceSpan(values, series, originalDate, problems)
  if (!problems.empty || !span) throw new ValidationFailed(problems.problems)
  const exception: OccurrenceException = {
    originalDate, cancelled: false,
    ...(values.subject !== undefined && values.subject !== series.subject && { subject: values.subject }),
    ...differentText('location', body.location === null ? null : values.location, series.location),
    ...differentText('note', body.note === null ? null : values.note, series.note),
    ...(values.showAs !== undefined && values.showAs !== (series.showAs ?? DEFAULT_SHOW_AS) && { showAs: values.showAs }),
    ...(span.moved && { startsAt: span.startsAt, endsAt: span.endsAt }),
  }
  return Object.keys(exception).length > 2 ? exception : undefined
}

function differentText(name: 'location' | 'note', sent: string | null | undefined, series: string | null) {
  return sent === undefined || sent === series ? {} : { [name]: sent }
}

/** The occurrence's stored wall times, and whether they differ from where the series has it. */
function occurrenceSpan(
  values: Converted, series: AppointmentData, originalDate: string, problems: ProblemList,
): (Span & { moved: boolean }) | undefined {
  const { timeZone, allDayEvent } = series
  const seriesStart = Temporal.PlainDateTime.from(series.startsAt)
  const duration = seriesStart.until(Temporal.PlainDateTime.from(series.endsAt))
  const originalStart = Temporal.PlainDateTime.from(`${originalDate}${series.startsAt.slice(10)}`)
  const originalEnd = originalStart.add(duration)
  const start = values.startsAt ? wallTimeInRange('startsAt', values.startsAt, timeZone, allDayEvent, problems)
    : originalStart
  const end = values.endsAt ? wallTimeInRange('endsAt', values.endsAt, timeZone, allDayEvent, problems)
    : values.startsAt ? start && keptEnd(start, series, duration) : originalEnd
  const span = start && end ? checkSpan(start, end, timeZone, allDayEvent, problems) : undefined
  if (!span) return undefined
  const moved = span.startsAt !== wallTimeText(originalStart) || span.endsAt !== wallTimeText(originalEnd)
  return { ...span, moved }
}

/**
 * The end of an occurrence given only a new start: all day, the series' number of days; timed,
 * the series' exact elapsed time (as its own occurrences last, through offset changes too).
 * When that end's wall time reads back as another instant (the second pass through an autumn
 * hour, which a stored wall time cannot name), the series' wall-clock length.
 */
function keptEnd(start: Temporal.PlainDateTime, series: AppointmentData, duration: Temporal.Duration): Temporal.PlainDateTime {
  const byWallClock = start.add(duration)
  if (series.allDayEvent) return byWallClock
  const { timeZone } = series
  const elapsedNs = wallTimeToZoned(series.endsAt, timeZone).epochNanoseconds
    - wallTimeToZoned(series.startsAt, timeZone).epochNanoseconds
  const startZoned = wallTimeToZoned(wallTimeText(start), timeZone)
  const endNs = startZoned.epochNanoseconds + (elapsedNs > 0n ? elapsedNs : 0n)
  const end = Temporal.Instant.fromEpochNanoseconds(endNs).toZonedDateTimeISO(timeZone).toPlainDateTime()
  return wallTimeToZoned(wallTimeText(end), timeZone).epochNanoseconds === endNs ? end : byWallClock
}

function checkRequired(values: Converted, problems: ProblemList): void {
  if (values.subject?.trim() === '') {
    problems.add('subject', 'The subject is blank. Send a short text such as "Visning Storgatan 1".')
  } else if (values.subject === undefined && !problems.problems.subject) {
    problems.add('subject', 'The subject is required. Send a short text such as "Visning Storgatan 1".')
  }
  if (values.startsAt === undefined && !problems.problems.startsAt) {
    problems.add('startsAt', `The start is required. Send a date and time such as "${DATE_EXAMPLE}".`)
  }
}

function convertFields(body: AppointmentBody, problems: ProblemList): Converted {
  const values: Record<string, unknown> = {}
  for (const field of APPOINTMENT_FIELDS) {
    const raw = body[field.name]
    if (raw === undefined) continue
    if (raw === null) {
      if (NON_NULLABLE.has(field.kind)) problems.add(field.name, nullMessage(field))
      continue
    }
    const value = convertValue(field, raw, problems)
    if (value !== undefined) values[field.name] = value
  }
  return values as Converted
}

function nullMessage(field: FieldSpec): string {
  return `${field.name} cannot be null. Leave it out or send ${exampleOf(field)}.`
}

function exampleOf(field: FieldSpec): string {
  switch (field.kind) {
    case 'dateTime': return `a date and time such as "${DATE_EXAMPLE}"`
    case 'boolean': return 'true or false'
    case 'integer': return `a whole number from ${field.minimum} to ${field.maximum}`
    case 'recurrencePattern': return `one of ${RECURRENCE_PATTERNS.map((name, i) => `"${name}" (${i})`).join(', ')}`
    case 'showAs': return `one of ${SHOW_AS_VALUES.map((name, i) => `"${name}" (${i})`).join(', ')}`
    default: return 'a value'
  }
}

function convertValue(field: FieldSpec, raw: unknown, problems: ProblemList): unknown {
  switch (field.kind) {
    case 'text': return convertText(field, raw, problems)
    case 'timeZone': return convertTimeZone(field, raw, problems)
    case 'dateTime': return convertDateTime(field, raw, problems)
    case 'boolean': return convertBoolean(field, raw, problems)
    case 'integer': return convertInteger(field, raw, problems)
    case 'recurrencePattern': return convertPattern(field, raw, problems)
    case 'dayOfWeekList': return convertDays(field, raw, problems)
    case 'showAs': return convertShowAs(field, raw, problems)
  }
}

function convertText(field: FieldSpec, raw: unknown, problems: ProblemList): string | undefined {
  if (typeof raw !== 'string') {
    problems.add(field.name, `${field.name} must be a text string, not ${describe(raw)}.`)
    return undefined
  }
  if (field.maxLength !== undefined && raw.length > field.maxLength) {
    problems.add(field.name,
      `${field.name} is ${raw.length} characters long; send at most ${field.maxLength}.`)
    return undefined
  }
  const unsendable = UNSENDABLE_CHARACTER.exec(raw)
  if (unsendable) {
    const code = unsendable[0].charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')
    problems.add(field.name, `${field.name} contains the character U+${code} at position ${unsendable.index + 1}, `
      + 'which cannot be stored or sent as XML. Remove it; tabs and line breaks are fine.')
    return undefined
  }
  return raw
}

/** Longer than any IANA name (the longest has 32 characters): refused before any lookup is remembered. */
const TIME_ZONE_MAX_LENGTH = 64

function convertTimeZone(field: FieldSpec, raw: unknown, problems: ProblemList): string | undefined {
  const name = typeof raw === 'string' ? raw.trim() : undefined
  const zone = name !== undefined && name.length <= TIME_ZONE_MAX_LENGTH ? canonicalTimeZone(name) : undefined
  if (zone === undefined) {
    problems.add(field.name,
      `${field.name} must be an IANA time zone name such as "Europe/Stockholm", not ${describe(raw)}.`)
  }
  return zone
}

function convertDateTime(field: FieldSpec, raw: unknown, problems: ProblemList): DateTimeInput | undefined {
  const parsed = typeof raw === 'string' ? parseDateTimeInput(raw) : undefined
  const offset = typeof raw === 'string' && parsed === undefined ? offsetBeyondRange(raw) : undefined
  if (offset !== undefined) {
    problems.add(field.name, offsetRangeProblem(field.name, offset))
  } else if (parsed === undefined) {
    problems.add(field.name, `${field.name} must be an existing date and time in ISO 8601 form, such as `
      + `"${DATE_EXAMPLE}" (or without offset, "2025-11-08T15:50:00", for the appointment's time zone), `
      + `not ${describe(raw)}.`)
  }
  return parsed
}

function convertBoolean(field: FieldSpec, raw: unknown, problems: ProblemList): boolean | undefined {
  if (typeof raw === 'boolean') return raw
  problems.add(field.name, `${field.name} must be true or false, not ${describe(raw)}.`)
  return undefined
}

function convertInteger(field: FieldSpec, raw: unknown, problems: ProblemList): number | undefined {
  const inRange = typeof raw === 'number' && Number.isInteger(raw)
    && raw >= (field.minimum ?? -Infinity) && raw <= (field.maximum ?? Infinity)
  if (inRange) return raw
  problems.add(field.name, `${field.name} must be ${exampleOf(field)}, not ${describe(raw)}.`)
  return undefined
}

function convertPattern(field: FieldSpec, raw: unknown, problems: ProblemList): RecurrencePattern | undefined {
  const pattern = enumValue(raw, RECURRENCE_PATTERNS, PATTERN_BY_LOWER)
  if (pattern === undefined) problems.add(field.name, `${field.name} must be ${exampleOf(field)}, not ${describe(raw)}.`)
  return pattern
}

function convertShowAs(field: FieldSpec, raw: unknown, problems: ProblemList): ShowAs | undefined {
  const showAs = enumValue(raw, SHOW_AS_VALUES, SHOW_AS_BY_LOWER)
  if (showAs === undefined) problems.add(field.name, `${field.name} must be ${exampleOf(field)}, not ${describe(raw)}.`)
  return showAs
}

function convertDays(field: FieldSpec, raw: unknown, problems: ProblemList): DayOfWeek[] | undefined {
  if (!Array.isArray(raw)) {
    problems.add(field.name, `${field.name} must be a list of weekdays such as ["Monday", "Wednesday"], `
      + `not ${describe(raw)}.`)
    return undefined
  }
  const days: DayOfWeek[] = []
  raw.forEach((item: unknown, index) => {
    const day = enumValue(item, DAYS_OF_WEEK, DAY_BY_LOWER)
    if (day !== undefined) days.push(day)
    else problems.add(`${field.name}[${index}]`, `Each weekday must be one of `
      + `${DAYS_OF_WEEK.map((name, i) => `"${name}" (${i})`).join(', ')}, not ${describe(item)}.`)
  })
  return days
}

function enumValue<T extends string>(raw: unknown, names: readonly T[], byLower: ReadonlyMap<string, T>): T | undefined {
  if (typeof raw === 'number') return Number.isInteger(raw) ? names[raw] : undefined
  if (typeof raw !== 'string') return undefined
  const text = raw.trim()
  if (/^\d{1,2}$/.test(text)) return names[Number(text)]
  return byLower.get(text.toLowerCase())
}

function describe(raw: unknown): string {
  if (typeof raw === 'string') return JSON.stringify(raw.length > 40 ? `${raw.slice(0, 40)}…` : raw)
  if (Array.isArray(raw)) return 'a list'
  if (raw === null) return 'null'
  if (typeof raw === 'object') return 'an object'
  return String(raw)
}

/** The times as stored; the zone and the all-day flag say how to read them. */
type Span = Pick<AppointmentData, 'startsAt' | 'endsAt' | 'allDayEvent' | 'timeZone'>

/** Runs every check its fields allow; the data only when nothing at all is wrong. */
function checkAppointment(
  values: Converted, unreadable: Unreadable, timeZone: string, problems: ProblemList,
): AppointmentData | undefined {
  const allDayEvent = values.allDayEvent ?? false
  const start = values.startsAt && wallTimeInRange('startsAt', values.startsAt, timeZone, allDayEvent, problems)
  const end = values.endsAt ? wallTimeInRange('endsAt', values.endsAt, timeZone, allDayEvent, problems) : start
  const span = start && end && !unreadable.has('endsAt') && !unreadable.has('allDayEvent')
    ? checkSpan(start, end, timeZone, allDayEvent, problems) : undefined
  const recurrence = values.recurrence ? checkRecurrence(values, unreadable, start, timeZone, problems) : null
  if (recurrence && span && isPeriodReadable(recurrence, unreadable)) checkFitsPeriod(span, recurrence, problems)
  if (!problems.empty || values.subject === undefined || !span || recurrence === undefined) return undefined
  return {
    subject: values.subject, ...optionalTexts(values), timeZone,
    allDayEvent, startsAt: span.startsAt, endsAt: span.endsAt, recurrence, showAs: values.showAs ?? DEFAULT_SHOW_AS,
  }
}

/** Each optional text of the schema as sent; when not sent the contract's are null, ours left out. */
function optionalTexts(values: Converted): Pick<AppointmentData, OptionalTextFieldName> {
  const texts: Partial<Record<OptionalTextFieldName, string | null>> = {}
  for (const field of OPTIONAL_TEXT_FIELDS) {
    const value = values[field.name]
    if (value !== undefined || !field.extension) texts[field.name] = value ?? null
  }
  return texts as Pick<AppointmentData, OptionalTextFieldName>
}

function wallTimeInRange(
  field: string, input: DateTimeInput, timeZone: string, allDay: boolean, problems: ProblemList,
): Temporal.PlainDateTime | undefined {
  const wallTime = wallTimeOf(input, timeZone, allDay)
  return isInYearRange(field, wallTime, timeZone, problems) ? wallTime : undefined
}

/** Undefined when the end is before the start (problems say so). */
function checkSpan(
  start: Temporal.PlainDateTime, end: Temporal.PlainDateTime, timeZone: string, allDayEvent: boolean,
  problems: ProblemList,
): Span | undefined {
  const startsAt = wallTimeText(start)
  const endsAt = wallTimeText(end)
  if (endsAfterStart(start, end, startsAt, endsAt, timeZone, allDayEvent)) {
    return { startsAt, endsAt, allDayEvent, timeZone }
  }
  problems.add('endsAt', 'The end is before the start. Send an endsAt on or after startsAt, or leave it out.')
  return undefined
}

/** Years .NET's DateTime can hold: an offset can push 0001-01-01 or 9999-12-31 past them. */
function isInYearRange(
  field: string, wallTime: Temporal.PlainDateTime | Temporal.PlainDate, timeZone: string, problems: ProblemList,
): boolean {
  if (wallTime.year >= 1 && wallTime.year <= 9999) return true
  problems.add(field, `${field} is ${wallTime} in ${timeZone}, outside the years 0001 to 9999 a date can hold. `
    + 'Send a date within them.')
  return false
}

function wallTimeOf(input: DateTimeInput, timeZone: string, allDay: boolean): Temporal.PlainDateTime {
  const wallTime = toWallTime(input, timeZone)
  return allDay ? wallTime.toPlainDate().toPlainDateTime() : wallTime
}

/** `wallTime.toString()`, spelled from its fields (validation writes two per create). */
function wallTimeText(wallTime: Temporal.PlainDateTime): string {
  return formatWallTime(wallTime.year, wallTime.month, wallTime.day, wallTime.hour, wallTime.minute, wallTime.second,
    wallTime.millisecond * 1_000_000 + wallTime.microsecond * 1000 + wallTime.nanosecond)
}

/** Instants compared by whole milliseconds, then (the same millisecond) by the wall times' rest. */
function endsAfterStart(
  start: Temporal.PlainDateTime, end: Temporal.PlainDateTime, startsAt: string, endsAt: string, timeZone: string,
  allDay: boolean,
): boolean {
  if (allDay) return Temporal.PlainDate.compare(start, end) <= 0
  const startMs = epochMsOfWallTime(startsAt, timeZone)
  const endMs = epochMsOfWallTime(endsAt, timeZone)
  if (startMs !== endMs) return endMs > startMs
  return end.microsecond * 1000 + end.nanosecond >= start.microsecond * 1000 + start.nanosecond
}

/**
 * Every recurrence rule whose fields are readable. The recurrence as it would be stored when
 * its pattern and start are known (problems may still name its other fields), else undefined.
 */
function checkRecurrence(
  values: Converted, unreadable: Unreadable, start: Temporal.PlainDateTime | undefined, timeZone: string,
  problems: ProblemList,
): Recurrence | undefined {
  if (values.recurrenceCount !== undefined && values.recurrenceEndsAt !== undefined) {
    problems.add('recurrenceCount', 'Send either recurrenceCount or recurrenceEndsAt, not both.')
  }
  const endsOn = values.recurrenceEndsAt && checkEndsOn(values.recurrenceEndsAt, start, timeZone, problems)
  const pattern = values.recurrencePattern
  if (pattern === undefined && !unreadable.has('recurrencePattern')) {
    problems.add('recurrencePattern', `A recurring appointment needs recurrencePattern: `
      + `${exampleOf(PATTERN_FIELD)}. Or send recurrence: false.`)
  }
  if (pattern === undefined) return undefined
  const dates = recurrenceDates(pattern, values, unreadable, start, problems)
  if (!start) return undefined
  return {
    pattern,
    interval: values.recurrenceInterval || 1,
    daysOfWeek: pattern === 'Weekly' ? weekDays(values.recurrenceDayOfWeeks, start) : [],
    // Without dates the problems say why, and this recurrence serves the period check alone.
    ...dates ?? { month: null, day: null },
    endsOn: endsOn?.toString() ?? null,
    count: values.recurrenceCount ?? null,
  }
}

/** The last local date an occurrence may start on, when it is within the years and not before the start. */
function checkEndsOn(
  input: DateTimeInput, start: Temporal.PlainDateTime | undefined, timeZone: string, problems: ProblemList,
): Temporal.PlainDate | undefined {
  const endsOn = toWallTime(input, timeZone).toPlainDate()
  if (!isInYearRange('recurrenceEndsAt', endsOn, timeZone, problems)) return undefined
  if (start && Temporal.PlainDate.compare(endsOn, start.toPlainDate()) < 0) {
    problems.add('recurrenceEndsAt', `recurrenceEndsAt ${endsOn} is before the start date `
      + `${start.toPlainDate()}. Send the last date an occurrence may start on, on or after the start date.`)
  }
  return endsOn
}

function weekDays(days: readonly DayOfWeek[] | undefined, start: Temporal.PlainDateTime): DayOfWeek[] {
  const chosen = new Set(days?.length ? days : [DAYS_OF_WEEK[start.dayOfWeek % 7]])
  return WEEK_ORDER.filter((day) => chosen.has(day))
}

/**
 * Undefined when a day or month it needs is unreadable, does not exist (problems say so), or
 * is to come from a start that is missing or unreadable.
 */
function recurrenceDates(
  pattern: RecurrencePattern, values: Converted, unreadable: Unreadable, start: Temporal.PlainDateTime | undefined,
  problems: ProblemList,
): { month: number | null; day: number | null } | undefined {
  if (pattern === 'Daily' || pattern === 'Weekly') return { month: null, day: null }
  const day = values.recurrenceDay || start?.day
  if (day === undefined || unreadable.has('recurrenceDay')) return undefined
  if (pattern === 'Monthly') return { month: null, day }
  const month = values.recurrenceMonth || start?.month
  if (month === undefined || unreadable.has('recurrenceMonth')) return undefined
  const daysInMonth = Temporal.PlainDate.from({ year: 2024, month, day: 1 }).daysInMonth
  if (day > daysInMonth) {
    const source = values.recurrenceDay ? 'recurrenceDay' : 'recurrenceDay (taken from startsAt)'
    problems.add('recurrenceDay', `${source} ${day} does not exist in month ${month}. `
      + `Send a day from 1 to ${daysInMonth}.`)
    return undefined
  }
  return { month, day }
}

/** The period reads the pattern, the interval and, weekly, the weekdays. */
function isPeriodReadable(recurrence: Recurrence, unreadable: Unreadable): boolean {
  if (unreadable.has('recurrenceInterval')) return false
  return recurrence.pattern !== 'Weekly' || !unreadable.has('recurrenceDayOfWeeks')
}

function checkFitsPeriod(span: Span, recurrence: Recurrence, problems: ProblemList): void {
  const periodDays = recurrencePeriodDays(recurrence)
  const lengthMs = span.allDayEvent
    ? (Temporal.PlainDate.from(span.endsAt).since(Temporal.PlainDate.from(span.startsAt)).days + 1) * 86_400_000
    : epochMsOfWallTime(span.endsAt, span.timeZone) - epochMsOfWallTime(span.startsAt, span.timeZone)
  if (lengthMs <= periodDays * 86_400_000) return
  problems.add('endsAt', `The appointment lasts longer than its recurrence period of ${periodDays} day(s), `
    + 'so occurrences would overlap. Shorten it, or raise recurrenceInterval.')
}
