/**
 * @module OpenAPI 3.1's top-level `webhooks`: one entry per event type the service sends (a
 * POST to the customer's URL with the Standard Webhooks headers and the thin event body), and
 * the WebhookEvent schema they share. Texts in Swedish and English, as the help pages.
 */
import { WEBHOOK_EVENT_TYPES, type WebhookEventType } from '../domain/webhooks/webhook-endpoint.ts'
import type { Text } from '../http/route-docs.ts'
import { localize, type Lang } from './i18n.ts'
import type { SampleCalendar } from './sample-calendar.ts'

type Json = Record<string, unknown>

/** Written for the sample calendar's first week, moved by it like the other examples. */
const EXAMPLE_TIMESTAMP = '2025-11-10T09:15:02.431Z'
const EXAMPLE_OCCURRENCE_ID = '20251117'

/** When each event type is sent; the help page on events shows the same texts. */
export const WEBHOOK_EVENT_TEXT: Readonly<Record<WebhookEventType, Text>> = {
  'appointment.created': { sv: 'En kalenderhändelse skapades.', en: 'An appointment was created.' },
  'appointment.updated': { sv: 'En kalenderhändelse ersattes (PUT).', en: 'An appointment was replaced (PUT).' },
  'appointment.deleted': {
    sv: 'En kalenderhändelse togs bort; version är den sista den hade.',
    en: 'An appointment was deleted; version is the last one it had.',
  },
  'occurrence.changed': {
    sv: 'En förekomst i en serie ändrades; occurrenceId säger vilken.',
    en: 'One occurrence of a series was changed; occurrenceId names it.',
  },
  'occurrence.cancelled': {
    sv: 'En förekomst i en serie ställdes in; occurrenceId säger vilken.',
    en: 'One occurrence of a series was cancelled; occurrenceId names it.',
  },
  'webhook.test': {
    sv: 'Skickad på begäran (POST …/test); data har bara customerId.',
    en: 'Sent on request (POST …/test); data holds customerId only.',
  },
}

const DELIVERY_TEXT: Text = {
  sv: 'Skickas som POST till webhookens url, signerad enligt Standard Webhooks: webhook-signature är "v1," + base64 '
    + 'av HMAC-SHA256 med hemlighetens byte (base64 efter whsec_) över "{webhook-id}.{webhook-timestamp}.{kropp}"; '
    + 'två signaturer med mellanslag emellan i 24 timmar efter en rotation. Svara 2xx inom 10 s; annars nya försök '
    + '(direkt, 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 14 h, 20 h, 24 h, ±20 %) med samma webhook-id. 410 stänger av '
    + 'webhooken. changeToken återupptar /Changes från strax före ändringen.',
  en: 'Sent as a POST to the webhook\'s url, signed per Standard Webhooks: webhook-signature is "v1," + base64 of '
    + 'HMAC-SHA256 keyed with the secret\'s bytes (the base64 after whsec_) over "{webhook-id}.{webhook-timestamp}.{body}"; '
    + 'two space-separated signatures for 24 hours after a rotation. Answer 2xx within 10 s; otherwise it is retried '
    + '(at once, 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 14 h, 20 h, 24 h, ±20 %) with the same webhook-id. 410 disables '
    + 'the webhook. changeToken resumes /Changes from just before the change.',
}

export const WEBHOOK_HEADERS: readonly (readonly [string, Text])[] = [
  ['webhook-id', { sv: 'Unikt per händelse och webhook, samma vid varje nytt försök.',
    en: 'Unique per event and webhook, the same on every retry.' }],
  ['webhook-timestamp', { sv: 'Unix-sekunder för detta försök.', en: 'Unix seconds of this attempt.' }],
  ['webhook-signature', { sv: 'v1,<base64>, en eller två med mellanslag emellan.',
    en: 'v1,<base64>, one or two, space-separated.' }],
]

export interface WebhookEventField {
  /** JSON name; those inside `data` as `data.customerId`. */
  readonly name: string
  readonly schema: Json
  readonly text: Text
}

