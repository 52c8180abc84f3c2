/**
 * OpenAPI 3.1's top-level `webhooks` describes every event the service sends: a POST with the
 * three Standard Webhooks headers and a body of the WebhookEvent schema, whose example is an
 * event of that type, in Swedish and English.
 */
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { WEBHOOK_EVENT_TYPES } from '../../src/domain/webhooks/webhook-endpoint.ts'
import { startServer } from '../helpers/server.ts'

type Json = Record<string, any>

test('openapi.json lists each webhook event with its headers, schema and example', async (t) => {
  const server = await startServer(t)
  for (const query of ['', '?lang=en']) {
    const document = await (await fetch(`${server.baseUrl}/openapi.json${query}`)).json() as Json
    assert.deepEqual(Object.keys(document.webhooks), [...WEBHOOK_EVENT_TYPES])
    for (const type of WEBHOOK_EVENT_TYPES) {
      const post = document.webhooks[type].post as Json
      assert.deepEqual(post.parameters.map((parameter: Json) => [parameter.name, parameter.in]),
        [['webhook-id', 'header'], ['webhook-timestamp', 'header'], ['webhook-signature', 'header']])
      const body = post.requestBody.content['application/json']
      assert.equal(body.schema.$ref, '#/components/schemas/WebhookEvent')
      assert.equal(body.example.type, type)
      assert.match(post.description, query ? /HMAC-SHA256/ : /HMAC-SHA256.*kropp/)
    }
    assert.deepEqual(document.components.schemas.WebhookEvent.properties.type.enum, [...WEBHOOK_EVENT_TYPES])
  }
})
