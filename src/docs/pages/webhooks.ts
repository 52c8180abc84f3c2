/**
 * @module The two webhook pages: the events the service sends (each type and when, the body's
 * fields, the headers, the answer it wants and its retries, the thin event and the /Changes
 * resync) and how a receiver verifies a signature, with the samples of webhook-verify-samples.ts
 * as tabs the way the endpoint pages show theirs.
 */
import { WEBHOOK_EVENT_TYPES } from '../../domain/webhooks/webhook-endpoint.ts'
import type { Text } from '../../http/route-docs.ts'
import { html, type SafeHtml } from '../html.ts'
import { localize, message } from '../i18n.ts'
import { docsHref, renderPage, type PageContext } from '../layout.ts'
import { WEBHOOK_EVENT_FIELDS, WEBHOOK_EVENT_TEXT, WEBHOOK_HEADERS, webhookEventExample } from '../openapi-webhooks.ts'
import { WEBHOOK_VERIFY_SAMPLES } from '../webhook-verify-samples.ts'

export const WEBHOOK_EVENTS_PATH = '/Help/Webhooks/Events'
export const WEBHOOK_SIGNATURES_PATH = '/Help/Webhooks/Signatures'

export const WEBHOOK_PAGE_TITLES: Readonly<Record<'events' | 'signatures', Text>> = {
  events: { sv: 'Webhook-händelser', en: 'Webhook events' },
  signatures: { sv: 'Verifiera en webhook-signatur', en: 'Verifying a webhook signature' },
}

const TEXT = {
  eventsLead: {
    sv: 'En webhook (POST /Webhooks/{customerId}) får varje skrivning till en kalenderhändelse, genom API:t eller '
      + 'admin-kommandot, som en signerad POST till sin url enligt Standard Webhooks (standardwebhooks.com). '
      + 'Filtren events och userIds väljer vad den får; utelämnade: allt.',
    en: 'A webhook (POST /Webhooks/{customerId}) gets every write to an appointment, through the API or the admin '
      + 'command, as a signed POST to its url following Standard Webhooks (standardwebhooks.com). Its events and '
      + 'userIds filters choose what it gets; left out: everything.',
  },
  types: { sv: 'Händelsetyper', en: 'Event types' },
  type: { sv: 'Typ', en: 'Type' },
  sentWhen: { sv: 'Skickas när', en: 'Sent when' },
  body: { sv: 'Kroppen', en: 'The body' },
  bodyIntro: {
    sv: 'JSON i UTF-8, tunn med avsikt: den säger vad som ändrades, inte hur det ser ut nu.',
    en: 'JSON in UTF-8, thin by design: it says what changed, not what it looks like now.',
  },
  field: { sv: 'Fält', en: 'Field' },
  headers: { sv: 'Huvuden', en: 'Headers' },
  header: { sv: 'Huvud', en: 'Header' },
  meaning: { sv: 'Betydelse', en: 'Meaning' },
  answer: { sv: 'Svar och nya försök', en: 'Answer and retries' },
  resync: { sv: 'Tunna händelser och /Changes', en: 'Thin events and /Changes' },
  verifyLink: { sv: 'Så verifierar du signaturen', en: 'How to verify the signature' },
  eventsLink: { sv: 'Händelserna, huvudena och nya försök', en: 'The events, headers and retries' },
  signaturesLead: {
    sv: 'webhook-signature är "v1," följt av base64 av HMAC-SHA256 över "{webhook-id}.{webhook-timestamp}.{kropp}", '
      + 'med hemlighetens byte som nyckel (base64-delen efter whsec_). I 24 timmar efter POST …/rotate-secret bär den '
      + 'två sådana värden med mellanslag emellan: godta anropet när något av dem stämmer.',
    en: 'webhook-signature is "v1," followed by base64 of HMAC-SHA256 over "{webhook-id}.{webhook-timestamp}.{body}", '
      + "keyed with the secret's bytes (the base64 after whsec_). For 24 hours after POST …/rotate-secret it holds two "
      + 'such values, space-separated: accept the request when any of them matches.',
  },
  rules: {
    sv: 'Använd kroppen exakt som den kom (innan den tolkas som JSON), vägra tidsstämplar mer än fem minuter från '
      + 'din klocka och jämför i konstant tid. Standard Webhooks publicerade bibliotek gör samma sak.',
    en: 'Use the body exactly as received (before parsing it as JSON), refuse timestamps more than five minutes from '
      + "your clock, and compare in constant time. Standard Webhooks' published libraries do the same.",
  },
  samplesIntro: {
    sv: 'Varje exempel läser en leverans ur miljövariablerna WEBHOOK_SECRET, WEBHOOK_ID, WEBHOOK_TIMESTAMP, '
      + 'WEBHOOK_SIGNATURE och WEBHOOK_BODY och skriver valid eller invalid; i en mottagare tar du dem från anropet.',
    en: 'Each sample reads one delivery from the environment variables WEBHOOK_SECRET, WEBHOOK_ID, WEBHOOK_TIMESTAMP, '
      + 'WEBHOOK_SIGNATURE and WEBHOOK_BODY and prints valid or invalid; in a receiver, take them from the request.',
  },
} as const satisfies Record<string, Text>

