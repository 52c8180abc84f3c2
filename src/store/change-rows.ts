/**
 * @module What both backends' change feeds share: merging a page of changed appointments
 * with a page of deletions, both read by number from one snapshot, into one ChangePage; and
 * when to purge old deletions (lazily, at most hourly, from the feed's read path).
 */
import { rowToAppointment, type Row } from './rows.ts'
import type { AppointmentChange, ChangePage } from './store.ts'

/** Deletions are kept this long: a token is accepted for 30 days, plus a day of margin for clock skew. */
export const DELETIONS_KEPT_MS = 31 * 24 * 60 * 60 * 1000
const PURGE_INTERVAL_MS = 60 * 60 * 1000

/**
 * `appointments` (rows with change_seq and the appointment columns) and `deletions` (seq,
 * appointment_id), each by number and each at most `limit + 1` long: the first `limit` of
 * both by number, and whether any follow.
 */
export function mergeChanges(
  appointments: readonly Row[], deletions: readonly Row[], limit: number, latestSeq: number,
): ChangePage {
  const changes: AppointmentChange[] = []
  let a = 0
  let d = 0
  while (changes.length <= limit && (a < appointments.length || d < deletions.length)) {
    const appointment = appointments[a]
    const deletion = deletions[d]
    if (appointment && (!deletion || Number(appointment.change_seq) < Number(deletion.seq))) {
      changes.push({ seq: Number(appointment.change_seq), appointmentId: String(appointment.id),
        appointment: rowToAppointment(appointment) })
      a++
    } else if (deletion) {
      changes.push({ seq: Number(deletion.seq), appointmentId: String(deletion.appointment_id), appointment: null })
      d++
    }
  }
  const more = changes.length > limit
  return { changes: more ? changes.slice(0, limit) : changes, latestSeq, more }
}

/** The cutoff to purge deletions before when an hour has passed since the last purge, else undefined. */
export function createPurgeClock(now: () => number = Date.now): () => string | undefined {
  let last = -Infinity
  return () => {
    const at = now()
    if (at - last < PURGE_INTERVAL_MS) return undefined
    last = at
    return new Date(at - DELETIONS_KEPT_MS).toISOString()
  }
}
