/**
 * @module Idempotency-Key claims, as both stores keep them: a key is claimed before the
 * write it guards, completed with the answer sent, or released when the answer was a 5xx
 * (so a retry may try again). Keys are scoped per customer and API client and kept at
 * least KEPT_MS; older ones are purged lazily when a key is claimed.
 */

/** 24 hours: a retry within a day of the first request finds its answer. */
export const KEPT_MS = 24 * 60 * 60 * 1000

export interface IdempotencyRef {
  readonly customerId: string
  readonly clientUsername: string
  readonly key: string
}

export interface IdempotencyClaimRequest extends IdempotencyRef {
  /** Hash of the method, path and raw body: the same key with another request is refused. */
  readonly requestHash: string
  readonly nowMs: number
}

/** The first answer under a key, replayed as it was sent. */
export interface StoredResponse {
  readonly status: number
  readonly headers: Readonly<Record<string, string>>
  readonly body: string
}

export type IdempotencyClaim =
  | { readonly state: 'claimed' }
  | { readonly state: 'in-flight' }
  | { readonly state: 'mismatch' }
  | { readonly state: 'completed'; readonly response: StoredResponse }

export interface IdempotencyKeys {
  claimIdempotencyKey(claim: IdempotencyClaimRequest): Promise<IdempotencyClaim>
  completeIdempotencyKey(ref: IdempotencyRef, response: StoredResponse): Promise<void>
  releaseIdempotencyKey(ref: IdempotencyRef): Promise<void>
}

/** What a claim that found the key taken answers, from the row holding it (undefined: released meanwhile). */
export function existingClaim(
  row: { request_hash?: unknown; status?: unknown; headers?: unknown; body?: unknown } | undefined, requestHash: string,
): IdempotencyClaim {
  if (!row) return { state: 'in-flight' }
  if (row.request_hash !== requestHash) return { state: 'mismatch' }
  if (row.status === null || row.status === undefined) return { state: 'in-flight' }
  return {
    state: 'completed',
    response: { status: Number(row.status), headers: JSON.parse(String(row.headers)), body: String(row.body) },
  }
}
