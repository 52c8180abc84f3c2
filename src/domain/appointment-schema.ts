/**
 * @module The Appointment body, named once. Every field of the create/replace body is
 * described here: its JSON and XML spelling, kind, limits, Swedish and English text and
 * example. The validator, the XML reader, the docs tables, the samples and OpenAPI all walk
 * `APPOINTMENT_FIELDS`; nothing else lists the fields.
 */
import { Type, type TSchema } from '@sinclair/typebox'

/** .NET `RecurrencePattern`: the index is the documented ordinal. */
export const RECURRENCE_PATTERNS = ['Daily', 'Weekly', 'Monthly', 'Yearly'] as const
export type RecurrencePattern = (typeof RECURRENCE_PATTERNS)[number]

/** .NET `System.DayOfWeek`: the index is the documented ordinal (Sunday = 0). */
export const DAYS_OF_WEEK = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'] as const
export type DayOfWeek = (typeof DAYS_OF_WEEK)[number]

/**
 * How an appointment shows in free/busy: Outlook's names, the index its OlBusyStatus ordinal.
 * Busy when none is given, and for appointments stored before the field existed.
 */
export const SHOW_AS_VALUES = ['Free', 'Tentative', 'Busy', 'OutOfOffice'] as const
export type ShowAs = (typeof SHOW_AS_VALUES)[number]
export const DEFAULT_SHOW_AS: ShowAs = 'Busy'

export type FieldKind =
  | 'text'
  | 'dateTime'
  | 'boolean'
  | 'integer'
  | 'recurrencePattern'
  | 'dayOfWeekList'
  | 'timeZone'
  | 'showAs'

export interface FieldSpec {
  /** camelCase JSON name, as the seed samples write it. */
  readonly name: string
  /** PascalCase XML element name (DataContract). */
  readonly xmlName: string
  readonly kind: FieldKind
  readonly required: boolean
  readonly maxLength?: number
  readonly minimum?: number
  readonly maximum?: number
  /** Present in our API but not in the original contract. */
  readonly extension: boolean
  /** Type as the help page names it. */
  readonly typeName: string
  readonly sv: string
  readonly en: string
  readonly example: unknown
}

/**
 * JSON Schema has no format for "ISO 8601 with or without offset", so the schemas say it in
 * words rather than inventing a format name that no tool knows.
 */
export const DATE_TIME_NOTE = 'ISO 8601, up to 7 fraction digits; with an offset an instant, '
  + "without one wall time in the appointment's time zone"

export const SUBJECT_MAX_LENGTH = 255
export const LOCATION_MAX_LENGTH = 255
export const NOTE_MAX_LENGTH = 10_000
export const RECURRENCE_COUNT_MAX = 10_000
export const RECURRENCE_INTERVAL_MAX = 999

export const APPOINTMENT_FIELDS = [
  {
    name: 'subject', xmlName: 'Subject', kind: 'text', required: true, maxLength: SUBJECT_MAX_LENGTH,
    extension: false, typeName: 'string', sv: 'Ämne', en: 'Subject', example: 'Visning Storgatan 1',
  },
  {
    name: 'location', xmlName: 'Location', kind: 'text', required: false, maxLength: LOCATION_MAX_LENGTH,
    extension: false, typeName: 'string', sv: 'Plats', en: 'Location', example: 'Storgatan 1, Stockholm',
  },
  {
    name: 'startsAt', xmlName: 'StartsAt', kind: 'dateTime', required: true,
    extension: false, typeName: 'date', sv: 'Startdatum och tid', en: 'Start date and time',
    example: '2025-11-08T15:50:00.3131398+01:00',
  },
  {
    name: 'endsAt', xmlName: 'EndsAt', kind: 'dateTime', required: false,
    extension: false, typeName: 'date', sv: 'Slutdatum och tid', en: 'End date and time',
    example: '2025-11-08T16:50:00.3131398+01:00',
  },
  {
    name: 'allDayEvent', xmlName: 'AllDayEvent', kind: 'boolean', required: false,
    extension: false, typeName: 'boolean', sv: 'Hela dagen', en: 'All day', example: false,
  },
  {
    name: 'note', xmlName: 'Note', kind: 'text', required: false, maxLength: NOTE_MAX_LENGTH,
    extension: false, typeName: 'string', sv: 'Anteckning', en: 'Note', example: 'Ta med nycklar',
  },
  {
    name: 'recurrence', xmlName: 'Recurrence', kind: 'boolean', required: false,
    extension: false, typeName: 'boolean', sv: 'Återkommande', en: 'Recurring', example: true,
  },
  {
    name: 'recurrencePattern', xmlName: 'RecurrencePattern', kind: 'recurrencePattern', required: false,
    extension: false, typeName: 'RecurrencePattern',
    sv: 'Återkommande per år/månad/vecka/dag', en: 'Repeats yearly/monthly/weekly/daily', example: 'Weekly',
  },
  {
    name: 'recurrenceDayOfWeeks', xmlName: 'RecurrenceDayOfWeeks', kind: 'dayOfWeekList', required: false,
    extension: false, typeName: 'Collection of DayOfWeek',
    sv: 'Dag/dagar i veckan (används för veckoliga möten)', en: 'Day(s) of the week (for weekly appointments)',
    example: ['Monday', 'Wednesday'],
  },
  {
    name: 'recurrenceInterval', xmlName: 'RecurrenceInterval', kind: 'integer', required: false,
    minimum: 0, maximum: RECURRENCE_INTERVAL_MAX,
    extension: false, typeName: 'integer', sv: 'Intervall (0 eller utelämnat betyder 1)',
    en: 'Interval (0 or missing means 1)', example: 1,
  },
  {
    name: 'recurrenceMonth', xmlName: 'RecurrenceMonth', kind: 'integer', required: false, minimum: 0, maximum: 12,
    extension: false, typeName: 'integer', sv: 'Månaden (används för årliga möten)',
    en: 'Month (for yearly appointments)', example: 0,
  },
  {
    name: 'recurrenceDay', xmlName: 'RecurrenceDay', kind: 'integer', required: false, minimum: 0, maximum: 31,
    extension: false, typeName: 'integer', sv: 'Dag i månaden (används för årliga och månatliga möten)',
    en: 'Day of the month (for yearly and monthly appointments)', example: 0,
  },
  {
    name: 'timeZone', xmlName: 'TimeZone', kind: 'timeZone', required: false,
    extension: true, typeName: 'string', sv: 'Tidszon (IANA, t.ex. Europe/Stockholm); standard är kundens',
    en: "Time zone (IANA, e.g. Europe/Stockholm); defaults to the customer's", example: 'Europe/Stockholm',
  },
  {
    name: 'recurrenceEndsAt', xmlName: 'RecurrenceEndsAt', kind: 'dateTime', required: false,
    extension: true, typeName: 'date',
    sv: 'Sista datum en förekomst får starta (inklusive, lokalt datum)',
    en: 'Last date an occurrence may start (inclusive, local date)', example: '2026-06-30',
  },
  {
    name: 'recurrenceCount', xmlName: 'RecurrenceCount', kind: 'integer', required: false,
    minimum: 1, maximum: RECURRENCE_COUNT_MAX, extension: true, typeName: 'integer',
    sv: 'Antal förekomster (1–10 000); kan inte kombineras med recurrenceEndsAt',
    en: 'Number of occurrences (1–10,000); not together with recurrenceEndsAt', example: 10,
  },
  {
    name: 'showAs', xmlName: 'ShowAs', kind: 'showAs', required: false, extension: true, typeName: 'ShowAs',
    sv: 'Hur tiden visas i ledig/upptagen: Free, Tentative, Busy (standard) eller OutOfOffice',
    en: 'How the time shows in free/busy: Free, Tentative, Busy (the default) or OutOfOffice', example: 'Busy',
  },
] as const satisfies readonly FieldSpec[]

