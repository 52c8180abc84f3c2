/**
 * @module The Webhooks resource (issue 17): a customer's endpoints that receive signed events
 * for every appointment write. Every route authenticates (401/429), checks the client's grant
 * for the customer (403) and answers another customer's endpoint as unknown (404). Bodies
 * are JSON or XML; answers are negotiated as elsewhere. The signing secret is answered only
 * by the create and the rotation, and never logged.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { Forbidden, InvalidParameters, NotFound } from '../../domain/errors.ts'
import {
  PREVIOUS_SECRET_LIFETIME_MS, newWebhookSecret, type WebhookEndpoint,
} from '../../domain/webhooks/webhook-endpoint.ts'
import type { Store } from '../../store/store.ts'
import type { WebhookAttempt } from '../../store/webhook-store.ts'
import type { AddressPolicy } from '../../webhooks/address-guard.ts'
import { checkWebhookSettings, createWebhookEndpoint } from '../../webhooks/endpoint-settings.ts'
import { Throttled, type Authenticate } from '../auth.ts'
import { negotiate } from '../content-negotiation.ts'
import { Unauthorized, UnsupportedMediaType } from '../http-error.ts'
import { decodeJsonBody, decodeXmlBody } from '../formats/body-text.ts'
import {
  attemptJson, attemptsXml, parseWebhookXml, webhookJson, webhooksXml, webhookXml,
} from '../formats/webhook-formats.ts'
import { shownId } from './calendar-user.ts'
import { WEBHOOK_ROUTE_DOCS } from './webhook-docs.ts'

export interface WebhookRoutesOptions {
  readonly store: Store
  readonly authenticate: Authenticate
  readonly policy: AddressPolicy
  readonly bodyLimit: number
}

interface CustomerParams {
  customerId: string
}

interface EndpointParams extends CustomerParams {
  webhookId: string
}

const JSON_TYPE = 'application/json; charset=utf-8'
const XML_TYPE = 'application/xml; charset=utf-8'
/** Attempts the deliveries route answers. */
const ATTEMPTS_SHOWN = 100

export async function webhookRoutes(app: FastifyInstance, options: WebhookRoutesOptions): Promise<void> {
  const { store, policy } = options
  installWebhookBodyParsers(app, options.bodyLimit)
  app.addHook('onRequest', customerAccessHook(options.authenticate))

  app.post<{ Params: CustomerParams }>('/Webhooks/:customerId', { config: { docs: WEBHOOK_ROUTE_DOCS.create } },
    async (request, reply) => {
      const { endpoint, secret } = await createWebhookEndpoint(store, policy, request.params.customerId,
        requireBody(request))
      reply.code(201).header('location', endpointPath(endpoint))
      return sendEndpoint(request, reply, endpoint, secret)
    })

  app.get<{ Params: CustomerParams }>('/Webhooks/:customerId', { config: { docs: WEBHOOK_ROUTE_DOCS.list } },
    async (request, reply) => {
      const endpoints = await store.listWebhookEndpoints(request.params.customerId)
      if (wantsXml(request)) return reply.type(XML_TYPE).send(webhooksXml(endpoints))
      return reply.type(JSON_TYPE).send(JSON.stringify(endpoints.map((endpoint) => webhookJson(endpoint))))
    })

  app.get<{ Params: EndpointParams }>('/Webhooks/:customerId/:webhookId', { config: { docs: WEBHOOK_ROUTE_DOCS.get } },
    async (request, reply) => sendEndpoint(request, reply, await requireEndpoint(store, request.params)))

  app.put<{ Params: EndpointParams }>('/Webhooks/:customerId/:webhookId', { config: { docs: WEBHOOK_ROUTE_DOCS.put } },
    async (request, reply) => {
      const current = await requireEndpoint(store, request.params)
      const input = await checkWebhookSettings(store, policy, current.customerId, requireBody(request), true)
      const updated = await store.updateWebhookEndpoint(current.customerId, current.id,
        { ...input, status: input.status ?? current.status })
      if (!updated) throw endpointNotFound(request.params)
      return sendEndpoint(request, reply, updated)
    })

  app.delete<{ Params: EndpointParams }>('/Webhooks/:customerId/:webhookId',
    { config: { docs: WEBHOOK_ROUTE_DOCS.remove } },
    async (request, reply) => {
      const { customerId, webhookId } = request.params
      if (!await store.removeWebhookEndpoint(customerId, webhookId)) throw endpointNotFound(request.params)
      return reply.code(204).send()
    })

  app.post<{ Params: EndpointParams }>('/Webhooks/:customerId/:webhookId/rotate-secret',
    { config: { docs: WEBHOOK_ROUTE_DOCS.rotate } },
    async (request, reply) => {
      const endpoint = await requireEndpoint(store, request.params)
      const secret = newWebhookSecret()
      if (!await store.rotateWebhookSecret(endpoint.customerId, endpoint.id, secret,
        Date.now() + PREVIOUS_SECRET_LIFETIME_MS)) throw endpointNotFound(request.params)
      return sendEndpoint(request, reply, endpoint, secret)
    })

  app.post<{ Params: EndpointParams }>('/Webhooks/:customerId/:webhookId/test',
    { config: { docs: WEBHOOK_ROUTE_DOCS.test } },
    async (request, reply) => {
      const { customerId, webhookId } = request.params
      if (!await store.addWebhookTestEvent(customerId, webhookId, new Date().toISOString())) {
        throw endpointNotFound(request.params)
      }
      return reply.code(202).send()
    })

  app.get<{ Params: EndpointParams }>('/Webhooks/:customerId/:webhookId/deliveries',
    { config: { docs: WEBHOOK_ROUTE_DOCS.deliveries } },
    async (request, reply) => {
      const endpoint = await requireEndpoint(store, request.params)
      return sendAttempts(request, reply, await store.listWebhookAttempts(endpoint.id, ATTEMPTS_SHOWN))
    })
}

