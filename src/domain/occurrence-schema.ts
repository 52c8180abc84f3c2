/**
 * @module The Occurrence, named once: one item of `GET Appointment/{customerId}/{id}?from&to`.
 * Its JSON and XML spelling, kind, Swedish and English text and example live here; the
 * writers in `src/http/formats`, the docs type page and OpenAPI all walk `OCCURRENCE_FIELDS`.
 */
import { Type, type TSchema } from '@sinclair/typebox'
import { SHOW_AS_VALUES } from './appointment-schema.ts'

export type OccurrenceFieldKind = 'id' | 'text' | 'dateTime' | 'boolean' | 'showAs'

export interface OccurrenceFieldSpec {
  /** camelCase JSON name. */
  readonly name: string
  /** PascalCase XML element name (DataContract). */
  readonly xmlName: string
  readonly kind: OccurrenceFieldKind
  /** May be null (JSON `null`, XML `i:nil="true"`). */
  readonly nullable: boolean
  /** Type as the help page names it. */
  readonly typeName: string
  readonly sv: string
  readonly en: string
  readonly example: unknown
}

/** In the order JSON writes them; XML writes them alphabetically by xmlName, as DataContract does. */
export const OCCURRENCE_FIELDS = [
  {
    name: 'appointmentId', xmlName: 'AppointmentId', kind: 'id', nullable: false, typeName: 'string',
    sv: 'Id för kalenderhändelsen förekomsten hör till', en: 'Id of the appointment the occurrence belongs to',
    example: 'q7Vd1bW2S0y3c4Lr8mN5xA',
  },
  {
    name: 'occurrenceId', xmlName: 'OccurrenceId', kind: 'id', nullable: true, typeName: 'string',
    sv: 'Id för förekomsten i serien (för att ställa in eller flytta just den); null för en enstaka händelse',
    en: 'Id of the occurrence in its series (to cancel or move just this one); null for a one-off appointment',
    example: '20260330',
  },
  {
    name: 'subject', xmlName: 'Subject', kind: 'text', nullable: false, typeName: 'string',
    sv: 'Ämne', en: 'Subject', example: 'Visning Storgatan 1',
  },
  {
    name: 'location', xmlName: 'Location', kind: 'text', nullable: true, typeName: 'string',
    sv: 'Plats', en: 'Location', example: 'Storgatan 1, Stockholm',
  },
  {
    name: 'note', xmlName: 'Note', kind: 'text', nullable: true, typeName: 'string',
    sv: 'Anteckning', en: 'Note', example: 'Ta med nycklar',
  },
  {
    name: 'startsAt', xmlName: 'StartsAt', kind: 'dateTime', nullable: false, typeName: 'date',
    sv: 'Förekomstens start, i kalenderhändelsens tidszon med dagens offset',
    en: "The occurrence's start, in the appointment's time zone with that day's offset",
    example: '2026-03-30T09:00:00.0000000+02:00',
  },
  {
    name: 'endsAt', xmlName: 'EndsAt', kind: 'dateTime', nullable: false, typeName: 'date',
    sv: 'Förekomstens slut (exklusivt; heldag: midnatt efter sista dagen)',
    en: "The occurrence's end (exclusive; all day: midnight after the last day)",
    example: '2026-03-30T10:00:00.0000000+02:00',
  },
  {
    name: 'originalStartsAt', xmlName: 'OriginalStartsAt', kind: 'dateTime', nullable: true, typeName: 'date',
    sv: 'Starten serien ger förekomsten; samma som startsAt om den inte flyttats; null för en enstaka händelse',
    en: 'The start the series gives the occurrence; equal to startsAt unless moved; null for a one-off appointment',
    example: '2026-03-30T09:00:00.0000000+02:00',
  },
  {
    name: 'allDayEvent', xmlName: 'AllDayEvent', kind: 'boolean', nullable: false, typeName: 'boolean',
    sv: 'Hela dagen', en: 'All day', example: false,
  },
  {
    name: 'recurrence', xmlName: 'Recurrence', kind: 'boolean', nullable: false, typeName: 'boolean',
    sv: 'Förekomst av en återkommande kalenderhändelse', en: 'Occurrence of a recurring appointment',
    example: true,
  },
  {
    name: 'showAs', xmlName: 'ShowAs', kind: 'showAs', nullable: false, typeName: 'ShowAs',
    sv: 'Hur förekomsten visas i ledig/upptagen: dess egen, annars kalenderhändelsens',
    en: "How the occurrence shows in free/busy: its own, else the appointment's", example: 'Busy',
  },
] as const satisfies readonly OccurrenceFieldSpec[]

export type OccurrenceFieldName = (typeof OCCURRENCE_FIELDS)[number]['name']

/** XML element order: ordinal by name, as DataContractSerializer writes. */
export const OCCURRENCE_FIELDS_XML_ORDER: readonly (typeof OCCURRENCE_FIELDS)[number][] =
  [...OCCURRENCE_FIELDS].sort((a, b) => (a.xmlName < b.xmlName ? -1 : a.xmlName > b.xmlName ? 1 : 0))

/** Most occurrences one listing answers; a `Link: <…>; rel="next"` header leads to the rest. */
export const OCCURRENCE_PAGE_SIZE = 5000

/** Longest listing window: 366 × 24 h of elapsed time. */
export const MAX_WINDOW_MS = 366 * 24 * 3_600_000

function fieldJsonSchema(field: OccurrenceFieldSpec): TSchema {
  const options = { description: `${field.sv} / ${field.en}`, examples: [field.example] }
  const schema = (() => {
    switch (field.kind) {
      case 'id':
      case 'text':
        return Type.String(options)
      case 'dateTime':
        return Type.String({ ...options, format: 'date-time' })
      case 'boolean':
        return Type.Boolean(options)
      case 'showAs':
        return Type.Unsafe<string>({ ...options, type: 'string', enum: [...SHOW_AS_VALUES] })
    }
  })()
  return field.nullable ? Type.Union([schema, Type.Null()], options) : schema
}

/** JSON Schema of one Occurrence, for OpenAPI and the docs. */
export const occurrenceJsonSchema = Type.Object(
  Object.fromEntries(OCCURRENCE_FIELDS.map((field) => [field.name, fieldJsonSchema(field)])),
  { $id: 'Occurrence', additionalProperties: false },
)

/** JSON Schema of the listing: an array of Occurrence, at most OCCURRENCE_PAGE_SIZE long. */
export const occurrenceListJsonSchema = Type.Array(Type.Ref('Occurrence'), {
  $id: 'OccurrenceList', maxItems: OCCURRENCE_PAGE_SIZE,
  description: 'Förekomster sorterade på start / Occurrences sorted by start',
})
