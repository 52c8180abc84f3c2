/**
 * @module Service configuration from environment variables, read once by the entry points.
 */
import { DEFAULT_RETRY_SCHEDULE, parseRetrySchedule } from './webhooks/retry-schedule.ts'
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
  /** Port of the Prometheus `/metrics` listener; undefined: no metrics listener at all. */
  readonly metricsPort: number | undefined
  readonly metricsHost: string
  /** The service's URL as calendar apps reach it (PUBLIC_BASE_URL): the admin CLI prints feed links under it. */
  readonly publicBaseUrl: string | undefined
  /** false (MIGRATE_ON_START=false): never migrate at start, refuse to start while migrations are pending. */
  readonly migrateOnStart: boolean
  /** Milliseconds before each webhook attempt (WEBHOOK_RETRY_SCHEDULE); see webhooks/retry-schedule.ts. */
  readonly webhookRetrySchedule: readonly number[]
  /** WEBHOOK_ALLOW_PRIVATE_NETWORKS=true: production may send webhooks over http and to internal addresses. */
  readonly webhookAllowPrivateNetworks: boolean
}

export const DEFAULT_DATABASE_URL = 'sqlite:data/connect.db'

export function loadConfig(env: Readonly<Record<string, string | undefined>>): Config {
  const port = parsePort('PORT', env.PORT ?? '8080')
  const metricsPort = env.METRICS_PORT ? parsePort('METRICS_PORT', env.METRICS_PORT) : undefined
  if (metricsPort !== undefined && metricsPort !== 0 && metricsPort === port) {
    throw new Error(`METRICS_PORT must differ from PORT (${port}): metrics are never served on the API port.`)
  }
  return {
    port,
    host: env.HOST || '127.0.0.1',
    databaseUrl: env.DATABASE_URL || DEFAULT_DATABASE_URL,
    production: env.NODE_ENV === 'production',
    logLevel: env.LOG_LEVEL || 'info',
    authRealm: env.AUTH_REALM || 'connect-calendar',
    trustProxy: env.TRUST_PROXY === 'true' || env.TRUST_PROXY === '1',
    metricsPort,
    metricsHost: env.METRICS_HOST || '127.0.0.1',
    publicBaseUrl: env.PUBLIC_BASE_URL || undefined,
    migrateOnStart: parseBoolean('MIGRATE_ON_START', env.MIGRATE_ON_START, true),
    webhookRetrySchedule: env.WEBHOOK_RETRY_SCHEDULE ? parseRetrySchedule(env.WEBHOOK_RETRY_SCHEDULE)
      : DEFAULT_RETRY_SCHEDULE,
    webhookAllowPrivateNetworks: parseBoolean('WEBHOOK_ALLOW_PRIVATE_NETWORKS', env.WEBHOOK_ALLOW_PRIVATE_NETWORKS, false),
  }
}

function parseBoolean(name: string, value: string | undefined, fallback: boolean): boolean {
  if (value === undefined || value === '') return fallback
  if (value === 'true' || value === '1') return true
  if (value === 'false' || value === '0') return false
  throw new Error(`${name} must be true or false, not "${value}".`)
}

function parsePort(name: string, value: string): number {
  const port = Number(value)
  if (!Number.isInteger(port) || port < 0 || port > 65_535) {
    throw new Error(`${name} must be a whole number from 0 to 65535, not "${value}".`)
  }
  return port
}

/** A base URL for links the service serves, and where it came from, in words for the admin's output. */
export interface BaseUrlChoice {
  readonly url: string
  readonly source: string
}

/** Hosts that mean "every address": a link needs one address, and this machine's loopback is one. */
const WILDCARD_HOSTS = new Set(['0.0.0.0', '::', '[::]'])

/**
 * PUBLIC_BASE_URL, else the address the service listens on with this configuration; undefined
 * when that is not known beforehand (PORT=0 takes any free port).
 */
export function publicBaseUrl(config: Config): BaseUrlChoice | undefined {
  if (config.publicBaseUrl) return { url: config.publicBaseUrl, source: 'PUBLIC_BASE_URL' }
  if (config.port === 0) return undefined
  const host = WILDCARD_HOSTS.has(config.host) ? '127.0.0.1' : config.host
  const url = `http://${host.includes(':') && !host.startsWith('[') ? `[${host}]` : host}:${config.port}`
  const shown = host === config.host ? `HOST ${config.host}` : `HOST ${config.host} (any address: shown as ${host})`
  return {
    url,
    source: `PORT ${config.port} and ${shown}, where the service listens; `
      + 'set PUBLIC_BASE_URL if calendar apps reach it at another address',
  }
}
