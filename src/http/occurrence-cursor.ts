/**
 * @module The `after` parameter of the listing's next-page link: an opaque base64url token
 * holding the last listed occurrence's start (epoch nanoseconds), appointment id and series
 * date (epoch day; cursors from before it existed have none and still read).
 */
import type { OccurrenceCursor } from '../domain/recurrence/occurrence-listing.ts'

const CURSOR_TEXT = /^(-?\d{1,22}):([A-Za-z0-9_-]{1,64})(?::(-?\d{1,10}))?$/

export function encodeCursor(cursor: OccurrenceCursor): string {
  const day = cursor.day === undefined ? '' : `:${cursor.day}`
  return Buffer.from(`${cursor.startNs}:${cursor.appointmentId}${day}`, 'utf8').toString('base64url')
}

/** Undefined when the token is not one `encodeCursor` wrote. */
export function decodeCursor(token: string): OccurrenceCursor | undefined {
  if (!/^[A-Za-z0-9_-]{1,200}$/.test(token)) return undefined
  const match = CURSOR_TEXT.exec(Buffer.from(token, 'base64url').toString('utf8'))
  if (!match) return undefined
  return { startNs: BigInt(match[1]!), appointmentId: match[2]!, day: match[3] === undefined ? undefined : Number(match[3]) }
}
