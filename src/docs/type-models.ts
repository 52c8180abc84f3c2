/**
 * @module The named types the docs have pages for, each walked from its schema: Appointment
 * from APPOINTMENT_FIELDS, OccurrenceChange from those a PUT of one occurrence takes
 * (OCCURRENCE_CHANGE_FIELDS), Occurrence from OCCURRENCE_FIELDS, OccurrenceException from
 * OCCURRENCE_EXCEPTION_FIELDS, RecurrencePattern and DayOfWeek from their ordinal tuples. Tables, type pages and links all read these models.
 */
import { APPOINTMENT_EXCEPTIONS_FIELD, APPOINTMENT_ID_FIELD } from '../domain/appointment-resource-schema.ts'
import {
  APPOINTMENT_FIELDS, DAYS_OF_WEEK, RECURRENCE_PATTERNS, SHOW_AS_VALUES, type FieldSpec, type ShowAs,
} from '../domain/appointment-schema.ts'
import type { AnswerFieldSpec } from '../domain/answer-fields.ts'
import {
  AVAILABILITY_FIELDS, AVAILABILITY_REQUEST_FIELDS, BUSY_INTERVAL_FIELDS, SCHEDULE_FIELDS, SLOT_FIELDS,
  WORKING_HOURS_FIELDS, type AvailabilityFieldSpec,
} from '../domain/availability/availability-schema.ts'
import { CHANGE_FIELDS, CHANGE_SET_FIELDS } from '../domain/change-set-schema.ts'
import {
  OCCURRENCE_EXCEPTION_FIELDS, type OccurrenceExceptionFieldSpec,
} from '../domain/occurrence-exception-schema.ts'
import { OCCURRENCE_FIELDS, type OccurrenceFieldSpec } from '../domain/occurrence-schema.ts'
import { OCCURRENCE_CHANGE_FIELDS } from '../domain/validate-appointment.ts'
import {
  WEBHOOK_ANSWER_FIELDS, WEBHOOK_ENDPOINT_FIELDS, type WebhookFieldSpec,
} from '../domain/webhooks/webhook-schema.ts'
import type { DocumentedType, Text } from '../http/route-docs.ts'
import type { DocsSamples, FormatSamples } from './body-samples.ts'
import { fieldRules } from './field-rules.ts'
import { MESSAGES, RECURRENCE_PATTERN_TEXT, format, weekdayName, type Lang } from './i18n.ts'

export interface FieldRow {
  /** camelCase JSON name. */
  readonly name: string
  readonly xmlName: string
  readonly description: Text
  /** As the help page names it: `string`, `date`, `RecurrencePattern`, `Collection of DayOfWeek`. */
  readonly type: string
  /** In a request: required or optional; in an answer: always there. */
  readonly presence: 'required' | 'optional' | 'always'
  /** Further notes: limits, nullability, extension. */
  readonly notes: readonly Text[]
}

export interface EnumValue {
  readonly name: string
  readonly ordinal: number
  readonly description: (lang: Lang) => string
}

interface ModelBase {
  readonly name: DocumentedType
  readonly description: Text
}

export interface ObjectModel extends ModelBase {
  readonly kind: 'object'
  readonly fields: readonly FieldRow[]
  /** Samples of one value (Appointment) or of a listing (Occurrence), from the day's samples. */
  readonly samples: (samples: DocsSamples) => FormatSamples
  /** Fields only answers carry (GET one's id and exceptions), listed apart from the request's. */
  readonly answerFields?: readonly FieldRow[]
}

export interface EnumModel extends ModelBase {
  readonly kind: 'enum'
  readonly values: readonly EnumValue[]
}

export type TypeModel = ObjectModel | EnumModel

/** A message with numbers written as each language writes them (10 000 / 10,000). */
function both(template: Text, values: Readonly<Record<string, number>>): Text {
  const written = (lang: Lang): Record<string, string> =>
    Object.fromEntries(Object.entries(values).map(([name, value]) => [name, value.toLocaleString(lang)]))
  return { sv: format(template.sv, written('sv')), en: format(template.en, written('en')) }
}

