/**
 * @module One scenario's load, from autocannon's programmatic API: a short warm-up run that is
 * not counted, then the measured run, both with the same settings (keep-alive connections,
 * no pipelining, a fixed duration).
 */
import autocannon from 'autocannon'

export interface LoadSettings {
  readonly connections: number
  readonly pipelining: number
  readonly durationSeconds: number
  readonly warmUpSeconds: number
}

export interface LoadRequest {
  readonly method: 'GET' | 'POST'
  /** Path and query, e.g. `/Appointment/M30011/HAN001?from=…`. */
  readonly path: string
  readonly headers: Readonly<Record<string, string>>
  readonly body?: string
}

export interface LoadResult {
  /** autocannon's mean of the per-second request counts. */
  readonly requestsPerSecond: number
  readonly requests: number
  /** Latency percentiles in ms, as autocannon's histogram records them. */
  readonly p50Ms: number
  readonly p99Ms: number
  /** Non-2xx answers plus connection errors (autocannon counts timeouts among those). */
  readonly errors: number
  readonly timeouts: number
}

/** Stops early and throws when `signal` is aborted; `beforeMeasured` runs between the warm-up and the measured run. */
export async function measureLoad(
  baseUrl: string, request: LoadRequest, settings: LoadSettings, signal: AbortSignal,
  beforeMeasured: () => Promise<void> = async () => {},
): Promise<LoadResult> {
  if (settings.warmUpSeconds > 0) await runAutocannon(baseUrl, request, settings.warmUpSeconds, settings, signal)
  await beforeMeasured()
  const result = await runAutocannon(baseUrl, request, settings.durationSeconds, settings, signal)
  return {
    requestsPerSecond: result.requests.average,
    requests: result.requests.total,
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    errors: result.non2xx + result.errors,
    timeouts: result.timeouts,
  }
}

async function runAutocannon(
  baseUrl: string, request: LoadRequest, durationSeconds: number, settings: LoadSettings, signal: AbortSignal,
): Promise<autocannon.Result> {
  signal.throwIfAborted()
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    const instance = autocannon({
      url: new URL(request.path, baseUrl).toString(),
      method: request.method,
      headers: { ...request.headers },
      ...(request.body !== undefined && { body: request.body }),
      connections: settings.connections,
      pipelining: settings.pipelining,
      duration: durationSeconds,
    }, (error, finished) => {
      signal.removeEventListener('abort', stop)
      if (error) reject(error)
      else resolve(finished)
    })
    const stop = () => instance.stop()
    signal.addEventListener('abort', stop, { once: true })
  })
  signal.throwIfAborted()
  return result
}
