/**
 * @module An open-loop load at a fixed rate: request i is due at start + i / rate whatever
 * happened to the ones before, and its latency is counted from that intended send time to
 * the end of its answer. A stall of the server (or of this process) therefore shows in the
 * latency of every request that was due during it, instead of pausing the load and hiding,
 * as a closed loop does (coordinated omission). autocannon's `overallRate` does not do
 * this: it times each request from its actual send, and its correction passes the expected
 * interval as ⌈1 / rate⌉ where its histogram counts milliseconds, i.e. always 1 ms.
 * Requests go over keep-alive connections (at most `connections`; a request due while all
 * are busy waits for one, and that wait counts).
 */
import { Agent, request as httpRequest } from 'node:http'
import { performance } from 'node:perf_hooks'
import { setTimeout as sleep } from 'node:timers/promises'
import type { LoadRequest } from './load.ts'

/** A request not answered within this long counts as an error. */
const REQUEST_TIMEOUT_MS = 10_000

export interface OpenLoopSettings {
  readonly ratePerSecond: number
  readonly durationSeconds: number
  readonly connections: number
}

export interface OpenLoopResult {
  readonly targetRatePerSecond: number
  /** Answers (2xx or not) per second, from the first intended send to the last answer. */
  readonly achievedRatePerSecond: number
  readonly requests: number
  /** From each request's intended send time to the end of its answer, 2xx answers only. */
  readonly p50Ms: number
  readonly p99Ms: number
  readonly maxMs: number
  /** Non-2xx answers, connection errors and timeouts. */
  readonly errors: number
}

export async function measureOpenLoop(
  baseUrl: string, request: LoadRequest, settings: OpenLoopSettings, signal: AbortSignal,
): Promise<OpenLoopResult> {
  const agent = new Agent({ keepAlive: true, maxSockets: settings.connections })
  const target = new URL(request.path, baseUrl)
  const body = request.body === undefined ? undefined : Buffer.from(request.body)
  const headers = { ...request.headers, ...(body && { 'content-length': String(body.length) }) }
  const total = Math.max(1, Math.round(settings.ratePerSecond * settings.durationSeconds))
  const intervalMs = 1000 / settings.ratePerSecond
  const latencies: number[] = []
  const answers: Promise<void>[] = []
  let errors = 0
  const start = performance.now()
  try {
    for (let index = 0; index < total; index++) {
      signal.throwIfAborted()
      const intendedMs = start + index * intervalMs
      const waitMs = intendedMs - performance.now()
      if (waitMs >= 1) await sleep(waitMs)
      answers.push(send(agent, target, request.method, headers, body).then(
        (ok) => {
          if (ok) latencies.push(performance.now() - intendedMs)
          else errors++
        },
        () => {
          errors++
        },
      ))
    }
    await Promise.all(answers)
  } finally {
    agent.destroy()
  }
  signal.throwIfAborted()
  const elapsedSeconds = (performance.now() - start) / 1000
  latencies.sort((a, b) => a - b)
  return {
    targetRatePerSecond: settings.ratePerSecond,
    achievedRatePerSecond: total / elapsedSeconds,
    requests: total,
    p50Ms: percentile(latencies, 0.5),
    p99Ms: percentile(latencies, 0.99),
    maxMs: latencies.at(-1) ?? Number.NaN,
    errors,
  }
}

/** Resolves true for a 2xx answer read to its end, false for another status; rejects on a socket error or timeout. */
function send(
  agent: Agent, url: URL, method: string, headers: Readonly<Record<string, string>>, body: Buffer | undefined,
): Promise<boolean> {
  return new Promise((resolve, reject) => {
    const outgoing = httpRequest(url, { agent, method, headers, timeout: REQUEST_TIMEOUT_MS }, (response) => {
      response.resume()
      response.once('end', () => resolve((response.statusCode ?? 0) >= 200 && (response.statusCode ?? 0) < 300))
      response.once('error', reject)
    })
    outgoing.once('timeout', () => outgoing.destroy(new Error(`No answer within ${REQUEST_TIMEOUT_MS} ms.`)))
    outgoing.once('error', reject)
    outgoing.end(body)
  })
}

/** The nearest-rank percentile of sorted values. */
function percentile(sorted: readonly number[], fraction: number): number {
  if (sorted.length === 0) return Number.NaN
  return sorted[Math.min(sorted.length - 1, Math.ceil(fraction * sorted.length) - 1)]!
}