const EXTRA_HEADERS: readonly (readonly [string, Text])[] = [
  ['content-type', { sv: 'application/json', en: 'application/json' }],
  ['user-agent', { sv: 'Namnger tjänsten (connect-calendar-webhooks).', en: 'Names the service (connect-calendar-webhooks).' }],
]

const ANSWER_POINTS: readonly Text[] = [
  { sv: 'Svara med valfri 2xx inom 10 sekunder. Omdirigeringar följs inte (räknas som fel).',
    en: 'Answer any 2xx within 10 seconds. Redirects are not followed (they count as failures).' },
  { sv: '410 Gone stänger av webhooken direkt.', en: '410 Gone disables the webhook at once.' },
  { sv: 'Annat svar, inget svar eller timeout ger nya försök med samma webhook-id: direkt, sedan efter 5 s, 5 min, '
      + '30 min, 2 h, 5 h, 10 h, 14 h, 20 h och 24 h, var och en ±20 %. Ett längre Retry-After på 429 eller 503 följs.',
    en: 'Any other answer, none, or a timeout is retried with the same webhook-id: at once, then after 5 s, 5 min, '
      + '30 min, 2 h, 5 h, 10 h, 14 h, 20 h and 24 h, each ±20 %. A longer Retry-After on 429 or 503 is honoured.' },
  { sv: 'När schemat är slut stängs webhooken av och granskningsloggen säger varför. Sätt status active med PUT så '
      + 'kommer det som samlats under tiden (händelser sparas 30 dagar).',
    en: 'When the schedule is spent the webhook is disabled and the audit log says why. Set status active with PUT '
      + 'and what piled up meanwhile is sent (events are kept 30 days).' },
  { sv: 'Händelsen sparas i samma transaktion som skrivningen, så ingen går förlorad vid en krasch; ett försök som '
      + 'pågick vid kraschen kan komma två gånger, med samma webhook-id. Ta bort dubbletter på webhook-id.',
    en: 'The event is saved in the same transaction as the write, so none is lost to a crash; an attempt in flight '
      + 'at the crash may come twice, with the same webhook-id. Deduplicate on webhook-id.' },
]

const RESYNC_POINTS: readonly Text[] = [
  { sv: 'Händelsen bär bara id:n och version. Hämta det aktuella innehållet från API:t, eller läs ändringsflödet: '
      + 'GET /Changes/{customerId}/{userId}?since={changeToken} ger denna ändring och allt efter den.',
    en: 'The event carries ids and a version only. Read the current state from the API, or read the change feed: '
      + 'GET /Changes/{customerId}/{userId}?since={changeToken} answers this change and everything after it.' },
  { sv: 'Har mottagaren missat något (nere, avstängd webhook, ett fel) läser den vidare från sin senaste token tills '
      + 'more är false; flödet är sanningen, händelserna en signal.',
    en: 'A receiver that missed anything (down, a disabled webhook, an error) reads on from its latest token until '
      + 'more is false; the feed is the truth, the events a signal.' },
  { sv: 'Jämför version med den du har: en lägre eller samma version är redan känd, eftersom försök kan komma i annan ordning.',
    en: 'Compare version with the one you hold: a lower or equal version is already known, as attempts may arrive out of order.' },
]

