/**
 * @module Idempotency-Key claims on PostgreSQL (see idempotency.ts): one INSERT … ON CONFLICT
 * DO NOTHING decides which instance claimed a key; the others find the row.
 */
import type pg from 'pg'
import { existingClaim, KEPT_MS, type IdempotencyKeys, type IdempotencyRef } from './idempotency.ts'

const SAME_KEY = 'customer_id = $1 AND client_username = $2 AND idempotency_key = $3'

export function postgresIdempotencyMethods(pool: pg.Pool): IdempotencyKeys {
  const key = (ref: IdempotencyRef) => [ref.customerId, ref.clientUsername, ref.key]

  return {
    async claimIdempotencyKey(request) {
      await pool.query('DELETE FROM idempotency_keys WHERE created_at_ms < $1', [request.nowMs - KEPT_MS])
      const claimed = await pool.query(`INSERT INTO idempotency_keys (customer_id, client_username, idempotency_key,
        request_hash, created_at_ms) VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING`,
      [...key(request), request.requestHash, request.nowMs])
      if ((claimed.rowCount ?? 0) > 0) return { state: 'claimed' }
      const { rows } = await pool.query(`SELECT request_hash, status, headers, body FROM idempotency_keys
        WHERE ${SAME_KEY}`, key(request))
      return existingClaim(rows[0], request.requestHash)
    },
    async completeIdempotencyKey(ref, response) {
      await pool.query(`UPDATE idempotency_keys SET status = $4, headers = $5, body = $6 WHERE ${SAME_KEY}`,
        [...key(ref), response.status, JSON.stringify(response.headers), response.body])
    },
    async releaseIdempotencyKey(ref) {
      await pool.query(`DELETE FROM idempotency_keys WHERE ${SAME_KEY}`, key(ref))
    },
  }
}
