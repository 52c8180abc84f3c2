/**
 * @module This server's base URL as the client reached it (behind a proxy with TRUST_PROXY,
 * the forwarded scheme and host), for links the server prints: the help pages' samples and
 * the calendar feed URLs. The Host header is checked before it is echoed.
 */
import type { FastifyRequest } from 'fastify'

const HOST = /^(?:[A-Za-z0-9.-]+|\[[0-9A-Fa-f:.]+\])(?::\d{1,5})?$/

export function baseUrlOf(request: FastifyRequest): string {
  const host = HOST.test(request.host) ? request.host : 'localhost'
  return `${request.protocol}://${host}`
}
