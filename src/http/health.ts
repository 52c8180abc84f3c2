/**
 * @module Health checks for load balancers and orchestrators, public and cheap:
 * `GET /health/live` answers while the process serves; `GET /health/ready` also makes one
 * round trip to the database (`StoreConnection.ping`) and answers 503 with Retry-After while it fails.
 */
import type { FastifyInstance, FastifyReply } from 'fastify'
import type { StoreConnection } from '../store/store.ts'
import { RETRY_AFTER_SECONDS } from '../store/store-unavailable.ts'
import { setRetryAfter } from './http-error.ts'
import type { RouteDocs } from './route-docs.ts'

export interface HealthRoutesOptions {
  readonly store: StoreConnection
}

const OK = '{"status":"ok"}'
const NOT_READY = '{"status":"not ready"}'

const liveDocs: RouteDocs = {
  resource: 'Health',
  public: true,
  summary: { sv: 'Lever tjänsten?', en: 'Is the service alive?' },
  description: {
    sv: 'För lastbalanserare: svarar så länge processen tar emot anrop, utan att fråga databasen. '
      + 'Kräver ingen inloggning.',
    en: 'For load balancers: answers while the process serves requests, without asking the database. '
      + 'Needs no credentials.',
  },
  uriParameters: [],
  response: {
    status: 200,
    type: 'HealthStatus',
    description: { sv: 'Alltid JSON: {"status":"ok"}.', en: 'Always JSON: {"status":"ok"}.' },
  },
  errorStatuses: [],
}

const readyDocs: RouteDocs = {
  resource: 'Health',
  public: true,
  summary: { sv: 'Är tjänsten redo för anrop?', en: 'Is the service ready for requests?' },
  description: {
    sv: 'För lastbalanserare: gör en kort fråga till databasen. Svarar 503 med Retry-After så länge '
      + 'databasen inte svarar; skicka då anrop till en annan instans. Kräver ingen inloggning.',
    en: 'For load balancers: makes one short query to the database. Answers 503 with Retry-After while '
      + 'the database does not answer; send requests to another instance meanwhile. Needs no credentials.',
  },
  uriParameters: [],
  response: {
    status: 200,
    type: 'HealthStatus',
    description: {
      sv: 'Alltid JSON: {"status":"ok"}, eller {"status":"not ready"} med 503.',
      en: 'Always JSON: {"status":"ok"}, or {"status":"not ready"} with 503.',
    },
  },
  errorStatuses: [503],
}

export async function healthRoutes(app: FastifyInstance, { store }: HealthRoutesOptions): Promise<void> {
  app.get('/health/live', { config: { docs: liveDocs } }, async (_request, reply) => sendStatus(reply, 200, OK))

  app.get('/health/ready', { config: { docs: readyDocs } }, async (request, reply) => {
    try {
      await store.ping()
      return sendStatus(reply, 200, OK)
    } catch (error) {
      request.log.warn({ cause: error instanceof Error ? error.message : String(error) },
        'not ready: the database did not answer')
      setRetryAfter(reply, RETRY_AFTER_SECONDS)
      return sendStatus(reply, 503, NOT_READY)
    }
  })
}

function sendStatus(reply: FastifyReply, status: number, body: string): FastifyReply {
  return reply.code(status).type('application/json; charset=utf-8').header('cache-control', 'no-store').send(body)
}