function appointmentRow(field: FieldSpec): FieldRow {
  const notes: Text[] = []
  if (field.maxLength !== undefined) notes.push(both(MESSAGES.maxLength, { n: field.maxLength }))
  if (field.minimum !== undefined && field.maximum !== undefined) {
    notes.push(both(MESSAGES.range, { min: field.minimum, max: field.maximum }))
  }
  notes.push(...fieldRules(field))
  if (field.extension) notes.push(MESSAGES.extension)
  return {
    name: field.name, xmlName: field.xmlName, type: field.typeName, presence: field.required ? 'required' : 'optional', notes,
    description: { sv: field.sv, en: field.en },
  }
}

function occurrenceRow(field: OccurrenceFieldSpec): FieldRow {
  return {
    name: field.name, xmlName: field.xmlName, type: field.typeName, presence: 'always',
    notes: field.nullable ? [MESSAGES.nullable] : [],
    description: { sv: field.sv, en: field.en },
  }
}

/** In an occurrence's change every field is optional: one left out keeps the series' value. */
function occurrenceChangeRow(field: FieldSpec): FieldRow {
  return { ...appointmentRow(field), presence: 'optional' }
}

function occurrenceExceptionRow(field: OccurrenceExceptionFieldSpec): FieldRow {
  return {
    name: field.name, xmlName: field.xmlName, type: field.typeName, presence: field.always ? 'always' : 'optional',
    notes: field.nullable ? [MESSAGES.nullable] : [],
    description: { sv: field.sv, en: field.en },
  }
}

/** What GET one adds to the body's fields. */
const APPOINTMENT_ANSWER_FIELDS: readonly FieldRow[] = [
  {
    name: APPOINTMENT_ID_FIELD.name, xmlName: APPOINTMENT_ID_FIELD.xmlName, type: APPOINTMENT_ID_FIELD.typeName,
    presence: 'always', notes: [], description: { sv: APPOINTMENT_ID_FIELD.sv, en: APPOINTMENT_ID_FIELD.en },
  },
  {
    name: APPOINTMENT_EXCEPTIONS_FIELD.name, xmlName: APPOINTMENT_EXCEPTIONS_FIELD.xmlName,
    type: APPOINTMENT_EXCEPTIONS_FIELD.typeName, presence: 'optional', notes: [MESSAGES.extension],
    description: { sv: APPOINTMENT_EXCEPTIONS_FIELD.sv, en: APPOINTMENT_EXCEPTIONS_FIELD.en },
  },
]

/** A field of an answer object: always there unless the schema says some answers leave it out. */
function answerRow(field: AnswerFieldSpec): FieldRow {
  return {
    name: field.name, xmlName: field.xmlName, type: field.typeName, presence: field.optional ? 'optional' : 'always',
    notes: [], description: { sv: field.sv, en: field.en },
  }
}

/** A field of the availability question, with its limits in its text. */
function availabilityRequestRow(field: AvailabilityFieldSpec): FieldRow {
  return {
    name: field.name, xmlName: field.xmlName, type: field.typeName, presence: field.required ? 'required' : 'optional',
    notes: [MESSAGES.extension], description: { sv: field.sv, en: field.en },
  }
}

/** An object of the availability answer; its samples are the whole answer's. */
function availabilityAnswerModel(name: DocumentedType, description: Text, fields: readonly AnswerFieldSpec[]): ObjectModel {
  return { name, kind: 'object', description, fields: fields.map(answerRow), samples: (samples) => samples.availability }
}

/** What each ShowAs value means for free/busy and the calendar feed. */
const SHOW_AS_TEXT: Readonly<Record<ShowAs, Text>> = {
  Free: { sv: 'Ledig: blockerar inget (TRANSP:TRANSPARENT)', en: 'Free: blocks nothing (TRANSP:TRANSPARENT)' },
  Tentative: { sv: 'Preliminär: blockerar, svagast', en: 'Tentative: blocks, the weakest' },
  Busy: { sv: 'Upptagen (standard)', en: 'Busy (the default)' },
  OutOfOffice: { sv: 'Borta: blockerar, starkast', en: 'Out of office: blocks, the strongest' },
}

