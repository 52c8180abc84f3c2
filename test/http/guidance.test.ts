/**
 * Answers that point the way (issue 20), through real HTTP in JSON and XML: where the message
 * is the original platform's text it stays as it was and `messageDetail` (Web API's
 * MessageDetail) says what to do; where the message is ours it says so itself.
 */
import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { APPOINTMENT_PATH, postJson, postXml, send, type Answer } from '../helpers/requests.ts'
import { startServer, type TestServer } from '../helpers/server.ts'
import { APPOINTMENT_NAMESPACE } from '../../src/http/formats/xml.ts'

const XML = { accept: 'application/xml' }
const JSON_TYPE = { 'content-type': 'application/json' }
const BODY = { subject: 'Visning', startsAt: '2027-03-02T10:00:00' }

/** An XML answer's text with the five entities read back, to compare with what a client sees. */
function xmlText(answer: Answer): string {
  return answer.text.replaceAll('&lt;', '<').replaceAll('&gt;', '>').replaceAll('&quot;', '"').replaceAll('&apos;', "'")
    .replaceAll('&amp;', '&')
}

function messageDetail(answer: Answer): string {
  return (answer.json as { messageDetail?: string }).messageDetail ?? ''
}

function modelState(answer: Answer): Record<string, string[]> {
  return (answer.json as { modelState?: Record<string, string[]> }).modelState ?? {}
}

async function created(server: TestServer): Promise<string> {
  const answer = await postJson(server, BODY)
  assert.equal(answer.status, 200, answer.text)
  return `${APPOINTMENT_PATH}/${String(answer.json)}`
}

