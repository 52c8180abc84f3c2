/**
 * @module The OccurrenceException, named once: one item of the `exceptions` list GET one answers
 * for a series. Its JSON and XML spelling, kind, texts and example live here; the writers in
 * `src/http/formats`, the docs and OpenAPI walk `OCCURRENCE_EXCEPTION_FIELDS`.
 */
import { Type, type TSchema } from '@sinclair/typebox'
import { SHOW_AS_VALUES } from './appointment-schema.ts'

export interface OccurrenceExceptionFieldSpec {
  readonly name: string
  readonly xmlName: string
  readonly kind: 'id' | 'text' | 'dateTime' | 'boolean' | 'showAs'
  /** Always written; the others only when the occurrence's value differs from the series'. */
  readonly always: boolean
  /** May be null (a location or note the occurrence clears). */
  readonly nullable: boolean
  readonly typeName: string
  readonly sv: string
  readonly en: string
  readonly example: unknown
}

/** In the order JSON writes them; XML writes them alphabetically by xmlName. */
export const OCCURRENCE_EXCEPTION_FIELDS = [
  {
    name: 'occurrenceId', xmlName: 'OccurrenceId', kind: 'id', always: true, nullable: false, typeName: 'string',
    sv: 'Förekomstens id, som i listningen', en: "The occurrence's id, as in the listing", example: '20260406',
  },
  {
    name: 'originalStartsAt', xmlName: 'OriginalStartsAt', kind: 'dateTime', always: true, nullable: false,
    typeName: 'date', sv: 'Starten serien ger förekomsten', en: 'The start the series gives the occurrence',
    example: '2026-04-06T09:00:00.0000000+02:00',
  },
  {
    name: 'cancelled', xmlName: 'Cancelled', kind: 'boolean', always: true, nullable: false, typeName: 'boolean',
    sv: 'Förekomsten är inställd', en: 'The occurrence is cancelled', example: false,
  },
  {
    name: 'subject', xmlName: 'Subject', kind: 'text', always: false, nullable: false, typeName: 'string',
    sv: 'Förekomstens eget ämne', en: "The occurrence's own subject", example: 'Visning Storgatan 1 (flyttad)',
  },
  {
    name: 'location', xmlName: 'Location', kind: 'text', always: false, nullable: true, typeName: 'string',
    sv: 'Förekomstens egen plats', en: "The occurrence's own location", example: 'Storgatan 1, Stockholm',
  },
  {
    name: 'note', xmlName: 'Note', kind: 'text', always: false, nullable: true, typeName: 'string',
    sv: 'Förekomstens egen anteckning', en: "The occurrence's own note", example: 'Ta med nycklar',
  },
  {
    name: 'startsAt', xmlName: 'StartsAt', kind: 'dateTime', always: false, nullable: false, typeName: 'date',
    sv: 'Var förekomsten nu börjar (flyttad)', en: 'Where the occurrence now starts (moved)',
    example: '2026-04-06T17:00:00.0000000+02:00',
  },
  {
    name: 'endsAt', xmlName: 'EndsAt', kind: 'dateTime', always: false, nullable: false, typeName: 'date',
    sv: 'Var förekomsten nu slutar (flyttad)', en: 'Where the occurrence now ends (moved)',
    example: '2026-04-06T18:00:00.0000000+02:00',
  },
  {
    name: 'showAs', xmlName: 'ShowAs', kind: 'showAs', always: false, nullable: false, typeName: 'ShowAs',
    sv: 'Hur förekomsten visas i ledig/upptagen', en: 'How the occurrence shows in free/busy', example: 'Tentative',
  },
] as const satisfies readonly OccurrenceExceptionFieldSpec[]

export type OccurrenceExceptionFieldName = (typeof OCCURRENCE_EXCEPTION_FIELDS)[number]['name']

export const OCCURRENCE_EXCEPTION_FIELDS_XML_ORDER: readonly OccurrenceExceptionFieldSpec[] =
  [...OCCURRENCE_EXCEPTION_FIELDS].sort((a, b) => (a.xmlName < b.xmlName ? -1 : a.xmlName > b.xmlName ? 1 : 0))

function fieldJsonSchema(field: OccurrenceExceptionFieldSpec): TSchema {
  const options = { description: `${field.sv} / ${field.en}`, examples: [field.example] }
  const schema = field.kind === 'boolean' ? Type.Boolean(options)
    : field.kind === 'dateTime' ? Type.String({ ...options, format: 'date-time' })
      : field.kind === 'showAs' ? Type.Unsafe<string>({ ...options, type: 'string', enum: [...SHOW_AS_VALUES] })
        : Type.String(options)
  const nullable = field.nullable ? Type.Union([schema, Type.Null()], options) : schema
  return field.always ? nullable : Type.Optional(nullable)
}

/** JSON Schema of one OccurrenceException, for OpenAPI and the docs. */
export const occurrenceExceptionJsonSchema = Type.Object(
  Object.fromEntries(OCCURRENCE_EXCEPTION_FIELDS.map((field) => [field.name, fieldJsonSchema(field)])),
  { $id: 'OccurrenceException', additionalProperties: false },
)
