/**
 * @module The methods a path answers to, from the registered routes, so a known path asked
 * with another method gets 405 and an `Allow` header rather than a 404. Paths match as the
 * router matches them: case-insensitively, a trailing slash ignored, a `:param` standing
 * for one non-empty segment.
 */

export interface RegisteredRoute {
  readonly method: string
  /** Fastify's URL: `/Appointment/:customerId/:id`. */
  readonly url: string
}

/** Empty when no route has this path; GET implies HEAD, and OPTIONS is always answered. */
export function allowedMethods(routes: readonly RegisteredRoute[], url: string): string[] {
  const segments = segmentsOf(url.split('?')[0] ?? '')
  const methods = routes.filter((route) => matches(segmentsOf(route.url), segments)).map((route) => route.method)
  if (methods.length === 0) return []
  return [...new Set([...methods, ...(methods.includes('GET') ? ['HEAD'] : []), 'OPTIONS'])]
}

function segmentsOf(path: string): string[] {
  return path.replace(/\/$/, '').split('/')
}

function matches(pattern: readonly string[], segments: readonly string[]): boolean {
  return pattern.length === segments.length && pattern.every((part, index) => {
    const segment = segments[index] ?? ''
    return part.startsWith(':') ? segment !== '' : part.toLowerCase() === segment.toLowerCase()
  })
}