/** A field of a webhook's settings. */
function webhookRow(field: WebhookFieldSpec): FieldRow {
  return {
    name: field.name, xmlName: field.xmlName, type: field.typeName, presence: field.required ? 'required' : 'optional',
    notes: [MESSAGES.extension], description: { sv: field.sv, en: field.en },
  }
}

export const TYPE_MODELS: Readonly<Record<DocumentedType, TypeModel>> = {
  Appointment: {
    name: 'Appointment', kind: 'object',
    description: { sv: 'Kalenderhändelse', en: 'Calendar appointment' },
    fields: APPOINTMENT_FIELDS.map(appointmentRow),
    samples: (samples) => samples.request.Appointment,
    answerFields: APPOINTMENT_ANSWER_FIELDS,
  },
  OccurrenceChange: {
    name: 'OccurrenceChange', kind: 'object',
    description: {
      sv: 'Ändring av en förekomst i en serie: bara dessa fält, lästa som vid skapa och i seriens tidszon. '
        + 'Ett utelämnat fält behåller seriens värde; en ny start utan slut behåller längden.',
      en: "A change to one occurrence of a series: these fields only, read as for create and in the series' "
        + "time zone. A field left out keeps the series' value; a new start without an end keeps the duration.",
    },
    fields: APPOINTMENT_FIELDS.filter((field) => OCCURRENCE_CHANGE_FIELDS.has(field.name)).map(occurrenceChangeRow),
    samples: (samples) => samples.request.OccurrenceChange,
  },
  OccurrenceException: {
    name: 'OccurrenceException', kind: 'object',
    description: {
      sv: 'En inställd eller ändrad förekomst i en serie, som hämta en svarar den i exceptions.',
      en: 'A cancelled or changed occurrence of a series, as get one answers it in exceptions.',
    },
    fields: OCCURRENCE_EXCEPTION_FIELDS.map(occurrenceExceptionRow),
    samples: (samples) => samples.occurrenceExceptions,
  },
  Occurrence: {
    name: 'Occurrence', kind: 'object',
    description: {
      sv: 'En förekomst av en kalenderhändelse i ett tidsfönster; en återkommande händelse har en per tillfälle.',
      en: 'One occurrence of an appointment in a time window; a recurring appointment has one per time.',
    },
    fields: OCCURRENCE_FIELDS.map(occurrenceRow),
    samples: (samples) => samples.occurrences,
  },
  ChangeSet: {
    name: 'ChangeSet', kind: 'object',
    description: {
      sv: 'Ett svar från ändringsflödet: ändringar i användarens kalender efter since, och next att fråga vidare med.',
      en: "One answer of the change feed: changes to the user's calendar after since, and next to ask on with.",
    },
    fields: CHANGE_SET_FIELDS.map(answerRow),
    samples: (samples) => samples.changeSet,
  },
  Change: {
    name: 'Change', kind: 'object',
    description: {
      sv: 'En ändring av en kalenderhändelse: dess senaste innehåll, eller att den tagits bort.',
      en: 'One change to an appointment: its latest state, or that it was deleted.',
    },
    fields: CHANGE_FIELDS.map(answerRow),
    samples: (samples) => samples.changeSet,
  },
  AvailabilityRequest: {
    name: 'AvailabilityRequest', kind: 'object',
    description: {
      sv: 'Frågan om lediga tider: vilka användare, vilket fönster och, för slots, hur lång tid och när.',
      en: 'The question about free times: which users, which window and, for slots, how long and when.',
    },
    fields: AVAILABILITY_REQUEST_FIELDS.map(availabilityRequestRow),
    samples: (samples) => samples.request.AvailabilityRequest,
  },
  WorkingHours: {
    name: 'WorkingHours', kind: 'object',
    description: {
      sv: 'Arbetstider: väggtider i frågans timeZone på var och en av dagarna.',
      en: "Working hours: wall times in the request's timeZone on each of the days.",
    },
    fields: WORKING_HOURS_FIELDS.map(availabilityRequestRow),
    samples: (samples) => samples.request.AvailabilityRequest,
  },
  Availability: availabilityAnswerModel('Availability', {
    sv: 'Svaret om lediga tider: ett schema per användare och, med duration, slots.',
    en: 'The answer about free times: one schedule per user and, with duration, the slots.',
  }, AVAILABILITY_FIELDS),
  Schedule: availabilityAnswerModel('Schedule', {
    sv: 'En användares upptagna tider, eller varför de inte kan svaras.', en: "One user's busy times, or why they cannot be answered.",
  }, SCHEDULE_FIELDS),
  BusyInterval: availabilityAnswerModel('BusyInterval', {
    sv: 'En sträcka med en och samma status.', en: 'A stretch of one status.',
  }, BUSY_INTERVAL_FIELDS),
  Slot: availabilityAnswerModel('Slot', {
    sv: 'En tid då tillräckligt många av användarna är lediga.', en: 'A time when enough of the users are free.',
  }, SLOT_FIELDS),
  WebhookEndpoint: {
    name: 'WebhookEndpoint', kind: 'object',
    description: {
      sv: 'En webhook: adressen som tar emot kundens händelser och vilka händelser den får. XML-elementet heter Webhook.',
      en: 'A webhook: the address that receives the customer\'s events and which events it gets. Its XML element is Webhook.',
    },
    fields: WEBHOOK_ENDPOINT_FIELDS.map(webhookRow),
    answerFields: WEBHOOK_ANSWER_FIELDS.map(answerRow),
    samples: (samples) => samples.request.WebhookEndpoint,
  },
  RecurrencePattern: {
    name: 'RecurrencePattern', kind: 'enum',
    description: { sv: 'Hur en kalenderhändelse återkommer', en: 'How an appointment repeats' },
    values: RECURRENCE_PATTERNS.map((name, ordinal) => ({
      name, ordinal, description: (lang: Lang) => RECURRENCE_PATTERN_TEXT[name]?.[lang] ?? '',
    })),
  },
  ShowAs: {
    name: 'ShowAs', kind: 'enum',
    description: {
      sv: 'Hur en kalenderhändelse visas i ledig/upptagen, som Outlooks OlBusyStatus; kalenderflödet skriver den som '
        + 'TRANSP och X-MICROSOFT-CDO-BUSYSTATUS',
      en: "How an appointment shows in free/busy, as Outlook's OlBusyStatus; the calendar feed writes it as TRANSP "
        + 'and X-MICROSOFT-CDO-BUSYSTATUS',
    },
    values: SHOW_AS_VALUES.map((name, ordinal) => ({ name, ordinal, description: (lang: Lang) => SHOW_AS_TEXT[name][lang] })),
  },
  DayOfWeek: {
    name: 'DayOfWeek', kind: 'enum',
    description: { sv: 'Veckodag, som .NET:s System.DayOfWeek', en: "Day of the week, as .NET's System.DayOfWeek" },
    values: DAYS_OF_WEEK.map((name, ordinal) => ({ name, ordinal, description: (lang: Lang) => weekdayName(lang, ordinal) })),
  },
}

export const DOCUMENTED_TYPES = Object.keys(TYPE_MODELS) as DocumentedType[]

export function findTypeModel(name: string): TypeModel | undefined {
  const wanted = name.toLowerCase()
  return Object.values(TYPE_MODELS).find((model) => model.name.toLowerCase() === wanted)
}

export const MODEL_PATH_PREFIX = '/Help/Model/'

export function modelPath(name: DocumentedType): string {
  return `${MODEL_PATH_PREFIX}${name}`
}

/** `Collection of DayOfWeek` → { collection: true, name: 'DayOfWeek' }; links only documented names. */
export function parseTypeName(type: string): { readonly collection: boolean; readonly name: string; readonly documented: boolean } {
  const match = /^Collection of (.+)$/.exec(type)
  const name = match?.[1] ?? type
  return { collection: match !== null, name, documented: name in TYPE_MODELS }
}
