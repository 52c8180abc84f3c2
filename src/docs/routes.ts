/**
 * @module The docs as a Fastify plugin: `GET /` and `/Help` (index), `/Help/Api/{page}` (one
 * endpoint), `/Help/Model/{type}`, the two webhook pages
 * (`/Help/Webhooks/Events`, `/Help/Webhooks/Signatures`), `/openapi.json` and the two assets. Public: registered
 * outside the Appointment auth scope. Every answer carries the strict CSP and friends.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { baseUrlOf } from '../http/base-url.ts'
import { ASSET_PREFIX, loadDocsAssets } from './assets.ts'
import { docsSamplesOfToday } from './body-samples.ts'
import { html } from './html.ts'
import { chooseLang, message } from './i18n.ts'
import { INDEX_PATH, renderPage, type PageContext } from './layout.ts'
import { buildOpenApiDocument } from './openapi.ts'
import { renderEndpointPage } from './pages/endpoint.ts'
import { API_PAGE_PREFIX, renderIndexPage } from './pages/index.ts'
import { renderTypePage } from './pages/type.ts'
import {
  WEBHOOK_EVENTS_PATH, WEBHOOK_SIGNATURES_PATH, renderWebhookEventsPage, renderWebhookSignaturesPage,
} from './pages/webhooks.ts'
import { findRouteBySlug, type RouteTable } from './route-table.ts'
import { DOCS_SECURITY_HEADERS } from './security-headers.ts'
import { MODEL_PATH_PREFIX, findTypeModel } from './type-models.ts'

export interface DocsRoutesOptions {
  readonly routeTable: RouteTable
  /** Milliseconds since the epoch: the day a page is served decides its sample dates. */
  readonly now: () => number
}

const ASSET_CACHE = 'public, max-age=31536000, immutable'
/**
 * Pages and openapi.json carry the day's sample dates, so a cache must ask again each time:
 * no-cache, and no ETag or Last-Modified to answer 304 with, so yesterday's copy is never reused.
 */
const PAGE_CACHE = 'no-cache'

export async function docsRoutes(app: FastifyInstance, { routeTable, now }: DocsRoutesOptions): Promise<void> {
  const assets = await loadDocsAssets()
  const samplesOfToday = docsSamplesOfToday(now)
  const config = { docsPage: true } as const

  app.addHook('onSend', async (_request, reply, payload) => {
    reply.headers(DOCS_SECURITY_HEADERS)
    return payload
  })

  function contextOf(request: FastifyRequest, path: string): PageContext {
    const query = request.query as Record<string, unknown> | undefined
    const { lang, explicit } = chooseLang(query?.lang, request.headers['accept-language'])
    return {
      lang, explicitLang: explicit, baseUrl: baseUrlOf(request), path, cssUrl: assets.css.url, jsUrl: assets.js.url,
      samples: samplesOfToday(),
    }
  }

  function sendPage(reply: FastifyReply, page: string, status = 200): FastifyReply {
    return reply.code(status).type('text/html; charset=utf-8')
      .header('cache-control', PAGE_CACHE).header('vary', 'Accept-Language')
      .send(page)
  }

  function sendNotFound(request: FastifyRequest, reply: FastifyReply, path: string): FastifyReply {
    const context = contextOf(request, path)
    const title = message(context.lang, 'notFoundTitle')
    return sendPage(reply, renderPage(context, title, [], html`<h1>${title}</h1>
<p>${message(context.lang, 'notFoundText')}</p>`), 404)
  }

  const index = async (request: FastifyRequest, reply: FastifyReply): Promise<FastifyReply> =>
    sendPage(reply, renderIndexPage(contextOf(request, INDEX_PATH), routeTable.routes))
  app.get('/', { config }, index)
  app.get(INDEX_PATH, { config }, index)

  app.get<{ Params: { page: string } }>(`${API_PAGE_PREFIX}:page`, { config }, async (request, reply) => {
    const route = findRouteBySlug(routeTable.routes, request.params.page)
    const path = `${API_PAGE_PREFIX}${request.params.page}`
    if (!route?.docs) return sendNotFound(request, reply, path)
    return sendPage(reply, renderEndpointPage(contextOf(request, path), route, route.docs))
  })

  app.get<{ Params: { name: string } }>(`${MODEL_PATH_PREFIX}:name`, { config }, async (request, reply) => {
    const model = findTypeModel(request.params.name)
    const path = `${MODEL_PATH_PREFIX}${model?.name ?? request.params.name}`
    if (!model) return sendNotFound(request, reply, path)
    return sendPage(reply, renderTypePage(contextOf(request, path), model, routeTable.routes))
  })

  app.get(WEBHOOK_EVENTS_PATH, { config }, async (request, reply) =>
    sendPage(reply, renderWebhookEventsPage(contextOf(request, WEBHOOK_EVENTS_PATH))))
  app.get(WEBHOOK_SIGNATURES_PATH, { config }, async (request, reply) =>
    sendPage(reply, renderWebhookSignaturesPage(contextOf(request, WEBHOOK_SIGNATURES_PATH))))

  app.get('/openapi.json', { config }, async (request, reply) => {
    const { lang, baseUrl, samples } = contextOf(request, '/openapi.json')
    const document = buildOpenApiDocument(routeTable.routes, { baseUrl, lang, samples })
    return reply.type('application/json; charset=utf-8').header('cache-control', PAGE_CACHE)
      .header('vary', 'Accept-Language').send(JSON.stringify(document, null, 2))
  })

  // Browsers ask for it on every page; answer "nothing here" once a day instead of a 404.
  app.get('/favicon.ico', { config }, async (_request, reply) =>
    reply.code(204).header('cache-control', 'public, max-age=86400').send())

  app.get<{ Params: { file: string } }>(`${ASSET_PREFIX}:file`, { config }, async (request, reply) => {
    const asset = assets.byName.get(request.params.file)
    if (!asset) return sendNotFound(request, reply, `${ASSET_PREFIX}${request.params.file}`)
    reply.header('cache-control', ASSET_CACHE).header('etag', asset.etag)
    if (request.headers['if-none-match'] === asset.etag) return reply.code(304).send()
    return reply.type(asset.contentType).send(asset.body)
  })
}