export type AppointmentFieldName = (typeof APPOINTMENT_FIELDS)[number]['name']

type TextField = Extract<(typeof APPOINTMENT_FIELDS)[number], { readonly kind: 'text' }>
/** The text fields: subject, location, note and any added since. */
export type TextFieldName = TextField['name']
type OptionalTextField = Extract<TextField, { readonly required: false }>
/** The original contract's optional texts (location, note): null when not given, as it answers them. */
export type ContractTextFieldName = Extract<OptionalTextField, { readonly extension: false }>['name']
/** Optional texts of our own: absent when not given. AppointmentData and the validator carry each one the list has. */
export type ExtensionTextFieldName = Extract<OptionalTextField, { readonly extension: true }>['name']
export type OptionalTextFieldName = OptionalTextField['name']

/** Every optional text field, in the list's order. */
export const OPTIONAL_TEXT_FIELDS: readonly OptionalTextField[] = APPOINTMENT_FIELDS.flatMap(
  (field) => (field.kind === 'text' && !field.required ? [field] : []),
)

/** Fields by lower-cased JSON name, for case-insensitive property matching. */
export const FIELDS_BY_LOWER_NAME: ReadonlyMap<string, FieldSpec> = new Map(
  APPOINTMENT_FIELDS.map((field) => [field.name.toLowerCase(), field]),
)

function fieldJsonSchema(field: FieldSpec): TSchema {
  const options = { description: `${field.sv} / ${field.en}`, examples: [field.example] }
  switch (field.kind) {
    case 'text':
      return Type.Union([Type.String({ ...options, maxLength: field.maxLength }), Type.Null()])
    case 'timeZone':
      return Type.String(options)
    case 'dateTime':
      return Type.String({ ...options, description: `${options.description}. ${DATE_TIME_NOTE}` })
    case 'boolean':
      return Type.Boolean(options)
    case 'integer':
      return Type.Integer({ ...options, minimum: field.minimum, maximum: field.maximum })
    case 'recurrencePattern':
      return Type.Union([
        Type.Unsafe<RecurrencePattern>({ type: 'string', enum: [...RECURRENCE_PATTERNS] }),
        Type.Integer({ minimum: 0, maximum: RECURRENCE_PATTERNS.length - 1 }),
      ], options)
    case 'dayOfWeekList':
      return Type.Union([
        Type.Array(Type.Union([
          Type.Unsafe<DayOfWeek>({ type: 'string', enum: [...DAYS_OF_WEEK] }),
          Type.Integer({ minimum: 0, maximum: DAYS_OF_WEEK.length - 1 }),
        ])),
        Type.Null(),
      ], options)
    case 'showAs':
      return Type.Union([
        Type.Unsafe<ShowAs>({ type: 'string', enum: [...SHOW_AS_VALUES] }),
        Type.Integer({ minimum: 0, maximum: SHOW_AS_VALUES.length - 1 }),
      ], options)
  }
}

/** JSON Schema of the create/replace body, for OpenAPI and the docs. */
export const appointmentBodyJsonSchema = Type.Object(
  Object.fromEntries(APPOINTMENT_FIELDS.map((field) => [
    field.name,
    field.required ? fieldJsonSchema(field) : Type.Optional(fieldJsonSchema(field)),
  ])),
  { $id: 'Appointment', additionalProperties: true },
)
