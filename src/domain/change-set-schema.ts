/**
 * @module The change feed's answer, named once: `ChangeSet` (one answer of `GET
 * Changes/{customerId}/{id}`) and its `Change` items. Their JSON and XML names, help-page
 * types, Swedish and English text live here; the docs type pages and OpenAPI walk these
 * lists, and the writers in src/http/formats/change-set.ts write these names.
 */
import { Type } from '@sinclair/typebox'
import { answerObjectSchema, type AnswerFieldSpec } from './answer-fields.ts'

/** Most changes one answer holds; `more: true` says ask again with `next` at once. */
export const CHANGE_PAGE_SIZE = 1000

/** What happened to the appointment: written (created or changed, its latest state given), or deleted. */
export const CHANGE_KINDS = ['upserted', 'deleted'] as const
export type ChangeKind = (typeof CHANGE_KINDS)[number]


/** One item of `changes`, in the order JSON writes them (XML: alphabetical, as DataContract). */
export const CHANGE_FIELDS = [
  {
    name: 'appointmentId', xmlName: 'AppointmentId', typeName: 'string', optional: false,
    sv: 'Id för kalenderhändelsen som ändrats', en: 'Id of the appointment that changed',
    schema: Type.String({ examples: ['q7Vd1bW2S0y3c4Lr8mN5xA'] }),
  },
  {
    name: 'change', xmlName: 'Change', typeName: 'string', optional: false,
    sv: 'upserted: skapad eller ändrad, appointment är dess senaste innehåll; deleted: borttagen',
    en: 'upserted: created or changed, appointment is its latest state; deleted: deleted',
    schema: Type.Union(CHANGE_KINDS.map((kind) => Type.Literal(kind))),
  },
  {
    name: 'appointment', xmlName: 'Appointment', typeName: 'Appointment', optional: true,
    sv: 'Kalenderhändelsen som hämta en svarar den; bara när change är upserted',
    en: 'The appointment as get one answers it; only when change is upserted',
    schema: Type.Ref('AppointmentResource'),
  },
] as const satisfies readonly AnswerFieldSpec[]

export const CHANGE_SET_FIELDS = [
  {
    name: 'changes', xmlName: 'Changes', typeName: 'Collection of Change', optional: false,
    sv: `Ändringarna i nummerordning, högst ${CHANGE_PAGE_SIZE.toLocaleString('sv')}; flera ändringar av en händelse kan komma som en`,
    en: `The changes in order, at most ${CHANGE_PAGE_SIZE.toLocaleString('en')}; several changes to one appointment may come as one`,
    schema: Type.Array(Type.Ref('Change'), { maxItems: CHANGE_PAGE_SIZE }),
  },
  {
    name: 'next', xmlName: 'Next', typeName: 'string', optional: false,
    sv: 'Skicka som since i nästa fråga; giltig i 30 dagar', en: 'Send as since in the next request; valid for 30 days',
    schema: Type.String({ examples: ['MS40Mi4xNzk2MTg1NTQ4LjU5YjI3MWFlMWJiY2IxZDM'] }),
  },
  {
    name: 'more', xmlName: 'More', typeName: 'boolean', optional: false,
    sv: 'true: fler ändringar väntar, fråga genast igen med next', en: 'true: more changes wait, ask again at once with next',
    schema: Type.Boolean(),
  },
] as const satisfies readonly AnswerFieldSpec[]

/** JSON Schemas for OpenAPI; Change refers to AppointmentResource, ChangeSet to Change. */
export const changeJsonSchema = answerObjectSchema(CHANGE_FIELDS, 'Change')
export const changeSetJsonSchema = answerObjectSchema(CHANGE_SET_FIELDS, 'ChangeSet')
