/**
 * @module The stored appointment as `GET Appointment/{customerId}/{id}/{appointmentId}` answers
 * it: the create body's fields (APPOINTMENT_FIELDS, never listed again here) plus `id`, and for
 * a series its `exceptions` (OccurrenceException items, occurrence-exception-schema.ts).
 * Dates come with the zone's offset of that day, enums by name; a value the appointment
 * does not have is left out rather than written as null, so the body can be sent back as
 * is (PUT or POST) and yields the same appointment.
 */
import { Type, type TSchema } from '@sinclair/typebox'
import {
  APPOINTMENT_FIELDS, DATE_TIME_NOTE, DAYS_OF_WEEK, RECURRENCE_PATTERNS, SHOW_AS_VALUES, type AppointmentFieldName,
  type FieldSpec,
} from './appointment-schema.ts'

export const APPOINTMENT_ID_FIELD = {
  name: 'id', xmlName: 'Id', typeName: 'string',
  sv: 'Id för kalenderhändelsen (samma som skapa svarade)', en: 'Appointment id (as create answered)',
  example: 'q7Vd1bW2S0y3c4Lr8mN5xA',
} as const

export type AppointmentResourceFieldName = AppointmentFieldName | typeof APPOINTMENT_ID_FIELD.name

/** A field of the resource: the id, or one of the body's. */
export interface ResourceFieldSpec {
  readonly name: AppointmentResourceFieldName
  readonly xmlName: string
}

/** A series' cancelled and changed occurrences; a PUT or POST of the whole series ignores it. */
export const APPOINTMENT_EXCEPTIONS_FIELD = {
  name: 'exceptions', xmlName: 'Exceptions', typeName: 'Collection of OccurrenceException',
  sv: 'Seriens inställda och ändrade förekomster, efter datum; bara för en återkommande händelse. '
    + 'Ignoreras när hela serien skickas (PUT, POST)',
  en: "The series' cancelled and changed occurrences, by date; only for a recurring appointment. "
    + 'Ignored when the whole series is sent (PUT, POST)',
} as const

/** Fields answered only for a recurring appointment. */
export const RECURRENCE_DETAIL_FIELDS: ReadonlySet<string> = new Set<string>(
  APPOINTMENT_FIELDS.map((field) => field.name).filter((name) => name.startsWith('recurrence') && name !== 'recurrence'),
)

/** JSON order: id, then the body's fields in their documented order. */
export const APPOINTMENT_RESOURCE_FIELDS: readonly ResourceFieldSpec[] = [APPOINTMENT_ID_FIELD, ...APPOINTMENT_FIELDS]

/** XML order: ordinal by element name, as DataContractSerializer writes. */
export const APPOINTMENT_RESOURCE_FIELDS_XML_ORDER: readonly ResourceFieldSpec[] =
  [...APPOINTMENT_RESOURCE_FIELDS].sort((a, b) => (a.xmlName < b.xmlName ? -1 : a.xmlName > b.xmlName ? 1 : 0))

function answeredFieldSchema(field: FieldSpec): TSchema {
  const options = { description: `${field.sv} / ${field.en}`, examples: [field.example] }
  switch (field.kind) {
    case 'text':
      return Type.Union([Type.String(options), Type.Null()], options)
    case 'timeZone':
      return Type.String(options)
    case 'dateTime':
      return field.name === 'recurrenceEndsAt'
        ? Type.String({ ...options, format: 'date' })
        : Type.String({ ...options, description: `${options.description}. ${DATE_TIME_NOTE}` })
    case 'boolean':
      return Type.Boolean(options)
    case 'integer':
      return Type.Integer({ ...options, minimum: field.minimum, maximum: field.maximum })
    case 'recurrencePattern':
      return Type.Unsafe<string>({ ...options, type: 'string', enum: [...RECURRENCE_PATTERNS] })
    case 'dayOfWeekList':
      return Type.Array(Type.Unsafe<string>({ type: 'string', enum: [...DAYS_OF_WEEK] }), options)
    case 'showAs':
      return Type.Unsafe<string>({ ...options, type: 'string', enum: [...SHOW_AS_VALUES] })
  }
}

function isAlwaysAnswered(field: FieldSpec): boolean {
  return !RECURRENCE_DETAIL_FIELDS.has(field.name)
}

/** JSON Schema of the GET-one answer, for OpenAPI and the docs. */
export const appointmentResourceJsonSchema = Type.Object({
  [APPOINTMENT_ID_FIELD.name]: Type.String({
    description: `${APPOINTMENT_ID_FIELD.sv} / ${APPOINTMENT_ID_FIELD.en}`, examples: [APPOINTMENT_ID_FIELD.example],
  }),
  ...Object.fromEntries(APPOINTMENT_FIELDS.map((field) => [
    field.name,
    isAlwaysAnswered(field) ? answeredFieldSchema(field) : Type.Optional(answeredFieldSchema(field)),
  ])),
  [APPOINTMENT_EXCEPTIONS_FIELD.name]: Type.Optional(Type.Array(Type.Ref('OccurrenceException'), {
    description: `${APPOINTMENT_EXCEPTIONS_FIELD.sv} / ${APPOINTMENT_EXCEPTIONS_FIELD.en}`,
  })),
}, { $id: 'AppointmentResource', additionalProperties: false })
