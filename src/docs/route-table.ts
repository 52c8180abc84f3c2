/**
 * @module The API routes the server really registers, as the docs see them. An `onRoute`
 * hook added in `buildApp` before any route records method, URL and `config.docs`; the
 * pages and OpenAPI are generated from this table, so no endpoint exists undocumented.
 * Docs pages mark themselves with `config.docsPage` and are left out; HEAD routes too.
 */
import type { RouteOptions } from 'fastify'
import type { RouteDocs } from '../http/route-docs.ts'

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Set on the docs' own routes so the route table leaves them out. */
    docsPage?: true
  }
}

export interface DocumentedRoute {
  /** Upper case: GET, POST, PUT, DELETE, PATCH. */
  readonly method: string
  /** Fastify's URL: `/Appointment/:customerId/:id`. */
  readonly url: string
  /** Absent when a route was registered without `config.docs`: a bug the tests catch. */
  readonly docs: RouteDocs | undefined
}

export interface RouteTable {
  readonly routes: readonly DocumentedRoute[]
  /** The `onRoute` hook. */
  readonly collect: (routeOptions: RouteOptions) => void
}

export function createRouteTable(): RouteTable {
  const routes: DocumentedRoute[] = []
  return {
    routes,
    collect(routeOptions) {
      if (routeOptions.config?.docsPage) return
      const methods = Array.isArray(routeOptions.method) ? routeOptions.method : [routeOptions.method]
      for (const method of methods) {
        const upper = String(method).toUpperCase()
        if (upper === 'HEAD' || upper === 'OPTIONS') continue
        routes.push({ method: upper, url: routeOptions.url, docs: routeOptions.config?.docs })
      }
    },
  }
}

/** Names of the `:params` in a Fastify URL, in order. */
export function pathParameterNames(url: string): string[] {
  return [...url.matchAll(/:(\w+)/g)].map((match) => match[1] ?? '')
}

/** `/Appointment/:customerId/:id` → `Appointment/{customerId}/{id}`, as the original shows it. */
export function uriTemplate(url: string): string {
  return url.replace(/^\//, '').replace(/:(\w+)(\([^)]*\))?/g, '{$1}')
}

/** `POST /Appointment/:customerId/:id` → `POST-Appointment-customerId-id`: the page's name. */
export function pageSlug(route: Pick<DocumentedRoute, 'method' | 'url'>): string {
  const segments = route.url.split('/').filter(Boolean)
    .map((segment) => segment.replace(/^:/, '').replace(/\([^)]*\)/g, '').replace(/[^\w.~-]/g, ''))
  return [route.method, ...segments].join('-')
}

export function findRouteBySlug(routes: readonly DocumentedRoute[], slug: string): DocumentedRoute | undefined {
  const wanted = slug.toLowerCase()
  return routes.find((route) => pageSlug(route).toLowerCase() === wanted)
}
