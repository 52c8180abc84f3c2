/**
 * @module Assembles the HTTP service: logging, request ids, error shapes and the routes.
 * Never listens and reads no globals; everything comes in through `buildApp`'s options.
 */
import { randomUUID } from 'node:crypto'
import Fastify, { LogController, type FastifyInstance } from 'fastify'
import type { DestinationStream } from 'pino'
import type { Config } from '../config.ts'
import type { Store } from '../store/store.ts'
import { createRouteTable } from '../docs/route-table.ts'
import { docsRoutes } from '../docs/routes.ts'
import { createAuthenticator } from './auth.ts'
import { createAuthThrottle, DEFAULT_THROTTLE_LIMITS, type ThrottleLimits } from './auth-throttle.ts'
import { answerClientError } from './client-errors.ts'
import { answerFrameworkError, installErrorHandling } from './errors.ts'
import { healthRoutes } from './health.ts'
import type { HttpMetrics } from './metrics.ts'
import { installRequestLog, serializeRequestForLog } from './request-log.ts'
import { appointmentRoutes } from './routes/appointments.ts'
import { availabilityRoutes } from './routes/availability.ts'
import { calendarRoutes } from './routes/calendar-routes.ts'
import { webhookRoutes } from './routes/webhooks.ts'
import { addressPolicy } from '../webhooks/address-guard.ts'

export interface AppDependencies {
  readonly config: Config
  readonly store: Store
  /** Where logs go; stdout when absent. */
  readonly logStream?: DestinationStream
  /** Request counts and latencies by route; none collected when absent. */
  readonly metrics?: HttpMetrics
  /**
   * Milliseconds since the epoch; Date.now when absent. Tests move it to pass throttling windows,
   * and to serve the help pages, whose sample dates lie after the day they are served, on other days.
   */
  readonly now?: () => number
  /** Failed-authentication limits; DEFAULT_THROTTLE_LIMITS when absent. */
  readonly throttleLimits?: ThrottleLimits
}

const BODY_LIMIT = 1024 * 1024
/** A request not fully received in this time is answered 408: stalled clients hold no connection. */
const REQUEST_TIMEOUT_MS = 30_000
/** Past any id we use: too long an id is then a plain 404. Node's 16 KB header limit bounds the URI first. */
const MAX_PARAM_LENGTH = 16 * 1024

export function buildApp(
  { config, store, logStream, metrics, now = Date.now, throttleLimits = DEFAULT_THROTTLE_LIMITS }: AppDependencies,
): FastifyInstance {
  const app = Fastify({
    logger: {
      level: config.logLevel,
      redact: { paths: ['req.headers.authorization', 'req.headers.cookie'], censor: '[redacted]' },
      serializers: { req: serializeRequestForLog }, // calendar-link tokens never reach the log
      ...(logStream && { stream: logStream }),
    },
    genReqId: () => randomUUID(),
    logController: new LogController({ disableRequestLogging: true }), // installRequestLog writes one line
    bodyLimit: BODY_LIMIT,
    requestTimeout: REQUEST_TIMEOUT_MS,
    routerOptions: { caseSensitive: false, ignoreTrailingSlash: true, maxParamLength: MAX_PARAM_LENGTH },
    trustProxy: config.trustProxy,
    frameworkErrors: answerFrameworkError,
    clientErrorHandler: answerClientError,
  })
  app.addHook('onRequest', async (request, reply) => {
    reply.header('x-request-id', request.id)
  })
  installRequestLog(app, metrics)
  const routeTable = createRouteTable()
  app.addHook('onRoute', routeTable.collect) // before any route: the docs list what is registered
  installErrorHandling(app, { realm: config.authRealm, routes: routeTable.routes, bodyLimit: BODY_LIMIT })
  app.register(docsRoutes, { routeTable, now }) // public: outside the Appointment auth scope
  app.register(healthRoutes, { store }) // public too: load balancers send no credentials
  // one verdict cache and one throttle for every authenticated route
  const authenticate = createAuthenticator(store, createAuthThrottle(now, throttleLimits))
  app.register(appointmentRoutes, { store, authenticate, bodyLimit: BODY_LIMIT })
  app.register(availabilityRoutes, { store, authenticate, bodyLimit: BODY_LIMIT })
  app.register(calendarRoutes, { store, authenticate })
  app.register(webhookRoutes, {
    store, authenticate, bodyLimit: BODY_LIMIT,
    policy: addressPolicy(config.production, config.webhookAllowPrivateNetworks),
  })
  return app
}
