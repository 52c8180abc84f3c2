/**
 * @module The one place errors reach the wire, in the shapes ASP.NET Web API 2 writes
 * (camelCased JSON or `<Error>` XML, negotiated like every response). 500s carry only the
 * request id; details go to the log.
 */
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { NOTE_MAX_LENGTH } from '../domain/appointment-schema.ts'
import {
  Forbidden, Gone, InvalidParameters, NotFound, PreconditionFailed, ValidationFailed, type FieldProblems,
} from '../domain/errors.ts'
import { RETRY_AFTER_SECONDS, StoreUnavailable } from '../store/store-unavailable.ts'
import { allowedMethods, type RegisteredRoute } from './allowed-methods.ts'
import { negotiate } from './content-negotiation.ts'
import { writeXmlError } from './formats/xml.ts'

/** Prefix of modelState keys: the parameter name of the original action. */
const MODEL_STATE_ROOT = 'appointment'

export class Unauthorized extends Error {
  constructor() {
    super('Authorization has been denied for this request.')
    this.name = 'Unauthorized'
  }
}

/** A body without a readable media type (none given, or one we do not read). */
export class UnsupportedMediaType extends Error {
  constructor(mediaType: string | undefined) {
    super(`The request entity's media type '${mediaType?.split(';')[0]?.trim() || 'application/octet-stream'}' `
      + 'is not supported for this resource.')
    this.name = 'UnsupportedMediaType'
  }
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
  app.setErrorHandler((error: FastifyError, request, reply) => {
    if (error instanceof ValidationFailed) {
      return sendError(request, reply, 400, 'The request is invalid.', modelStateOf(error.problems))
    }
    if (error instanceof InvalidParameters) {
      // Query parameters bind by their own name, as Web API keys simple-type parameters.
      return sendError(request, reply, 400, 'The request is invalid.', error.problems)
    }
    if (error instanceof Unauthorized) {
      reply.header('www-authenticate', `Basic realm="${realm.replace(/["\\]/g, '')}"`)
      return sendError(request, reply, 401, error.message)
    }
    if (error instanceof Forbidden) return sendError(request, reply, 403, error.message)
    if (error instanceof NotFound) return sendError(request, reply, 404, error.message)
    if (error instanceof Gone) return sendError(request, reply, 410, error.message)
    if (error instanceof PreconditionFailed) return sendError(request, reply, 412, error.message)
    if (error instanceof UnsupportedMediaType) return sendError(request, reply, 415, error.message)
    if (error.code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
      return sendError(request, reply, 413, `The request body is larger than ${bodyLimit} bytes. `
        + `Send at most ${bodyLimit} bytes; an appointment needs far less (its note holds at most ${NOTE_MAX_LENGTH} characters).`)
    }
    if (error.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') {
      return sendError(request, reply, 415, new UnsupportedMediaType(request.headers['content-type']).message)
    }
    if (error instanceof StoreUnavailable) {
      request.log.warn({ cause: error.cause instanceof Error ? error.cause.message : undefined }, 'database unavailable')
      reply.header('retry-after', String(RETRY_AFTER_SECONDS))
      return sendError(request, reply, 503, error.message)
    }
    if (error.statusCode && error.statusCode >= 400 && error.statusCode < 500) {
      return sendError(request, reply, error.statusCode, error.message)
    }
    request.log.error({ err: error }, 'unexpected error')
    return sendError(request, reply, 500, 'An error has occurred.')
  })
  app.setNotFoundHandler((request, reply) => {
    const allowed = allowedMethods(routes, request.url)
    if (allowed.length === 0) {
      return sendError(request, reply, 404, `No HTTP resource was found that matches the request URI '${request.url}'.`)
    }
    reply.header('allow', allowed.join(', '))
    if (request.method === 'OPTIONS') return reply.code(204).send()
    return sendError(request, reply, 405, `The requested resource does not support http method '${request.method}'.`)
  })
}

/**
 * Fastify's `frameworkErrors`: a URL whose percent-encoding is not UTF-8 never reaches the
 * router, nor the hook that sets the request id.
 */
export function answerFrameworkError(error: FastifyError, request: FastifyRequest, reply: FastifyReply): void {
  reply.header('x-request-id', request.id)
  if (error.code === 'FST_ERR_BAD_URL') {
    sendError(request, reply, 400, `The request URI is not valid: each % must start a percent-encoded UTF-8 `
      + 'character, such as %C3%A5 for å. Write a % itself as %25.')
    return
  }
  request.log.error({ err: error }, 'unexpected framework error')
  sendError(request, reply, 500, 'An error has occurred.')
}

function modelStateOf(problems: FieldProblems): Record<string, string[]> {
  return Object.fromEntries(Object.entries(problems).map(([path, messages]) =>
    [path === '' ? MODEL_STATE_ROOT : `${MODEL_STATE_ROOT}.${path}`, messages]))
}

function sendError(
  request: FastifyRequest, reply: FastifyReply, status: number, message: string,
  modelState?: Record<string, string[]>,
): FastifyReply {
  const requestId = status >= 500 ? request.id : undefined
  reply.code(status)
  if (negotiate(request.headers.accept, request.headers['content-type']) === 'xml') {
    return reply.type('application/xml; charset=utf-8').send(writeXmlError(message, modelState, requestId))
  }
  return reply.type('application/json; charset=utf-8')
    .send(JSON.stringify({ message, ...(modelState && { modelState }), ...(requestId && { requestId }) }))
}
