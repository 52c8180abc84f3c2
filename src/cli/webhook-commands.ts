/**
 * @module The admin command's webhook commands (issue 17): add (the signing secret printed
 * once), list, disable, remove and the latest delivery attempts, through the same checks as
 * the API (webhooks/endpoint-settings.ts), so production refuses the same URLs.
 */
import { InvalidParameters } from '../domain/errors.ts'
import type { WebhookEndpoint } from '../domain/webhooks/webhook-endpoint.ts'
import { StoreConflict, type Store } from '../store/store.ts'
import { addressPolicy } from '../webhooks/address-guard.ts'
import { createWebhookEndpoint } from '../webhooks/endpoint-settings.ts'
import { UsageError, expectArgs, printTable, type Command } from './cli-kit.ts'

export const WEBHOOK_USAGE = `  webhook add <customerId> <url> [--events <type,type,…>] [--users <userId,…>] [--description D]
                                                    (prints the signing secret once; events and
                                                    users left out: all)
  webhook list [<customerId>]                        (never shows a secret)
  webhook disable <customerId> <webhookId>
  webhook remove <customerId> <webhookId>            (with its pending events)
  webhook deliveries <customerId> <webhookId> [--limit <n>]
                                                    (the latest attempts, newest first, default 20)
`

export const WEBHOOK_OPTIONS = {
  events: { type: 'string' }, users: { type: 'string' }, description: { type: 'string' },
} as const

const DEFAULT_DELIVERIES = 20
const MAX_DELIVERIES = 1000

function listOption(value: string | undefined): string[] | undefined {
  return value === undefined ? undefined : value.split(',').map((item) => item.trim()).filter(Boolean)
}

/** The API's field problems as one usage error, naming the option each came from. */
function asUsageError(error: unknown): unknown {
  if (!(error instanceof InvalidParameters)) return error
  const options: Record<string, string> = { events: '--events', userIds: '--users', description: '--description' }
  return new UsageError(Object.entries(error.problems).map(([field, messages]) =>
    `${options[field.replace(/\[\d+\]$/, '')] ?? field}: ${messages.join(' ')}`).join('\n'))
}

async function requireEndpoint(store: Store, customerId: string, webhookId: string): Promise<WebhookEndpoint> {
  const endpoint = await store.getWebhookEndpoint(customerId, webhookId)
  if (!endpoint) throw new StoreConflict('not-found', `Customer ${customerId} has no webhook ${webhookId}.`)
  return endpoint
}

function statusOf(endpoint: WebhookEndpoint): string {
  return endpoint.disabledReason ? `disabled (${endpoint.disabledReason})` : endpoint.status
}

export const WEBHOOK_COMMANDS: Record<string, Command> = {
  'webhook add': async ({ args, options, store, config, print }) => {
    const [customerId, url] = expectArgs(args, ['customerId', 'url'])
    const { endpoint, secret } = await createWebhookEndpoint(store,
      addressPolicy(config.production, config.webhookAllowPrivateNetworks), customerId, {
        url, events: listOption(options.events), userIds: listOption(options.users), description: options.description,
      }).catch((error: unknown) => { throw asUsageError(error) })
    print(`Added webhook ${endpoint.id} for customer ${endpoint.customerId}: ${endpoint.url}`)
    print(`Signing secret (shown only this once): ${secret}`)
  },
  'webhook list': async ({ args, store, print }) => {
    if (args.length > 1) throw new UsageError(`Expected at most <customerId>, got ${args.join(' ')}.`)
    printTable(print, ['WEBHOOK', 'CUSTOMER', 'STATUS', 'URL', 'EVENTS', 'USERS'], (await store.listWebhookEndpoints(args[0]))
      .map((e) => [e.id, e.customerId, statusOf(e), e.url, e.events?.join(',') ?? 'all', e.userIds?.join(',') ?? 'all']))
  },
  'webhook disable': async ({ args, store, print }) => {
    const [customerId, webhookId] = expectArgs(args, ['customerId', 'webhookId'])
    const endpoint = await requireEndpoint(store, customerId, webhookId)
    await store.updateWebhookEndpoint(customerId, webhookId, { ...endpoint, status: 'disabled' })
    print(`Disabled webhook ${webhookId}: it gets no events until set active again (PUT /Webhooks/…).`)
  },
  'webhook remove': async ({ args, store, print }) => {
    const [customerId, webhookId] = expectArgs(args, ['customerId', 'webhookId'])
    if (!await store.removeWebhookEndpoint(customerId, webhookId)) {
      throw new StoreConflict('not-found', `Customer ${customerId} has no webhook ${webhookId}.`)
    }
    print(`Removed webhook ${webhookId} and its pending events.`)
  },
  'webhook deliveries': async ({ args, options, store, print }) => {
    const [customerId, webhookId] = expectArgs(args, ['customerId', 'webhookId'])
    const limit = options.limit === undefined ? DEFAULT_DELIVERIES : Number(options.limit)
    if (!Number.isInteger(limit) || limit < 1 || limit > MAX_DELIVERIES) {
      throw new UsageError(`--limit "${options.limit}" must be a whole number from 1 to ${MAX_DELIVERIES}.`)
    }
    const endpoint = await requireEndpoint(store, customerId, webhookId)
    printTable(print, ['AT', 'EVENT', 'TYPE', 'ATTEMPT', 'RESULT', 'MS', 'NEXT'],
      (await store.listWebhookAttempts(endpoint.id, limit)).map((a) => [a.at, a.messageId, a.type, String(a.attempt),
        a.status === null ? a.error ?? '' : String(a.status), String(a.durationMs), a.nextAttemptAt ?? '']))
  },
}
