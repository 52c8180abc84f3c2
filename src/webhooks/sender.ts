/**
 * @module The webhook sender: claims due deliveries from the store, POSTs each signed, and
 * records how it went. Woken at once when events are recorded (the store's watch: in
 * process on SQLite, LISTEN/NOTIFY on PostgreSQL) and otherwise sleeps until the next retry
 * or lease expiry is due, never longer than FALLBACK_WAIT_MS. At most MAX_IN_FLIGHT
 * attempts at once, PER_ENDPOINT_IN_FLIGHT per endpoint, so a slow or dead receiver holds a
 * few slots and never the others' (or the API's: sending shares nothing with requests).
 * A claim's lease outlasts an attempt's time limit, so only an instance that dies mid-attempt
 * leaves work for another to take over: the one case of a duplicate, with the same webhook-id.
 */
import { WEBHOOK_RETENTION_MS } from '../domain/webhooks/webhook-endpoint.ts'
import type { ClaimedDelivery, WebhookAttemptResult, WebhookStore } from '../store/webhook-store.ts'
import type { AddressPolicy } from './address-guard.ts'
import { eventBody } from './event-body.ts'
import { postEvent, type PostResult } from './post-event.ts'
import { retryAfterMs, retryDelay } from './retry-schedule.ts'
import { signatureHeader } from './signature.ts'

export const ATTEMPT_TIMEOUT_MS = 10_000
const LEASE_MS = ATTEMPT_TIMEOUT_MS + 5_000
const MAX_IN_FLIGHT = 32
const PER_ENDPOINT_IN_FLIGHT = 4
const FALLBACK_WAIT_MS = 30_000
const ERROR_WAIT_MS = 1_000
const PURGE_EVERY_MS = 60 * 60 * 1000
const USER_AGENT = 'connect-calendar-webhooks/1 (+https://www.standardwebhooks.com/)'

export type DeliveryOutcome = 'delivered' | 'retry' | 'failed'

export interface WebhookSenderOptions {
  readonly store: WebhookStore
  /** Delay before each attempt, ms: the first attempt's, then after each failure (see retry-schedule.ts). */
  readonly schedule: readonly number[]
  readonly policy: AddressPolicy
  readonly log: { warn(object: object, message: string): void; error(object: object, message: string): void }
  /** Counts each attempt's outcome (metrics). */
  readonly onOutcome?: (outcome: DeliveryOutcome) => void
}

export interface WebhookSender {
  /** Claims what is due now; called on recorded events and after each attempt. */
  wake(): void
  /** Stops claiming, cancels attempts in flight and gives their claims back. */
  close(): Promise<void>
}

