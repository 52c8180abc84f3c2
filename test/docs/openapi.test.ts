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
import { APPOINTMENT_PATH, postJson, send } from '../helpers/requests.ts'
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

  test('every operation behind Basic auth lists the statuses all of them answer; 429 and 503 carry Retry-After', async (t) => {
    const server = await startServer(t)
    const document = await openApi(server.baseUrl, '?lang=en')
    const operations = Object.values(document.paths as Record<string, Record<string, Json>>)
      .flatMap((item) => Object.values(item)).filter((operation) => operation.security === undefined)
    assert.ok(operations.length >= 10)
    for (const operation of operations) {
      for (const status of ['401', '403', '429', '500', '503']) assert.ok(operation.responses[status], `${operation.operationId} ${status}`)
      for (const status of ['429', '503']) assert.ok(operation.responses[status].headers['Retry-After'], operation.operationId)
    }
    const one = document.paths['/Appointment/{customerId}/{id}/{appointmentId}'].get
    assert.deepEqual(Object.keys(one.responses).sort(), ['200', '401', '403', '404', '429', '500', '503'])
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
    assert.deepEqual(Object.keys(create.responses).sort(), ['200', '400', '401', '403', '404', '409', '413', '415',
      '422', '429', '500', '503'])
    assert.ok(create.responses['401'].headers['WWW-Authenticate'])
    const answer = await postJson(server, create.requestBody.content['application/json'].example)
    assert.equal(answer.status, 200, answer.text)
    const listing = document.paths['/Appointment/{customerId}/{id}'].get
    const query = listing.parameters.filter((p: Json) => p.in === 'query').map((p: Json) => [p.name, p.required])
    assert.deepEqual(query.slice(0, 2), [['from', true], ['to', true]])
    assert.equal(listing.responses['200'].content['application/json'].schema.items.$ref, '#/components/schemas/Occurrence')
  })

  test('the occurrence operations: occurrenceId, the OccurrenceChange body whose example the server takes, 200 / 204', async (t) => {
    const server = await startServer(t)
    const document = await openApi(server.baseUrl, '?lang=en')
    const item = document.paths['/Appointment/{customerId}/{id}/{appointmentId}/occurrences/{occurrenceId}']
    for (const operation of [item.put, item.delete]) {
      assert.deepEqual(operation.parameters.map((p: Json) => [p.name, p.in, p.required]),
        [['customerId', 'path', true], ['id', 'path', true], ['appointmentId', 'path', true], ['occurrenceId', 'path', true]])
    }
    const schemas = document.components.schemas
    assert.deepEqual(Object.keys(schemas.OccurrenceChange.properties), ['subject', 'location', 'startsAt', 'endsAt', 'note', 'showAs'])
    assert.equal(schemas.OccurrenceChange.required, undefined, 'every field of a change may be left out')
    assert.equal(schemas.OccurrenceChange.properties.startsAt.xml.name, 'StartsAt')
    assert.equal(item.put.requestBody.content['application/json'].schema.$ref, '#/components/schemas/OccurrenceChange')
    assert.match(item.put.requestBody.content['application/xml'].example, /^<Appointment [^>]*>\n {2}<EndsAt>/)
    assert.deepEqual(item.put.responses['200'].content['application/json'].schema, { type: 'string' })
    assert.deepEqual(Object.keys(item.put.responses).sort(),
      ['200', '400', '401', '403', '404', '409', '412', '413', '415', '422', '429', '500', '503'])
    assert.match(JSON.stringify(item.put.responses['400'].content['application/json'].example), /appointment\.allDayEvent/)
    assert.equal(item.delete.requestBody, undefined)
    assert.equal(item.delete.responses['204'].content, undefined)
    assert.ok(item.delete.responses['404'])
    assert.deepEqual(schemas.AppointmentResource.properties.exceptions.items, { $ref: '#/components/schemas/OccurrenceException' })
    assert.ok(!(schemas.AppointmentResource.required as string[]).includes('exceptions'), 'exceptions: a series only')
    assert.deepEqual(Object.keys(schemas.OccurrenceException.properties),
      ['occurrenceId', 'originalStartsAt', 'cancelled', 'subject', 'location', 'note', 'startsAt', 'endsAt', 'showAs'])
    assert.deepEqual(schemas.OccurrenceException.required, ['occurrenceId', 'originalStartsAt', 'cancelled'])
    for (const name of ['occurrenceId', 'originalStartsAt']) assert.ok(schemas.Occurrence.properties[name], name)

    const created = await postJson(server, {
      subject: 'Visning', startsAt: '2026-04-06T09:00:00', recurrence: true, recurrencePattern: 'Weekly',
      recurrenceDayOfWeeks: ['Monday'], recurrenceCount: 2,
    })
    const answer = await send(server, `${APPOINTMENT_PATH}/${created.json as string}/occurrences/20260406`, {
      method: 'PUT', body: JSON.stringify(item.put.requestBody.content['application/json'].example),
      headers: { 'content-type': 'application/json' },
    })
    assert.equal(answer.status, 200, answer.text)
    assert.equal(answer.json, '20260406')
    const shown = document.paths['/Appointment/{customerId}/{id}/{appointmentId}'].get.responses['200']
      .content['application/json'].example
    assert.deepEqual(shown.exceptions.map((exception: Json) => exception.cancelled), [true, false],
      'the GET-one example shows a cancelled and a moved occurrence')
  })
})
