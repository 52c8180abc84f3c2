/**
 * Fuzz against a real server on both backends: broken JSON and XML bodies, path and query
 * parameters and headers each answer a 4xx with a message (never a 5xx or a hang), and not
 * one row is written or changed. Fixed seed and bounded runs; FUZZ_RUNS and FUZZ_SEED run long.
 */
import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import fc from 'fast-check'
import { BACKENDS, FUZZ_SEED, appointmentRows, fuzzRuns, sendRaw, type RawRequest } from '../helpers/fuzz.ts'
import { APPOINTMENT_PATH, postJson } from '../helpers/requests.ts'
import { CUSTOMER_ID, OTHER_CUSTOMER_ID, startServer, type TestServer } from '../helpers/server.ts'

const VALID = { subject: 'Visning', startsAt: '2026-07-01T10:00:00', endsAt: '2026-07-01T11:00:00' }
const NS = 'http://schemas.datacontract.org/2004/07/Vitec.Housing.Connect.Api.Models.Appointment'
const MEGABYTE = 1024 * 1024

const wrongType = fc.oneof(
  fc.constant(null), fc.boolean(), fc.double(), fc.constantFrom(1e308, -1e308, 2 ** 64, Number.MAX_SAFE_INTEGER + 2),
  fc.array(fc.string(), { maxLength: 3 }), fc.dictionary(fc.string(), fc.string(), { maxKeys: 3 }),
)
const impossibleDate = fc.constantFrom(
  '2026-02-30T10:00:00', '2026-13-01T10:00:00', '2026-00-10T10:00:00', '2026-07-01T24:01:00', '2026-07-01T10:61:00',
  '2026-07-01T10:00:00+25:00', '2026-07-01T10:00:00+14:60', '2026-07-01T10:00:00-99:99', '+275760-09-14T00:00:00',
  '-271821-04-19T00:00:00', '0000-00-00T00:00:00', '2026-07-01T10:00:00ZZ', '2026-07-01 10:00:00 +0100 junk',
  '99999999999999999999', 'NaN', '', ' ', '2026-07-01T10:00:00[Mars/Olympus]', '2027-02-29T00:00:00',
)
const nonDate = fc.string({ maxLength: 40 }).filter((text) => !/^\d{4}-\d\d-\d\d/.test(text))

/** A valid body with one field broken: subject or a date of the wrong type, impossible or huge. */
const brokenField: fc.Arbitrary<Record<string, unknown>> = fc.oneof(
  wrongType.filter((value) => typeof value !== 'string').map((subject) => ({ ...VALID, subject })),
  fc.constantFrom('', ' \t ').map((subject) => ({ ...VALID, subject })),
  fc.tuple(fc.constantFrom('startsAt', 'endsAt'), fc.oneof(impossibleDate, nonDate, wrongType))
    .map(([field, value]) => ({ ...VALID, [field]: value })),
  fc.constantFrom('recurrenceInterval', 'recurrenceMonth', 'recurrenceDay').chain((field) =>
    fc.constantFrom(-1, 1e308, 2 ** 53, 1.5, 'sex', [1], {}).map((value) =>
      ({ ...VALID, recurrence: true, recurrencePattern: 'Daily', [field]: value }))),
  fc.oneof(fc.string(), fc.constant('Fortnightly')).map((recurrencePattern) =>
    ({ ...VALID, recurrence: true, recurrencePattern: `x${recurrencePattern}` })),
  fc.constantFrom('yes', 2, [], {}).map((allDayEvent) => ({ ...VALID, allDayEvent })),
)

function json(body: unknown): Pick<RawRequest, 'headers' | 'body'> {
  return { headers: { 'content-type': 'application/json' }, body: typeof body === 'string' ? body : JSON.stringify(body) }
}

function withoutSubject(): Record<string, unknown> {
  const { subject: _subject, ...rest } = VALID
  return rest
}

const utf8 = (text: string) => Buffer.from(text, 'utf8')

