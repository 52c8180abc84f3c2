/**
 * @module One POST of an event: no redirects followed (a 3xx is a failure), a bound on the
 * whole exchange, the response body read and dropped, and, under a strict address policy,
 * the socket's addresses checked (see address-guard.ts). Keep-alive agents reuse
 * connections to a receiver; a reused socket's address was checked when it connected.
 */
import http from 'node:http'
import https from 'node:https'
import { isIP } from 'node:net'
import { guardedLookup, hostOf, isRefusedAddress, type AddressPolicy } from './address-guard.ts'

export interface PostResult {
  /** The response's status; undefined when none came. */
  readonly status?: number
  /** Why no (acceptable) answer came: a timeout, a refused address, a network error. */
  readonly error?: string
  readonly retryAfter?: string
  /** The caller's signal stopped it (the sender is closing): nothing to record. */
  readonly cancelled?: true
}

const AGENTS = {
  'http:': new http.Agent({ keepAlive: true, maxSockets: 16 }),
  'https:': new https.Agent({ keepAlive: true, maxSockets: 16 }),
} as const

export async function postEvent(
  target: string, headers: Readonly<Record<string, string>>, body: string,
  options: { readonly timeoutMs: number; readonly policy: AddressPolicy; readonly signal: AbortSignal },
): Promise<PostResult> {
  const url = new URL(target)
  if (options.policy.publicOnly && isIP(hostOf(url)) && isRefusedAddress(hostOf(url))) {
    return { error: `${hostOf(url)} is an internal address webhooks may not reach.` }
  }
  if (options.policy.httpsOnly && url.protocol !== 'https:') return { error: 'Only https URLs are sent to.' }
  const timeout = AbortSignal.timeout(options.timeoutMs)
  const signal = AbortSignal.any([options.signal, timeout])
  const client = url.protocol === 'https:' ? https : http
  return new Promise<PostResult>((resolve) => {
    const failed = (error: Error) => resolve(failure(error, options.signal, timeout, options.timeoutMs))
    const request = client.request(url, {
      method: 'POST', signal, agent: AGENTS[url.protocol as keyof typeof AGENTS],
      headers: { ...headers, 'content-length': String(Buffer.byteLength(body)) },
      ...(options.policy.publicOnly && { lookup: guardedLookup }),
    }, (response) => {
      response.resume()
      response.on('end', () => resolve({
        status: response.statusCode ?? 0,
        ...(typeof response.headers['retry-after'] === 'string' && { retryAfter: response.headers['retry-after'] }),
      }))
      response.on('error', failed)
      // an abort while the body streams may close it with neither 'end' nor 'error': the first settles
      response.on('close', () => failed(new Error('The connection closed before the answer ended.')))
    })
    request.on('error', failed)
    request.end(body)
  })
}

function failure(error: Error, cancel: AbortSignal, timeout: AbortSignal, timeoutMs: number): PostResult {
  if (cancel.aborted) return { cancelled: true }
  if (timeout.aborted) return { error: `No answer within ${timeoutMs / 1000} s.` }
  return { error: error.message || (error as { code?: string }).code || 'Connection failed.' }
}
