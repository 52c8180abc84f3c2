/**
 * @module Secret subscription links: `/Calendar/feed/<token>.ics`. A token is 256 random bits
 * in base64url; only its SHA-256 is stored, so a copy of the database opens no feed. Each
 * link also has a short public id, for listing and revoking it without the token.
 */
import { createHash, randomBytes } from 'node:crypto'

export const FEED_PATH_PREFIX = '/Calendar/feed/'
export const FEED_SUFFIX = '.ics'
const TOKEN_BYTES = 32
const FEED_ID_BYTES = 9

export interface NewFeedSecret {
  readonly feedId: string
  readonly token: string
  readonly tokenHash: string
}

export function newFeedSecret(): NewFeedSecret {
  const token = randomBytes(TOKEN_BYTES).toString('base64url')
  return { feedId: newFeedId(), token, tokenHash: hashFeedToken(token) }
}

/** Never starting with `-`, which a command line (`feed revoke <feedId>`) reads as an option. */
function newFeedId(): string {
  const id = randomBytes(FEED_ID_BYTES).toString('base64url')
  return id.startsWith('-') ? newFeedId() : id
}

export function hashFeedToken(token: string): string {
  return createHash('sha256').update(token).digest('hex')
}

export function feedUrl(baseUrl: string, token: string): string {
  return `${baseUrl.replace(/\/+$/, '')}${FEED_PATH_PREFIX}${token}${FEED_SUFFIX}`
}

const TOKEN_IN_PATH = /^(\/calendar\/feed\/)[^/?#]*/i
const TOKEN = new RegExp(`^[A-Za-z0-9_-]{${Math.ceil(TOKEN_BYTES * 4 / 3)}}$`)
const TOKEN_IN_LINK = /\/calendar\/feed\/([A-Za-z0-9_-]+)\.ics(?:[?#].*)?$/i

/**
 * The token of a subscription link given as its URL (any scheme, e.g. the `webcal://` an app
 * shows, or a path) or as the token alone; undefined for anything else, such as a link's id.
 */
export function feedTokenOf(link: string): string | undefined {
  const trimmed = link.trim()
  if (TOKEN.test(trimmed)) return trimmed
  return TOKEN_IN_LINK.exec(trimmed)?.[1]
}

/** The URL with a feed token cut out (`/Calendar/feed/[redacted].ics` stays recognisable), for logs. */
export function redactFeedToken(url: string): string {
  return url.replace(TOKEN_IN_PATH, (_match, prefix: string) => `${prefix}[redacted]`)
}
