/**
 * @module One endpoint's page, with the parts of the original help page: description;
 * request information (URI, query and body parameters, request formats with JSON and XML
 * samples); response information (description, formats, error statuses); code samples;
 * and the test form.
 */
import { BAD_INPUT_STATUS, documentedErrorStatuses, type RouteDocs } from '../../http/route-docs.ts'
import { responseSamples } from '../body-samples.ts'
import { breakableAtSlashes, html } from '../html.ts'
import { localize, message, statusMeaning } from '../i18n.ts'
import { docsHref, renderPage, type PageContext } from '../layout.ts'
import { uriTemplate, type DocumentedRoute } from '../route-table.ts'
import { withMovedExamples } from '../sample-calendar.ts'
import { codeSamples, samplePlaceholders } from '../samples.ts'
import { TYPE_MODELS, modelPath } from '../type-models.ts'
import { renderCodeSamples } from './code-samples.ts'
import { endpointPath } from './index.ts'
import { fieldTable, formatSamples, parameterTable, typeCell } from './parts.ts'
import { renderTestForm } from './test-form.ts'

export function renderEndpointPage(context: PageContext, route: DocumentedRoute, routeDocs: RouteDocs): string {
  const { lang, samples: daySamples } = context
  const docs = withMovedExamples(routeDocs, daySamples.calendar)
  const title = `${route.method} ${uriTemplate(route.url)}`
  const bodyModel = docs.requestBody ? TYPE_MODELS[docs.requestBody] : undefined
  const requestSamples = docs.requestBody ? daySamples.request[docs.requestBody] : undefined
  const errorStatuses = documentedErrorStatuses(routeDocs)
  const invalidSamples = docs.requestBody && errorStatuses.includes(BAD_INPUT_STATUS)
    ? daySamples.invalidBody[docs.requestBody] : undefined
  const success = responseSamples(daySamples, docs.response)
  const samples = codeSamples({ route, docs, baseUrl: context.baseUrl, lang, bodyJson: requestSamples?.json })
  const body = html`<h1><span class="method method-${route.method.toLowerCase()}">${route.method}</span> <code>${
    breakableAtSlashes(uriTemplate(route.url))}</code></h1>
<p class="lead">${localize(lang, docs.summary)}</p>
${docs.description ? html`<p>${localize(lang, docs.description)}</p>` : ''}

<section aria-labelledby="request-heading">
<h2 id="request-heading">${message(lang, 'requestInformation')}</h2>
<h3>${message(lang, 'uriParameters')}</h3>
${parameterTable(context, docs.uriParameters)}
${docs.queryParameters && docs.queryParameters.length > 0 ? html`<h3>${message(lang, 'queryParameters')}</h3>
${parameterTable(context, docs.queryParameters)}` : ''}
<h3>${message(lang, 'bodyParameters')}</h3>
${bodyModel && bodyModel.kind === 'object' && requestSamples ? html`<p>${localize(lang, bodyModel.description)} <a href="${
    docsHref(context, modelPath(bodyModel.name))}">${bodyModel.name}</a></p>
${fieldTable(context, bodyModel.fields)}
<h3>${message(lang, 'requestFormats')}</h3>
${formatSamples(requestSamples, { idPrefix: 'request-format', bodySample: true })}` : html`<p>${
    message(lang, 'noBody')}</p>`}
</section>

<section aria-labelledby="response-heading">
<h2 id="response-heading">${message(lang, 'responseInformation')}</h2>
<h3>${message(lang, 'resourceDescription')}</h3>
<p>${localize(lang, docs.response.description)}</p>
<dl class="facts">
<dt>${message(lang, 'successStatus')}</dt><dd><code>${docs.response.status}</code> ${statusMeaning(lang, docs.response.status)}</dd>
<dt>${message(lang, 'type')}</dt><dd>${docs.response.type ? typeCell(context, docs.response.type) : message(lang, 'noResponseBody')}</dd>
</dl>
<h3>${message(lang, 'responseFormats')}</h3>
${docs.response.type === 'iCalendar' ? html`<p>${message(lang, 'calendarFormat')}</p>`
    : docs.public ? html`<p>${message(lang, 'publicEndpoint')}</p>` : html`<p>${message(lang, 'negotiation')}</p>
${success ? formatSamples(success, { idPrefix: 'response-format' }) : html`<p>${message(lang, 'noResponseBody')}</p>`}`}
<h3>${message(lang, 'errorStatuses')}</h3>
<div class="table-wrap"><table class="stacking">
<thead><tr><th scope="col">${message(lang, 'status')}</th><th scope="col">${message(lang, 'meaning')}</th></tr></thead>
<tbody>
${errorStatuses.map((status) => html`<tr id="status-${status}">
<td data-label="${message(lang, 'status')}" class="name"><code>${status}</code></td>
<td data-label="${message(lang, 'meaning')}">${statusMeaning(lang, status)}</td>
</tr>`)}
</tbody></table></div>
${invalidSamples ? html`<p>${message(lang, 'errorShape')}</p>
${formatSamples(invalidSamples, { idPrefix: 'error-format' })}` : ''}
</section>

${docs.public ? '' : html`${renderCodeSamples(context, samples, samplePlaceholders({ docs, lang }))}

${renderTestForm(context, route, docs, requestSamples?.json)}`}`
  return renderPage(context, title, [{ label: title, href: docsHref(context, endpointPath(route)) }], body)
}
