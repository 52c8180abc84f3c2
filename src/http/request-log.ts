/**
 * @module One log line per request, written when its answer has been sent: request id, method,
 * path (never the query string, never a header), status and duration in milliseconds. Fastify's
 * own two lines per request are turned off in `buildApp`. The same hook feeds the HTTP metrics,
 * when there are any, so a request costs one hook. Any line that carries the request shows it
 * through `serializeRequestForLog`, with calendar-link tokens cut from the URL.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify'
import { redactFeedToken } from '../domain/ical/feed-token.ts'
import type { HttpMetrics } from './metrics.ts'

export function installRequestLog(app: FastifyInstance, metrics: HttpMetrics | undefined): void {
  app.addHook('onResponse', (request, reply, done) => {
    const durationMs = reply.elapsedTime
    const query = request.url.indexOf('?')
    request.log.info({
      method: request.method,
      url: query === -1 ? request.url : request.url.slice(0, query),
      statusCode: reply.statusCode,
      durationMs: Math.round(durationMs * 100) / 100,
    }, 'request')
    metrics?.observe(request.method, request.routeOptions.url, reply.statusCode, durationMs)
    done()
  })
}

/**
 * Fastify's `serializers.req` with calendar-link tokens cut from the URL, for every log line
 * that carries the request (Fastify's own request logging, when on).
 */
export function serializeRequestForLog(request: FastifyRequest) {
  return {
    method: request.method,
    url: redactFeedToken(request.url),
    host: request.host,
    remoteAddress: request.ip,
    remotePort: request.socket?.remotePort,
  }
}
