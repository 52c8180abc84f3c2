/**
 * @module The PostgreSQL store's webhooks role: endpoints, and the delivery queue (migration
 * 0010) that several instances share. A claim reads due rows `FOR UPDATE SKIP LOCKED`, so
 * two instances claiming at once take different rows, and marks them with its token and a
 * lease; a claim whose lease runs out (its instance died mid-attempt) is due again for any.
 * Ids match case-insensitively through `lower()`, as everywhere else.
 */
import type pg from 'pg'
import type { Row } from './rows.ts'
import { holdsNul, rows, type Queryable, type Transaction } from './postgres-query.ts'
import { listenForWebhookEvents } from './postgres-webhook-listener.ts'
import { StoreConflict } from './store.ts'
import {
  ATTEMPT_COLUMNS, CLAIMED_COLUMNS, ENDPOINT_COLUMNS, SENDER_AUDIT_CLIENT, candidateCount, chooseClaims,
  fullEndpoints, newClaimToken, newMessageId, rowToAttempt, rowToClaimed, rowToEndpoint,
} from './webhook-rows.ts'
import type { WebhookAttemptResult, WebhookStore } from './webhook-store.ts'

const SAME_ENDPOINT = 'id = $1 AND lower(customer_id) = lower($2)'

async function endpointOf(db: Queryable, customerId: string, endpointId: string) {
  if (holdsNul(customerId, endpointId)) return undefined
  const [row] = await rows(db, `SELECT ${ENDPOINT_COLUMNS} FROM webhook_endpoints WHERE ${SAME_ENDPOINT}`,
    [endpointId, customerId])
  return row && rowToEndpoint(row)
}

