/**
 * @module The change feed's `since` / `next` token: opaque to clients, base64url of
 * `1.<seq>.<issuedAtSeconds>.<userHash>`, where seq is the last change number the client
 * holds, issuedAt when the chain of tokens began (a sync without `since`, or the last answer
 * that reached the end), and userHash the first 16 hex digits of SHA-256 of
 * lower(customerId) NUL lower(userId), so a token read for another user is refused.
 * Pure: no I/O, the clock comes in.
 */
import { createHash } from 'node:crypto'

export interface ChangeToken {
  readonly seq: number
  /** Epoch milliseconds, whole seconds. */
  readonly issuedAtMs: number
  readonly userHash: string
}

/** How long a token is accepted; deletions are kept a day longer (clock skew between instances). */
export const CHANGE_TOKEN_LIFETIME_MS = 30 * 24 * 60 * 60 * 1000

const TOKEN_TEXT = /^1\.(0|[1-9]\d{0,15})\.(0|[1-9]\d{0,11})\.([0-9a-f]{16})$/
const TOKEN_CHARACTERS = /^[A-Za-z0-9_-]{1,80}$/

export function changeUserHash(user: { readonly customerId: string; readonly userId: string }): string {
  return createHash('sha256').update(`${user.customerId.toLowerCase()}\0${user.userId.toLowerCase()}`)
    .digest('hex').slice(0, 16)
}

export function encodeChangeToken(token: ChangeToken): string {
  const text = `1.${token.seq}.${Math.floor(token.issuedAtMs / 1000)}.${token.userHash}`
  return Buffer.from(text, 'utf8').toString('base64url')
}

/** Undefined when the text is not a token `encodeChangeToken` wrote. */
export function decodeChangeToken(text: string): ChangeToken | undefined {
  if (!TOKEN_CHARACTERS.test(text)) return undefined
  const decoded = Buffer.from(text, 'base64url')
  // base64url reads some texts with stray bits or length as if they were another's: only the one spelling counts
  if (decoded.toString('base64url') !== text) return undefined
  const match = TOKEN_TEXT.exec(decoded.toString('utf8'))
  if (!match) return undefined
  const seq = Number(match[1])
  if (!Number.isSafeInteger(seq)) return undefined
  return { seq, issuedAtMs: Number(match[2]) * 1000, userHash: match[3]! }
}

/** What a decoded token allows: reading on from it, or why not. */
export type TokenVerdict = 'valid' | 'other-user' | 'expired'

export function judgeChangeToken(token: ChangeToken, userHash: string, nowMs: number): TokenVerdict {
  if (token.userHash !== userHash) return 'other-user'
  if (nowMs - token.issuedAtMs > CHANGE_TOKEN_LIFETIME_MS) return 'expired'
  return 'valid'
}
