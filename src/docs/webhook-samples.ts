/**
 * @module The webhook samples: the request body every field's example gives (those only a PUT
 * may send left out, so the one sample creates and changes alike) and the endpoint the server
 * answers for it, written by the route's own JSON and XML writers.
 */
import type { WebhookEndpoint, WebhookEventType } from '../domain/webhooks/webhook-endpoint.ts'
import { WEBHOOK_ANSWER_FIELDS, WEBHOOK_ENDPOINT_FIELDS } from '../domain/webhooks/webhook-schema.ts'
import { validateWebhook } from '../domain/webhooks/validate-webhook.ts'
import { webhookBodyXml, webhookJson, webhooksXml, webhookXml } from '../http/formats/webhook-formats.ts'
import { CUSTOMER_ID_PARAMETER } from '../http/route-docs.ts'
import type { SampleCalendar } from './sample-calendar.ts'
import { indentXml, type FormatSamples, type SampleBody } from './sample-text.ts'

export const WEBHOOK_REQUEST_BODY: SampleBody = Object.fromEntries(WEBHOOK_ENDPOINT_FIELDS
  .filter((field) => !field.changeOnly).map((field) => [field.name, field.example]))

export const WEBHOOK_REQUEST_SAMPLES: FormatSamples = {
  json: JSON.stringify(WEBHOOK_REQUEST_BODY, null, 2),
  xml: indentXml(webhookBodyXml(WEBHOOK_REQUEST_BODY)),
}

/** Checks a body as the create does, before the store and the network are asked. */
export function checkWebhookBody(body: SampleBody): unknown {
  return validateWebhook(body, false)
}

function answerExample(name: (typeof WEBHOOK_ANSWER_FIELDS)[number]['name']): string {
  const field = WEBHOOK_ANSWER_FIELDS.find((candidate) => candidate.name === name)!
  return (field.schema as { examples: readonly string[] }).examples[0]!
}

/** The sample endpoint, created on a day of the calendar's (pages show no date before the day they are served). */
function sampleEndpoint(calendar: SampleCalendar): WebhookEndpoint {
  return {
    id: answerExample('id'),
    customerId: CUSTOMER_ID_PARAMETER.example,
    url: WEBHOOK_REQUEST_BODY.url as string,
    events: WEBHOOK_REQUEST_BODY.events as WebhookEventType[],
    userIds: WEBHOOK_REQUEST_BODY.userIds as string[],
    description: WEBHOOK_REQUEST_BODY.description as string,
    status: 'active',
    disabledReason: null,
  createdAt: calendar.move(answerExample('createdAt')),
  }
}

/** The endpoint as GET and PUT answer it; the create and the rotation add `secret`, as their texts say. */
export function webhookEndpointSamples(calendar: SampleCalendar): FormatSamples {
  const endpoint = sampleEndpoint(calendar)
  return { json: JSON.stringify(webhookJson(endpoint), null, 2), xml: indentXml(webhookXml(endpoint)) }
}

export function webhookEndpointListSamples(calendar: SampleCalendar): FormatSamples {
  const endpoint = sampleEndpoint(calendar)
  return { json: JSON.stringify([webhookJson(endpoint)], null, 2), xml: indentXml(webhooksXml([endpoint])) }
}
