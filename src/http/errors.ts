/**
 * @module The one place errors reach the wire, in the shapes ASP.NET Web API 2 writes
 * (camelCased JSON or `<Error>` XML, negotiated like every response). 500s carry only the
 * request id; details go to the log. Which error is which answer is error-statuses.ts's table.
 */
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { allowedMethods, type RegisteredRoute } from './allowed-methods.ts'
import { negotiate } from './content-negotiation.ts'
import { errorVerdict } from './error-statuses.ts'
import { writeXmlError } from './formats/xml.ts'
import { xmlSpelling } from './formats/xml-spelling.ts'
import { setRetryAfter, type ErrorAnswer } from './http-error.ts'

const UNEXPECTED: ErrorAnswer = { status: 500, message: 'An error has occurred.' }
const UNKNOWN_PATH_DETAIL = 'Every route is listed in the help pages: GET / (the help index). '
  + 'Whether the service runs: GET /health/live.'

/** The methods this path takes; a PATCH is told that PUT replaces the whole appointment. */
function otherMethodDetail(method: string, allowed: readonly string[]): string {
  const uses = `This resource takes ${allowed.join(', ')}.`
  if (method !== 'PATCH' || !allowed.includes('PUT')) return uses
  return `${uses} There is no partial update: PUT replaces the whole appointment, so send every field, `
    + 'as GET answered it, with your changes.'
}

export interface ErrorHandlingOptions {
  /** Realm in `WWW-Authenticate`. */
  readonly realm: string
  /** Every route registered, filled as they are: a known path with another method is a 405. */
  readonly routes: readonly RegisteredRoute[]
  /** Largest accepted body in bytes, named in the 413. */
  readonly bodyLimit: number
}

export function installErrorHandling(app: FastifyInstance, { realm, routes, bodyLimit }: ErrorHandlingOptions): void {
  const challenge = `Basic realm="${realm.replace(/["\\]/g, '')}"`
  app.setErrorHandler((error: FastifyError, request, reply) => {
    const verdict = errorVerdict(error, request.headers['content-type'], bodyLimit)
    if (!verdict) {
      request.log.error({ err: error }, 'unexpected error')
      return sendError(request, reply, UNEXPECTED)
    }
    if (verdict.warning) request.log.warn({ cause: causeOf(error) }, verdict.warning)
    if (verdict.answer.status === 401) reply.header('www-authenticate', challenge)
    return sendError(request, reply, verdict.answer)
  })
  app.setNotFoundHandler((request, reply) => {
    const allowed = allowedMethods(routes, request.url)
    if (allowed.length === 0) {
      return sendError(request, reply, {
        status: 404, message: `No HTTP resource was found that matches the request URI '${request.url}'.`,
        messageDetail: UNKNOWN_PATH_DETAIL,
      })
    }
    reply.header('allow', allowed.join(', '))
    if (request.method === 'OPTIONS') return reply.code(204).send()
    return sendError(request, reply, {
      status: 405, message: `The requested resource does not support http method '${request.method}'.`,
      messageDetail: otherMethodDetail(request.method, allowed),
    })
  })
}

/**
 * Fastify's `frameworkErrors`: a URL whose percent-encoding is not UTF-8 never reaches the
 * router, nor the hook that sets the request id.
 */
export function answerFrameworkError(error: FastifyError, request: FastifyRequest, reply: FastifyReply): void {
  reply.header('x-request-id', request.id)
  if (error.code === 'FST_ERR_BAD_URL') {
    sendError(request, reply, { status: 400, message: 'The request URI is not valid: each % must start a '
      + 'percent-encoded UTF-8 character, such as %C3%A5 for å. Write a % itself as %25.' })
    return
  }
  request.log.error({ err: error }, 'unexpected framework error')
  sendError(request, reply, UNEXPECTED)
}

/** What the log is told of a warning: the driver's message behind a StoreUnavailable, else the error's. */
function causeOf(error: Error): string {
  return error.cause instanceof Error ? error.cause.message : error.message
}

function sendError(request: FastifyRequest, reply: FastifyReply, answer: ErrorAnswer): FastifyReply {
  const { status, message, modelState, retryAfterSeconds, messageDetail } = answer
  const requestId = status >= 500 ? request.id : undefined
  reply.code(status)
  if (retryAfterSeconds !== undefined) setRetryAfter(reply, retryAfterSeconds)
  if (negotiate(request.headers.accept, request.headers['content-type']) === 'xml') {
    const xmlModelState = modelState && Object.fromEntries(Object.entries(modelState)
      .map(([key, messages]) => [key, messages.map(xmlSpelling)]))
    return reply.type('application/xml; charset=utf-8').send(writeXmlError(message, xmlModelState, requestId, messageDetail))
  }
  return reply.type('application/json; charset=utf-8').send(JSON.stringify({
    message, ...(messageDetail && { messageDetail }), ...(modelState && { modelState }), ...(requestId && { requestId }),
  }))
}
