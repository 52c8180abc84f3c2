/**
 * @module Test fixtures: a real server on a free port over a real SQLite file, seeded with
 * a customer, a user and an API client whose password the test knows.
 */
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Writable } from 'node:stream'
import type { TestContext } from 'node:test'
import { loadConfig } from '../../src/config.ts'
import { hashPassword } from '../../src/domain/password.ts'
import type { Registry } from 'prom-client'
import { buildApp } from '../../src/http/app.ts'
import { createHttpMetrics } from '../../src/http/metrics.ts'
import { instrumentStore } from '../../src/store/instrumented-store.ts'
import { openStore } from '../../src/store/open-store.ts'
import type { Store } from '../../src/store/store.ts'
import { startConfiguredSender } from '../../src/webhooks/start.ts'
import { registerWebhookMetrics } from '../../src/webhooks/webhook-metrics.ts'

export const CUSTOMER_ID = 'M30011'
export const OTHER_CUSTOMER_ID = 'S30164'
export const USER_ID = 'HAN001'
export const USERNAME = 'partner'
export const PASSWORD = 'correct horse battery staple'

export interface TestServer {
  readonly baseUrl: string
  readonly store: Store
  readonly databasePath: string
  readonly databaseUrl: string
  /** Every log line the server wrote, raw. */
  readonly logs: string[]
  /** `Basic …` for the seeded client. */
  readonly authorization: string
}

export function basicAuthorization(username: string, password: string): string {
  return `Basic ${Buffer.from(`${username}:${password}`).toString('base64')}`
}

export async function makeTempDir(t: TestContext): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'calendar-test-'))
  t.after(() => rm(dir, { recursive: true, force: true }))
  return dir
}

/** Customer M30011 (Europe/Stockholm) with user HAN001; S30164 exists but is not granted. */
export async function seedStore(store: Store): Promise<void> {
  await store.addCustomer({ customerId: CUSTOMER_ID, name: 'Test Mäkleri', timeZone: 'Europe/Stockholm' })
  await store.addCustomer({ customerId: OTHER_CUSTOMER_ID, name: 'Other', timeZone: 'Europe/Stockholm' })
  await store.addUser({ customerId: CUSTOMER_ID, userId: USER_ID, name: 'Hanna' })
  await store.addUser({ customerId: OTHER_CUSTOMER_ID, userId: USER_ID, name: 'Other Hanna' })
  await store.addClient({ username: USERNAME, passwordHash: await hashPassword(PASSWORD), customerIds: [CUSTOMER_ID] })
}

export interface ServerOptions {
  /** Seed the fixture customers, users and client (default true). */
  readonly seed?: boolean
  /** Another store than a fresh SQLite file, e.g. a PostgreSQL schema. */
  readonly databaseUrl?: string
  /** Extra environment for loadConfig, e.g. TRUST_PROXY. */
  readonly env?: Readonly<Record<string, string>>
  /** Collect HTTP and store metrics into this registry, as main.ts does when METRICS_PORT is set. */
  readonly metrics?: Registry
  /** Run the webhook sender beside the server, as main.ts does. */
  readonly webhooks?: boolean
  /** The server's clock (buildApp's `now`), e.g. to serve the help pages on another day; Date.now when absent. */
  readonly now?: () => number
}

export async function startServer(t: TestContext, options: ServerOptions = {}): Promise<TestServer> {
  const dir = await makeTempDir(t)
  const databasePath = join(dir, 'test.db')
  const databaseUrl = options.databaseUrl ?? `sqlite:${databasePath}`
  const opened = await openStore(databaseUrl)
  const store = options.metrics ? instrumentStore(opened, options.metrics) : opened
  if (options.seed !== false) await seedStore(store)
  const logs: string[] = []
  const logStream = new Writable({
    write(chunk, _encoding, callback) {
      logs.push(String(chunk))
      callback()
    },
  })
  const config = loadConfig({ LOG_LEVEL: 'info', DATABASE_URL: databaseUrl, ...options.env })
  const app = buildApp({
    config, store, logStream, metrics: options.metrics && createHttpMetrics(options.metrics), now: options.now,
  })
  const sender = options.webhooks
    ? startConfiguredSender(config, store, app.log, options.metrics && registerWebhookMetrics(options.metrics, store))
    : undefined
  t.after(async () => {
    await app.close()
    await sender?.close()
    await store.close()
  })
  const baseUrl = await app.listen({ port: 0, host: '127.0.0.1' })
  return { baseUrl, store, databasePath, databaseUrl, logs, authorization: basicAuthorization(USERNAME, PASSWORD) }
}
