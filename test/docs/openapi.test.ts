/**
 * `GET /openapi.json` is an OpenAPI 3.1 document a standard validator accepts, generated from
 * the same schemas as the pages: every documented route, Basic security, the Appointment
 * body's fields, the samples.
 */
import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { Validator } from '@seriousme/openapi-schema-validator'
import { APPOINTMENT_FIELDS } from '../../src/domain/appointment-schema.ts'
import { OCCURRENCE_FIELDS } from '../../src/domain/occurrence-schema.ts'
import { postJson } from '../helpers/requests.ts'
import { startServer } from '../helpers/server.ts'

type Json = Record<string, any>

async function openApi(baseUrl: string, query = ''): Promise<Json> {
  const response = await fetch(`${baseUrl}/openapi.json${query}`)
  assert.equal(response.status, 200)
  assert.match(response.headers.get('content-type') ?? '', /^application\/json/)
  return await response.json() as Json
}

describe('openapi.json', () => {
  test('is a valid OpenAPI 3.1 document (@seriousme/openapi-schema-validator)', async (t) => {
    const server = await startServer(t)
    for (const query of ['', '?lang=en']) {
      const document = await openApi(server.baseUrl, query)
      const validator = new Validator()
      const result = await validator.validate(document)
      assert.deepEqual(result.errors, undefined, JSON.stringify(result.errors, null, 2))
      assert.equal(result.valid, true)
      assert.equal(validator.version, '3.1')
    }
  })

  test('has Basic security, this server as its server, and the schemas walked from the field lists', async (t) => {
    const server = await startServer(t)
    const document = await openApi(server.baseUrl)
    assert.equal(document.openapi, '3.1.0')
    assert.deepEqual(document.servers, [{ url: server.baseUrl }])
    assert.deepEqual(document.components.securitySchemes.basic, { type: 'http', scheme: 'basic' })
    assert.deepEqual(document.security, [{ basic: [] }])
    const appointment = document.components.schemas.Appointment
    assert.deepEqual(Object.keys(appointment.properties), APPOINTMENT_FIELDS.map((field) => field.name))
    assert.deepEqual(appointment.required, APPOINTMENT_FIELDS.filter((field) => field.required).map((field) => field.name))
    for (const field of APPOINTMENT_FIELDS) assert.equal(appointment.properties[field.name].xml.name, field.xmlName)
    assert.deepEqual(Object.keys(document.components.schemas.Occurrence.properties), OCCURRENCE_FIELDS.map((field) => field.name))
    assert.deepEqual(document.components.schemas.DayOfWeek.anyOf[0].enum,
      ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'])
  })

  test('the create operation: path parameters, both body formats with the sample that the server accepts', async (t) => {
    const server = await startServer(t)
    const document = await openApi(server.baseUrl, '?lang=en')
    const create = document.paths['/Appointment/{customerId}/{id}'].post
    assert.equal(create.operationId, 'POST-Appointment-customerId-id')
    assert.equal(create.summary, 'Create a calendar appointment')
    assert.deepEqual(create.parameters.map((p: Json) => [p.name, p.in, p.required]), [['customerId', 'path', true], ['id', 'path', true]])
    assert.deepEqual(Object.keys(create.requestBody.content), ['application/json', 'text/json', 'application/xml', 'text/xml'])
    assert.equal(create.requestBody.content['application/json'].schema.$ref, '#/components/schemas/Appointment')
    assert.deepEqual(Object.keys(create.responses).sort(), ['200', '400', '401', '403', '404', '409', '415', '422',
      '429', '500', '503'])
    assert.ok(create.responses['401'].headers['WWW-Authenticate'])
    const answer = await postJson(server, create.requestBody.content['application/json'].example)
    assert.equal(answer.status, 200, answer.text)
    const listing = document.paths['/Appointment/{customerId}/{id}'].get
    const query = listing.parameters.filter((p: Json) => p.in === 'query').map((p: Json) => [p.name, p.required])
    assert.deepEqual(query.slice(0, 2), [['from', true], ['to', true]])
    assert.equal(listing.responses['200'].content['application/json'].schema.items.$ref, '#/components/schemas/Occurrence')
  })
})
