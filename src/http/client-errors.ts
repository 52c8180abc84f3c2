/**
 * @module Answers to what never becomes a request — bytes that are not HTTP/1.1, headers
 * past Node's limit, a request not received in time — in the service's JSON error shape
 * instead of Fastify's `{"error","statusCode"}`. The connection is closed after the answer.
 * Only the parser's code and reason are logged: its raw packet holds the Authorization header.
 */
import { STATUS_CODES } from 'node:http'
import type { Socket } from 'node:net'
import type { FastifyInstance } from 'fastify'

interface ParserError extends Error {
  readonly code?: string
  readonly reason?: string
}

export function answerClientError(this: FastifyInstance, error: ParserError, socket: Socket): void {
  if (error.code === 'ECONNRESET' || socket.destroyed) return
  this.log.debug({ code: error.code, reason: error.reason }, 'client error')
  const [status, message] = answerTo(error)
  if (!socket.writable) {
    socket.destroy()
    return
  }
  const body = JSON.stringify({ message })
  socket.end(`HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nContent-Type: application/json; charset=utf-8\r\n`
    + `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`)
}

function answerTo(error: ParserError): [number, string] {
  switch (error.code) {
    case 'HPE_HEADER_OVERFLOW':
      return [431, 'The request line and headers are larger than this server reads (16 KB). Send shorter headers and URI.']
    case 'ERR_HTTP_REQUEST_TIMEOUT':
      return [408, 'The request was not received in time. Send the whole request at once.']
    default:
      return [400, `The request is not valid HTTP/1.1${error.reason ? ` (${error.reason})` : ''}. `
        + 'Send a request line, headers and a body as HTTP/1.1 defines them.']
  }
}