/** Credentials (401, or 429 while throttled) and the client's grant for the customer (403), before any body is read. */
function customerAccessHook(authenticate: Authenticate) {
  return async (request: FastifyRequest): Promise<void> => {
    const client = await authenticate(request.headers.authorization, request.ip)
    if (client instanceof Throttled) throw client
    if (!client) throw new Unauthorized()
    const { customerId } = request.params as CustomerParams
    const wanted = customerId.toLowerCase()
    if (!client.customerIds.some((granted) => granted.toLowerCase() === wanted)) {
      throw new Forbidden(`The API client has no access to customer '${shownId(customerId)}'.`)
    }
  }
}

function requireBody(request: FastifyRequest): unknown {
  if (request.body === undefined) throw new UnsupportedMediaType(request.headers['content-type'])
  return request.body
}

async function requireEndpoint(store: Store, params: EndpointParams): Promise<WebhookEndpoint> {
  const endpoint = await store.getWebhookEndpoint(params.customerId, params.webhookId)
  if (!endpoint) throw endpointNotFound(params)
  return endpoint
}

function endpointNotFound(params: EndpointParams): NotFound {
  return new NotFound(`Customer '${shownId(params.customerId)}' has no webhook '${shownId(params.webhookId)}'. `
    + 'GET /Webhooks/{customerId} lists them.')
}

function endpointPath(endpoint: WebhookEndpoint): string {
  return `/Webhooks/${encodeURIComponent(endpoint.customerId)}/${encodeURIComponent(endpoint.id)}`
}

function wantsXml(request: FastifyRequest): boolean {
  return negotiate(request.headers.accept, request.headers['content-type']) === 'xml'
}

function sendEndpoint(request: FastifyRequest, reply: FastifyReply, endpoint: WebhookEndpoint, secret?: string) {
  if (wantsXml(request)) return reply.type(XML_TYPE).send(webhookXml(endpoint, secret))
  return reply.type(JSON_TYPE).send(JSON.stringify(webhookJson(endpoint, secret)))
}

function sendAttempts(request: FastifyRequest, reply: FastifyReply, attempts: readonly WebhookAttempt[]) {
  if (wantsXml(request)) return reply.type(XML_TYPE).send(attemptsXml(attempts))
  return reply.type(JSON_TYPE).send(JSON.stringify(attempts.map(attemptJson)))
}

const METHODS_WITH_BODY = new Set(['POST', 'PUT'])

/** JSON and XML bodies into one plain object; only POST and PUT read one. */
function installWebhookBodyParsers(app: FastifyInstance, bodyLimit: number): void {
  app.removeAllContentTypeParsers()
  app.addContentTypeParser(['application/json', 'text/json'], { parseAs: 'buffer', bodyLimit }, (request, bytes, done) => {
    if (!METHODS_WITH_BODY.has(request.method)) return done(null, undefined)
    try {
      done(null, JSON.parse(decodeJsonBody(bytes as Buffer, request.headers['content-type'])))
    } catch {
      done(new InvalidParameters({ '': ['The body is not valid JSON; send {"url": "https://…"}.'] }))
    }
  })
  app.addContentTypeParser(['application/xml', 'text/xml'], { parseAs: 'buffer', bodyLimit }, (request, bytes, done) => {
    if (!METHODS_WITH_BODY.has(request.method)) return done(null, undefined)
    try {
      done(null, parseWebhookXml(decodeXmlBody(bytes as Buffer, request.headers['content-type'])))
    } catch (error) {
      done(error as Error)
    }
  })
  // any other media type reads as no body: a create or PUT answers 415, rotate-secret and test need none
  app.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit }, (_request, _bytes, done) => done(null, undefined))
}
