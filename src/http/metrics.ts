/**
 * @module Prometheus metrics with prom-client, on a Registry passed in (never the global one):
 * `http_requests_total` and `http_request_duration_seconds` {method, route, status}, labelled
 * with the route pattern (`/Appointment/:customerId/:id`), never the raw URL; and the `/metrics`
 * listener, a node:http server of its own so metrics never reach the public API port.
 */
import { createServer, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { Counter, Histogram, Registry, collectDefaultMetrics } from 'prom-client'

/** What a request that matched no route is labelled: its URL could hold anything. */
export const UNMATCHED_ROUTE = 'unmatched'

/** Requests take from a fraction of a millisecond (a cached GET) to seconds (a year's listing). */
const DURATION_BUCKETS = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10]

export interface HttpMetrics {
  /** One request answered: one counter increment and one histogram observation. */
  observe(method: string, route: string | undefined, status: number, durationMs: number): void
}

export interface MetricsServer {
  /** `http://host:port`. */
  readonly url: string
  close(): Promise<void>
}

/**
 * A registry holding prom-client's default process metrics (CPU, memory, GC, and the event
 * loop's delay: `nodejs_eventloop_lag_{p50,p90,p99,max,min,mean,stddev}_seconds` from
 * `monitorEventLoopDelay` sampled every 10 ms, over the time since the previous scrape, as each
 * scrape resets the histogram; a stall of one request blocking the loop shows in max).
 */
export function createMetricsRegistry(): Registry {
  const registry = new Registry()
  collectDefaultMetrics({ register: registry })
  return registry
}

export function createHttpMetrics(registry: Registry): HttpMetrics {
  const requests = new Counter({
    name: 'http_requests_total',
    help: 'HTTP requests answered, by method, route pattern and status.',
    labelNames: ['method', 'route', 'status'],
    registers: [registry],
  })
  const durations = new Histogram({
    name: 'http_request_duration_seconds',
    help: 'Time from receiving a request to its answer being sent, by method, route pattern and status.',
    labelNames: ['method', 'route', 'status'],
    buckets: DURATION_BUCKETS,
    registers: [registry],
  })
  return {
    observe(method, route = UNMATCHED_ROUTE, status, durationMs) {
      const labels = { method, route, status: String(status) }
      requests.inc(labels)
      durations.observe(labels, durationMs / 1000)
    },
  }
}

/** Serves `GET /metrics` from the registry on its own port; everything else is a 404. */
export async function startMetricsServer(registry: Registry, listen: { host: string; port: number }): Promise<MetricsServer> {
  const server = createServer((request, response) => {
    if (request.url?.split('?')[0] !== '/metrics') return answer(response, 404, 'Not found: metrics are at /metrics.\n')
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      response.setHeader('allow', 'GET, HEAD')
      return answer(response, 405, 'Use GET /metrics.\n')
    }
    registry.metrics().then(
      (text) => answer(response, 200, text, registry.contentType),
      () => answer(response, 500, 'Metrics could not be collected.\n'))
  })
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(listen.port, listen.host, () => resolve())
  })
  return { url: urlOf(server), close: () => closeServer(server) }
}

function answer(response: ServerResponse, status: number, body: string, type = 'text/plain; charset=utf-8'): void {
  response.writeHead(status, { 'content-type': type, 'cache-control': 'no-store' })
  response.end(body)
}

function urlOf(server: Server): string {
  const { address, family, port } = server.address() as AddressInfo
  return `http://${family === 'IPv6' ? `[${address}]` : address}:${port}`
}

function closeServer(server: Server): Promise<void> {
  server.closeAllConnections()
  return new Promise((resolve, reject) => server.close((error) => (error ? reject(error) : resolve())))
}
