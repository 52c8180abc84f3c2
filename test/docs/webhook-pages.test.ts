/**
 * The webhook help pages over real HTTP. The events and signature pages: linked from the index,
 * in Swedish and English, strict CSP with no inline script or style, everything escaped; the
 * events page names every event type, header and body field a real delivery carries, and its
 * sample has a real delivery's shape. The WebhookEndpoint body: its JSON and XML samples create
 * and change a webhook as printed, the 400 sample is the server's answer, the type page lists
 * every field the answer has, and OpenAPI's POST and PUT take the component.
 */
import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { WEBHOOK_EVENT_TYPES } from '../../src/domain/webhooks/webhook-endpoint.ts'
import { postJson, send } from '../helpers/requests.ts'
import { CUSTOMER_ID, startServer, type TestServer } from '../helpers/server.ts'
import { startReceiver } from '../helpers/webhook-receiver.ts'
import { decodeHtml, sampleFromHtml } from './sample-extraction.ts'

const EVENTS = '/Help/Webhooks/Events' as const
const SIGNATURES = '/Help/Webhooks/Signatures' as const
const TITLES = {
  [EVENTS]: { sv: 'Webhook-händelser', en: 'Webhook events' },
  [SIGNATURES]: { sv: 'Verifiera en webhook-signatur', en: 'Verifying a webhook signature' },
}

async function get(server: TestServer, path: string): Promise<{ status: number; headers: Headers; text: string }> {
  const response = await fetch(`${server.baseUrl}${path}`)
  return { status: response.status, headers: response.headers, text: await response.text() }
}

/** Every key of a JSON object, nested ones as `data.userId`. */
function keysOf(value: Record<string, unknown>, prefix = ''): string[] {
  return Object.entries(value).flatMap(([key, inner]) => inner !== null && typeof inner === 'object'
    ? keysOf(inner as Record<string, unknown>, `${prefix}${key}.`)
    : [`${prefix}${key}`]).sort()
}

/** A `<pre>` sample of an endpoint page, as the browser shows it. */
function preText(page: string, labelledBy: string): string {
  const match = new RegExp(`aria-labelledby="${labelledBy}"[^>]*><code>([\\s\\S]*?)</code></pre>`).exec(page)
  assert.ok(match?.[1] !== undefined, `the page has the sample ${labelledBy}`)
  return decodeHtml(match[1])
}

function sendBody(server: TestServer, path: string, method: string, type: string, body: string) {
  return send(server, path, { method, body, headers: { 'content-type': type, accept: 'application/json' } })
}

