/**
 * Prometheus metrics over real HTTP: requests counted and timed under their route pattern and
 * status (never an id from the URL), every Store call timed, PostgreSQL pool use, the default
 * process metrics; served only by the metrics listener, never on the API port; and the entry
 * point wiring it up with METRICS_PORT and closing it on SIGTERM.
 */
import assert from 'node:assert/strict'
import { spawn } from 'node:child_process'
import { once } from 'node:events'
import { join } from 'node:path'
import { performance } from 'node:perf_hooks'
import { setTimeout } from 'node:timers/promises'
import { describe, test, type TestContext } from 'node:test'
import type { Registry } from 'prom-client'
import { createMetricsRegistry, startMetricsServer } from '../../src/http/metrics.ts'
import { POSTGRES, freshPostgresUrl } from '../helpers/postgres.ts'
import { skipOption } from '../helpers/outside-tools.ts'
import { postJson } from '../helpers/requests.ts'
import { makeTempDir, startServer } from '../helpers/server.ts'

const CREATE_ROUTE = '/Appointment/:customerId/:id'

async function serveMetrics(t: TestContext, registry: Registry): Promise<string> {
  const server = await startMetricsServer(registry, { host: '127.0.0.1', port: 0 })
  t.after(() => server.close())
  return server.url
}

async function scrape(metricsUrl: string): Promise<string> {
  const response = await fetch(`${metricsUrl}/metrics`)
  assert.equal(response.status, 200)
  assert.match(response.headers.get('content-type') ?? '', /^text\/plain; version=0\.0\.4/)
  return response.text()
}

/** The value of one sample line, `name{labels} value`; undefined when absent. */
function sample(text: string, series: string): number | undefined {
  const line = text.split('\n').find((candidate) => candidate.startsWith(`${series} `))
  return line === undefined ? undefined : Number(line.slice(series.length + 1))
}

