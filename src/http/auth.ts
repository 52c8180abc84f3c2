/**
 * @module HTTP Basic authentication against the store's API clients. The header parser is
 * pure; the verifier runs scrypt once per distinct (username, password, stored hash) and
 * remembers the verdict, so steady traffic pays a keyed hash, not scrypt. Because the stored
 * hash is part of the key and the client row is read on every request, CLI changes (disable,
 * grants, new password) apply at once.
 */
import { createHmac, randomBytes } from 'node:crypto'
import { TextDecoder } from 'node:util'
import type { ApiClient } from '../domain/appointment.ts'
import { verifyPassword } from '../domain/password.ts'
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

export function createAuthenticator(store: Store): Authenticate {
  const cacheKey = randomBytes(32)
  const verdicts = new Map<string, Promise<boolean>>()

  function verify(credentials: Credentials, passwordHash: string): Promise<boolean> {
    const key = createHmac('sha256', cacheKey)
      .update(`${credentials.username}\0${credentials.password}\0${passwordHash}`).digest('base64')
    let verdict = verdicts.get(key)
    if (!verdict) {
      if (verdicts.size >= VERDICT_CACHE_LIMIT) verdicts.clear()
      verdict = verifyPassword(credentials.password, passwordHash)
      verdicts.set(key, verdict)
    }
    return verdict
  }

  return async (header) => {
    const credentials = parseBasicAuth(header)
    if (!credentials) return undefined
    const client = await store.findClientByUsername(credentials.username)
    if (!client || client.disabled) return undefined
    return (await verify(credentials, client.passwordHash)) ? client : undefined
  }
}