describe('webhook help pages', () => {
  test('the index links both pages, in Swedish and English', async (t) => {
    const server = await startServer(t)
    for (const lang of ['sv', 'en'] as const) {
      const index = await get(server, `/Help?lang=${lang}`)
      for (const path of [EVENTS, SIGNATURES]) {
        assert.ok(index.text.includes(`<a href="${path}?lang=${lang}">${TITLES[path][lang]}</a>`), `${lang} index links ${path}`)
      }
    }
  })

  test('each page answers in both languages with strict CSP and no inline script, style or handler', async (t) => {
    const server = await startServer(t)
    for (const path of [EVENTS, SIGNATURES]) {
      for (const lang of ['sv', 'en'] as const) {
        const answer = await get(server, `${path}?lang=${lang}`)
        const label = `${path} ${lang}`
        assert.equal(answer.status, 200, label)
        assert.match(answer.text, new RegExp(`<html lang="${lang}">`), label)
        assert.ok(answer.text.includes(`<h1>${TITLES[path][lang]}</h1>`), label)
        assert.match(answer.headers.get('content-security-policy') ?? '', /script-src 'self'(;|$)/, label)
        assert.doesNotMatch(answer.headers.get('content-security-policy') ?? '', /unsafe-inline|unsafe-eval/, label)
        assert.doesNotMatch(answer.text, /<script(?![^>]*\bsrc="\/Help\/assets\/)/, `${label}: every script is our asset`)
        assert.doesNotMatch(answer.text, /<style|\sstyle="|\son[a-z]+="/i, `${label}: no inline style or event handler`)
        assert.doesNotMatch(answer.text, /(src|href)="(https?:)?\/\//, `${label}: nothing from another origin`)
      }
    }
  })

  test('the samples are escaped: code shows as text, never as markup', async (t) => {
    const server = await startServer(t)
    const { text } = await get(server, SIGNATURES)
    assert.ok(!text.includes('<?php'), 'the PHP opening tag is escaped')
    assert.ok(text.includes('&lt;?php'))
    assert.ok(text.includes('name =&gt; Environment'), 'the C# lambda arrow is escaped')
    const code = [...text.matchAll(/<code data-sample="[^"]+">([\s\S]*?)<\/code>/g)].map((match) => match[1] ?? '')
    assert.equal(code.length, 3, 'TypeScript, PHP and C#')
    for (const sample of code) assert.doesNotMatch(sample, /[<>"']/, 'no raw markup character in a sample')
    for (const [id, line] of [['verify-ts', "import { createHmac, timingSafeEqual } from 'node:crypto'"],
      ['verify-php', '<?php'], ['verify-csharp', 'using System.Security.Cryptography;']] as const) {
      assert.ok(sampleFromHtml(text, id).includes(line), `${id} reads back as written`)
    }
  })

  test('the events page names every type, header and field a real delivery carries', async (t) => {
    const server = await startServer(t, { webhooks: true })
    const receiver = await startReceiver(t)
    const added = await send(server, `/Webhooks/${CUSTOMER_ID}`, {
      body: JSON.stringify({ url: receiver.url }), headers: { 'content-type': 'application/json' },
    })
    assert.equal(added.status, 201, added.text)
    assert.equal((await postJson(server, { subject: 'Visning på Söder', startsAt: '2026-03-02T09:00:00' })).status, 200)
    await receiver.until((all) => all.length === 1)
    const delivery = receiver.deliveries[0]!
    for (const lang of ['sv', 'en']) {
      const text = decodeHtml((await get(server, `${EVENTS}?lang=${lang}`)).text)
      for (const type of WEBHOOK_EVENT_TYPES) assert.ok(text.includes(`<code>${type}</code>`), `${lang}: ${type}`)
      for (const header of ['webhook-id', 'webhook-timestamp', 'webhook-signature', 'content-type', 'user-agent']) {
        assert.ok(text.includes(`<code>${header}</code>`), `${lang}: ${header}`)
      }
      const received = keysOf(JSON.parse(delivery.body) as Record<string, unknown>)
      for (const key of received) assert.ok(text.includes(`<code>${key}</code>`), `${lang}: the field ${key}`)
      const sample = JSON.parse(sampleFromHtml(text, 'event-json')) as Record<string, unknown>
      assert.deepEqual(keysOf(sample), received, 'the sample has the keys a real delivery has')
      assert.ok(text.includes('/Changes/{customerId}/{userId}?since={changeToken}'), `${lang}: the resync`)
      assert.ok(text.includes('410'), `${lang}: 410 disables`)
    }
  })

  test('the WebhookEndpoint JSON and XML samples create and change a webhook as printed', async (t) => {
    const server = await startServer(t)
    const path = `/Webhooks/${CUSTOMER_ID}`
    const page = (await get(server, '/Help/Api/POST-Webhooks-customerId')).text
    const json = preText(page, 'request-format-json')
    const xml = preText(page, 'request-format-xml')
    const created = await sendBody(server, path, 'POST', 'application/json', json)
    assert.equal(created.status, 201, created.text)
    const fromXml = await sendBody(server, path, 'POST', 'application/xml', xml)
    assert.equal(fromXml.status, 201, fromXml.text)
    const settings = ({ id: _id, createdAt: _at, secret, ...rest }: Record<string, unknown>) => {
      assert.match(String(secret), /^whsec_/)
      return rest
    }
    assert.deepEqual(settings(fromXml.json as Record<string, unknown>), settings(created.json as Record<string, unknown>))
    assert.deepEqual(settings(created.json as Record<string, unknown>), { ...JSON.parse(json), status: 'active', disabledReason: null })
    const putPage = (await get(server, '/Help/Api/PUT-Webhooks-customerId-webhookId')).text
    const { id } = created.json as { id: string }
    const changed = await sendBody(server, `${path}/${id}`, 'PUT', 'application/xml', preText(putPage, 'request-format-xml'))
    assert.equal(changed.status, 200, changed.text)
  })

  test('the 400 sample is what the server answers to an empty object', async (t) => {
    const server = await startServer(t)
    const page = (await get(server, '/Help/Api/POST-Webhooks-customerId')).text
    const answer = await sendBody(server, `/Webhooks/${CUSTOMER_ID}`, 'POST', 'application/json', '{}')
    assert.equal(answer.status, 400)
    assert.deepEqual(JSON.parse(preText(page, 'error-format-json')), answer.json)
  })

  test('the WebhookEndpoint type page lists every field an answer has, and OpenAPI POST and PUT take it', async (t) => {
    const server = await startServer(t)
    const created = await sendBody(server, `/Webhooks/${CUSTOMER_ID}`, 'POST', 'application/json',
      JSON.stringify({ url: 'https://example.com/hooks' }))
    const typePage = (await get(server, '/Help/Model/WebhookEndpoint?lang=en')).text
    for (const field of Object.keys(created.json as object)) {
      assert.match(typePage, new RegExp(`<td[^>]*class="name"[^>]*>(<[^>]+>)*${field}\\b`), `the type page lists ${field}`)
    }
    const document = JSON.parse((await get(server, '/openapi.json')).text) as {
      paths: Record<string, Record<string, { requestBody?: { content: Record<string, { schema: { $ref: string } }> } }>>
      components: { schemas: Record<string, { xml?: { name: string } }> }
    }
    for (const [route, method] of [['/Webhooks/{customerId}', 'post'], ['/Webhooks/{customerId}/{webhookId}', 'put']] as const) {
      const schema = document.paths[route]?.[method]?.requestBody?.content['application/json']?.schema
      assert.equal(schema?.$ref, '#/components/schemas/WebhookEndpoint', `${method} ${route}`)
    }
    assert.equal(document.components.schemas.WebhookEndpoint?.xml?.name, 'Webhook')
  })
})