const jsonBodies: fc.Arbitrary<Pick<RawRequest, 'headers' | 'body'>> = fc.oneof(
  brokenField.map(json),
  // Not JSON, truncated JSON, JSON that is not an object.
  fc.string({ maxLength: 200 }).filter((text) => text.trim() !== '').map((text) => json(`{${text}`)),
  fc.integer({ min: 1, max: JSON.stringify(VALID).length - 1 }).map((cut) => json(JSON.stringify(VALID).slice(0, cut))),
  fc.oneof(fc.json(), fc.constantFrom('null', '[]', '"x"', '1e999', '-0', 'true')).filter((text) => !text.startsWith('{'))
    .map(json),
  // Deep nesting, up to 100,000 levels.
  fc.tuple(fc.integer({ min: 1, max: 100_000 }), fc.constantFrom('[', '{"a":')).map(([depth, open]) =>
    json(`{"subject":${open.repeat(depth)}1${(open === '[' ? ']' : '}').repeat(depth)},"startsAt":"2026-07-01T10:00:00"}`)),
  // Duplicate keys, the last one wrong (the last one counts, as in JSON.parse); __proto__ and constructor
  // keys supplying the subject.
  brokenField.map((broken) => json(`{${JSON.stringify(VALID).slice(1, -1)},${JSON.stringify(broken).slice(1, -1)}}`)),
  fc.constantFrom('__proto__', 'constructor', 'prototype').map((key) =>
    json(`{${JSON.stringify(withoutSubject()).slice(1, -1)},"${key}":{"subject":"Visning"}}`)),
  // 1 MB strings in any field, or as the whole body.
  fc.constantFrom('subject', 'location', 'note', 'startsAt', 'recurrencePattern').map((field) =>
    json({ ...VALID, startsAt: 'x', [field]: 'å'.repeat(MEGABYTE / 2) })),
  fc.constant(json('"'.padEnd(MEGABYTE, 'a'))),
  // Invalid UTF-8 and byte-order marks around a body that is otherwise broken too.
  fc.tuple(fc.uint8Array({ minLength: 1, maxLength: 4 }).map((bytes) => bytes.map((byte) => byte | 0x80)), brokenField)
    .map(([bad, broken]) => ({ headers: { 'content-type': 'application/json' },
      body: Buffer.concat([utf8(JSON.stringify(broken).slice(0, 12)), bad, utf8(JSON.stringify(broken).slice(12))]) })),
  fc.tuple(fc.constantFrom([0xef, 0xbb, 0xbf], [0xfe, 0xff], [0xff, 0xfe], [0xef, 0xbb, 0xbf, 0xef, 0xbb, 0xbf]), brokenField)
    .map(([bom, broken]) => ({ headers: { 'content-type': 'application/json' },
      body: Buffer.concat([Buffer.from(bom), utf8(JSON.stringify(broken))]) })),
  fc.constantFrom('utf-16', 'latin1', 'ebcdic', 'x-unknown').map((charset) =>
    ({ headers: { 'content-type': `application/json; charset=${charset}` }, body: utf8(JSON.stringify(withoutSubject())) })),
)

function xml(inner: string, prolog = '', namespace = NS): Pick<RawRequest, 'headers' | 'body'> {
  return { headers: { 'content-type': 'application/xml' }, body: `${prolog}<Appointment xmlns="${namespace}">${inner}</Appointment>` }
}

const VALID_XML = '<StartsAt>2026-07-01T10:00:00</StartsAt><Subject>Visning</Subject>'