async function finish(client: Queryable, result: WebhookAttemptResult): Promise<void> {
  const { delivery } = result
  const finished = await client.query(`UPDATE webhook_deliveries SET state = $3,
      next_attempt_ms = coalesce($4, next_attempt_ms), claim_token = NULL, lease_until_ms = NULL
    WHERE id = $1 AND claim_token = $2`,
  [delivery.deliveryId, delivery.claimToken, result.outcome === 'retry' ? 'pending' : result.outcome,
    result.nextAttemptMs])
  if (finished.rowCount === 0) return // the lease ran out and another instance took the delivery over
  await client.query(`INSERT INTO webhook_attempts (delivery_id, endpoint_id, attempt, at, status, error, duration_ms,
      next_attempt_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
  [delivery.deliveryId, delivery.endpointId, delivery.attempt, result.at, result.status, result.error,
    Math.round(result.durationMs),
    result.nextAttemptMs === null ? null : new Date(result.nextAttemptMs).toISOString()])
  if (!result.disable) return
  const disabled = await client.query(`UPDATE webhook_endpoints SET status = 'disabled', disabled_reason = $2
    WHERE id = $1 AND status = 'active'`, [delivery.endpointId, result.disable.reason])
  if (disabled.rowCount === 0) return
  await client.query(`INSERT INTO audit_log (at, client, action, customer_id, user_id, request_id, webhook_id, detail)
    VALUES ($1, '${SENDER_AUDIT_CLIENT}', 'webhook-disable', $2, NULL, NULL, $3, $4)`,
  [new Date().toISOString(), delivery.customerId, delivery.endpointId, result.disable.detail])
}


/** `transaction` runs its work on one connection in one transaction. */
export function postgresWebhookMethods(pool: pg.Pool, transaction: Transaction): WebhookStore {
  return {
    async addWebhookEndpoint(endpoint) {
      const [customer] = holdsNul(endpoint.customerId) ? []
        : await rows(pool, 'SELECT customer_id FROM customers WHERE lower(customer_id) = lower($1)', [endpoint.customerId])
      if (!customer) throw new StoreConflict('not-found', `Customer ${endpoint.customerId} does not exist.`)
      const [row] = await rows(pool, `INSERT INTO webhook_endpoints (id, customer_id, url, events, user_ids, description,
          status, secret, created_at)
        VALUES ($1, $2, $3, $4, $5, $6, 'active', $7, $8) RETURNING ${ENDPOINT_COLUMNS}`,
      [endpoint.id, customer.customer_id, endpoint.url, endpoint.events, endpoint.userIds, endpoint.description,
        endpoint.secret, new Date().toISOString()])
      return { endpoint: rowToEndpoint(row!), secret: endpoint.secret }
    },
    async listWebhookEndpoints(customerId) {
      if (customerId !== undefined && holdsNul(customerId)) return []
      return (await rows(pool, `SELECT ${ENDPOINT_COLUMNS} FROM webhook_endpoints
        WHERE $1::text IS NULL OR lower(customer_id) = lower($1) ORDER BY created_at, id`, [customerId ?? null]))
        .map(rowToEndpoint)
    },
    async getWebhookEndpoint(customerId, endpointId) {
      return endpointOf(pool, customerId, endpointId)
    },
    async updateWebhookEndpoint(customerId, endpointId, change) {
      if (holdsNul(customerId, endpointId)) return undefined
      const [row] = await rows(pool, `UPDATE webhook_endpoints SET url = $3, events = $4, user_ids = $5,
          description = $6,
          disabled_reason = CASE WHEN $7 = 'active' THEN NULL WHEN status = 'disabled' THEN disabled_reason
            ELSE 'manual' END,
          status = $7
        WHERE ${SAME_ENDPOINT} RETURNING ${ENDPOINT_COLUMNS}`,
      [endpointId, customerId, change.url, change.events, change.userIds, change.description, change.status])
      // set active again: what piled up while it was disabled is due now, on whichever instance
      if (row && change.status === 'active') await pool.query("SELECT pg_notify('webhook_deliveries', '')")
      return row && rowToEndpoint(row)
    },
    async removeWebhookEndpoint(customerId, endpointId) {
      if (holdsNul(customerId, endpointId)) return false
      return ((await pool.query(`DELETE FROM webhook_endpoints WHERE ${SAME_ENDPOINT}`, [endpointId, customerId]))
        .rowCount ?? 0) > 0
    },
    async rotateWebhookSecret(customerId, endpointId, secret, previousUntilMs) {
      if (holdsNul(customerId, endpointId)) return false
      return ((await pool.query(`UPDATE webhook_endpoints SET previous_secret = secret, previous_secret_until_ms = $4,
          secret = $3 WHERE ${SAME_ENDPOINT}`, [endpointId, customerId, secret, previousUntilMs])).rowCount ?? 0) > 0
    },
    async addWebhookTestEvent(customerId, endpointId, at) {
      if (holdsNul(customerId, endpointId)) return false
      const added = await pool.query(`WITH added AS (INSERT INTO webhook_deliveries (message_id, endpoint_id, type, at,
          customer_id, state, next_attempt_ms, created_ms)
        SELECT $3, id, 'webhook.test', $4, customer_id, 'pending', $5, $5 FROM webhook_endpoints WHERE ${SAME_ENDPOINT}
        RETURNING id)
        SELECT pg_notify('webhook_deliveries', '') FROM added`, [endpointId, customerId, newMessageId(), at, Date.now()])
      return (added.rowCount ?? 0) > 0
    },
    async claimWebhookDeliveries(request) {
      const token = newClaimToken()
      return transaction(pool, async (client) => {
        const candidates = await rows(client, `SELECT d.id, d.endpoint_id FROM webhook_deliveries d
            JOIN webhook_endpoints e ON e.id = d.endpoint_id
          WHERE d.state = 'pending' AND d.next_attempt_ms <= $1 AND (d.lease_until_ms IS NULL OR d.lease_until_ms <= $1)
            AND e.status = 'active' AND NOT (d.endpoint_id = ANY ($2::text[]))
          ORDER BY d.next_attempt_ms, d.id LIMIT $3
          FOR UPDATE OF d SKIP LOCKED`, [request.nowMs, fullEndpoints(request), candidateCount(request)])
        const chosen = chooseClaims(candidates, request)
        if (chosen.length === 0) return []
        await client.query(`UPDATE webhook_deliveries SET claim_token = $1, lease_until_ms = $2, attempts = attempts + 1
          WHERE id = ANY ($3::bigint[])`, [token, request.nowMs + request.leaseMs, chosen])
        return (await rows(client, `SELECT ${CLAIMED_COLUMNS} FROM webhook_deliveries d
            JOIN webhook_endpoints e ON e.id = d.endpoint_id
          WHERE d.claim_token = $1 ORDER BY d.next_attempt_ms, d.id`, [token]))
          .map((row) => rowToClaimed(row, request.nowMs))
      })
    },
    async finishWebhookAttempt(result) {
      await transaction(pool, (client) => finish(client, result))
    },
    async releaseWebhookClaims(claimTokens) {
      await pool.query(`UPDATE webhook_deliveries SET claim_token = NULL, lease_until_ms = NULL, attempts = attempts - 1
        WHERE claim_token = ANY ($1::text[])`, [claimTokens])
    },
    async nextWebhookDueMs(excluding) {
      const [row] = await rows(pool, `SELECT min(greatest(d.next_attempt_ms, coalesce(d.lease_until_ms, 0))) AS due
        FROM webhook_deliveries d JOIN webhook_endpoints e ON e.id = d.endpoint_id
        WHERE d.state = 'pending' AND e.status = 'active' AND NOT (d.endpoint_id = ANY ($1::text[]))`, [excluding])
      return row?.due === null || row?.due === undefined ? undefined : Number(row.due)
    },
    async listWebhookAttempts(endpointId, limit) {
      if (holdsNul(endpointId)) return []
      return (await rows(pool, `SELECT ${ATTEMPT_COLUMNS} FROM webhook_attempts a
          JOIN webhook_deliveries d ON d.id = a.delivery_id
        WHERE a.endpoint_id = $1 ORDER BY a.id DESC LIMIT $2`, [endpointId, limit])).map(rowToAttempt)
    },
    async webhookBacklog() {
      const [row] = await rows(pool, `SELECT count(*) AS pending, min(created_ms) AS oldest FROM webhook_deliveries
        WHERE state = 'pending'`)
      return { pending: Number(row?.pending ?? 0), oldestPendingMs: row?.oldest === null ? null : Number(row?.oldest) }
    },
    async purgeWebhookDeliveriesBefore(ms) {
      return (await pool.query('DELETE FROM webhook_deliveries WHERE created_ms < $1', [ms])).rowCount ?? 0
    },
    async watchWebhookEvents(onEvents) {
      return listenForWebhookEvents(String(pool.options.connectionString), onEvents)
    },
  }
}
