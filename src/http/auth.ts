/**
 * @module HTTP Basic authentication against the store's API clients. The header parser is
 * pure; the verifier runs scrypt once per distinct (username, password, stored hash) and
 * remembers the verdict, so steady traffic pays a keyed hash, not scrypt. Because the stored
 * hash is part of the key and the client row is read on every request, CLI changes (disable,
 * grants, new password) apply at once. Failed attempts are throttled per username and per
 * client address (auth-throttle.ts) before the store or scrypt is asked anything.
 */
import { createHmac, createSecretKey, randomBytes } from 'node:crypto'
import { TextDecoder } from 'node:util'
import type { ApiClient } from '../domain/appointment.ts'
import { CREDENTIAL_CONTROL_CHARACTER, hashPassword, verifyPassword } from '../domain/password.ts'
import type { Directory } from '../store/store.ts'
import type { AuthThrottle } from './auth-throttle.ts'
import { HttpError } from './http-error.ts'

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
  if (colon <= 0 || CREDENTIAL_CONTROL_CHARACTER.test(decoded)) return undefined
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

/** Too many failed attempts for the username or the address: answered 429 with Retry-After. */
export class Throttled extends HttpError {
  constructor(retryAfterSeconds: number) {
    super(429, `Too many failed sign-in attempts for this username or from this address. Wait ${retryAfterSeconds} `
      + `seconds (Retry-After), then send the right credentials.`, retryAfterSeconds)
    this.name = 'Throttled'
  }
}

/** The client the credentials prove, Throttled before any check, or undefined when refused. */
export type Authenticate = (header: string | undefined, address: string) => Promise<ApiClient | Throttled | undefined>

/**
 * Accepted verdicts and attempts (in flight or refused) are kept apart, so a flood of wrong
 * passwords only pushes out other wrong ones, never the working credentials. An unknown
 * username is checked against a stand-in hash, so it takes as long as a known one.
 */
export function createAuthenticator(store: Directory, throttle: AuthThrottle): Authenticate {
  const cacheKey = createSecretKey(randomBytes(32))
  const accepted = new Map<string, true>()
  const attempts = new Map<string, Promise<boolean>>()
  const standInHash = hashPassword(randomBytes(18).toString('base64url'))

  /** One scrypt per distinct attempt, however many requests carry it; it counts as running meanwhile. */
  function verify(credentials: Credentials, passwordHash: string, address: string): Promise<boolean> {
    const key = createHmac('sha256', cacheKey)
      .update(`${credentials.username}\0${credentials.password}\0${passwordHash}`).digest('base64')
    if (accepted.has(key)) return Promise.resolve(true)
    let attempt = attempts.get(key)
    if (!attempt) {
      throttle.startCheck(credentials.username, address)
      attempt = verifyPassword(credentials.password, passwordHash).then((ok) => {
        if (ok) {
          attempts.delete(key)
          remember(accepted, key, true)
        }
        return ok
      }).finally(() => throttle.endCheck(credentials.username, address))
      remember(attempts, key, attempt)
    }
    return attempt
  }

  async function check(credentials: Credentials, address: string): Promise<ApiClient | undefined> {
    const client = await store.findClientByUsername(credentials.username)
    if (!client) {
      await verify(credentials, await standInHash, address)
      return undefined
    }
    if (client.disabled) return undefined
    return (await verify(credentials, client.passwordHash, address)) ? client : undefined
  }

  return async (header, address) => {
    const credentials = parseBasicAuth(header)
    if (!credentials) return undefined
    const wait = throttle.retryAfter(credentials.username, address)
    if (wait !== undefined) return new Throttled(wait)
    const client = await check(credentials, address)
    if (!client) throttle.recordFailure(credentials.username, address)
    return client
  }
}

/** Adds to a bounded cache, dropping the oldest entry when full. */
function remember<Value>(cache: Map<string, Value>, key: string, value: Value): void {
  if (cache.size >= VERDICT_CACHE_LIMIT) cache.delete(cache.keys().next().value as string)
  cache.set(key, value)
}