export function startWebhookSender(options: WebhookSenderOptions): WebhookSender {
  const { store, log } = options
  const busy = new Map<string, number>()
  const attempts = new Set<Promise<void>>()
  const closing = new AbortController()
  let inFlight = 0
  let pumping = false
  let again = false
  let timer: NodeJS.Timeout | undefined

  function wake(): void {
    if (closing.signal.aborted) return
    if (pumping) {
      again = true
      return
    }
    void pump()
  }

  async function pump(): Promise<void> {
    pumping = true
    clearTimeout(timer)
    try {
      do {
        again = false
        await claimWhileRoom()
      } while (again && !closing.signal.aborted)
      await sleepUntilDue()
    } catch (error) {
      log.error({ err: error }, 'webhook sender could not read its queue')
      sleep(ERROR_WAIT_MS)
    } finally {
      pumping = false
    }
    if (again) wake()
  }

  async function claimWhileRoom(): Promise<void> {
    while (!closing.signal.aborted && inFlight < MAX_IN_FLIGHT) {
      const claimed = await store.claimWebhookDeliveries({
        nowMs: Date.now(), leaseMs: LEASE_MS, limit: MAX_IN_FLIGHT - inFlight, perEndpoint: PER_ENDPOINT_IN_FLIGHT, busy,
      })
      if (claimed.length === 0) return
      for (const delivery of claimed) start(delivery)
    }
  }

  async function sleepUntilDue(): Promise<void> {
    if (closing.signal.aborted) return
    const full = [...busy].filter(([, count]) => count >= PER_ENDPOINT_IN_FLIGHT).map(([endpointId]) => endpointId)
    const due = await store.nextWebhookDueMs(full)
    sleep(due === undefined ? FALLBACK_WAIT_MS : Math.min(Math.max(due - Date.now(), 0), FALLBACK_WAIT_MS))
  }

  function sleep(ms: number): void {
    if (closing.signal.aborted) return
    clearTimeout(timer)
    timer = setTimeout(wake, ms).unref()
  }

  function start(delivery: ClaimedDelivery): void {
    inFlight++
    busy.set(delivery.endpointId, (busy.get(delivery.endpointId) ?? 0) + 1)
    const attempt = attemptDelivery(delivery).catch((error: unknown) => {
      log.error({ err: error, endpointId: delivery.endpointId }, 'webhook attempt could not be recorded')
    }).finally(() => {
      inFlight--
      const left = busy.get(delivery.endpointId)! - 1
      if (left === 0) busy.delete(delivery.endpointId)
      else busy.set(delivery.endpointId, left)
      attempts.delete(attempt)
      wake()
    })
    attempts.add(attempt)
  }

  async function attemptDelivery(delivery: ClaimedDelivery): Promise<void> {
    const body = eventBody(delivery)
    const startedMs = Date.now()
    const timestamp = Math.floor(startedMs / 1000)
    const result = await postEvent(delivery.url, {
      'webhook-id': delivery.messageId,
      'webhook-timestamp': String(timestamp),
      'webhook-signature': signatureHeader(delivery.secrets, delivery.messageId, timestamp, body),
      'content-type': 'application/json',
      'user-agent': USER_AGENT,
    }, body, { timeoutMs: ATTEMPT_TIMEOUT_MS, policy: options.policy, signal: closing.signal })
    if (result.cancelled) {
      await store.releaseWebhookClaims([delivery.claimToken])
      return
    }
    const outcome = judge(delivery, result, options.schedule, Date.now())
    options.onOutcome?.(outcome.outcome)
    if (outcome.disable) log.warn({ endpointId: delivery.endpointId, reason: outcome.disable.detail }, 'webhook endpoint disabled')
    await store.finishWebhookAttempt({
      delivery, at: new Date(startedMs).toISOString(), status: result.status ?? null,
      error: result.error ?? (isSuccess(result) ? null : `HTTP ${result.status}`), durationMs: Date.now() - startedMs,
      ...outcome,
    })
  }

  const watching = store.watchWebhookEvents(wake)
  watching.catch((error: unknown) => log.error({ err: error }, 'webhook sender cannot watch for events'))
  const purging = setInterval(() => {
    store.purgeWebhookDeliveriesBefore(Date.now() - WEBHOOK_RETENTION_MS).catch((error: unknown) => {
      log.error({ err: error }, 'webhook purge failed')
    })
  }, PURGE_EVERY_MS).unref()
  wake()

  return {
    wake,
    async close() {
      closing.abort()
      clearTimeout(timer)
      clearInterval(purging)
      await (await watching.catch(() => async () => undefined))()
      await Promise.all([...attempts])
    },
  }
}

function isSuccess(result: PostResult): boolean {
  return result.status !== undefined && result.status >= 200 && result.status < 300
}

type Judgement = Pick<WebhookAttemptResult, 'outcome' | 'nextAttemptMs' | 'disable'>

/** Delivered on a 2xx; a 410 fails at once and disables; anything else retries until the schedule is spent. */
export function judge(delivery: ClaimedDelivery, result: PostResult, schedule: readonly number[], nowMs: number): Judgement {
  if (isSuccess(result)) return { outcome: 'delivered', nextAttemptMs: null, disable: null }
  if (result.status === 410) {
    return {
      outcome: 'failed', nextAttemptMs: null,
      disable: { reason: 'gone', detail: `The endpoint answered 410 Gone to event ${delivery.messageId}.` },
    }
  }
  const delay = retryDelay(schedule, delivery.attempt, Math.random())
  if (delay === undefined) {
    const last = result.status === undefined ? result.error : `HTTP ${result.status}`
    return {
      outcome: 'failed', nextAttemptMs: null,
      disable: {
        reason: 'failing',
        detail: `Event ${delivery.messageId} failed ${delivery.attempt} attempts, the whole retry schedule; the last: ${last}.`,
      },
    }
  }
  const asked = result.status === 429 || result.status === 503 ? retryAfterMs(result.retryAfter, nowMs) : undefined
  return { outcome: 'retry', nextAttemptMs: nowMs + Math.max(delay, asked ?? 0), disable: null }
}
