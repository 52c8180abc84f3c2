/**
 * @module "Kodexempel": one panel per language, each with a heading, so without JavaScript
 * every sample is visible one after another; docs.js turns them into ARIA tabs. Placeholders
 * are `<span class="slot">` the test form fills in.
 */
import { html, type SafeHtml } from '../html.ts'
import { format, message } from '../i18n.ts'
import type { PageContext } from '../layout.ts'
import type { CodeSample, Segment } from '../samples.ts'

function renderSegment(segment: Segment): SafeHtml {
  if (typeof segment === 'string') return html`${segment}`
  return html`<span class="slot" data-slot="${segment.slot}" data-quote="${segment.style}" data-placeholder="${
    segment.placeholder}">${segment.placeholder}</span>`
}

export function renderCodeSamples(context: PageContext, samples: readonly CodeSample[], placeholders: readonly string[]): SafeHtml {
  const { lang } = context
  const last = placeholders.at(-1) ?? ''
  const listed = placeholders.length > 1
    ? `${placeholders.slice(0, -1).join(', ')} ${message(lang, 'and')} ${last}`
    : last
  return html`<section class="code-samples" aria-labelledby="code-samples-heading">
<h2 id="code-samples-heading">${message(lang, 'codeSamples')}</h2>
<p>${format(message(lang, 'placeholderNote'), { placeholders: listed })}</p>
<div class="tabs" data-tabs data-tabs-label="${message(lang, 'codeSamples')}">
${samples.map((sample) => html`<section class="tab-panel" id="sample-${sample.id}" aria-labelledby="sample-${sample.id}-heading">
<h3 class="tab-heading" id="sample-${sample.id}-heading">${sample.label}</h3>
<pre class="code" tabindex="0" translate="no"><code data-sample="${sample.id}">${sample.segments.map(renderSegment)}</code></pre>
</section>`)}
</div>
</section>`
}
