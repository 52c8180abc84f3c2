/**
 * @module Reads a webhook endpoint's settings from a parsed body (JSON or XML, keys matched
 * case-insensitively) by the fields and limits of webhook-schema.ts: every problem named by
 * its field, with what to send instead. Whether
 * user ids exist and whether production may reach the URL are checked by the caller, which
 * has the store and the network.
 */
import { InvalidParameters, type FieldProblems } from '../errors.ts'
import {
  WEBHOOK_EVENT_TYPES, WEBHOOK_STATUSES, type WebhookEndpointSettings, type WebhookEventType, type WebhookStatus,
} from './webhook-endpoint.ts'
import {
  DESCRIPTION_MAX_LENGTH, URL_MAX_LENGTH, WEBHOOK_ENDPOINT_FIELDS, type WebhookFieldName,
} from './webhook-schema.ts'

type Field = WebhookFieldName

export interface WebhookInput extends WebhookEndpointSettings {
  /** Absent: unchanged (PUT) or active (POST). */
  readonly status: WebhookStatus | undefined
}

/** A body's fields by their names as we spell them, whatever case they came in. */
function fieldsOf(body: Readonly<Record<string, unknown>>): Partial<Record<Field, unknown>> {
  const byLower = new Map(WEBHOOK_ENDPOINT_FIELDS.map((field) => [field.name.toLowerCase(), field.name]))
  const fields: Partial<Record<Field, unknown>> = {}
  for (const [key, value] of Object.entries(body)) {
    const field = byLower.get(key.toLowerCase())
    if (field) fields[field] = value
  }
  return fields
}

export function validateWebhook(body: unknown, allowStatus: boolean): WebhookInput {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new InvalidParameters({ '': ['Send a JSON object such as {"url": "https://example.com/hooks"}.'] })
  }
  const fields = fieldsOf(body as Record<string, unknown>)
  const problems: FieldProblems = {}
  const input: WebhookInput = {
    url: readUrl(fields.url, problems),
    events: readList(fields.events, 'events', problems, readEvent) as WebhookEventType[] | null,
    userIds: readList(fields.userIds, 'userIds', problems, readUserId),
    description: readDescription(fields.description, problems),
    status: allowStatus ? readStatus(fields.status, problems) : undefined,
  }
  if (!allowStatus && fields.status !== undefined) {
    problems.status = ['A new webhook is always active; leave status out (PUT can disable it).']
  }
  if (Object.keys(problems).length > 0) throw new InvalidParameters(problems)
  return input
}

function readUrl(value: unknown, problems: FieldProblems): string {
  if (typeof value !== 'string' || value.trim() === '') {
    problems.url = ['Send url, the absolute http:// or https:// URL that receives the events.']
    return ''
  }
  const text = value.trim()
  const parsed = URL.canParse(text) ? new URL(text) : undefined
  if (!parsed || (parsed.protocol !== 'https:' && parsed.protocol !== 'http:')) {
    problems.url = [`'${text.slice(0, 100)}' is not an absolute http(s) URL; send one such as https://example.com/hooks.`]
  } else if (parsed.username || parsed.password) {
    problems.url = ['Leave credentials out of the URL; the signature proves the sender.']
  } else if (text.length > URL_MAX_LENGTH) {
    problems.url = [`The URL has ${text.length} characters; send at most ${URL_MAX_LENGTH}.`]
  }
  return text
}

function readList(
  value: unknown, field: string, problems: FieldProblems,
  readItem: (item: unknown, path: string, problems: FieldProblems) => string | undefined,
): string[] | null {
  if (value === undefined || value === null) return null
  if (!Array.isArray(value) || value.length === 0) {
    problems[field] = [`Send ${field} as a non-empty list, or leave it out for all.`]
    return null
  }
  const items = value.map((item, index) => readItem(item, `${field}[${index}]`, problems))
  return [...new Set(items.filter((item) => item !== undefined))]
}

function readEvent(item: unknown, path: string, problems: FieldProblems): string | undefined {
  if (typeof item === 'string' && (WEBHOOK_EVENT_TYPES as readonly string[]).includes(item)) return item
  problems[path] = [`'${String(item).slice(0, 100)}' is not an event type; use one of ${WEBHOOK_EVENT_TYPES.join(', ')}.`]
  return undefined
}

function readUserId(item: unknown, path: string, problems: FieldProblems): string | undefined {
  if (typeof item === 'string' && item.trim() !== '') return item.trim()
  problems[path] = ['Send each user id as a non-empty string.']
  return undefined
}

function readDescription(value: unknown, problems: FieldProblems): string | null {
  if (value === undefined || value === null) return null
  if (typeof value !== 'string') {
    problems.description = ['Send description as text.']
    return null
  }
  if (value.length > DESCRIPTION_MAX_LENGTH) {
    problems.description = [`The description has ${value.length} characters; send at most ${DESCRIPTION_MAX_LENGTH}.`]
  }
  return value
}

function readStatus(value: unknown, problems: FieldProblems): WebhookStatus | undefined {
  if (value === undefined || value === null) return undefined
  if (typeof value === 'string' && (WEBHOOK_STATUSES as readonly string[]).includes(value)) return value as WebhookStatus
  problems.status = [`'${String(value).slice(0, 100)}' is not a status; use active or disabled.`]
  return undefined
}
