/**
 * @module The availability question and its answer, named once: the body of `POST
 * Availability/{customerId}` (`AvailabilityRequest`, with its `WorkingHours`) and the answer
 * (`Availability`, its `Schedule`, `BusyInterval` and `Slot` items). Each field's JSON and
 * XML name, limits, Swedish and English text and example live here; the validator, the XML
 * reader and writer, the docs type pages, the samples and OpenAPI walk these lists.
 */
import { Type, type TSchema } from '@sinclair/typebox'
import { answerObjectSchema, type AnswerFieldSpec } from '../answer-fields.ts'
import { DAYS_OF_WEEK } from '../appointment-schema.ts'

export const MAX_AVAILABILITY_USERS = 100
/** Longest window: 62 × 24 h of elapsed time. */
export const MAX_AVAILABILITY_WINDOW_MS = 62 * 24 * 3_600_000
export const MINUTES_LIMITS = {
  duration: { minimum: 5, maximum: 1440 },
  step: { minimum: 5, maximum: 1440, default: 15 },
  buffer: { minimum: 0, maximum: 240, default: 0 },
} as const

/** The blocking statuses, weakest first: where appointments overlap, the strongest applies. */
export const BLOCKING_SHOW_AS = ['Tentative', 'Busy', 'OutOfOffice'] as const
export type BlockingShowAs = (typeof BLOCKING_SHOW_AS)[number]

export type AvailabilityFieldKind = 'userIds' | 'dateTime' | 'timeZone' | 'minutes' | 'required' | 'workingHours'
  | 'days' | 'timeOfDay'

export interface AvailabilityFieldSpec {
  /** camelCase JSON name. */
  readonly name: string
  /** PascalCase XML element name. */
  readonly xmlName: string
  readonly kind: AvailabilityFieldKind
  readonly required: boolean
  /** Type as the help page names it. */
  readonly typeName: string
  readonly sv: string
  readonly en: string
  readonly example: unknown
  readonly schema: TSchema
}

const DAY_NAMES = Type.Unsafe<string>({ type: 'string', enum: [...DAYS_OF_WEEK] })
const TIME_OF_DAY = Type.String({ pattern: '^([01][0-9]|2[0-3]):[0-5][0-9]$' })

export const WORKING_HOURS_FIELDS = [
  {
    name: 'days', xmlName: 'Days', kind: 'days', required: true, typeName: 'Collection of DayOfWeek',
    sv: 'Arbetsdagarna (minst en)', en: 'The working days (at least one)',
    example: ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday'],
    schema: Type.Array(Type.Union([DAY_NAMES, Type.Integer({ minimum: 0, maximum: 6 })]), { minItems: 1, maxItems: 7 }),
  },
  {
    name: 'start', xmlName: 'Start', kind: 'timeOfDay', required: true, typeName: 'string',
    sv: 'Arbetsdagens start, HH:MM väggtid i timeZone; i en vårlucka flyttas den fram som kalenderhändelser',
    en: 'Start of the working day, HH:MM wall time in timeZone; in a spring-forward gap it moves forward as appointments do',
    example: '08:00', schema: TIME_OF_DAY,
  },
  {
    name: 'end', xmlName: 'End', kind: 'timeOfDay', required: true, typeName: 'string',
    sv: 'Arbetsdagens slut (exklusivt), HH:MM, efter start', en: 'End of the working day (exclusive), HH:MM, after start',
    example: '17:00', schema: TIME_OF_DAY,
  },
] as const satisfies readonly AvailabilityFieldSpec[]

