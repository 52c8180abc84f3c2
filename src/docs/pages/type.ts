/**
 * @module A type's page: Appointment, Occurrence and the other objects with their fields (and
 * those only answers carry) and samples, RecurrencePattern and DayOfWeek with their values and
 * ordinals; and the endpoints using it, also through a field only answers carry.
 */
import { breakableAtSlashes, html } from '../html.ts'
import { format, localize, message } from '../i18n.ts'
import { docsHref, renderPage, type PageContext } from '../layout.ts'
import { uriTemplate, type DocumentedRoute } from '../route-table.ts'
import { TYPE_MODELS, modelPath, parseTypeName, type TypeModel } from '../type-models.ts'
import { endpointPath } from './index.ts'
import { enumTable, fieldTable, formatSamples } from './parts.ts'

function usesType(route: DocumentedRoute, model: TypeModel): boolean {
  const docs = route.docs
  if (!docs) return false
  const types: string[] = [docs.requestBody, docs.response.type].filter((type) => type !== undefined)
  const answer = docs.response.type === undefined ? undefined : TYPE_MODELS[parseTypeName(docs.response.type).name as keyof typeof TYPE_MODELS]
  if (answer?.kind === 'object') types.push(...(answer.answerFields ?? []).map((field) => field.type))
  if (model.kind === 'enum') return docs.requestBody === 'Appointment' || docs.response.type === 'Appointment'
  return types.some((type) => parseTypeName(type).name === model.name)
}

export function renderTypePage(context: PageContext, model: TypeModel, routes: readonly DocumentedRoute[]): string {
  const { lang } = context
  const users = routes.filter((route) => usesType(route, model))
  const first = model.kind === 'enum' ? model.values[1] : undefined
  const body = html`<h1>${model.name}</h1>
<p class="lead">${localize(lang, model.description)}</p>
${model.kind === 'object' ? html`<h2>${message(lang, 'fields')}</h2>
${fieldTable(context, model.fields)}
${model.answerFields ? html`<h2>${message(lang, 'answerFields')}</h2>
<p>${message(lang, 'answerFieldsIntro')}</p>
${fieldTable(context, model.answerFields)}` : ''}
<h2>${message(lang, 'samples')}</h2>
${formatSamples(model.samples(context.samples), { idPrefix: 'type-sample' })}` : html`<h2>${message(lang, 'values')}</h2>
${enumTable(context, model.values)}
${first ? html`<p>${format(message(lang, 'enumWire'), { first: first.name, ordinal: first.ordinal })}</p>` : ''}`}
${users.length > 0 ? html`<h2>${message(lang, 'usedBy')}</h2>
<ul>${users.map((route) => html`<li><a href="${docsHref(context, endpointPath(route))}"><span class="method method-${
    route.method.toLowerCase()}">${route.method}</span> <code>${breakableAtSlashes(uriTemplate(route.url))}</code></a></li>`)}</ul>` : ''}`
  return renderPage(context, model.name, [{
    label: `${message(lang, 'typePage')} ${model.name}`, href: docsHref(context, modelPath(model.name)),
  }], body)
}
