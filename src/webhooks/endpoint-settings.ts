/**
 * @module Creating and changing a webhook endpoint, for the API and the admin command alike:
 * the settings validated (InvalidParameters naming each field), each user id one of the
 * customer's (answered as the store spells it), in production a URL the sender may reach,
 * and at most MAX_WEBHOOKS_PER_CUSTOMER per customer.
 */
import { InvalidParameters } from '../domain/errors.ts'
import { validateWebhook, type WebhookInput } from '../domain/webhooks/validate-webhook.ts'
import {
  MAX_WEBHOOKS_PER_CUSTOMER, newWebhookId, newWebhookSecret, type WebhookEndpoint,
} from '../domain/webhooks/webhook-endpoint.ts'
import type { Store } from '../store/store.ts'
import { refusalOf, type AddressPolicy } from './address-guard.ts'

export async function checkWebhookSettings(
  store: Store, policy: AddressPolicy, customerId: string, body: unknown, allowStatus: boolean,
): Promise<WebhookInput> {
  const input = validateWebhook(body, allowStatus)
  const problems: Record<string, string[]> = {}
  const refusal = await refusalOf(new URL(input.url), policy)
  if (refusal) problems.url = [refusal]
  const users = input.userIds && await store.listUsers(customerId)
  const userIds = users && input.userIds!.map((userId, index) => {
    const user = users.find((known) => known.userId.toLowerCase() === userId.toLowerCase())
    if (!user) problems[`userIds[${index}]`] = [`User '${userId.slice(0, 64)}' is not a user of customer '${customerId}'.`]
    return user?.userId ?? userId
  })
  if (Object.keys(problems).length > 0) throw new InvalidParameters(problems)
  return { ...input, userIds: userIds ?? null }
}

export async function createWebhookEndpoint(
  store: Store, policy: AddressPolicy, customerId: string, body: unknown,
): Promise<{ endpoint: WebhookEndpoint; secret: string }> {
  const input = await checkWebhookSettings(store, policy, customerId, body, false)
  const existing = await store.listWebhookEndpoints(customerId)
  if (existing.length >= MAX_WEBHOOKS_PER_CUSTOMER) {
    throw new InvalidParameters({
      customerId: [`Customer '${customerId.slice(0, 64)}' has ${existing.length} webhooks, the most one may have; `
        + 'remove one (DELETE /Webhooks/{customerId}/{webhookId}) or change one with PUT instead.'],
    })
  }
  return store.addWebhookEndpoint({ ...input, id: newWebhookId(), customerId, secret: newWebhookSecret() })
}
