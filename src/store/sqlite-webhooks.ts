/**
 * @module The SQLite store's webhooks role: endpoints, and the delivery queue (migration
 * 0010). One process owns the file, so a claim is a plain transaction; the sender in that
 * process is woken in process when a write records events (see webhooks/sender.ts).
 */
import type { DatabaseSync } from 'node:sqlite'
import {
  ATTEMPT_COLUMNS, CLAIMED_COLUMNS, ENDPOINT_COLUMNS, SENDER_AUDIT_CLIENT, candidateCount, chooseClaims,
  fullEndpoints, newClaimToken, newMessageId, rowToAttempt, rowToClaimed, rowToEndpoint,
} from './webhook-rows.ts'
import { StoreConflict } from './store.ts'
import type { WebhookStore } from './webhook-store.ts'

/** Tells watchers that a transaction committed: one call per turn of the event loop, whatever the commits. */
export interface CommitSignal {
  committed(): void
  /**
   * Runs `work` (synchronous) so that its commits wake no watcher: the sender's own claims and
   * results, which would otherwise wake the sender again at once and spin it on an idle queue.
   */
  quietly<T>(work: () => T): T
  watch(listener: () => void): () => Promise<void>
}

export function createCommitSignal(): CommitSignal {
  const listeners = new Set<() => void>()
  let scheduled = false
  let quiet = false
  return {
    committed() {
      if (quiet || listeners.size === 0 || scheduled) return
      scheduled = true
      setImmediate(() => {
        scheduled = false
        for (const listener of listeners) listener()
      })
    },
    quietly(work) {
      quiet = true
      try {
        return work()
      } finally {
        quiet = false
      }
    },
    watch(listener) {
      listeners.add(listener)
      return async () => { listeners.delete(listener) }
    },
  }
}

function jsonList(list: readonly string[] | null): string | null {
  return list === null ? null : JSON.stringify(list)
}

