/**
 * @module Service configuration from environment variables, read once by the entry points.
 */
export interface Config {
  readonly port: number
  readonly host: string
  readonly databaseUrl: string
  readonly production: boolean
  readonly logLevel: string
  /** Realm in `WWW-Authenticate: Basic realm="…"`. */
  readonly authRealm: string
  /** Behind a TLS-terminating proxy: believe X-Forwarded-Proto/Host (docs show the public URL). */
  readonly trustProxy: boolean
}

export const DEFAULT_DATABASE_URL = 'sqlite:data/connect.db'

export function loadConfig(env: Readonly<Record<string, string | undefined>>): Config {
  const port = Number(env.PORT ?? 8080)
  if (!Number.isInteger(port) || port < 0 || port > 65_535) {
    throw new Error(`PORT must be a whole number from 0 to 65535, not "${env.PORT}".`)
  }
  return {
    port,
    host: env.HOST || '127.0.0.1',
    databaseUrl: env.DATABASE_URL || DEFAULT_DATABASE_URL,
    production: env.NODE_ENV === 'production',
    logLevel: env.LOG_LEVEL || 'info',
    authRealm: env.AUTH_REALM || 'connect-calendar',
    trustProxy: env.TRUST_PROXY === 'true' || env.TRUST_PROXY === '1',
  }
}
