/**
 * @module The one table from errors to answers. The domain and the store throw errors that
 * know no HTTP; each is answered here with its status and message. The HTTP layer's own
 * errors (401, 415, 429, the Idempotency-Key answers) are HttpErrors and pass as they are;
 * Fastify's errors are answered by their code. Whatever is not here is a 500, logged.
 */
import type { FastifyError } from 'fastify'
import { NOTE_MAX_LENGTH } from '../domain/appointment-schema.ts'
import {
  Forbidden, Gone, InvalidParameters, NotFound, PreconditionFailed, ValidationFailed, type FieldProblems,
} from '../domain/errors.ts'
import { MigrationsPending } from '../store/migrations.ts'
import { StoreConflict } from '../store/store.ts'
import { RETRY_AFTER_SECONDS, StoreUnavailable } from '../store/store-unavailable.ts'
import { HttpError, UnsupportedMediaType, type ErrorAnswer } from './http-error.ts'

/** An answer, and what the log is told (at warn) of a server-side condition a client cannot fix. */
export interface ErrorVerdict {
  readonly answer: ErrorAnswer
  readonly warning?: string
}

type Verdict<Thrown> = (error: Thrown) => ErrorVerdict

interface Entry<Thrown extends Error> {
  readonly type: abstract new (...args: never[]) => Thrown
  readonly verdict: Verdict<Thrown>
}

/** Prefix of modelState keys: the parameter name of the original action. */
const MODEL_STATE_ROOT = 'appointment'
const INVALID = 'The request is invalid.'

function entry<Thrown extends Error>(type: Entry<Thrown>['type'], verdict: Verdict<Thrown>): Entry<Error> {
  return { type, verdict } as unknown as Entry<Error>
}

function plain(status: number): Verdict<Error> {
  return (error) => ({ answer: { status, message: error.message } })
}

const ERROR_STATUSES: readonly Entry<Error>[] = [
  entry(HttpError, (error) => ({ answer: error })),
  entry(ValidationFailed, (error) => ({ answer: { status: 400, message: INVALID, modelState: modelStateOf(error.problems) } })),
  // Query parameters bind by their own name, as Web API keys simple-type parameters.
  entry(InvalidParameters, (error) => ({ answer: { status: 400, message: INVALID, modelState: error.problems } })),
  entry(Forbidden, plain(403)),
  entry(NotFound, plain(404)),
  entry(StoreConflict, (error) => ({
    answer: { status: 409, message: `The stored data changed while this request was served: ${error.message} `
      + 'Nothing was written by this request; check what it refers to, then send it again.' },
    warning: 'store conflict',
  })),
  entry(Gone, plain(410)),
  entry(PreconditionFailed, plain(412)),
  entry(StoreUnavailable, (error) => ({
    answer: { status: 503, message: error.message, retryAfterSeconds: RETRY_AFTER_SECONDS },
    warning: 'database unavailable',
  })),
  // A restored backup older than the code, opened without migrating (MIGRATE_ON_START=false).
  entry(MigrationsPending, () => ({
    answer: { status: 503, retryAfterSeconds: RETRY_AFTER_SECONDS, message: 'The database is not ready for this '
      + `version of the service. Nothing was changed by this request; send it again in ${RETRY_AFTER_SECONDS} seconds.` },
    warning: 'database lacks migrations',
  })),
]

/** Fastify's errors that reach the handler, by code: the body's limit, its media type, its bytes. */
function fastifyVerdict(error: FastifyError, contentType: string | undefined, bodyLimit: number): ErrorVerdict | undefined {
  switch (error.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return { answer: { status: 413, message: `The request body is larger than ${bodyLimit} bytes. Send at most `
        + `${bodyLimit} bytes; an appointment needs far less (its note holds at most ${NOTE_MAX_LENGTH} characters).` } }
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return { answer: new UnsupportedMediaType(contentType) }
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
      return { answer: { status: 400, message: error.message } }
    default:
      return undefined
  }
}

/** The verdict on `error`; undefined for an unexpected one (a 500). */
export function errorVerdict(error: FastifyError, contentType: string | undefined, bodyLimit: number): ErrorVerdict | undefined {
  const found = ERROR_STATUSES.find((known) => error instanceof known.type)
  return found ? found.verdict(error) : fastifyVerdict(error, contentType, bodyLimit)
}

function modelStateOf(problems: FieldProblems): Record<string, string[]> {
  return Object.fromEntries(Object.entries(problems).map(([path, messages]) =>
    [path === '' ? MODEL_STATE_ROOT : `${MODEL_STATE_ROOT}.${path}`, messages]))
}
