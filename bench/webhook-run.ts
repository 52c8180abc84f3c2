/**
 * @module The webhook scenario (issue 17), per backend on a fresh database with only the
 * firm, its users and the API client: creates at full speed without any endpoint, then with
 * one endpoint attached (a receiver in this process that answers 204 at once), and their
 * ratio; then the lag from a create's answer to its delivery at the receiver, for creates
 * sent one at a time at a steady pace once the load's backlog has gone out.
 */
import { once } from 'node:events'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { performance } from 'node:perf_hooks'
import { setTimeout as sleep } from 'node:timers/promises'
import { hashPassword } from '../src/domain/password.ts'
import { openStore } from '../src/store/open-store.ts'
import { type BackendChoice, type BackendName, freshDatabase } from './databases.ts'
import { measureLoad, type LoadResult } from './load.ts'
import type { RunContext } from './run-context.ts'
import { createJsonRequest } from './scenarios.ts'
import {
  CLIENT_PASSWORD, CLIENT_USERNAME, CREATE_USER, CUSTOMER_ID, ZONE, authorizationHeader,
} from './seed-store.ts'
import { startServer } from './server-process.ts'
import { serviceLaunch } from './service-run.ts'
import type { Target } from './targets.ts'

const LAG_CREATES = 300
const LAG_PACE_MS = 20
/** The backlog counts as gone out once no delivery came for this long. */
const QUIET_MS = 2_000
const RATIO_TARGET = 0.8
const LAG_P50_TARGET_MS = 50
const LAG_P99_TARGET_MS = 500

export interface WebhookRun {
  readonly backend: BackendName
  readonly without: LoadResult
  readonly with: LoadResult
  /** Deliveries the receiver got during and after the load with the endpoint. */
  readonly delivered: number
  readonly lagP50Ms: number
  readonly lagP99Ms: number
}

interface Receiver {
  readonly url: string
  /** performance.now() of each delivery's arrival, by appointment id. */
  readonly arrivals: Map<string, number>
  lastArrival: number
  close(): Promise<void>
}

async function startReceiver(): Promise<Receiver> {
  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = []
    request.on('data', (chunk: Buffer) => chunks.push(chunk))
    request.on('end', () => {
      const now = performance.now()
      const { data } = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { data: { appointmentId: string } }
      receiver.arrivals.set(data.appointmentId, now)
      receiver.lastArrival = now
      response.writeHead(204).end()
    })
  })
  server.listen(0, '127.0.0.1')
  await once(server, 'listening')
  const receiver: Receiver = {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks`,
    arrivals: new Map(),
    lastArrival: performance.now(),
    close: async () => {
      server.closeAllConnections()
      server.close()
    },
  }
  return receiver
}

async function seedDirectory(databaseUrl: string): Promise<void> {
  const store = await openStore(databaseUrl)
  try {
    await store.addCustomer({ customerId: CUSTOMER_ID, name: 'Mäklarfirman Bench AB', timeZone: ZONE })
    await store.addUser({ customerId: CUSTOMER_ID, userId: CREATE_USER, name: `Bench ${CREATE_USER}` })
    await store.addClient({ username: CLIENT_USERNAME, passwordHash: await hashPassword(CLIENT_PASSWORD), customerIds: [CUSTOMER_ID] })
  } finally {
    await store.close()
  }
}

async function addEndpoint(baseUrl: string, url: string): Promise<void> {
  const response = await fetch(`${baseUrl}/Webhooks/${CUSTOMER_ID}`, {
    method: 'POST', body: JSON.stringify({ url }),
    headers: { authorization: authorizationHeader(), 'content-type': 'application/json' },
  })
  if (response.status !== 201) throw new Error(`Adding the bench's webhook answered ${response.status}: ${await response.text()}`)
}

/** Creates one at a time, LAG_PACE_MS apart; each answer's time, by the id it answered. */
async function pacedCreates(baseUrl: string, signal: AbortSignal): Promise<Map<string, number>> {
  const request = createJsonRequest()
  const answered = new Map<string, number>()
  for (let n = 0; n < LAG_CREATES; n++) {
    signal.throwIfAborted()
    const response = await fetch(new URL(request.path, baseUrl), { method: 'POST', headers: request.headers, body: request.body!, signal })
    const text = await response.text()
    if (response.status !== 200) throw new Error(`A paced create answered ${response.status}: ${text}`)
    answered.set(JSON.parse(text) as string, performance.now())
    await sleep(LAG_PACE_MS)
  }
  return answered
}

