/**
 * @module The index, "Dokumentation för API-funktioner": every endpoint the server registers,
 * grouped by resource with one line each, then the types, the webhook pages and the OpenAPI document.
 */
import { breakableAtSlashes, html } from '../html.ts'
import { localize, message } from '../i18n.ts'
import { docsHref, renderPage, type PageContext } from '../layout.ts'
import { pageSlug, uriTemplate, type DocumentedRoute } from '../route-table.ts'
import { DOCUMENTED_TYPES, TYPE_MODELS, modelPath } from '../type-models.ts'
import { WEBHOOK_EVENTS_PATH, WEBHOOK_PAGE_TITLES, WEBHOOK_SIGNATURES_PATH } from './webhooks.ts'

export const API_PAGE_PREFIX = '/Help/Api/'

export function endpointPath(route: DocumentedRoute): string {
  return `${API_PAGE_PREFIX}${pageSlug(route)}`
}

/** Resources in first-registered order; routes without docs under their own heading. */
function groupByResource(routes: readonly DocumentedRoute[], undocumented: string): Map<string, DocumentedRoute[]> {
  const groups = new Map<string, DocumentedRoute[]>()
  for (const route of routes) {
    const resource = route.docs?.resource ?? undocumented
    const group = groups.get(resource) ?? []
    group.push(route)
    groups.set(resource, group)
  }
  return groups
}

export function renderIndexPage(context: PageContext, routes: readonly DocumentedRoute[]): string {
  const { lang } = context
  const groups = groupByResource(routes, message(lang, 'notDocumented'))
  const body = html`<h1>${message(lang, 'siteTitle')}</h1>
<p class="lead">${message(lang, 'indexIntro')}</p>
<p>${message(lang, 'authNote')}</p>
${[...groups].map(([resource, group], index) => html`<section class="resource" aria-labelledby="resource-${index}">
<h2 id="resource-${index}">${resource}</h2>
<div class="table-wrap"><table class="stacking api-list">
<thead><tr><th scope="col">${message(lang, 'api')}</th><th scope="col">${message(lang, 'description')}</th></tr></thead>
<tbody>
${group.map((route) => html`<tr>
<td data-label="${message(lang, 'api')}" class="name"><a href="${docsHref(context, endpointPath(route))}"><span class="method method-${route.method.toLowerCase()}">${route.method}</span> <code>${breakableAtSlashes(uriTemplate(route.url))}</code></a></td>
<td data-label="${message(lang, 'description')}">${route.docs ? localize(lang, route.docs.summary) : message(lang, 'notDocumented')}</td>
</tr>`)}
</tbody></table></div>
</section>`)}
<section aria-labelledby="types-heading">
<h2 id="types-heading">${message(lang, 'types')}</h2>
<ul class="type-list">
${DOCUMENTED_TYPES.map((name) => html`<li><a href="${docsHref(context, modelPath(name))}">${name}</a> – ${
    localize(lang, TYPE_MODELS[name].description)}</li>`)}
</ul>
</section>
<section aria-labelledby="webhook-pages-heading">
<h2 id="webhook-pages-heading">Webhooks</h2>
<ul>
<li><a href="${docsHref(context, WEBHOOK_EVENTS_PATH)}">${localize(lang, WEBHOOK_PAGE_TITLES.events)}</a></li>
<li><a href="${docsHref(context, WEBHOOK_SIGNATURES_PATH)}">${localize(lang, WEBHOOK_PAGE_TITLES.signatures)}</a></li>
</ul>
</section>
<section aria-labelledby="machine-heading">
<h2 id="machine-heading">${message(lang, 'machineReadable')}</h2>
<p><a href="${docsHref(context, '/openapi.json')}">${message(lang, 'openApi')}</a></p>
</section>`
  return renderPage(context, message(lang, 'siteTitle'), [], body)
}