const xmlBodies: fc.Arbitrary<Pick<RawRequest, 'headers' | 'body'>> = fc.oneof(
  // DTDs and entities: internal, external, parameter, billion laughs.
  fc.constantFrom(
    ['<!DOCTYPE Appointment [<!ENTITY s "Visning">]>', '<StartsAt>2026-07-01T10:00:00</StartsAt><Subject>&s;</Subject>'],
    ['<!DOCTYPE Appointment [<!ENTITY s SYSTEM "file:///etc/passwd">]>', '<StartsAt>2026-07-01T10:00:00</StartsAt><Subject>&s;</Subject>'],
    ['<!DOCTYPE Appointment SYSTEM "http://127.0.0.1:1/x.dtd">', VALID_XML],
    ['<!DOCTYPE Appointment [<!ENTITY % p SYSTEM "http://127.0.0.1:1/p"> %p;]>', VALID_XML],
    [`<!DOCTYPE Appointment [<!ENTITY a "aaaaaaaaaa">${Array.from({ length: 9 }, (_, level) =>
      `<!ENTITY ${'b'.repeat(level + 1)} "${`&${level === 0 ? 'a' : 'b'.repeat(level)};`.repeat(10)}">`).join('')}]>`,
    `<StartsAt>2026-07-01T10:00:00</StartsAt><Subject>&${'b'.repeat(9)};</Subject>`],
    ['', '<StartsAt>2026-07-01T10:00:00</StartsAt><Subject>&undefined;</Subject>'],
  ).map(([prolog, inner]) => xml(inner, prolog)),
  // Namespaces: wrong, missing, prefixed elsewhere.
  fc.constantFrom('', 'http://example.com/evil', `${NS}/`, 'urn:x').map((namespace) => xml(VALID_XML, '', namespace)),
  fc.constant({ headers: { 'content-type': 'application/xml' },
    body: `<a:Appointment xmlns:a="urn:other" xmlns="${NS}">${VALID_XML}</a:Appointment>` }),
  // Broken markup, impossible values, deep nesting, a 1 MB text.
  fc.string({ maxLength: 200 }).map((text) => xml(`<Subject>${text}`)),
  fc.tuple(fc.oneof(impossibleDate, nonDate), fc.constantFrom('StartsAt', 'EndsAt'))
    .map(([value, element]) => xml(`<${element}>${value.replaceAll('&', '&amp;').replaceAll('<', '&lt;')}</${element}>${
      element === 'StartsAt' ? '' : '<StartsAt>2026-07-01T10:00:00</StartsAt>'}<Subject>Visning</Subject>`)),
  fc.constantFrom('<AllDayEvent>ja</AllDayEvent>', '<RecurrenceInterval>1e308</RecurrenceInterval><Recurrence>true</Recurrence>',
    '<Subject i:nil="true" xmlns:i="http://www.w3.org/2001/XMLSchema-instance"/>', '<Subject><b>x</b></Subject>')
    .map((extra) => xml(`<StartsAt>2026-07-01T10:00:00</StartsAt>${extra}`)),
  fc.integer({ min: 1, max: 50_000 }).map((depth) =>
    xml(`<StartsAt>2026-07-01T10:00:00</StartsAt><Subject>${'<x>'.repeat(depth)}${'</x>'.repeat(depth)}</Subject>`)),
  fc.constant(xml(`<StartsAt>${'9'.repeat(MEGABYTE)}</StartsAt><Subject>Visning</Subject>`)),
  // A BOM before a body without StartsAt, or bytes that are not UTF-8 inside one.
  fc.tuple(fc.constantFrom([0xef, 0xbb, 0xbf], [0xfe, 0xff], [0xc3, 0x28], [0xff]), fc.boolean())
    .filter(([bytes, before]) => before || bytes[0] !== 0xef).map(([bytes, before]) =>
    ({ headers: { 'content-type': 'application/xml' }, body: before
      ? Buffer.concat([Buffer.from(bytes), utf8(`<Appointment xmlns="${NS}"><Subject>Visning</Subject></Appointment>`)])
      : Buffer.concat([utf8(`<Appointment xmlns="${NS}">${VALID_XML}<Note>`), Buffer.from(bytes), utf8('</Note></Appointment>')]) })),
)

const segment = fc.oneof(fc.string({ minLength: 1, maxLength: 80 }), fc.constantFrom('..', '%', '%00', '\u0000', 'a'.repeat(10_000),
  '__proto__', 'constructor', "' OR 1=1 --", 'M30011\n', 'S30164', 'm30011 ', '😀'))
  .map((text) => encodeURIComponent(text))
const junkQuery = fc.oneof(impossibleDate, nonDate, fc.constantFrom('1e999', '-1', '2026-07-01T10:00:00&from=x'))
  .map((text) => encodeURIComponent(text))

/** Requests through the path, query and headers; `authorization` is the seeded client's. */
function otherRequests(authorization: string, appointmentPath: string): fc.Arbitrary<RawRequest> {
  const auth = { authorization }
  return fc.oneof(
    fc.tuple(fc.constantFrom('GET', 'PUT', 'DELETE'), segment).map(([method, id]) =>
      ({ method, path: `${APPOINTMENT_PATH}/${id}`, ...json(VALID), headers: { ...auth, 'content-type': 'application/json' } })),
    fc.tuple(fc.constantFrom('GET', 'POST'), segment, segment).map(([method, customer, user]) =>
      ({ method, path: `/Appointment/${customer}/${user}`, ...json(VALID), headers: { ...auth, 'content-type': 'application/json' } })),
    fc.tuple(segment, segment).map(([customer, user]) => ({ method: 'GET', path: `/Calendar/${customer}/${user}.ics`, headers: auth })),
    fc.tuple(segment, fc.constantFrom(CUSTOMER_ID, OTHER_CUSTOMER_ID)).map(([user, customer]) =>
      ({ method: 'POST', path: `/Calendar/${customer}/${user}/feeds`, headers: auth })),
    segment.map((token) => ({ method: 'GET', path: `/Calendar/feed/${token}.ics`, headers: {} })),
    fc.tuple(junkQuery, junkQuery, fc.constantFrom('from', 'to', 'after')).map(([bad, other, name]) =>
      ({ method: 'GET', path: `${APPOINTMENT_PATH}?from=2026-07-01&to=2026-08-01&${name}=${bad}&${name}=${other}`, headers: auth })),
    fc.tuple(fc.string({ maxLength: 100 }), fc.constantFrom('Basic ', 'Bearer ', '', 'basic  ')).map(([junk, scheme]) =>
      ({ method: 'POST', path: APPOINTMENT_PATH, ...json(VALID),
        headers: { authorization: `${scheme}${Buffer.from(junk).toString('base64')}`, 'content-type': 'application/json' } })),
    fc.constantFrom('text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'application/jsonx',
      'application/json-patch+json', 'image/png', ';;;', 'application/').map((contentType) =>
      ({ method: 'POST', path: APPOINTMENT_PATH, headers: { ...auth, 'content-type': contentType }, body: JSON.stringify(VALID) })),
    fc.constantFrom('"x"', 'W/"1"', '"2", "3"', 'garbage', '"999999999999999999999"').map((ifMatch) =>
      ({ method: 'PUT', path: appointmentPath, ...json(VALID),
        headers: { ...auth, 'content-type': 'application/json', 'if-match': ifMatch } })),
  )
}