async function untilQuiet(receiver: Receiver, signal: AbortSignal): Promise<void> {
  while (performance.now() - receiver.lastArrival < QUIET_MS) {
    signal.throwIfAborted()
    await sleep(200)
  }
}

function percentile(sorted: readonly number[], fraction: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * fraction))] ?? Number.NaN
}

export async function runWebhookBench(context: RunContext, choice: BackendChoice): Promise<WebhookRun> {
  const database = await freshDatabase(choice)
  const receiver = await startReceiver()
  try {
    await seedDirectory(database.databaseUrl)
    const launch = serviceLaunch(database, context.nodeArgs)
    // production refuses loopback receivers; the bench's is on loopback
    const server = await startServer(context.group, { ...launch, env: { ...launch.env, WEBHOOK_ALLOW_PRIVATE_NETWORKS: 'true' } })
    try {
      const without = await measureLoad(server.baseUrl, createJsonRequest(), context.settings, context.signal)
      await addEndpoint(server.baseUrl, receiver.url)
      const withEndpoint = await measureLoad(server.baseUrl, createJsonRequest(), context.settings, context.signal)
      await untilQuiet(receiver, context.signal)
      const delivered = receiver.arrivals.size
      const answered = await pacedCreates(server.baseUrl, context.signal)
      await untilQuiet(receiver, context.signal)
      const lags = [...answered].map(([id, at]) => Math.max(0, (receiver.arrivals.get(id) ?? Number.POSITIVE_INFINITY) - at))
        .sort((first, second) => first - second)
      return {
        backend: choice.backend, without, with: withEndpoint, delivered,
        lagP50Ms: percentile(lags, 0.5), lagP99Ms: percentile(lags, 0.99),
      }
    } finally {
      await server.stop()
    }
  } finally {
    await receiver.close()
    await database.dispose()
  }
}

export function webhookTargets(runs: readonly WebhookRun[]): Target[] {
  return runs.flatMap((run) => {
    const ratio = run.with.requestsPerSecond / run.without.requestsPerSecond
    return [
      { name: `${run.backend} creates with one webhook ÷ without`, goal: `≥ ${RATIO_TARGET}`, value: ratio.toFixed(2),
        met: ratio >= RATIO_TARGET && run.with.errors === 0 },
      { name: `${run.backend} webhook lag from answer to delivery`, goal: `p50 ≤ ${LAG_P50_TARGET_MS} ms, p99 ≤ ${LAG_P99_TARGET_MS} ms`,
        value: `p50 ${run.lagP50Ms.toFixed(1)} ms, p99 ${run.lagP99Ms.toFixed(1)} ms`,
        met: run.lagP50Ms <= LAG_P50_TARGET_MS && run.lagP99Ms <= LAG_P99_TARGET_MS },
    ]
  })
}

export function webhookSection(runs: readonly WebhookRun[]): string {
  if (runs.length === 0) return ''
  return [
    '## Webhooks (issue 17)',
    '',
    '| backend | creates/s without | creates/s with one webhook | ratio | delivered during the load | lag p50 | lag p99 |',
    '| --- | --- | --- | --- | --- | --- | --- |',
    ...runs.map((run) => `| ${run.backend} | ${run.without.requestsPerSecond.toFixed(0)} | ${run.with.requestsPerSecond.toFixed(0)} `
      + `| ${(run.with.requestsPerSecond / run.without.requestsPerSecond).toFixed(2)} | ${run.delivered} `
      + `| ${run.lagP50Ms.toFixed(1)} ms | ${run.lagP99Ms.toFixed(1)} ms |`),
    '',
    `Lag: ${LAG_CREATES} creates one at a time, ${LAG_PACE_MS} ms apart, after the load's deliveries went out; `
      + 'from the create\'s answer in the bench to the delivery\'s arrival at its receiver in the same process.',
  ].join('\n')
}
