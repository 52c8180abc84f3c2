/**
 * @module Idempotency-Key claims on SQLite (see idempotency.ts): one INSERT … ON CONFLICT DO
 * NOTHING decides who claimed a key, as on PostgreSQL, across processes sharing the file.
 */
import type { DatabaseSync } from 'node:sqlite'
import { existingClaim, KEPT_MS, type IdempotencyKeys, type IdempotencyRef } from './idempotency.ts'

const SAME_KEY = 'customer_id = ? AND client_username = ? AND idempotency_key = ?'

export function sqliteIdempotencyMethods(db: DatabaseSync): IdempotencyKeys {
  const purge = db.prepare('DELETE FROM idempotency_keys WHERE created_at_ms < ?')
  const claim = db.prepare(`INSERT INTO idempotency_keys (customer_id, client_username, idempotency_key, request_hash,
    created_at_ms) VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING`)
  const existing = db.prepare(`SELECT request_hash, status, headers, body FROM idempotency_keys WHERE ${SAME_KEY}`)
  const complete = db.prepare(`UPDATE idempotency_keys SET status = ?, headers = ?, body = ? WHERE ${SAME_KEY}`)
  const release = db.prepare(`DELETE FROM idempotency_keys WHERE ${SAME_KEY}`)
  const key = (ref: IdempotencyRef) => [ref.customerId, ref.clientUsername, ref.key] as const

  return {
    async claimIdempotencyKey(request) {
      purge.run(request.nowMs - KEPT_MS)
      if (claim.run(...key(request), request.requestHash, request.nowMs).changes > 0) return { state: 'claimed' }
      return existingClaim(existing.get(...key(request)), request.requestHash)
    },
    async completeIdempotencyKey(ref, response) {
      complete.run(response.status, JSON.stringify(response.headers), response.body, ...key(ref))
    },
    async releaseIdempotencyKey(ref) {
      release.run(...key(ref))
    },
  }
}
