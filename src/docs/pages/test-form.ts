/**
 * @module "Testformulär": Basic-auth username and password, a field per URI and query
 * parameter, Content-Type (which fills in the matching sample body), Accept, body, Send; then
 * status line, response headers and raw body. docs.js sends it with fetch to this origin. The
 * fields sit in disabled fieldsets until the script enables them, so without JavaScript the
 * form can never submit (and never put the password in a URL). Nothing is stored.
 */
import { DEMO_CUSTOMER_ID, DEMO_USER_ID, DEMO_USERNAME } from '../../demo-seed.ts'
import type { ParameterDocs, RouteDocs } from '../../http/route-docs.ts'
import { html, type SafeHtml } from '../html.ts'
import { localize, message } from '../i18n.ts'
import type { PageContext } from '../layout.ts'
import type { DocumentedRoute } from '../route-table.ts'

const MEDIA_TYPES = ['application/json', 'text/json', 'application/xml', 'text/xml'] as const

/** What the first start created (src/demo-seed.ts), so a newcomer's placeholders are the ids that work. */
const DEMO_VALUES: Readonly<Record<string, string>> = { customerId: DEMO_CUSTOMER_ID, id: DEMO_USER_ID }

function parameterField(context: PageContext, kind: 'uri' | 'query', parameter: ParameterDocs): SafeHtml {
  const id = `tf-${kind}-${parameter.name}`
  return html`<div class="field">
<label for="${id}"><code>${parameter.name}</code> – ${localize(context.lang, parameter.description)}</label>
<input id="${id}" name="${kind}:${parameter.name}" data-slot="${kind}:${parameter.name}" data-${kind}="${parameter.name}"
 autocomplete="off" autocapitalize="none" spellcheck="false"${parameter.required ? html` required` : ''}
 ${kind === 'query' && parameter.required ? html`value="${parameter.example}"`
    : html`placeholder="${(kind === 'uri' && DEMO_VALUES[parameter.name]) || parameter.example}"`}>
</div>`
}

export function renderTestForm(
  context: PageContext, route: DocumentedRoute, docs: RouteDocs, bodyJson: string | undefined,
): SafeHtml {
  const { lang } = context
  const queryParameters = docs.queryParameters ?? []
  return html`<section class="test-form-section" aria-labelledby="test-form-heading">
<h2 id="test-form-heading">${message(lang, 'testForm')}</h2>
<p>${message(lang, 'testFormIntro')}</p>
<p class="needs-script" data-needs-script>${message(lang, 'testFormNoScript')}</p>
<form class="test-form" id="test-form" autocomplete="off"
 data-method="${route.method}" data-url="${route.url}"
 data-msg-sending="${message(lang, 'sending')}" data-msg-network-error="${message(lang, 'networkError')}">
<fieldset disabled>
<legend>${message(lang, 'credentials')}</legend>
<div class="field">
<label for="tf-username">${message(lang, 'username')}</label>
<input id="tf-username" name="username" data-slot="username" placeholder="${DEMO_USERNAME}" autocomplete="off" autocapitalize="none" spellcheck="false">
</div>
<div class="field">
<label for="tf-password">${message(lang, 'password')}</label>
<input id="tf-password" name="password" type="password" data-slot="password" autocomplete="off">
</div>
</fieldset>
${docs.uriParameters.length > 0 ? html`<fieldset disabled>
<legend>${message(lang, 'uriParameters')}</legend>
${docs.uriParameters.map((parameter) => parameterField(context, 'uri', parameter))}
</fieldset>` : ''}
${queryParameters.length > 0 ? html`<fieldset disabled>
<legend>${message(lang, 'queryParameters')}</legend>
${queryParameters.map((parameter) => parameterField(context, 'query', parameter))}
</fieldset>` : ''}
<fieldset disabled>
<legend>${message(lang, 'request')}</legend>
<p class="field">${message(lang, 'method')}: <code class="method method-${route.method.toLowerCase()}">${route.method}</code></p>
${bodyJson !== undefined ? html`<div class="field">
<label for="tf-content-type">${message(lang, 'contentType')}</label>
<select id="tf-content-type" name="contentType">
${MEDIA_TYPES.map((type) => html`<option value="${type}">${type}</option>`)}
</select>
</div>` : ''}
<div class="field">
<label for="tf-accept">${message(lang, 'accept')}</label>
<select id="tf-accept" name="accept">
<option value="">${message(lang, 'acceptNone')}</option>
${MEDIA_TYPES.map((type) => html`<option value="${type}">${type}</option>`)}
</select>
</div>
${bodyJson !== undefined ? html`<div class="field">
<label for="tf-body">${message(lang, 'body')}</label>
<textarea id="tf-body" name="body" rows="12" spellcheck="false" autocomplete="off">${bodyJson}</textarea>
</div>` : ''}
<button type="submit" class="send">${message(lang, 'send')}</button>
</fieldset>
</form>
<section class="test-result" aria-labelledby="test-result-heading">
<h3 id="test-result-heading">${message(lang, 'response')}</h3>
<div aria-live="polite" aria-atomic="true">
<h4 id="tf-status-heading">${message(lang, 'statusLine')}</h4>
<pre class="code" id="tf-status" tabindex="0" aria-labelledby="tf-status-heading">${message(lang, 'noResponseYet')}</pre>
</div>
<h4 id="tf-headers-heading">${message(lang, 'responseHeaders')}</h4>
<pre class="code" id="tf-headers" tabindex="0" aria-labelledby="tf-headers-heading"></pre>
<h4 id="tf-body-heading">${message(lang, 'rawBody')}</h4>
<pre class="code" id="tf-response-body" tabindex="0" aria-labelledby="tf-body-heading"></pre>
</section>
</section>`
}
