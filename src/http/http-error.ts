/**
 * @module The one error type the HTTP layer answers with: a status, the message its body
 * carries and, where the client is asked to wait, Retry-After seconds. The HTTP layer's own
 * errors are HttpErrors; error-statuses.ts turns the domain's and the store's into one, and
 * errors.ts writes it to the wire.
 */
import type { FastifyReply } from 'fastify'

/** What an error answer holds; the 400s of a body or query add `modelState`. */
export interface ErrorAnswer {
  readonly status: number
  readonly message: string
  readonly retryAfterSeconds?: number
  /** Field or parameter → messages. */
  readonly modelState?: Record<string, string[]>
  /**
   * What to do instead, where the message is the original platform's own text and stays as it
   * is: written as Web API's HttpError writes its MessageDetail, after the message.
   */
  readonly messageDetail?: string
}

export class HttpError extends Error implements ErrorAnswer {
  readonly status: number
  readonly retryAfterSeconds: number | undefined
  readonly messageDetail: string | undefined

  constructor(status: number, message: string, retryAfterSeconds?: number, messageDetail?: string) {
    super(message)
    this.name = 'HttpError'
    this.status = status
    this.retryAfterSeconds = retryAfterSeconds
    this.messageDetail = messageDetail
  }
}

/** No credentials, or ones that prove no enabled client: 401 with the Basic challenge. */
export class Unauthorized extends HttpError {
  constructor() {
    super(401, 'Authorization has been denied for this request.')
    this.name = 'Unauthorized'
  }
}

/** What a 415 tells the client to send, after the original's message. */
export const MEDIA_TYPE_DETAIL = 'Send the body as JSON or XML and name it in the Content-Type header: '
  + "application/json or application/xml (with curl: -H 'Content-Type: application/json')."

/** A body without a readable media type (none given, or one we do not read). */
export class UnsupportedMediaType extends HttpError {
  constructor(mediaType: string | undefined) {
    super(415, `The request entity's media type '${mediaType?.split(';')[0]?.trim() || 'application/octet-stream'}' `
      + 'is not supported for this resource.', undefined, MEDIA_TYPE_DETAIL)
    this.name = 'UnsupportedMediaType'
  }
}

/** The one place Retry-After is written: error answers, and the readiness check's 503. */
export function setRetryAfter(reply: FastifyReply, seconds: number): FastifyReply {
  return reply.header('retry-after', String(seconds))
}