describe('metrics', () => {
  test('a request is counted and timed under its route pattern and status, with no id in a label', async (t) => {
    const registry = createMetricsRegistry()
    const server = await startServer(t, { metrics: registry })
    const metricsUrl = await serveMetrics(t, registry)
    const created = await postJson(server, { subject: 'Visning', startsAt: '2026-03-02T09:00:00' })
    assert.equal(created.status, 200)
    const id = created.json as string
    await fetch(`${server.baseUrl}/Appointment/M30011/HAN001/${id}`, { headers: { authorization: server.authorization } })
    await fetch(`${server.baseUrl}/nothing/here-${id}`)
    await fetch(`${server.baseUrl}/health/live`)

    const text = await scrape(metricsUrl)
    const create = `method="POST",route="${CREATE_ROUTE}",status="200"`
    assert.equal(sample(text, `http_requests_total{${create}}`), 1, text)
    assert.equal(sample(text, `http_request_duration_seconds_count{${create}}`), 1)
    assert.ok((sample(text, `http_request_duration_seconds_sum{${create}}`) ?? 0) > 0)
    assert.equal(sample(text,
      'http_requests_total{method="GET",route="/Appointment/:customerId/:id/:appointmentId",status="200"}'), 1)
    assert.equal(sample(text, 'http_requests_total{method="GET",route="unmatched",status="404"}'), 1)
    assert.equal(sample(text, 'http_requests_total{method="GET",route="/health/live",status="200"}'), 1)
    assert.ok(!text.includes(id) && !text.includes('M30011') && !text.includes('here-'), 'no value from a URL')
  })

  test('every Store call is timed by operation, and the default process metrics are there', async (t) => {
    const registry = createMetricsRegistry()
    const server = await startServer(t, { metrics: registry })
    const metricsUrl = await serveMetrics(t, registry)
    await postJson(server, { subject: 'Visning', startsAt: '2026-03-02T09:00:00' })
    await fetch(`${server.baseUrl}/health/ready`)
    const text = await scrape(metricsUrl)
    assert.equal(sample(text, 'db_operation_duration_seconds_count{operation="createAppointment"}'), 1, text)
    assert.ok((sample(text, 'db_operation_duration_seconds_count{operation="findUser"}') ?? 0) >= 1)
    assert.ok((sample(text, 'db_operation_duration_seconds_count{operation="ping"}') ?? 0) >= 1)
    assert.ok((sample(text, 'db_operation_duration_seconds_sum{operation="createAppointment"}') ?? 0) > 0)
    for (const name of ['process_cpu_user_seconds_total', 'process_resident_memory_bytes', 'nodejs_heap_size_used_bytes']) {
      assert.ok(sample(text, name) !== undefined, `${name} is exported`)
    }
    assert.ok(!text.includes('db_pool_connections'), 'SQLite has no pool')
  })

  test('the event loop\'s delay since the last scrape is exported: p50, p99 and max, a stall showing in max and leaving with the scrape', async (t) => {
    const registry = createMetricsRegistry()
    const server = await startServer(t, { metrics: registry })
    const metricsUrl = await serveMetrics(t, registry)
    await scrape(metricsUrl)
    // A scrape resets the monitor's histogram, and its next tick (every 10 ms) only takes a new
    // starting time: a stall beginning before that tick is not recorded. On a quiet machine the
    // scrape's answer arrives sooner than 10 ms, so wait for a tick first.
    await setTimeout(50)
    const stallUntil = performance.now() + 500
    while (performance.now() < stallUntil) { /* one request blocking the loop */ }
    await setTimeout(30) // the delay monitor's timer fires late, and records it
    await fetch(`${server.baseUrl}/health/live`)
    const afterStall = await scrape(metricsUrl)
    const quantiles = ['p50', 'p99', 'max'].map((name) => sample(afterStall, `nodejs_eventloop_lag_${name}_seconds`))
    for (const value of quantiles) assert.ok(value !== undefined && value > 0, afterStall)
    assert.ok(quantiles[2]! >= 0.45, `a 500 ms stall shows in max: ${quantiles[2]} s`)
    const next = await scrape(metricsUrl)
    assert.ok(sample(next, 'nodejs_eventloop_lag_max_seconds')! < 0.45, 'each scrape reports the delay since the one before')
  })

  test('on PostgreSQL the pool use is read at each scrape', { skip: skipOption(POSTGRES) }, async (t) => {
    const registry = createMetricsRegistry()
    const server = await startServer(t, { metrics: registry, databaseUrl: await freshPostgresUrl(t) })
    const metricsUrl = await serveMetrics(t, registry)
    await fetch(`${server.baseUrl}/health/ready`)
    const text = await scrape(metricsUrl)
    const total = sample(text, 'db_pool_connections{state="total"}') ?? 0
    const idle = sample(text, 'db_pool_connections{state="idle"}') ?? -1
    assert.ok(total >= 1, text)
    assert.ok(idle >= 0 && idle <= total)
    assert.equal(sample(text, 'db_pool_connections{state="waiting"}'), 0)
  })

  test('the metrics listener serves only GET /metrics, on 127.0.0.1; the API port has no /metrics', async (t) => {
    const registry = createMetricsRegistry()
    const server = await startServer(t, { metrics: registry })
    const metricsUrl = await serveMetrics(t, registry)
    assert.match(metricsUrl, /^http:\/\/127\.0\.0\.1:\d+$/)
    assert.equal((await fetch(`${metricsUrl}/`)).status, 404)
    assert.equal((await fetch(`${metricsUrl}/metrics`, { method: 'POST' })).status, 405)
    const onApi = await fetch(`${server.baseUrl}/metrics`)
    assert.equal(onApi.status, 404)
    assert.doesNotMatch(await onApi.text(), /http_requests_total/)
  })
})

describe('the entry point with METRICS_PORT', () => {
  test('serves metrics on their own port, not the API port, and closes both on SIGTERM', async (t) => {
    const databaseUrl = `sqlite:${join(await makeTempDir(t), 'connect.db')}`
    const main = new URL('../../src/main.ts', import.meta.url).pathname
    const child = spawn(process.execPath, [main], {
      env: { ...process.env, PORT: '0', METRICS_PORT: '0', NODE_ENV: 'production', LOG_LEVEL: 'info', DATABASE_URL: databaseUrl },
    })
    t.after(() => child.kill())
    let output = ''
    child.stdout.setEncoding('utf8')
    await new Promise<void>((resolve, reject) => {
      child.stdout.on('data', (chunk: string) => {
        output += chunk
        if (/Metrics listening[\s\S]*Server listening/.test(output)) resolve()
      })
      child.once('exit', (code) => reject(new Error(`exited early with ${code}: ${output}`)))
    })
    const metricsUrl = /Metrics listening at (http:\/\/127\.0\.0\.1:\d+)\/metrics/.exec(output)?.[1]
    const apiUrl = /Server listening at (http:\/\/127\.0\.0\.1:\d+)/.exec(output)?.[1]
    assert.ok(metricsUrl && apiUrl, output)
    assert.equal((await fetch(`${apiUrl}/health/live`)).status, 200)
    assert.equal((await fetch(`${apiUrl}/metrics`)).status, 404)
    const text = await scrape(metricsUrl)
    assert.equal(sample(text, 'http_requests_total{method="GET",route="/health/live",status="200"}'), 1, text)

    const exited = once(child, 'exit')
    child.kill('SIGTERM')
    assert.equal((await exited)[0], 0)
    await assert.rejects(fetch(`${metricsUrl}/metrics`), 'the metrics port is closed')
  })
})
