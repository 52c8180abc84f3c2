/**
 * @module HTTP Basic authentication against the store's API clients. The header parser is
 * pure; the verifier runs scrypt once per distinct (username, password, stored hash) and
 * remembers the verdict, so steady traffic pays a keyed hash, not scrypt. Because the stored
 * hash is part of the key and the client row is read on every request, CLI changes (disable,
 * grants, new password) apply at once.
 */
import { createHmac, createSecretKey, randomBytes } from 'node:crypto'
import { TextDecoder } from 'node:util'
import type { ApiClient } from '../domain/appointment.ts'
import { hashPassword, verifyPassword } from '../domain/password.ts'
import type { Store } from '../store/store.ts'

const BASIC_PREFIX = /^basic\s+/i
const VERDICT_CACHE_LIMIT = 10_000
const UTF8 = new TextDecoder('utf-8', { fatal: true })

export interface Credentials {
  readonly username: string
  readonly password: string
}

export function parseBasicAuth(header: string | undefined): Credentials | undefined {
  if (!header || !BASIC_PREFIX.test(header)) return undefined
  const decoded = decodeCredentials(Buffer.from(header.replace(BASIC_PREFIX, '').trim(), 'base64'))
  const colon = decoded.indexOf(':')
  if (colon <= 0) return undefined
  return { username: decoded.slice(0, colon), password: decoded.slice(colon + 1) }
}

/** UTF-8 as RFC 7617 asks; bytes that are not UTF-8 are ISO-8859-1, as older .NET and browser clients send. */
function decodeCredentials(bytes: Buffer): string {
  try {
    return UTF8.decode(bytes)
  } catch {
    return bytes.toString('latin1')
  }
}

export type Authenticate = (header: string | undefined) => Promise<ApiClient | undefined>

/**
 * Accepted verdicts and attempts (in flight or refused) are kept apart, so a flood of wrong
 * passwords only pushes out other wrong ones, never the working credentials. An unknown
 * username is checked against a stand-in hash, so it takes as long as a known one.
 */
export function createAuthenticator(store: Store): Authenticate {
  const cacheKey = createSecretKey(randomBytes(32))
  const accepted = new Map<string, true>()
  const attempts = new Map<string, Promise<boolean>>()
  const standInHash = hashPassword(randomBytes(18).toString('base64url'))

  function verify(credentials: Credentials, passwordHash: string): Promise<boolean> {
    const key = createHmac('sha256', cacheKey)
      .update(`${credentials.username}\0${credentials.password}\0${passwordHash}`).digest('base64')
    if (accepted.has(key)) return Promise.resolve(true)
    let attempt = attempts.get(key)
    if (!attempt) {
      attempt = verifyPassword(credentials.password, passwordHash).then((ok) => {
        if (ok) {
          attempts.delete(key)
          remember(accepted, key, true)
        }
        return ok
      })
      remember(attempts, key, attempt)
    }
    return attempt
  }

  return async (header) => {
    const credentials = parseBasicAuth(header)
    if (!credentials) return undefined
    const client = await store.findClientByUsername(credentials.username)
    if (!client) {
      await verify(credentials, await standInHash)
      return undefined
    }
    if (client.disabled) return undefined
    return (await verify(credentials, client.passwordHash)) ? client : undefined
  }
}

/** Adds to a bounded cache, dropping the oldest entry when full. */
function remember<Value>(cache: Map<string, Value>, key: string, value: Value): void {
  if (cache.size >= VERDICT_CACHE_LIMIT) cache.delete(cache.keys().next().value as string)
  cache.set(key, value)
}