function twoColumnTable(context: PageContext, headings: readonly [Text, Text], rows: readonly (readonly [string, Text])[]): SafeHtml {
  const { lang } = context
  const [first, second] = headings.map((heading) => localize(lang, heading))
  return html`<div class="table-wrap"><table class="stacking">
<thead><tr><th scope="col">${first}</th><th scope="col">${second}</th></tr></thead>
<tbody>
${rows.map(([name, text]) => html`<tr><td data-label="${first}" class="name"><code>${name}</code></td><td data-label="${
    second}">${localize(lang, text)}</td></tr>`)}
</tbody></table></div>`
}

function points(context: PageContext, list: readonly Text[]): SafeHtml {
  return html`<ul>${list.map((point) => html`<li>${localize(context.lang, point)}</li>`)}</ul>`
}

export function renderWebhookEventsPage(context: PageContext): string {
  const { lang } = context
  const title = localize(lang, WEBHOOK_PAGE_TITLES.events)
  const sample = JSON.stringify(webhookEventExample('occurrence.changed', context.samples.calendar), null, 2)
  const body = html`<h1>${title}</h1>
<p class="lead">${localize(lang, TEXT.eventsLead)}</p>
<p><a href="${docsHref(context, WEBHOOK_SIGNATURES_PATH)}">${localize(lang, TEXT.verifyLink)}</a></p>
<h2>${localize(lang, TEXT.types)}</h2>
${twoColumnTable(context, [TEXT.type, TEXT.sentWhen], WEBHOOK_EVENT_TYPES.map((type) => [type, WEBHOOK_EVENT_TEXT[type]] as const))}
<h2>${localize(lang, TEXT.body)}</h2>
<p>${localize(lang, TEXT.bodyIntro)}</p>
${twoColumnTable(context, [TEXT.field, TEXT.meaning], WEBHOOK_EVENT_FIELDS.map((field) => [field.name, field.text] as const))}
<pre class="code" tabindex="0" translate="no"><code data-sample="event-json">${sample}</code></pre>
<h2>${localize(lang, TEXT.headers)}</h2>
${twoColumnTable(context, [TEXT.header, TEXT.meaning], [...WEBHOOK_HEADERS, ...EXTRA_HEADERS])}
<h2>${localize(lang, TEXT.answer)}</h2>
${points(context, ANSWER_POINTS)}
<h2>${localize(lang, TEXT.resync)}</h2>
${points(context, RESYNC_POINTS)}`
  return renderPage(context, title, [{ label: title, href: docsHref(context, WEBHOOK_EVENTS_PATH) }], body)
}

export function renderWebhookSignaturesPage(context: PageContext): string {
  const { lang } = context
  const title = localize(lang, WEBHOOK_PAGE_TITLES.signatures)
  const body = html`<h1>${title}</h1>
<p class="lead">${localize(lang, TEXT.signaturesLead)}</p>
<p>${localize(lang, TEXT.rules)}</p>
<p><a href="${docsHref(context, WEBHOOK_EVENTS_PATH)}">${localize(lang, TEXT.eventsLink)}</a></p>
<section class="code-samples" aria-labelledby="code-samples-heading">
<h2 id="code-samples-heading">${message(lang, 'codeSamples')}</h2>
<p>${localize(lang, TEXT.samplesIntro)}</p>
<div class="tabs" data-tabs data-tabs-label="${message(lang, 'codeSamples')}">
${WEBHOOK_VERIFY_SAMPLES.map((sample) => html`<section class="tab-panel" id="sample-${sample.id}" aria-labelledby="sample-${sample.id}-heading">
<h3 class="tab-heading" id="sample-${sample.id}-heading">${localize(lang, sample.label)}</h3>
<pre class="code" tabindex="0" translate="no"><code data-sample="${sample.id}">${sample.code}</code></pre>
</section>`)}
</div>
</section>`
  return renderPage(context, title, [{ label: title, href: docsHref(context, WEBHOOK_SIGNATURES_PATH) }], body)
}