/** The event body's fields, named once: the WebhookEvent schema and the events page are built from them. */
export const WEBHOOK_EVENT_FIELDS: readonly WebhookEventField[] = [
  { name: 'type', schema: { type: 'string', enum: [...WEBHOOK_EVENT_TYPES] },
    text: { sv: 'Händelsetypen.', en: 'The event type.' } },
  { name: 'timestamp', schema: { type: 'string', format: 'date-time' },
    text: { sv: 'När ändringen gjordes, RFC 3339 i UTC.', en: 'When the change was made, RFC 3339 in UTC.' } },
  { name: 'data.customerId', schema: { type: 'string' }, text: { sv: 'Kunden.', en: 'The customer.' } },
  { name: 'data.userId', schema: { type: ['string', 'null'] },
    text: { sv: 'Användaren vars kalender ändrades; null för webhook.test.', en: 'The user whose calendar changed; null for webhook.test.' } },
  { name: 'data.appointmentId', schema: { type: ['string', 'null'] },
    text: { sv: 'Kalenderhändelsen, som API:t stavar dess id; null för webhook.test.',
      en: 'The appointment, its id as the API spells it; null for webhook.test.' } },
  { name: 'data.occurrenceId', schema: { type: ['string', 'null'] },
    text: { sv: 'Förekomsten för occurrence.*, annars null.', en: 'The occurrence for occurrence.*, otherwise null.' } },
  { name: 'data.version', schema: { type: ['integer', 'null'] },
    text: { sv: 'Versionen skrivningen gav (borttagning: den sista).', en: 'The version the write produced (a delete: the last one).' } },
  { name: 'data.changeToken', schema: { type: ['string', 'null'] },
    text: { sv: 'En since-token till /Changes som börjar strax före denna ändring.',
      en: 'A since token for /Changes that starts just before this change.' } },
]

const DATA_PREFIX = 'data.'

function objectSchema(fields: readonly WebhookEventField[], extra: Json = {}): Json {
  const names = fields.map((field) => field.name.replace(DATA_PREFIX, ''))
  return {
    type: 'object',
    required: [...names, ...Object.keys(extra)],
    properties: {
      ...Object.fromEntries(fields.map((field, index) => [names[index],
        { ...field.schema, description: `${field.text.sv} / ${field.text.en}` }])),
      ...extra,
    },
  }
}

export const WEBHOOK_EVENT_SCHEMA: Json = objectSchema(
  WEBHOOK_EVENT_FIELDS.filter((field) => !field.name.startsWith(DATA_PREFIX)),
  { data: objectSchema(WEBHOOK_EVENT_FIELDS.filter((field) => field.name.startsWith(DATA_PREFIX))) },
)

/** An event as a delivery's body carries it, its timestamp moved by the calendar as every sample date is. */
export function webhookEventExample(type: WebhookEventType, calendar: SampleCalendar): Json {
  const occurrence = type.startsWith('occurrence.')
  const test = type === 'webhook.test'
  return {
    type, timestamp: calendar.move(EXAMPLE_TIMESTAMP),
    data: {
      customerId: 'M30011', userId: test ? null : 'HAN001', appointmentId: test ? null : 'Xc2-Lq9TfUe0YbN7rWm1Kg',
      occurrenceId: occurrence ? calendar.move(EXAMPLE_OCCURRENCE_ID) : null, version: test ? null : 3,
      changeToken: test ? null : 'MS40MS4xNzk2NjIyOTAyLjU5YjI3MWFlMWJiY2IxZDM',
    },
  }
}

export function webhooksOpenApi(lang: Lang, schemaRef: string, calendar: SampleCalendar): Json {
  return Object.fromEntries(WEBHOOK_EVENT_TYPES.map((type) => [type, {
    post: {
      operationId: `webhook-${type.replace('.', '-')}`,
      tags: ['Webhooks'],
      summary: localize(lang, WEBHOOK_EVENT_TEXT[type]),
      description: localize(lang, DELIVERY_TEXT),
      security: [],
      parameters: WEBHOOK_HEADERS.map(([name, text]) => ({
        name, in: 'header', required: true, description: localize(lang, text), schema: { type: 'string' },
      })),
      requestBody: { required: true, content: { 'application/json': { schema: { $ref: schemaRef }, example: webhookEventExample(type, calendar) } } },
      responses: {
        '2XX': { description: localize(lang, { sv: 'Mottagen.', en: 'Received.' }) },
        '410': { description: localize(lang, { sv: 'Stänger av webhooken.', en: 'Disables the webhook.' }) },
      },
    },
  }]))
}
