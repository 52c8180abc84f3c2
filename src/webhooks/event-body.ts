/**
 * @module The body a delivery sends: thin by design, `{"type", "timestamp", "data": {customerId,
 * userId, appointmentId, occurrenceId, version, changeToken}}`. `changeToken` resumes the
 * user's change feed from just before this change (its number less one), issued at the
 * write, so a receiver that missed anything re-syncs from `/Changes`. Built from the stored
 * row alone, so every attempt sends the same bytes.
 */
import { changeUserHash, encodeChangeToken } from '../domain/change-token.ts'
import type { ClaimedDelivery } from '../store/webhook-store.ts'

export function eventBody(delivery: ClaimedDelivery): string {
  return JSON.stringify({
    type: delivery.type,
    timestamp: delivery.at,
    data: {
      customerId: delivery.customerId,
      userId: delivery.userId,
      appointmentId: delivery.appointmentId,
      occurrenceId: delivery.occurrenceId,
      version: delivery.version,
      changeToken: changeTokenOf(delivery),
    },
  })
}

function changeTokenOf(delivery: ClaimedDelivery): string | null {
  if (delivery.changeSeq === null || delivery.userId === null) return null
  return encodeChangeToken({
    seq: delivery.changeSeq - 1,
    issuedAtMs: Date.parse(delivery.at),
    userHash: changeUserHash({ customerId: delivery.customerId, userId: delivery.userId }),
  })
}