export const AVAILABILITY_REQUEST_FIELDS = [
  {
    name: 'userIds', xmlName: 'UserIds', kind: 'userIds', required: true, typeName: 'Collection of string',
    sv: `Användarna att fråga om, 1–${MAX_AVAILABILITY_USERS} olika id:n i kunden`,
    en: `The users to ask about, 1–${MAX_AVAILABILITY_USERS} distinct ids of the customer`,
    example: ['HAN001', 'MED002'],
    schema: Type.Array(Type.String({ minLength: 1 }), { minItems: 1, maxItems: MAX_AVAILABILITY_USERS, uniqueItems: true }),
  },
  {
    name: 'from', xmlName: 'From', kind: 'dateTime', required: true, typeName: 'date',
    sv: 'Fönstrets start (inklusive): datum eller datum och tid; utan offset väggtid i timeZone',
    en: 'Start of the window (inclusive): a date or date-time; without offset wall time in timeZone',
    example: '2026-04-06', schema: Type.String(),
  },
  {
    name: 'to', xmlName: 'To', kind: 'dateTime', required: true, typeName: 'date',
    sv: 'Fönstrets slut (exklusivt), som from; efter from och högst 62 × 24 timmar senare',
    en: 'End of the window (exclusive), as from; after from and at most 62 × 24 hours later',
    example: '2026-04-07', schema: Type.String(),
  },
  {
    name: 'timeZone', xmlName: 'TimeZone', kind: 'timeZone', required: false, typeName: 'string',
    sv: 'IANA-tidszon för väggtider, arbetstider och svarets offset; standard är kundens',
    en: "IANA time zone for wall times, working hours and the answer's offsets; defaults to the customer's",
    example: 'Europe/Stockholm', schema: Type.String(),
  },
  {
    name: 'duration', xmlName: 'Duration', kind: 'minutes', required: false, typeName: 'integer',
    sv: `Önskad tids längd i minuter (${MINUTES_LIMITS.duration.minimum}–${MINUTES_LIMITS.duration.maximum}); utan den inga slots`,
    en: `Length of a wanted slot in minutes (${MINUTES_LIMITS.duration.minimum}–${MINUTES_LIMITS.duration.maximum}); without it no slots`,
    example: 60, schema: Type.Integer(MINUTES_LIMITS.duration),
  },
  {
    name: 'step', xmlName: 'Step', kind: 'minutes', required: false, typeName: 'integer',
    sv: `Minuter mellan möjliga starter, räknat från varje arbetsperiods start (from utan arbetstider); `
      + `${MINUTES_LIMITS.step.minimum}–${MINUTES_LIMITS.step.maximum}, standard ${MINUTES_LIMITS.step.default}`,
    en: 'Minutes between possible starts, counted from the start of each working period (from without working hours); '
      + `${MINUTES_LIMITS.step.minimum}–${MINUTES_LIMITS.step.maximum}, default ${MINUTES_LIMITS.step.default}`,
    example: 60, schema: Type.Integer(MINUTES_LIMITS.step),
  },
  {
    name: 'workingHours', xmlName: 'WorkingHours', kind: 'workingHours', required: false, typeName: 'WorkingHours',
    sv: 'Arbetstider i timeZone; utelämnad är hela fönstret en period',
    en: 'Working hours in timeZone; left out, the whole window is one period',
    example: { days: ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday'], start: '08:00', end: '17:00' },
    schema: Type.Ref('WorkingHours'),
  },
  {
    name: 'required', xmlName: 'Required', kind: 'required', required: false, typeName: 'string or integer',
    sv: '"all" (standard): alla kända användare lediga; ett tal k: minst k av användarna lediga',
    en: '"all" (default): every known user free; a number k: at least k of the users free',
    example: 'all',
    schema: Type.Union([Type.Literal('all'), Type.Integer({ minimum: 1, maximum: MAX_AVAILABILITY_USERS })]),
  },
  {
    name: 'buffer', xmlName: 'Buffer', kind: 'minutes', required: false, typeName: 'integer',
    sv: `Minuter som ska vara fria före och efter en slot (${MINUTES_LIMITS.buffer.minimum}–${MINUTES_LIMITS.buffer.maximum}, standard 0)`,
    en: `Minutes that must be free before and after a slot (${MINUTES_LIMITS.buffer.minimum}–${MINUTES_LIMITS.buffer.maximum}, default 0)`,
    example: 15, schema: Type.Integer(MINUTES_LIMITS.buffer),
  },
] as const satisfies readonly AvailabilityFieldSpec[]

export type AvailabilityRequestFieldName = (typeof AVAILABILITY_REQUEST_FIELDS)[number]['name']


const STARTS_AT = {
  name: 'startsAt', xmlName: 'StartsAt', typeName: 'date', optional: false,
  sv: 'Start, med offset i timeZone', en: 'Start, with its offset in timeZone',
  schema: Type.String({ format: 'date-time', examples: ['2026-03-26T09:00:00.0000000+01:00'] }),
} as const satisfies AnswerFieldSpec

const ENDS_AT = {
  name: 'endsAt', xmlName: 'EndsAt', typeName: 'date', optional: false,
  sv: 'Slut (exklusivt)', en: 'End (exclusive)',
  schema: Type.String({ format: 'date-time', examples: ['2026-03-26T10:00:00.0000000+01:00'] }),
} as const satisfies AnswerFieldSpec

export const BUSY_INTERVAL_FIELDS = [
  STARTS_AT,
  ENDS_AT,
  {
    name: 'showAs', xmlName: 'ShowAs', typeName: 'ShowAs', optional: false,
    sv: 'Starkaste status som gäller här: OutOfOffice > Busy > Tentative',
    en: 'The strongest status that applies here: OutOfOffice > Busy > Tentative',
    schema: Type.Unsafe<string>({ type: 'string', enum: [...BLOCKING_SHOW_AS] }),
  },
] as const satisfies readonly AnswerFieldSpec[]

export const SCHEDULE_FIELDS = [
  {
    name: 'userId', xmlName: 'UserId', typeName: 'string', optional: false,
    sv: 'Användarens id som det skickades', en: "The user's id as sent", schema: Type.String({ examples: ['HAN001'] }),
  },
  {
    name: 'busy', xmlName: 'Busy', typeName: 'Collection of BusyInterval', optional: false,
    sv: 'Upptagna intervall i fönstret, sorterade, utan överlapp; tom för en okänd användare',
    en: 'Busy intervals in the window, sorted, never overlapping; empty for an unknown user',
    schema: Type.Array(Type.Ref('BusyInterval')),
  },
  {
    name: 'error', xmlName: 'Error', typeName: 'string', optional: true,
    sv: 'Bara när användaren inte finns i kunden ("No user …")', en: 'Only when the user is not in the customer ("No user …")',
    schema: Type.String({ examples: ["No user 'MED404' was found in customer 'M30011'."] }),
  },
] as const satisfies readonly AnswerFieldSpec[]

export const SLOT_FIELDS = [
  STARTS_AT,
  ENDS_AT,
  {
    name: 'userIds', xmlName: 'UserIds', typeName: 'Collection of string', optional: false,
    sv: 'De lediga användarna, i frågans ordning', en: 'The free users, in request order',
    schema: Type.Array(Type.String(), { examples: [['HAN001', 'MED002']] }),
  },
] as const satisfies readonly AnswerFieldSpec[]

export const AVAILABILITY_FIELDS = [
  {
    name: 'timeZone', xmlName: 'TimeZone', typeName: 'string', optional: false,
    sv: 'Tidszonen svarets tider skrivs i', en: "The time zone the answer's times are written in",
    schema: Type.String({ examples: ['Europe/Stockholm'] }),
  },
  {
    name: 'schedules', xmlName: 'Schedules', typeName: 'Collection of Schedule', optional: false,
    sv: 'En per användare, i frågans ordning', en: 'One per user, in request order',
    schema: Type.Array(Type.Ref('Schedule')),
  },
  {
    name: 'slots', xmlName: 'Slots', typeName: 'Collection of Slot', optional: true,
    sv: 'Lediga tider sorterade på start; bara när duration skickades',
    en: 'Free slots sorted by start; only when duration was sent',
    schema: Type.Array(Type.Ref('Slot')),
  },
] as const satisfies readonly AnswerFieldSpec[]

function requestObjectSchema(fields: readonly AvailabilityFieldSpec[], $id: string): TSchema {
  return Type.Object(Object.fromEntries(fields.map((field) => {
    const schema = { ...field.schema, description: `${field.sv} / ${field.en}`, examples: [field.example] }
    return [field.name, field.required ? schema : Type.Optional(schema)]
  })), { $id, additionalProperties: true })
}

/** JSON Schemas for OpenAPI; the request refers to WorkingHours, the answer to its items. */
export const availabilityRequestJsonSchema = requestObjectSchema(AVAILABILITY_REQUEST_FIELDS, 'AvailabilityRequest')
export const workingHoursJsonSchema = requestObjectSchema(WORKING_HOURS_FIELDS, 'WorkingHours')
export const availabilityJsonSchema = answerObjectSchema(AVAILABILITY_FIELDS, 'Availability')
export const scheduleJsonSchema = answerObjectSchema(SCHEDULE_FIELDS, 'Schedule')
export const busyIntervalJsonSchema = answerObjectSchema(BUSY_INTERVAL_FIELDS, 'BusyInterval')
export const slotJsonSchema = answerObjectSchema(SLOT_FIELDS, 'Slot')
