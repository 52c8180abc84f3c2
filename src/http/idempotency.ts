/**
 * @module `Idempotency-Key` on POST and PUT: the raw body is hashed as it streams in; once
 * the request is authorised and parsed, the key is claimed in the store (per customer and
 * API client). A retry with the same key and request gets the first answer replayed
 * (status, Location, ETag, body) and writes nothing; another request under a used key is a
 * 422; a retry while the first is in flight is a 409 with Retry-After. A 5xx answer releases
 * the key, so a retry may try again.
 */
import { createHash, type Hash } from 'node:crypto'
import { Transform } from 'node:stream'
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import type { IdempotencyKeys, IdempotencyRef } from '../store/idempotency.ts'
import { HttpError } from './http-error.ts'
import { requireCalendarUser } from './routes/calendar-user.ts'

const HEADER = 'idempotency-key'
const KEY_PATTERN = /^[\x21-\x7e]{1,255}$/
const METHODS = new Set(['POST', 'PUT'])
const REPLAYED_HEADERS = ['content-type', 'location', 'etag'] as const
const IN_FLIGHT_RETRY_AFTER_SECONDS = 1

/** Idempotency-Key, as the create and replace pages describe it. */
export const IDEMPOTENCY_KEY_TEXT = {
  sv: 'Skicka huvudet Idempotency-Key (t.ex. ett UUID, högst 255 tecken) för att kunna försöka igen utan '
    + 'dubbletter: samma nyckel med samma begäran inom 24 timmar ger det första svaret igen (samma status, id '
    + 'och Location, med Idempotent-Replayed: true) utan att något skapas; samma nyckel med en annan kropp ger '
    + '422; medan den första begäran pågår ger en upprepning 409 med Retry-After. Nycklar gäller per API-klient '
    + 'och kund, på alla instanser.',
  en: 'Send an Idempotency-Key header (such as a UUID, at most 255 characters) to retry without duplicates: '
    + 'the same key with the same request within 24 hours gets the first answer again (same status, id and '
    + 'Location, with Idempotent-Replayed: true) and creates nothing; the same key with another body is a 422; '
    + 'while the first request is in flight a repeat is a 409 with Retry-After. Keys are per API client and '
    + 'customer, across all instances.',
}

interface IdempotentRequest {
  readonly hash: Hash
  claimed?: IdempotencyRef
}

declare module 'fastify' {
  interface FastifyRequest {
    idempotency: IdempotentRequest | null
  }
}

/** Installs the hooks on the plugin whose POST and PUT routes create and replace. */
export function installIdempotency(app: FastifyInstance, store: IdempotencyKeys): void {
  app.decorateRequest('idempotency', null)
  app.addHook('preParsing', async (request, _reply, payload) => {
    if (!METHODS.has(request.method) || request.headers[HEADER] === undefined) return payload
    const idempotency: IdempotentRequest = { hash: createHash('sha256').update(`${request.method} ${request.url}\n`) }
    request.idempotency = idempotency
    return payload.pipe(new Transform({
      transform(chunk: Buffer, _encoding, callback) {
        idempotency.hash.update(chunk)
        callback(null, chunk)
      },
    }))
  })
  app.addHook('preHandler', async (request, reply) => claim(store, request, reply))
  app.addHook('onSend', async (request, reply, payload) => {
    await settle(store, request, reply, payload)
    return payload
  })
}

function keyOf(request: FastifyRequest): string {
  const key = request.headers[HEADER]
  if (typeof key !== 'string' || !KEY_PATTERN.test(key)) {
    throw new HttpError(400, 'The Idempotency-Key header must be 1–255 visible ASCII characters, sent once, '
      + 'such as a UUID: a new one for each new appointment, the same one when you retry.')
  }
  return key
}

async function claim(store: IdempotencyKeys, request: FastifyRequest, reply: FastifyReply): Promise<FastifyReply | undefined> {
  const idempotency = request.idempotency
  if (!idempotency) return undefined
  const { user, clientUsername } = requireCalendarUser(request)
  const ref = { customerId: user.customerId, clientUsername, key: keyOf(request) }
  const found = await store.claimIdempotencyKey({
    ...ref, requestHash: idempotency.hash.digest('base64url'), nowMs: Date.now(),
  })
  if (found.state === 'claimed') {
    idempotency.claimed = ref
    return undefined
  }
  if (found.state === 'mismatch') {
    throw new HttpError(422, `Idempotency-Key "${ref.key}" was already used for a different request (another `
      + 'method, path or body). Send a new key for a new request; a retry must repeat the first request exactly.')
  }
  if (found.state === 'in-flight') {
    throw new HttpError(409, `A request with Idempotency-Key "${ref.key}" is still in progress. `
      + `Retry in ${IN_FLIGHT_RETRY_AFTER_SECONDS} second to receive its answer.`, IN_FLIGHT_RETRY_AFTER_SECONDS)
  }
  reply.header('idempotent-replayed', 'true')
  return reply.code(found.response.status).headers(found.response.headers).send(found.response.body)
}

async function settle(store: IdempotencyKeys, request: FastifyRequest, reply: FastifyReply, payload: unknown): Promise<void> {
  const ref = request.idempotency?.claimed
  if (!ref) return
  request.idempotency = null
  if (reply.statusCode >= 500 || typeof payload !== 'string') {
    await store.releaseIdempotencyKey(ref)
    return
  }
  const headers: Record<string, string> = {}
  for (const name of REPLAYED_HEADERS) {
    const value = reply.getHeader(name)
    if (value !== undefined) headers[name] = String(value)
  }
  await store.completeIdempotencyKey(ref, { status: reply.statusCode, headers, body: payload })
}