describe('a body without Content-Type', () => {
  test('is the 415 of the original, and messageDetail names application/json or application/xml and curl\'s -H', async (t) => {
    const server = await startServer(t)
    const body = new TextEncoder().encode(JSON.stringify(BODY))
    const answer = await send(server, APPOINTMENT_PATH, { body })
    assert.equal(answer.status, 415)
    assert.deepEqual(answer.json, {
      message: "The request entity's media type 'application/octet-stream' is not supported for this resource.",
      messageDetail: 'Send the body as JSON or XML and name it in the Content-Type header: application/json or '
        + "application/xml (with curl: -H 'Content-Type: application/json').",
    })
    const xml = await send(server, APPOINTMENT_PATH, { body, headers: XML })
    assert.match(xmlText(xml), /^<Error><Message>The request entity's media type 'application\/octet-stream' is not supported for this resource\.<\/Message><MessageDetail>Send the body as JSON or XML[^<]*application\/xml[^<]*<\/MessageDetail><\/Error>$/)
    const sent = await send(server, APPOINTMENT_PATH, { body: JSON.stringify(BODY), headers: JSON_TYPE })
    assert.equal(sent.status, 200, 'sent as the detail says, it is created')
  })
})

describe('If-Match', () => {
  test('unquoted (1) or weak (W/"1") is a 412 saying to send the ETag as given, quotes included; nothing changes', async (t) => {
    const server = await startServer(t)
    const item = await created(server)
    const etag = (await send(server, item, { method: 'GET' })).headers.get('etag')
    assert.equal(etag, '"1"')
    const replace = { ...BODY, subject: 'Ändrad' }
    for (const [ifMatch, quoted] of [['1', '"1"'], ['W/"1"', '"1"']] as const) {
      const put = await send(server, item, { method: 'PUT', body: JSON.stringify(replace), headers: { ...JSON_TYPE, 'if-match': ifMatch } })
      assert.equal(put.status, 412)
      assert.equal((put.json as { message: string }).message, `If-Match ${ifMatch} is not an ETag as this service sends it: `
        + `send the ETag header exactly as GET answered it, quotes included (If-Match: ${quoted}, not ${ifMatch}). `
        + 'A tag without quotes, or a weak one (W/"…"), never matches. Nothing was changed.')
      const deleted = await send(server, item, { method: 'DELETE', headers: { 'if-match': ifMatch, ...XML } })
      assert.equal(deleted.status, 412)
      assert.ok(xmlText(deleted).includes(`quotes included (If-Match: "1", not ${ifMatch})`), deleted.text)
    }
    const stale = await send(server, item, { method: 'PUT', body: JSON.stringify(replace), headers: { ...JSON_TYPE, 'if-match': '"7"' } })
    assert.match((stale.json as { message: string }).message, /^If-Match "7" does not match the appointment's current ETag: it has changed since it was read\./)
    assert.equal((await send(server, item, { method: 'GET' })).headers.get('etag'), '"1"', 'nothing was written')
    const asGiven = await send(server, item, { method: 'PUT', body: JSON.stringify(replace), headers: { ...JSON_TYPE, 'if-match': '"1"' } })
    assert.equal(asGiven.status, 200, 'sent with its quotes, as the message says, it replaces')
  })
})

describe('PUT and PATCH', () => {
  test('a PUT without the start or the subject says PUT replaces the whole appointment, beside the field\'s message', async (t) => {
    const server = await startServer(t)
    const item = await created(server)
    const hint = 'PUT replaces the whole appointment, it does not change single fields: send every field, as '
      + 'GET /Appointment/{customerId}/{id}/{appointmentId} answered it, with your changes.'
    const onlySubject = await send(server, item, { method: 'PUT', body: JSON.stringify({ Subject: 'Ny' }), headers: JSON_TYPE })
    assert.equal(onlySubject.status, 400)
    const state = modelState(onlySubject)
    assert.deepEqual(Object.keys(state), ['appointment.startsAt'])
    assert.match(state['appointment.startsAt']?.[0] ?? '', /^The start is required\./)
    assert.equal(state['appointment.startsAt']?.[1], hint)
    const xmlBody = `<Appointment xmlns="${APPOINTMENT_NAMESPACE}"><StartsAt>2027-03-02T10:00:00</StartsAt></Appointment>`
    const onlyStart = await send(server, item, { method: 'PUT', body: xmlBody, headers: { 'content-type': 'application/xml' } })
    assert.equal(onlyStart.status, 400, onlyStart.text)
    assert.ok(xmlText(onlyStart).includes(`<appointment.subject>The subject is required.`), onlyStart.text)
    assert.ok(xmlText(onlyStart).includes(hint), onlyStart.text)
    const tooLong = await send(server, item, { method: 'PUT', body: JSON.stringify({ ...BODY, subject: 'x'.repeat(256) }), headers: JSON_TYPE })
    assert.deepEqual(Object.values(modelState(tooLong)).flat().filter((message) => message === hint), [], 'sent, a field gets no hint')
    const created2 = await postJson(server, { location: 'x' })
    assert.ok(!created2.text.includes('PUT replaces'), 'a POST is not told about PUT')
  })

  test('a PATCH is the 405 of the original, with Allow, and messageDetail names PUT; another method only the allowed ones', async (t) => {
    const server = await startServer(t)
    const item = await created(server)
    const patch = await send(server, item, { method: 'PATCH', body: JSON.stringify({ subject: 'Ny' }), headers: JSON_TYPE })
    assert.equal(patch.status, 405)
    assert.equal(patch.headers.get('allow'), 'GET, PUT, DELETE, HEAD, OPTIONS')
    assert.deepEqual(patch.json, {
      message: "The requested resource does not support http method 'PATCH'.",
      messageDetail: 'This resource takes GET, PUT, DELETE, HEAD, OPTIONS. There is no partial update: PUT replaces '
        + 'the whole appointment, so send every field, as GET answered it, with your changes.',
    })
    const xml = await send(server, item, { method: 'PATCH', headers: XML })
    assert.match(xml.text, /<MessageDetail>This resource takes GET, PUT[^<]*PUT replaces the whole appointment[^<]*<\/MessageDetail>/)
    const collection = await send(server, APPOINTMENT_PATH, { method: 'DELETE' })
    assert.equal(messageDetail(collection), 'This resource takes POST, GET, HEAD, OPTIONS.')
  })
})

describe('XML clients get XML in the examples, JSON clients JSON', () => {
  test('a bad weekday list names <RecurrenceDayOfWeeks> and <DayOfWeek> elements to an XML client, JSON to a JSON one', async (t) => {
    const server = await startServer(t)
    const xml = await postXml(server, `<Appointment xmlns="${APPOINTMENT_NAMESPACE}">`
      + '<Subject>Visning</Subject><StartsAt>2027-03-02T10:00:00</StartsAt><Recurrence>true</Recurrence></Appointment>')
    assert.equal(xml.status, 400, xml.text)
    assert.ok(xmlText(xml).includes('needs <RecurrencePattern>: '), xml.text)
    assert.ok(xmlText(xml).includes('Or send <Recurrence>false</Recurrence>.'), xml.text)
    const json = await postJson(server, { ...BODY, recurrence: true, recurrencePattern: 'Weekly', recurrenceDayOfWeeks: 'Monday' })
    assert.match(modelState(json)['appointment.recurrenceDayOfWeeks']?.[0] ?? '',
      /^recurrenceDayOfWeeks must be a list of weekdays such as \["Monday", "Wednesday"\]/)
    const asXml = await postJson(server, { ...BODY, recurrence: true, recurrencePattern: 'Weekly', recurrenceDayOfWeeks: 'Monday' }, XML)
    const message = /<appointment\.recurrenceDayOfWeeks>([^]*?)<\/appointment\.recurrenceDayOfWeeks>/.exec(asXml.text)?.[1] ?? asXml.text
    assert.match(message.replaceAll('&lt;', '<').replaceAll('&gt;', '>').replaceAll('&quot;', '"'),
      /^<RecurrenceDayOfWeeks> must be a list of weekdays such as <DayOfWeek>Monday<\/DayOfWeek><DayOfWeek>Wednesday<\/DayOfWeek>, not/)
  })
})

describe('an unknown path', () => {
  test('is the 404 of the original, and messageDetail names the help index and /health/live, which answer', async (t) => {
    const server = await startServer(t)
    const answer = await send(server, '/Appointments/M30011', { method: 'GET' })
    assert.equal(answer.status, 404)
    assert.deepEqual(answer.json, {
      message: "No HTTP resource was found that matches the request URI '/Appointments/M30011'.",
      messageDetail: 'Every route is listed in the help pages: GET / (the help index). Whether the service runs: GET /health/live.',
    })
    assert.match((await send(server, '/nowhere', { method: 'GET', headers: XML })).text,
      /<MessageDetail>Every route is listed in the help pages: GET \/ \(the help index\)\. Whether the service runs: GET \/health\/live\.<\/MessageDetail>/)
    for (const path of ['/', '/health/live']) assert.equal((await send(server, path, { method: 'GET' })).status, 200, path)
  })
})
