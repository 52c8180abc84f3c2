/**
 * @module Webhook endpoints and attempts on the wire: JSON as the API spells it (camelCase,
 * lists as arrays, null for "all"), XML as `<Webhook>`, `<ArrayOfWebhook>` and
 * `<ArrayOfWebhookDelivery>` with PascalCase elements, and the request body read from XML
 * into the same plain object JSON gives (element names case-insensitive, list items in any
 * element name). DTDs and entity declarations are refused, as for appointments.
 */
import { XMLParser } from 'fast-xml-parser'
import type { WebhookEndpoint } from '../../domain/webhooks/webhook-endpoint.ts'
import { WEBHOOK_ENDPOINT_FIELDS } from '../../domain/webhooks/webhook-schema.ts'
import { InvalidParameters } from '../../domain/errors.ts'
import type { WebhookAttempt } from '../../store/webhook-store.ts'
import { escapeXmlText } from './xml.ts'

export const WEBHOOK_NAMESPACE = 'https://connect-calendar/schemas/webhooks'
const LISTS = new Set(WEBHOOK_ENDPOINT_FIELDS.filter((field) => field.list).map((field) => field.name.toLowerCase()))
const DECLARATION = /<!(DOCTYPE|ENTITY)/i

const parser = new XMLParser({
  ignoreAttributes: true, parseTagValue: false, trimValues: true, ignoreDeclaration: true, removeNSPrefix: true,
  isArray: () => true,
})

/** The endpoint as answered; `secret` only on create and rotation. */
export function webhookJson(endpoint: WebhookEndpoint, secret?: string): Record<string, unknown> {
  return {
    id: endpoint.id, url: endpoint.url, events: endpoint.events, userIds: endpoint.userIds,
    description: endpoint.description, status: endpoint.status, disabledReason: endpoint.disabledReason,
    createdAt: endpoint.createdAt, ...(secret !== undefined && { secret }),
  }
}

export function attemptJson(attempt: WebhookAttempt): Record<string, unknown> {
  return { ...attempt }
}

function element(name: string, value: unknown): string {
  if (value === null || value === undefined) return `<${name} i:nil="true"/>`
  if (Array.isArray(value)) return `<${name}>${value.map((item) => element('string', item)).join('')}</${name}>`
  return `<${name}>${escapeXmlText(String(value))}</${name}>`
}

function xmlObject(name: string, fields: Record<string, unknown>, root: boolean): string {
  const namespaces = root ? ` xmlns="${WEBHOOK_NAMESPACE}" xmlns:i="http://www.w3.org/2001/XMLSchema-instance"` : ''
  const children = Object.entries(fields)
    .map(([key, value]) => element(key[0]!.toUpperCase() + key.slice(1), value)).join('')
  return `<${name}${namespaces}>${children}</${name}>`
}

export function webhookXml(endpoint: WebhookEndpoint, secret?: string): string {
  return xmlObject('Webhook', webhookJson(endpoint, secret), true)
}

/** A request body as XML: `<Webhook>` with the fields sent, as the answers write them. */
export function webhookBodyXml(body: Readonly<Record<string, unknown>>): string {
  return xmlObject('Webhook', body, true)
}

export function webhooksXml(endpoints: readonly WebhookEndpoint[]): string {
  return `<ArrayOfWebhook xmlns="${WEBHOOK_NAMESPACE}" xmlns:i="http://www.w3.org/2001/XMLSchema-instance">`
    + `${endpoints.map((endpoint) => xmlObject('Webhook', webhookJson(endpoint), false)).join('')}</ArrayOfWebhook>`
}

export function attemptsXml(attempts: readonly WebhookAttempt[]): string {
  return `<ArrayOfWebhookDelivery xmlns="${WEBHOOK_NAMESPACE}" xmlns:i="http://www.w3.org/2001/XMLSchema-instance">`
    + `${attempts.map((attempt) => xmlObject('WebhookDelivery', attemptJson(attempt), false)).join('')}`
    + '</ArrayOfWebhookDelivery>'
}

/** `<Webhook><Url>…</Url><Events><string>…</string></Events>…</Webhook>` as a plain object. */
export function parseWebhookXml(text: string): Record<string, unknown> {
  if (DECLARATION.test(text)) throw bodyProblem('Send XML without a DOCTYPE or entity declarations.')
  let document: Record<string, unknown>
  try {
    document = parser.parse(text, true) as Record<string, unknown>
  } catch {
    throw bodyProblem('The body is not well-formed XML; send <Webhook><Url>https://…</Url></Webhook>.')
  }
  const roots = Object.entries(document).find(([name]) => name.toLowerCase() === 'webhook')?.[1]
  const root = Array.isArray(roots) ? roots[0] : undefined
  if (typeof root !== 'object' || root === null) throw bodyProblem('Send a <Webhook> element as the root.')
  return Object.fromEntries(Object.entries(root as Record<string, unknown[]>).map(([name, values]) => {
    const value = values[0]
    if (!LISTS.has(name.toLowerCase())) return [name, typeof value === 'string' ? value : '']
    const items = typeof value === 'object' && value !== null ? Object.values(value).flat() : []
    return [name, items.map(String)]
  }))
}

function bodyProblem(message: string): InvalidParameters {
  return new InvalidParameters({ '': [message] })
}
