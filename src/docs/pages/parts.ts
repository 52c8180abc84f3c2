/**
 * @module Pieces several pages share: the type cell linking to a type's page, the tables of
 * parameters, fields and enum values (stacked into cards on a phone), and a format sample.
 */
import type { DocumentedType, ParameterDocs } from '../../http/route-docs.ts'
import type { FormatSamples } from '../body-samples.ts'
import { ruleExamples } from '../field-rules.ts'
import { html, type SafeHtml } from '../html.ts'
import { format, localize, message } from '../i18n.ts'
import { docsHref, type PageContext } from '../layout.ts'
import { modelPath, parseTypeName, type EnumValue, type FieldRow } from '../type-models.ts'

export function typeCell(context: PageContext, type: string): SafeHtml {
  const parsed = parseTypeName(type)
  const name = parsed.documented
    ? html`<a href="${docsHref(context, modelPath(parsed.name as DocumentedType))}">${parsed.name}</a>`
    : html`${parsed.name}`
  return parsed.collection ? html`${message(context.lang, 'collectionOf')} ${name}` : name
}

function headerRow(columns: readonly string[]): SafeHtml {
  return html`<thead><tr>${columns.map((column) => html`<th scope="col">${column}</th>`)}</tr></thead>`
}

/** A table cell that names its column on a phone, where rows stack. */
function cell(label: string, content: SafeHtml | string, className?: string): SafeHtml {
  return html`<td data-label="${label}"${className ? html` class="${className}"` : ''}>${content}</td>`
}

export function parameterTable(context: PageContext, parameters: readonly ParameterDocs[]): SafeHtml {
  const { lang } = context
  if (parameters.length === 0) return html`<p>${message(lang, 'none')}</p>`
  const labels = [message(lang, 'name'), message(lang, 'description'), message(lang, 'type'), message(lang, 'information')]
  return html`<div class="table-wrap"><table class="stacking">
${headerRow(labels)}
<tbody>
${parameters.map((parameter) => html`<tr>
${cell(labels[0] ?? '', html`<code>${parameter.name}</code>`, 'name')}
${cell(labels[1] ?? '', localize(lang, parameter.description))}
${cell(labels[2] ?? '', typeCell(context, parameter.type))}
${cell(labels[3] ?? '', html`${parameter.required ? message(lang, 'required') : message(lang, 'optional')}. ${
    message(lang, 'example')}: <code>${parameter.example}</code>`)}
</tr>`)}
</tbody></table></div>`
}

export function fieldTable(context: PageContext, fields: readonly FieldRow[]): SafeHtml {
  const { lang } = context
  const labels = [message(lang, 'name'), message(lang, 'description'), message(lang, 'type'), message(lang, 'information')]
  const examples = ruleExamples(context.samples.calendar)
  return html`<div class="table-wrap"><table class="stacking">
${headerRow(labels)}
<tbody>
${fields.map((field) => {
    const notes = [message(lang, field.presence), ...field.notes.map((note) => format(localize(lang, note), examples))]
    return html`<tr id="field-${field.name}">
${cell(labels[0] ?? '', html`<code>${field.name}</code> <span class="xml-name">XML: <code>${field.xmlName}</code></span>`, 'name')}
${cell(labels[1] ?? '', localize(lang, field.description))}
${cell(labels[2] ?? '', typeCell(context, field.type))}
${cell(labels[3] ?? '', notes.join('. '))}
</tr>`
  })}
</tbody></table></div>`
}

export function enumTable(context: PageContext, values: readonly EnumValue[]): SafeHtml {
  const { lang } = context
  const labels = [message(lang, 'name'), message(lang, 'ordinal'), message(lang, 'description')]
  return html`<div class="table-wrap"><table class="stacking">
${headerRow(labels)}
<tbody>
${values.map((value) => html`<tr>
${cell(labels[0] ?? '', html`<code>${value.name}</code>`, 'name')}
${cell(labels[1] ?? '', String(value.ordinal))}
${cell(labels[2] ?? '', value.description(lang))}
</tr>`)}
</tbody></table></div>`
}

/**
 * Samples of a body in both formats. `bodySampleKind` marks the request samples the test
 * form copies into its body field.
 */
export function formatSamples(samples: FormatSamples, options: { readonly idPrefix: string; readonly bodySample?: boolean }): SafeHtml {
  const block = (mediaTypes: string, text: string, format: 'json' | 'xml'): SafeHtml => html`<div class="format-sample">
<h4 id="${options.idPrefix}-${format}">${mediaTypes}</h4>
<pre class="code" tabindex="0" aria-labelledby="${options.idPrefix}-${format}"${
  options.bodySample ? html` data-body-sample="${format}"` : ''}><code>${text}</code></pre>
</div>`
  return html`${block('application/json, text/json', samples.json, 'json')}
${block('application/xml, text/xml', samples.xml, 'xml')}`
}
