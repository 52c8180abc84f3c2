/**
 * @module Assembles the HTTP service: logging, request ids, error shapes and the routes.
 * Never listens and reads no globals; everything comes in through `buildApp`'s options.
 */
import { randomUUID } from 'node:crypto'
import Fastify, { type FastifyInstance } from 'fastify'
import type { DestinationStream } from 'pino'
import type { Config } from '../config.ts'
import type { Store } from '../store/store.ts'
import { createRouteTable } from '../docs/route-table.ts'
import { docsRoutes } from '../docs/routes.ts'
import { createAuthenticator } from './auth.ts'
import { installErrorHandling } from './errors.ts'
import { appointmentRoutes } from './routes/appointments.ts'

export interface AppDependencies {
  readonly config: Config
  readonly store: Store
  /** Where logs go; stdout when absent. */
  readonly logStream?: DestinationStream
}

const BODY_LIMIT = 1024 * 1024

export function buildApp({ config, store, logStream }: AppDependencies): FastifyInstance {
  const app = Fastify({
    logger: {
      level: config.logLevel,
      redact: { paths: ['req.headers.authorization', 'req.headers.cookie'], censor: '[redacted]' },
      ...(logStream && { stream: logStream }),
    },
    genReqId: () => randomUUID(),
    bodyLimit: BODY_LIMIT,
    routerOptions: { caseSensitive: false, ignoreTrailingSlash: true },
    trustProxy: config.trustProxy,
  })
  app.addHook('onRequest', async (request, reply) => {
    reply.header('x-request-id', request.id)
  })
  const routeTable = createRouteTable()
  app.addHook('onRoute', routeTable.collect) // before any route: the docs list what is registered
  installErrorHandling(app, config.authRealm)
  app.register(docsRoutes, { routeTable }) // public: outside the Appointment auth scope
  app.register(appointmentRoutes, { store, authenticate: createAuthenticator(store), bodyLimit: BODY_LIMIT })
  return app
}
