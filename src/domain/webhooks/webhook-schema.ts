/**
 * @module The body of `POST /Webhooks/{customerId}` and `PUT …/{webhookId}` (`WebhookEndpoint`)
 * and what the answers add, named once: each field's JSON and XML name, limits, Swedish and
 * English text and example. The validator, the XML reader, the docs type page, the samples and
 * OpenAPI walk these lists.
 */
import { Type, type TSchema } from '@sinclair/typebox'
import { answerObjectSchema, type AnswerFieldSpec } from '../answer-fields.ts'
import { WEBHOOK_EVENT_TYPES, WEBHOOK_STATUSES } from './webhook-endpoint.ts'

export const URL_MAX_LENGTH = 2000
export const DESCRIPTION_MAX_LENGTH = 500

export interface WebhookFieldSpec {
  /** camelCase JSON name. */
  readonly name: string
  /** PascalCase XML element name. */
  readonly xmlName: string
  readonly required: boolean
  /** A list: JSON array, XML element with one child per item. */
  readonly list: boolean
  /** Only a change (PUT) may send it; a create refuses it. */
  readonly changeOnly: boolean
  /** Type as the help page names it. */
  readonly typeName: string
  readonly sv: string
  readonly en: string
  readonly example: unknown
  readonly schema: TSchema
}

export const WEBHOOK_ENDPOINT_FIELDS = [
  {
    name: 'url', xmlName: 'Url', required: true, list: false, changeOnly: false, typeName: 'string',
    sv: `Absolut http(s)-URL som tar emot händelserna, högst ${URL_MAX_LENGTH} tecken och utan inloggningsuppgifter; `
      + 'i produktion https och en publik adress',
    en: `Absolute http(s) URL that receives the events, at most ${URL_MAX_LENGTH} characters and without credentials; `
      + 'in production https and a public address',
    example: 'https://example.com/webhooks/calendar',
    schema: Type.String({ format: 'uri', pattern: '^https?://', maxLength: URL_MAX_LENGTH }),
  },
  {
    name: 'events', xmlName: 'Events', required: false, list: true, changeOnly: false, typeName: 'Collection of string',
    sv: `Händelsetyperna att skicka (${WEBHOOK_EVENT_TYPES.join(', ')}); utelämnad: alla`,
    en: `The event types to send (${WEBHOOK_EVENT_TYPES.join(', ')}); left out: all`,
    example: ['appointment.created', 'appointment.updated', 'appointment.deleted'],
    schema: Type.Array(Type.Unsafe<string>({ type: 'string', enum: [...WEBHOOK_EVENT_TYPES] }), { minItems: 1 }),
  },
  {
    name: 'userIds', xmlName: 'UserIds', required: false, list: true, changeOnly: false, typeName: 'Collection of string',
    sv: 'Användarna vars kalendrar skickas, id:n i kunden; utelämnad: alla användare',
    en: "The users whose calendars are sent, ids of the customer's users; left out: every user",
    example: ['HAN001'],
    schema: Type.Array(Type.String({ minLength: 1 }), { minItems: 1 }),
  },
  {
    name: 'description', xmlName: 'Description', required: false, list: false, changeOnly: false, typeName: 'string',
    sv: `Fri text för er egen skull, högst ${DESCRIPTION_MAX_LENGTH} tecken`,
    en: `Free text for your own use, at most ${DESCRIPTION_MAX_LENGTH} characters`,
    example: 'CRM-synk', schema: Type.String({ maxLength: DESCRIPTION_MAX_LENGTH }),
  },
  {
    name: 'status', xmlName: 'Status', required: false, list: false, changeOnly: true, typeName: 'string',
    sv: 'Bara vid PUT: active eller disabled; utelämnad: oförändrad. En webhook som stängts av för att den inte '
      + 'svarade och som sätts active igen får det som samlats under tiden',
    en: 'PUT only: active or disabled; left out: unchanged. A webhook disabled because it kept failing, set active '
      + 'again, gets what piled up meanwhile',
    example: 'active',
    schema: Type.Unsafe<string>({ type: 'string', enum: [...WEBHOOK_STATUSES] }),
  },
] as const satisfies readonly WebhookFieldSpec[]

export type WebhookFieldName = (typeof WEBHOOK_ENDPOINT_FIELDS)[number]['name']

/** What every answer about an endpoint adds to the body's fields. */
export const WEBHOOK_ANSWER_FIELDS = [
  {
    name: 'id', xmlName: 'Id', typeName: 'string', optional: false,
    sv: 'Webhookens id ({webhookId})', en: "The webhook's id ({webhookId})",
    schema: Type.String({ examples: ['q3Jm0lMTmUa4oZ1x'] }),
  },
  {
    name: 'disabledReason', xmlName: 'DisabledReason', typeName: 'string', optional: false,
    sv: 'Varför den är avstängd: manual (PUT), failing (försöken tog slut) eller gone (svarade 410); null när aktiv',
    en: 'Why it is disabled: manual (PUT), failing (its retries ran out) or gone (it answered 410); null when active',
    schema: Type.Union([Type.Unsafe<string>({ type: 'string', enum: ['manual', 'failing', 'gone'] }), Type.Null()]),
  },
  {
    name: 'createdAt', xmlName: 'CreatedAt', typeName: 'date', optional: false,
    sv: 'När den skapades, UTC', en: 'When it was created, UTC',
    schema: Type.String({ format: 'date-time', examples: ['2025-11-08T08:00:00.000Z'] }),
  },
  {
    name: 'secret', xmlName: 'Secret', typeName: 'string', optional: true,
    sv: 'Signeringshemligheten, whsec_ + base64 av 32 byte; bara i svaret på skapandet och på rotate-secret',
    en: 'The signing secret, whsec_ + base64 of 32 bytes; only in the answer to the create and to rotate-secret',
    schema: Type.String({ pattern: '^whsec_', examples: ['whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw'] }),
  },
] as const satisfies readonly AnswerFieldSpec[]

/** JSON Schema for OpenAPI: every body field, those a create refuses marked so. */
export const webhookEndpointJsonSchema: TSchema = Type.Object(Object.fromEntries(WEBHOOK_ENDPOINT_FIELDS.map((field) => {
  const schema = { ...field.schema, description: `${field.sv} / ${field.en}`, examples: [field.example] }
  return [field.name, field.required ? schema : Type.Optional(schema)]
})), { $id: 'WebhookEndpoint', additionalProperties: true })

/** The answer: the body's fields as stored (lists and description null for "all" or none) and WEBHOOK_ANSWER_FIELDS. */
export const webhookEndpointAnswerJsonSchema: TSchema = Type.Object({
  ...Object.fromEntries(WEBHOOK_ENDPOINT_FIELDS.map((field) => [field.name,
    field.required || field.name === 'status' ? field.schema : Type.Union([field.schema, Type.Null()])])),
  ...(answerObjectSchema(WEBHOOK_ANSWER_FIELDS, 'WebhookEndpointAnswer').properties as Record<string, TSchema>),
}, { $id: 'WebhookEndpointAnswer', additionalProperties: false })