const headerValue = fc.string({ unit: fc.integer({ min: 0x20, max: 0x7e }).map((code) => String.fromCharCode(code)), maxLength: 200 })
/** Accept, If-Match, X-Request-Id and made-up headers with any printable value. */
const extraHeaders = fc.dictionary(
  fc.constantFrom('accept', 'if-match', 'if-none-match', 'x-request-id', 'x-forwarded-for', 'x-http-method-override', 'x-junk'),
  headerValue, { maxKeys: 3 })

function bodyRequests(authorization: string, appointmentPath: string): fc.Arbitrary<RawRequest> {
  return fc.tuple(fc.oneof(jsonBodies, xmlBodies), extraHeaders, fc.constantFrom({ method: 'POST', path: APPOINTMENT_PATH },
    { method: 'PUT', path: appointmentPath })).map(([body, headers, target]) =>
    ({ ...target, ...body, headers: { ...headers, ...body.headers, authorization } }))
}

function describeRequest(request: RawRequest): string {
  const body = request.body === undefined ? '' : Buffer.from(request.body).subarray(0, 300).toString('utf8')
  return `${request.method} ${request.path.slice(0, 300)} ${JSON.stringify(request.headers)} ${body}`
}

/** A JSON `{ "message": "…" }` or an XML `<Error><Message>…</Message>`, not empty. */
function hasMessage(text: string): boolean {
  if (/^<Error[^>]*><Message>[^<]+<\/Message>/.test(text)) return true
  try {
    const { message } = JSON.parse(text) as { message?: unknown }
    return typeof message === 'string' && message.trim() !== ''
  } catch {
    return false
  }
}

async function answersClientError(server: TestServer, request: RawRequest): Promise<void> {
  const answer = await sendRaw(server, request.method === 'GET' ? { ...request, body: undefined } : request)
  const context = `${describeRequest(request)}\n→ ${answer.status} ${answer.text.slice(0, 300)}`
  assert.ok(answer.status >= 400 && answer.status < 500, context)
  assert.ok(hasMessage(answer.text), `no message: ${context}`)
  assert.doesNotMatch(answer.text, /\bat [\w.<>]+ \(|node:internal|\.ts:\d+/, `a stack trace: ${context}`)
}

async function fuzzServer(server: TestServer, requests: fc.Arbitrary<RawRequest>, runs: number): Promise<void> {
  const before = await appointmentRows(server)
  await fc.assert(fc.asyncProperty(requests, (request) => answersClientError(server, request)),
    { seed: FUZZ_SEED, numRuns: fuzzRuns(runs), endOnFailure: true })
  assert.deepEqual(await appointmentRows(server), before, 'no appointment written, changed or deleted')
}

async function serverWithOneAppointment(t: Parameters<typeof startServer>[0], databaseUrl: string | undefined) {
  const server = await startServer(t, { databaseUrl })
  const created = await postJson(server, VALID)
  assert.equal(created.status, 200, created.text)
  return { server, appointmentPath: `${APPOINTMENT_PATH}/${created.json as string}` }
}

for (const backend of BACKENDS) {
  describe(`fuzz on ${backend.name}`, { skip: backend.skip }, () => {
    test('broken JSON and XML bodies on create and replace: a 4xx with a message, nothing written', async (t) => {
      const { server, appointmentPath } = await serverWithOneAppointment(t, await backend.databaseUrl(t))
      await fuzzServer(server, bodyRequests(server.authorization, appointmentPath), 150)
    })

    test('junk paths, query parameters and headers: a 4xx with a message, nothing written', async (t) => {
      const { server, appointmentPath } = await serverWithOneAppointment(t, await backend.databaseUrl(t))
      await fuzzServer(server, otherRequests(server.authorization, appointmentPath), 100)
    })
  })
}