/** `transaction` runs its work in one transaction and signals `commits` after it commits. */
export function sqliteWebhookMethods(
  db: DatabaseSync, transaction: <T>(work: () => T) => T, commits: CommitSignal,
): WebhookStore {
  const sql = {
    customer: db.prepare('SELECT customer_id FROM customers WHERE customer_id = ?'),
    insert: db.prepare(`INSERT INTO webhook_endpoints (id, customer_id, url, events, user_ids, description, status,
        secret, created_at)
      VALUES ($id, $customerId, $url, $events, $userIds, $description, 'active', $secret, $createdAt)`),
    get: db.prepare(`SELECT ${ENDPOINT_COLUMNS} FROM webhook_endpoints WHERE id = ? AND customer_id = ?`),
    list: db.prepare(`SELECT ${ENDPOINT_COLUMNS} FROM webhook_endpoints
      WHERE $customerId IS NULL OR customer_id = $customerId ORDER BY created_at, id`),
    update: db.prepare(`UPDATE webhook_endpoints SET url = $url, events = $events, user_ids = $userIds,
        description = $description,
        disabled_reason = CASE WHEN $status = 'active' THEN NULL WHEN status = 'disabled' THEN disabled_reason
          ELSE 'manual' END,
        status = $status
      WHERE id = $id AND customer_id = $customerId`),
    remove: db.prepare('DELETE FROM webhook_endpoints WHERE id = ? AND customer_id = ?'),
    rotate: db.prepare(`UPDATE webhook_endpoints SET previous_secret = secret, previous_secret_until_ms = $until,
        secret = $secret
      WHERE id = $id AND customer_id = $customerId`),
    addTest: db.prepare(`INSERT INTO webhook_deliveries (message_id, endpoint_id, type, at, customer_id, state,
        next_attempt_ms, created_ms)
      SELECT $messageId, id, 'webhook.test', $at, customer_id, 'pending', $now, $now FROM webhook_endpoints
        WHERE id = $id AND customer_id = $customerId`),
    candidates: db.prepare(`SELECT d.id, d.endpoint_id FROM webhook_deliveries d
        JOIN webhook_endpoints e ON e.id = d.endpoint_id
      WHERE d.state = 'pending' AND d.next_attempt_ms <= $now AND (d.lease_until_ms IS NULL OR d.lease_until_ms <= $now)
        AND e.status = 'active' AND d.endpoint_id NOT IN (SELECT value FROM json_each($full))
      ORDER BY d.next_attempt_ms, d.id LIMIT $limit`),
    claim: db.prepare(`UPDATE webhook_deliveries SET claim_token = $token, lease_until_ms = $leaseUntil,
        attempts = attempts + 1
      WHERE id = $id`),
    claimed: db.prepare(`SELECT ${CLAIMED_COLUMNS} FROM webhook_deliveries d
        JOIN webhook_endpoints e ON e.id = d.endpoint_id
      WHERE d.claim_token = ? ORDER BY d.next_attempt_ms, d.id`),
    finish: db.prepare(`UPDATE webhook_deliveries SET state = $state, next_attempt_ms = coalesce($next, next_attempt_ms),
        claim_token = NULL, lease_until_ms = NULL
      WHERE id = $id AND claim_token = $token`),
    addAttempt: db.prepare(`INSERT INTO webhook_attempts (delivery_id, endpoint_id, attempt, at, status, error,
        duration_ms, next_attempt_at)
      VALUES ($deliveryId, $endpointId, $attempt, $at, $status, $error, $durationMs, $nextAttemptAt)`),
    disable: db.prepare(`UPDATE webhook_endpoints SET status = 'disabled', disabled_reason = $reason
      WHERE id = $id AND status = 'active'`),
    auditDisable: db.prepare(`INSERT INTO audit_log (at, client, action, customer_id, user_id, request_id, webhook_id,
        detail)
      VALUES ($at, '${SENDER_AUDIT_CLIENT}', 'webhook-disable', $customerId, NULL, NULL, $id, $detail)`),
    release: db.prepare(`UPDATE webhook_deliveries SET claim_token = NULL, lease_until_ms = NULL, attempts = attempts - 1
      WHERE claim_token = ?`),
    nextDue: db.prepare(`SELECT min(max(d.next_attempt_ms, coalesce(d.lease_until_ms, 0))) AS due
      FROM webhook_deliveries d JOIN webhook_endpoints e ON e.id = d.endpoint_id
      WHERE d.state = 'pending' AND e.status = 'active' AND d.endpoint_id NOT IN (SELECT value FROM json_each(?))`),
    attempts: db.prepare(`SELECT ${ATTEMPT_COLUMNS} FROM webhook_attempts a JOIN webhook_deliveries d ON d.id = a.delivery_id
      WHERE a.endpoint_id = ? ORDER BY a.id DESC LIMIT ?`),
    backlog: db.prepare(`SELECT count(*) AS pending, min(created_ms) AS oldest FROM webhook_deliveries
      WHERE state = 'pending'`),
    purge: db.prepare('DELETE FROM webhook_deliveries WHERE created_ms < ?'),
  }

  function getEndpoint(customerId: string, endpointId: string) {
    const row = sql.get.get(endpointId, customerId)
    return row && rowToEndpoint(row)
  }

  return {
    async addWebhookEndpoint(endpoint) {
      const customer = sql.customer.get(endpoint.customerId)
      if (!customer) throw new StoreConflict('not-found', `Customer ${endpoint.customerId} does not exist.`)
      const createdAt = new Date().toISOString()
      sql.insert.run({
        id: endpoint.id, customerId: String(customer.customer_id), url: endpoint.url, events: jsonList(endpoint.events),
        userIds: jsonList(endpoint.userIds),
        description: endpoint.description, secret: endpoint.secret, createdAt,
      })
      return { endpoint: getEndpoint(endpoint.customerId, endpoint.id)!, secret: endpoint.secret }
    },
    async listWebhookEndpoints(customerId) {
      return sql.list.all({ customerId: customerId ?? null }).map(rowToEndpoint)
    },
    async getWebhookEndpoint(customerId, endpointId) {
      return getEndpoint(customerId, endpointId)
    },
    async updateWebhookEndpoint(customerId, endpointId, change) {
      const result = transaction(() => sql.update.run({
        id: endpointId, customerId, url: change.url, events: jsonList(change.events),
        userIds: jsonList(change.userIds),
        description: change.description, status: change.status,
      }))
      return result.changes === 0 ? undefined : getEndpoint(customerId, endpointId)
    },
    async removeWebhookEndpoint(customerId, endpointId) {
      return sql.remove.run(endpointId, customerId).changes > 0
    },
    async rotateWebhookSecret(customerId, endpointId, secret, previousUntilMs) {
      return sql.rotate.run({ id: endpointId, customerId, secret, until: previousUntilMs }).changes > 0
    },
    async addWebhookTestEvent(customerId, endpointId, at) {
      return transaction(() => sql.addTest.run({ messageId: newMessageId(), at, now: Date.now(), id: endpointId, customerId }))
        .changes > 0
    },
    async claimWebhookDeliveries(request) {
      const token = newClaimToken()
      return commits.quietly(() => transaction(() => {
        const candidates = sql.candidates.all({
          now: request.nowMs, full: JSON.stringify(fullEndpoints(request)), limit: candidateCount(request),
        })
        const chosen = chooseClaims(candidates, request)
        if (chosen.length === 0) return []
        for (const id of chosen) sql.claim.run({ token, leaseUntil: request.nowMs + request.leaseMs, id })
        return sql.claimed.all(token).map((row) => rowToClaimed(row, request.nowMs))
      }))
    },
    async finishWebhookAttempt(result) {
      const { delivery } = result
      commits.quietly(() => transaction(() => {
        const finished = sql.finish.run({
          id: delivery.deliveryId, token: delivery.claimToken, next: result.nextAttemptMs,
          state: result.outcome === 'retry' ? 'pending' : result.outcome,
        })
        if (finished.changes === 0) return // the lease ran out and another sender took the delivery over
        sql.addAttempt.run({
          deliveryId: delivery.deliveryId, endpointId: delivery.endpointId, attempt: delivery.attempt, at: result.at,
          status: result.status, error: result.error, durationMs: result.durationMs,
          nextAttemptAt: result.nextAttemptMs === null ? null : new Date(result.nextAttemptMs).toISOString(),
        })
        if (!result.disable) return
        if (sql.disable.run({ id: delivery.endpointId, reason: result.disable.reason }).changes === 0) return
        sql.auditDisable.run({
          at: new Date().toISOString(), customerId: delivery.customerId, id: delivery.endpointId,
          detail: result.disable.detail,
        })
      }))
    },
    async releaseWebhookClaims(claimTokens) {
      commits.quietly(() => transaction(() => {
        for (const token of claimTokens) sql.release.run(token)
      }))
    },
    async nextWebhookDueMs(excluding) {
      const due = sql.nextDue.get(JSON.stringify(excluding))?.due
      return due === null || due === undefined ? undefined : Number(due)
    },
    async listWebhookAttempts(endpointId, limit) {
      return sql.attempts.all(endpointId, limit).map(rowToAttempt)
    },
    async webhookBacklog() {
      const row = sql.backlog.get()
      return { pending: Number(row?.pending ?? 0), oldestPendingMs: row?.oldest === null ? null : Number(row?.oldest) }
    },
    async purgeWebhookDeliveriesBefore(ms) {
      return Number(sql.purge.run(ms).changes)
    },
    async watchWebhookEvents(onEvents) {
      return commits.watch(onEvents)
    },
  }
}
