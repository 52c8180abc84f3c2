import assert from 'node:assert/strict'
import { MEDIA_TYPE_DETAIL } from '../../src/http/http-error.ts'
import { readFile } from 'node:fs/promises'
import { DatabaseSync } from 'node:sqlite'
import { describe, test } from 'node:test'
import { hashPassword } from '../../src/domain/password.ts'
import {
  APPOINTMENT_PATH, modelStateKeys, postJson, postXml, send, type Answer,
} from '../helpers/requests.ts'
import {
  CUSTOMER_ID, OTHER_CUSTOMER_ID, PASSWORD, USER_ID, USERNAME, basicAuthorization, startServer, type TestServer,
} from '../helpers/server.ts'

const SEED_JSON = await readFile(new URL('../fixtures/seed-appointment.json', import.meta.url), 'utf8')
const SEED_XML = await readFile(new URL('../fixtures/seed-appointment.xml', import.meta.url), 'utf8')
const NS = 'http://schemas.datacontract.org/2004/07/Vitec.Housing.Connect.Api.Models.Appointment'
const ID_IN_XML = /^<string xmlns="http:\/\/schemas\.microsoft\.com\/2003\/10\/Serialization\/">([\w-]{1,64})<\/string>$/

function createdId(answer: Answer): string {
  assert.equal(answer.status, 200, answer.text)
  assert.equal(typeof answer.json, 'string')
  return answer.json as string
}

async function stored(server: TestServer, appointmentId: string) {
  const appointment = await server.store.getAppointment({ customerId: CUSTOMER_ID, userId: USER_ID, appointmentId })
  assert.ok(appointment, `appointment ${appointmentId} is stored`)
  return appointment
}

async function appointmentCount(server: TestServer): Promise<number> {
  const db = new DatabaseSync(server.databasePath, { readOnly: true })
  try {
    return Number(db.prepare('SELECT count(*) AS n FROM appointments').get()?.n)
  } finally {
    db.close()
  }
}

describe('POST Appointment/{customerId}/{id} succeeds', () => {
  test('the seed JSON body, byte for byte, creates the appointment and answers its id', async (t) => {
    const server = await startServer(t)
    const answer = await postJson(server, SEED_JSON)
    const id = createdId(answer)
    assert.match(id, /^[A-Za-z0-9_-]{1,64}$/)
    assert.match(answer.headers.get('content-type') ?? '', /^application\/json/)
    assert.equal(answer.headers.get('location'), `/Appointment/${CUSTOMER_ID}/${USER_ID}/${id}`)
    assert.match(answer.headers.get('x-request-id') ?? '', /^[0-9a-f-]{36}$/)
    const appointment = await stored(server, id)
    assert.equal(appointment.subject, 'sample string 1')
    assert.equal(appointment.location, 'sample string 2')
    assert.equal(appointment.note, 'sample string 5')
    assert.equal(appointment.allDayEvent, true)
    assert.equal(appointment.startsAt, '2025-11-08T00:00:00')
    assert.equal(appointment.timeZone, 'Europe/Stockholm')
    assert.deepEqual(appointment.recurrence, {
      pattern: 'Daily', interval: 6, daysOfWeek: [], month: null, day: null, endsOn: null, count: null,
    })
  })

  test('the seed XML body, byte for byte, answers the id as a serialized string', async (t) => {
    const server = await startServer(t)
    const answer = await postXml(server, SEED_XML)
    assert.equal(answer.status, 200, answer.text)
    assert.match(answer.headers.get('content-type') ?? '', /^application\/xml/)
    const id = ID_IN_XML.exec(answer.text)?.[1]
    assert.ok(id, answer.text)
    const appointment = await stored(server, id)
    assert.equal(appointment.subject, 'sample string 1')
    assert.equal(appointment.recurrence?.interval, 6)
  })

  test('a timed appointment keeps its wall time and zone; an offset date is converted to the zone', async (t) => {
    const server = await startServer(t)
    const local = await stored(server, createdId(await postJson(server,
      { subject: 'Visning', startsAt: '2026-07-01T10:00:00', endsAt: '2026-07-01T11:30:00.1234567' })))
    assert.equal(local.startsAt, '2026-07-01T10:00:00')
    assert.equal(local.endsAt, '2026-07-01T11:30:00.1234567')
    const offset = await stored(server, createdId(await postJson(server,
      { subject: 'Visning', startsAt: '2026-07-01T08:00:00Z' })))
    assert.equal(offset.startsAt, '2026-07-01T10:00:00')
    assert.equal(offset.endsAt, offset.startsAt, 'a missing endsAt equals startsAt')
  })

  test('offsets may be written +02:00, +0200 or +02 (PHP DATE_ISO8601), and z or Z', async (t) => {
    const server = await startServer(t)
    for (const startsAt of ['2026-07-01T10:00:00+02:00', '2026-07-01T10:00:00+0200', '2026-07-01T10:00:00+02',
      '2026-07-01T08:00:00z', '2026-07-01T03:15:00-0445']) {
      const appointment = await stored(server, createdId(await postJson(server, { subject: 'x', startsAt })))
      assert.equal(appointment.startsAt, '2026-07-01T10:00:00', startsAt)
    }
  })

  test('Microsoft JSON dates (\\/Date(ms)\\/, as DataContractJsonSerializer writes them) are instants', async (t) => {
    const server = await startServer(t)
    const ms = Date.UTC(2026, 6, 1, 8)
    for (const startsAt of [`/Date(${ms})/`, `/Date(${ms}+0200)/`, `/Date(${ms}-0500)/`]) {
      const appointment = await stored(server, createdId(await postJson(server, { subject: 'x', startsAt })))
      assert.equal(appointment.startsAt, '2026-07-01T10:00:00', startsAt)
    }
    const escaped = await postJson(server, `{"subject":"x","startsAt":"\\/Date(${ms})\\/"}`)
    assert.equal((await stored(server, createdId(escaped))).startsAt, '2026-07-01T10:00:00')
  })

  test('route matching and ids are case-insensitive, as in the original', async (t) => {
    const server = await startServer(t)
    const answer = await send(server, `/appointment/${CUSTOMER_ID.toLowerCase()}/${USER_ID.toLowerCase()}`, {
      body: '{"subject":"x","startsAt":"2026-01-01T10:00:00"}', headers: { 'content-type': 'application/json' },
    })
    const appointment = await stored(server, createdId(answer))
    assert.equal(appointment.customerId, CUSTOMER_ID)
  })

  test('JSON property names match in any case and unknown properties are ignored', async (t) => {
    const server = await startServer(t)
    const id = createdId(await postJson(server, {
      SUBJECT: 'Case', StartsAt: '2026-01-05T09:00:00', rEcUrReNcE: true, recurrencepattern: 'weekly',
      RecurrenceDayOfWeeks: ['friday', 1, 'Monday'], unknownThing: { nested: true },
    }))
    const appointment = await stored(server, id)
    assert.equal(appointment.subject, 'Case')
    assert.deepEqual(appointment.recurrence?.daysOfWeek, ['Monday', 'Friday'])
  })

  test('enums accept the documented integers', async (t) => {
    const server = await startServer(t)
    const id = createdId(await postJson(server, {
      subject: 'Ints', startsAt: '2026-01-05T09:00:00', recurrence: true, recurrencePattern: 1,
      recurrenceDayOfWeeks: [0, 6],
    }))
    assert.deepEqual((await stored(server, id)).recurrence?.daysOfWeek, ['Saturday', 'Sunday'])
  })

  test('XML in any element order, DayOfWeek in the System namespace and any case, i:nil and charset', async (t) => {
    const server = await startServer(t)
    const xml = `<?xml version="1.0" encoding="utf-8"?>
<Appointment xmlns:i="http://www.w3.org/2001/XMLSchema-instance" xmlns="${NS}">
  <Subject>Möte &amp; visning</Subject>
  <StartsAt>2026-03-02T09:00:00</StartsAt>
  <RecurrenceDayOfWeeks xmlns:d2p1="http://schemas.datacontract.org/2004/07/System">
    <d2p1:DayOfWeek>Wednesday</d2p1:DayOfWeek><d2p1:dayofweek>Monday</d2p1:dayofweek>
  </RecurrenceDayOfWeeks>
  <RecurrencePattern>Weekly</RecurrencePattern>
  <Note i:nil="true"/>
  <Recurrence>1</Recurrence>
  <RecurrenceInterval>2</RecurrenceInterval>
  <AllDayEvent>false</AllDayEvent>
</Appointment>`
    const answer = await postXml(server, xml, { 'content-type': 'text/xml; charset=utf-8' })
    assert.equal(answer.status, 200, answer.text)
    const appointment = await stored(server, ID_IN_XML.exec(answer.text)?.[1] ?? '')
    assert.equal(appointment.subject, 'Möte & visning')
    assert.equal(appointment.note, null)
    assert.deepEqual(appointment.recurrence?.daysOfWeek, ['Monday', 'Wednesday'])
    assert.equal(appointment.recurrence?.interval, 2)
  })

  test('text/json with a charset is JSON', async (t) => {
    const server = await startServer(t)
    createdId(await postJson(server, { subject: 'x', startsAt: '2026-01-01' },
      { 'content-type': 'text/json; charset=utf-8' }))
  })

  test('recurrence false ignores the recurrence fields', async (t) => {
    const server = await startServer(t)
    const id = createdId(await postJson(server, {
      subject: 'x', startsAt: '2026-01-01T10:00:00', recurrence: false, recurrenceInterval: 5,
      recurrenceMonth: 2, recurrenceDay: 30,
    }))
    assert.equal((await stored(server, id)).recurrence, null)
  })

  test('monthly and yearly fill in missing days from the start; Feb 29 is a valid yearly day', async (t) => {
    const server = await startServer(t)
    const monthly = await stored(server, createdId(await postJson(server,
      { subject: 'm', startsAt: '2026-01-31T10:00:00', recurrence: true, recurrencePattern: 'Monthly' })))
    assert.equal(monthly.recurrence?.day, 31)
    const yearly = await stored(server, createdId(await postJson(server, {
      subject: 'y', startsAt: '2026-01-10T10:00:00', recurrence: true, recurrencePattern: 'Yearly',
      recurrenceMonth: 2, recurrenceDay: 29,
    })))
    assert.deepEqual([yearly.recurrence?.month, yearly.recurrence?.day], [2, 29])
  })
})

describe('bodies are read in the encoding the client wrote', () => {
  const xmlWithSubject = (subject: string, declaration = '') =>
    `${declaration}<Appointment xmlns="${NS}"><Subject>${subject}</Subject><StartsAt>2026-03-02T09:00:00</StartsAt></Appointment>`
  const bytes = (...parts: (string | Buffer)[]) => Buffer.concat(parts.map((part) => Buffer.from(part)))
  const BOM = Buffer.from([0xEF, 0xBB, 0xBF])

  async function subjectOf(server: TestServer, answer: Answer): Promise<string> {
    assert.equal(answer.status, 200, answer.text)
    const id = typeof answer.json === 'string' ? answer.json : ID_IN_XML.exec(answer.text)?.[1] ?? ''
    return (await stored(server, id)).subject
  }

  test('a UTF-8 byte-order mark before JSON or XML is skipped, as .NET writes it', async (t) => {
    const server = await startServer(t)
    const json = await send(server, APPOINTMENT_PATH, {
      body: bytes(BOM, '{"subject":"Möte","startsAt":"2026-03-02T09:00:00"}'),
      headers: { 'content-type': 'application/json; charset=utf-8' },
    })
    assert.equal(await subjectOf(server, json), 'Möte')
    const xml = await send(server, APPOINTMENT_PATH, {
      body: bytes(BOM, xmlWithSubject('Möte', '<?xml version="1.0" encoding="utf-8"?>')),
      headers: { 'content-type': 'application/xml' },
    })
    assert.equal(await subjectOf(server, xml), 'Möte')
  })

  test('UTF-16 with its mark, a charset, or an ASCII-compatible XML declaration decide the encoding', async (t) => {
    const server = await startServer(t)
    const utf16 = Buffer.from(`\uFEFF${xmlWithSubject('Möte', '<?xml version="1.0" encoding="utf-16"?>')}`, 'utf16le')
    assert.equal(await subjectOf(server, await send(server, APPOINTMENT_PATH,
      { body: utf16, headers: { 'content-type': 'text/xml; charset=utf-16' } })), 'Möte')
    // A StringWriter's "utf-16" declaration over UTF-8 bytes is UTF-8.
    assert.equal(await subjectOf(server, await postXml(server,
      xmlWithSubject('Möte', '<?xml version="1.0" encoding="utf-16"?>'))), 'Möte')
    assert.equal(await subjectOf(server, await send(server, APPOINTMENT_PATH, {
      body: Buffer.from('{"subject":"Möte","startsAt":"2026-03-02"}', 'latin1'),
      headers: { 'content-type': 'application/json; charset="ISO-8859-1"' },
    })), 'Möte')
    assert.equal(await subjectOf(server, await send(server, APPOINTMENT_PATH, {
      body: Buffer.from(xmlWithSubject('Möte', '<?xml version="1.0" encoding="ISO-8859-1"?>'), 'latin1'),
      headers: { 'content-type': 'application/xml' },
    })), 'Möte')
  })

  test('bytes that are not valid in the encoding, or an unknown charset, are a 400 saying to send UTF-8', async (t) => {
    const server = await startServer(t)
    const latin1 = Buffer.from('{"subject":"Möte","startsAt":"2026-03-02"}', 'latin1')
    for (const contentType of ['application/json', 'application/json; charset=klingon']) {
      const answer = await send(server, APPOINTMENT_PATH, { body: latin1, headers: { 'content-type': contentType } })
      assert.equal(answer.status, 400, answer.text)
      assert.deepEqual(modelStateKeys(answer), ['appointment'])
      assert.match(answer.text, /Send the body as UTF-8/)
    }
    assert.equal(await appointmentCount(server), 0)
  })
})

describe('POST answers 400 with every problem at once and writes nothing', () => {
  async function expectInvalid(server: TestServer, body: unknown, keys: string[]): Promise<Answer> {
    const answer = await postJson(server, body)
    assert.equal(answer.status, 400, answer.text)
    assert.equal((answer.json as { message: string }).message, 'The request is invalid.')
    assert.deepEqual(modelStateKeys(answer), [...keys].sort())
    return answer
  }

  test('missing required fields, wrong types and out-of-range values, each under its key', async (t) => {
    const server = await startServer(t)
    const answer = await expectInvalid(server, {
      location: 5, allDayEvent: 'yes', recurrenceInterval: 1.5, recurrencePattern: 9,
      recurrenceDayOfWeeks: ['Funday', 'Monday', 7], note: 'x'.repeat(10_001),
    }, [
      'appointment.subject', 'appointment.startsAt', 'appointment.location', 'appointment.allDayEvent',
      'appointment.recurrenceInterval', 'appointment.recurrencePattern', 'appointment.recurrenceDayOfWeeks[0]',
      'appointment.recurrenceDayOfWeeks[2]', 'appointment.note',
    ])
    const modelState = (answer.json as { modelState: Record<string, string[]> }).modelState
    assert.match(modelState['appointment.recurrencePattern']?.[0] ?? '', /"Daily" \(0\)/)
    assert.match(modelState['appointment.note']?.[0] ?? '', /at most 10000/)
    assert.equal(await appointmentCount(server), 0)
  })

  test('null for a non-nullable value is a 400; null strings mean "not given"', async (t) => {
    const server = await startServer(t)
    await expectInvalid(server, { subject: 'x', startsAt: '2026-01-01T10:00:00', allDayEvent: null, recurrenceDay: null },
      ['appointment.allDayEvent', 'appointment.recurrenceDay'])
    await expectInvalid(server, { subject: null, startsAt: null }, ['appointment.subject', 'appointment.startsAt'])
    createdId(await postJson(server, { subject: 'x', startsAt: '2026-01-01T10:00:00', location: null, recurrenceDayOfWeeks: null }))
  })

  test('dates must exist and be ISO 8601 with at most 7 fraction digits', async (t) => {
    const server = await startServer(t)
    for (const startsAt of ['2026-02-30T10:00:00', '2026-01-01T25:00:00', '01/02/2026', '2026-01-01T10:00:00.12345678', 20260101]) {
      await expectInvalid(server, { subject: 'x', startsAt }, ['appointment.startsAt'])
    }
  })

  test('timeZone must be an IANA name; names longer than any IANA name are refused unread', async (t) => {
    const server = await startServer(t)
    for (const timeZone of ['+01:00', 'W. Europe Standard Time', '', `Europe/${'x'.repeat(100_000)}`, 5]) {
      await expectInvalid(server, { subject: 'x', startsAt: '2026-01-01', timeZone }, ['appointment.timeZone'])
    }
    const id = createdId(await postJson(server, { subject: 'x', startsAt: '2026-01-01', timeZone: ' america/new_york ' }))
    assert.equal((await stored(server, id)).timeZone, 'America/New_York')
  })

  test('a date whose offset moves it out of the years 0001 to 9999 in the zone is a 400', async (t) => {
    const server = await startServer(t)
    await expectInvalid(server, { subject: 'x', startsAt: '0001-01-01T00:00:00+14:00' }, ['appointment.startsAt'])
    await expectInvalid(server, { subject: 'x', startsAt: '9999-12-31T12:00:00', endsAt: '9999-12-31T23:00:00-12:00' },
      ['appointment.endsAt'])
    await expectInvalid(server, {
      subject: 'x', startsAt: '9999-12-01', recurrence: true, recurrencePattern: 'Daily',
      recurrenceEndsAt: '9999-12-31T23:00:00-12:00',
    }, ['appointment.recurrenceEndsAt'])
    createdId(await postJson(server, { subject: 'x', startsAt: '0001-01-01T00:00:00', endsAt: '9999-12-31T23:59:59.9999999' }))
  })

  test('blank subject, too long subject, end before start', async (t) => {
    const server = await startServer(t)
    await expectInvalid(server, { subject: '   ', startsAt: '2026-01-01T10:00:00' }, ['appointment.subject'])
    await expectInvalid(server, { subject: ' ', startsAt: 'soon' }, ['appointment.subject', 'appointment.startsAt'])
    await expectInvalid(server, { subject: 'x'.repeat(256), startsAt: '2026-01-01T10:00:00' }, ['appointment.subject'])
    await expectInvalid(server, { subject: 'x', startsAt: '2026-01-01T10:00:00', endsAt: '2026-01-01T09:59:59' },
      ['appointment.endsAt'])
  })

  test('text XML cannot carry (NUL, control characters, lone surrogates) is a 400 naming the character', async (t) => {
    const server = await startServer(t)
    const answer = await expectInvalid(server, {
      subject: 'a\u0000b', location: 'x\uD800y', note: 'ok\u0007', startsAt: '2026-01-01T10:00:00',
    }, ['appointment.subject', 'appointment.location', 'appointment.note'])
    const modelState = (answer.json as { modelState: Record<string, string[]> }).modelState
    assert.match(modelState['appointment.subject']?.[0] ?? '', /U\+0000 at position 2/)
    assert.match(modelState['appointment.location']?.[0] ?? '', /U\+D800 at position 2/)
    for (const subject of ['a&#1;b', 'a&#xD800;b', 'a\u0000b']) {
      const xml = await postXml(server, `<Appointment xmlns="${NS}"><Subject>${subject}</Subject><StartsAt>2026-01-01</StartsAt></Appointment>`)
      assert.equal(xml.status, 400, xml.text)
      assert.match(xml.text, /<appointment>The request body is not well-formed XML: .*(U\+0000|&amp;#1;|&amp;#xD800;)/)
    }
    const id = createdId(await postJson(server, { subject: 'Tab\there 😀', note: 'rad ett\r\nrad två', startsAt: '2026-01-01' }))
    assert.equal((await stored(server, id)).subject, 'Tab\there 😀')
  })

  test('recurrence rules: pattern required, yearly day must exist, overlap with the period, count xor end', async (t) => {
    const server = await startServer(t)
    const base = { subject: 'x', startsAt: '2026-01-01T10:00:00', recurrence: true }
    await expectInvalid(server, base, ['appointment.recurrencePattern'])
    await expectInvalid(server, { ...base, recurrencePattern: 'Yearly', recurrenceMonth: 2, recurrenceDay: 30 },
      ['appointment.recurrenceDay'])
    await expectInvalid(server, { ...base, recurrencePattern: 'Yearly', recurrenceMonth: 13 }, ['appointment.recurrenceMonth'])
    await expectInvalid(server, { ...base, recurrencePattern: 'Daily', endsAt: '2026-01-02T10:00:01' }, ['appointment.endsAt'])
    createdId(await postJson(server, { ...base, recurrencePattern: 'Daily', endsAt: '2026-01-02T10:00:00' }))
    await expectInvalid(server, { ...base, recurrencePattern: 'Daily', recurrenceCount: 3, recurrenceEndsAt: '2026-02-01' },
      ['appointment.recurrenceCount'])
    await expectInvalid(server, { ...base, recurrencePattern: 'Daily', recurrenceInterval: 1000 },
      ['appointment.recurrenceInterval'])
  })

  test('an unreadable body is reported under "appointment"', async (t) => {
    const server = await startServer(t)
    for (const body of ['{"subject":', '[]', '"text"', '']) {
      const answer = await postJson(server, body)
      assert.equal(answer.status, 400, `${body}: ${answer.text}`)
      assert.deepEqual(modelStateKeys(answer), ['appointment'])
    }
  })

  test('XML: wrong root or namespace, malformed, DTD and entities are refused', async (t) => {
    const server = await startServer(t)
    const bodies = [
      `<Meeting xmlns="${NS}"><Subject>x</Subject></Meeting>`,
      '<Appointment><Subject>x</Subject><StartsAt>2026-01-01T10:00:00</StartsAt></Appointment>',
      `<Appointment xmlns="${NS}"><Subject>x</Subject>`,
      `<?xml version="1.0"?><!DOCTYPE a [<!ENTITY boom "boom">]><Appointment xmlns="${NS}"><Subject>&boom;</Subject></Appointment>`,
      `<Appointment xmlns="${NS}"><Subject>&boom;</Subject><StartsAt>2026-01-01</StartsAt></Appointment>`,
      `<Appointment xmlns="${NS}"><Subject>a&nbsp;b</Subject><StartsAt>2026-01-01</StartsAt></Appointment>`,
      `<Appointment xmlns="${NS}"><Note>${'<a>'.repeat(1000)}${'</a>'.repeat(1000)}</Note></Appointment>`,
      `<Appointment xmlns="${NS}">${'<!--&x;'.repeat(100_000)}`, // once a quadratic scan: 30 s per request
    ]
    for (const body of bodies) {
      const answer = await postXml(server, body)
      assert.equal(answer.status, 400, `${body}: ${answer.text}`)
      assert.match(answer.text, /^<Error><Message>The request is invalid\.<\/Message><ModelState><appointment>/)
    }
    assert.equal(await appointmentCount(server), 0)
  })

  test('XML: an element twice, or elements where a value belongs, are a 400 under the field, never dropped', async (t) => {
    const server = await startServer(t)
    const cases: [string, string, RegExp][] = [
      ['<Subject>a</Subject><subject>b</subject>', 'subject', /appears 2 times/],
      ['<Subject>a <b>bold</b></Subject>', 'subject', /holds an element <b> where its value belongs/],
      ['<RecurrenceDayOfWeeks><Day>Monday</Day></RecurrenceDayOfWeeks>', 'recurrenceDayOfWeeks', /Send DayOfWeek elements/],
    ]
    for (const [elements, field, message] of cases) {
      const answer = await postXml(server, `<Appointment xmlns="${NS}">${elements}<StartsAt>2026-01-01</StartsAt></Appointment>`)
      assert.equal(answer.status, 400, answer.text)
      const problem = new RegExp(`<appointment\\.${field}>([^<]*)</appointment\\.${field}>`).exec(answer.text)?.[1] ?? ''
      assert.match(problem.replaceAll('&lt;', '<').replaceAll('&gt;', '>'), message)
    }
    assert.equal(await appointmentCount(server), 0)
  })

  test('XML field problems use the same keys as JSON', async (t) => {
    const server = await startServer(t)
    const answer = await postXml(server,
      `<Appointment xmlns="${NS}"><AllDayEvent>yes</AllDayEvent><RecurrenceInterval>two</RecurrenceInterval></Appointment>`)
    assert.equal(answer.status, 400)
    for (const key of ['appointment.subject', 'appointment.startsAt', 'appointment.allDayEvent', 'appointment.recurrenceInterval']) {
      assert.ok(answer.text.includes(`<${key}>`), `${key} in ${answer.text}`)
    }
  })
})

describe('authentication and access', () => {
  const validBody = { subject: 'x', startsAt: '2026-01-01T10:00:00' }

  test('401 without, with malformed or with wrong credentials, with WWW-Authenticate', async (t) => {
    const server = await startServer(t)
    const headers = [
      {},
      { authorization: 'Bearer abc' },
      { authorization: 'Basic !!!' },
      { authorization: basicAuthorization(USERNAME, 'wrong password') },
      { authorization: basicAuthorization('nobody', PASSWORD) },
    ]
    for (const header of headers) {
      const answer = await send(server, APPOINTMENT_PATH, {
        body: JSON.stringify(validBody), headers: { 'content-type': 'application/json', authorization: '', ...header },
      })
      assert.equal(answer.status, 401, JSON.stringify(header))
      assert.deepEqual(answer.json, { message: 'Authorization has been denied for this request.' })
      assert.match(answer.headers.get('www-authenticate') ?? '', /^Basic realm=".+"$/)
    }
    assert.equal(await appointmentCount(server), 0)
  })

  test('the scheme is case-insensitive ("basic" as in the seed samples)', async (t) => {
    const server = await startServer(t)
    const answer = await postJson(server, validBody,
      { authorization: basicAuthorization(USERNAME, PASSWORD).replace('Basic', 'basic') })
    createdId(answer)
  })

  test('credentials are UTF-8 or, when not valid UTF-8, ISO-8859-1; a colon may be in the password', async (t) => {
    const server = await startServer(t)
    const password = 'lösen:ord med åäö'
    await server.store.addClient({ username: 'mäklare', passwordHash: await hashPassword(password), customerIds: [CUSTOMER_ID] })
    for (const encoding of ['utf8', 'latin1'] as const) {
      const authorization = `Basic ${Buffer.from(`mäklare:${password}`, encoding).toString('base64')}`
      createdId(await postJson(server, validBody, { authorization }))
    }
  })

  test('403 for a customer the client has no grant for, existing or not', async (t) => {
    const server = await startServer(t)
    for (const customerId of [OTHER_CUSTOMER_ID, 'G2']) {
      const answer = await send(server, `/Appointment/${customerId}/${USER_ID}`, {
        body: JSON.stringify(validBody), headers: { 'content-type': 'application/json' },
      })
      assert.equal(answer.status, 403)
      assert.match((answer.json as { message: string }).message, /no access/)
    }
  })

  test('404 for an unknown user in a granted customer', async (t) => {
    const server = await startServer(t)
    const answer = await send(server, `/Appointment/${CUSTOMER_ID}/NOBODY`, {
      body: JSON.stringify(validBody), headers: { 'content-type': 'application/json' },
    })
    assert.equal(answer.status, 404)
    assert.match((answer.json as { message: string }).message, /NOBODY/)
  })

  test('logs never hold the password or the Authorization header', async (t) => {
    const server = await startServer(t)
    await postJson(server, validBody)
    await postJson(server, validBody, { authorization: basicAuthorization(USERNAME, 'a wrong secret') })
    const logs = server.logs.join('')
    assert.ok(logs.includes('"statusCode":200'), 'requests are logged')
    for (const secret of [PASSWORD, 'a wrong secret', Buffer.from(`${USERNAME}:${PASSWORD}`).toString('base64')]) {
      assert.ok(!logs.includes(secret), `log contains ${secret}`)
    }
  })
})

describe('media types and content negotiation', () => {
  test('415 for an unsupported or missing Content-Type, with the framework message', async (t) => {
    const server = await startServer(t)
    const plain = await send(server, APPOINTMENT_PATH, { body: 'subject=x', headers: { 'content-type': 'text/plain' } })
    assert.equal(plain.status, 415)
    assert.deepEqual(plain.json,
      { message: "The request entity's media type 'text/plain' is not supported for this resource.", messageDetail: MEDIA_TYPE_DETAIL })
    const none = await send(server, APPOINTMENT_PATH, { body: new Uint8Array([123, 125]) as unknown as string })
    assert.equal(none.status, 415)
    const empty = await send(server, APPOINTMENT_PATH)
    assert.equal(empty.status, 415)
    assert.match((empty.json as { message: string }).message, /application\/octet-stream/)
  })

  const body = JSON.stringify({ subject: 'x', startsAt: '2026-01-01T10:00:00' })
  const cases: Array<[string, Record<string, string>, 'json' | 'xml']> = [
    ['no Accept: JSON body → JSON', { 'content-type': 'application/json' }, 'json'],
    ['Accept xml wins over a JSON body', { 'content-type': 'application/json', accept: 'application/xml' }, 'xml'],
    ['text/xml accept', { 'content-type': 'application/json', accept: 'text/xml' }, 'xml'],
    ['q-values decide', { 'content-type': 'application/json', accept: 'application/json;q=0.5, application/xml;q=0.9' }, 'xml'],
    ['*/* falls back to the Content-Type', { 'content-type': 'application/json', accept: '*/*' }, 'json'],
    ['an unusable Accept falls back to the Content-Type', { 'content-type': 'application/json', accept: 'text/html' }, 'json'],
  ]
  for (const [name, headers, format] of cases) {
    test(name, async (t) => {
      const server = await startServer(t)
      const answer = await send(server, APPOINTMENT_PATH, { body, headers })
      assert.equal(answer.status, 200)
      assert.match(answer.headers.get('content-type') ?? '', format === 'xml' ? /^application\/xml/ : /^application\/json/)
    })
  }

  test('an XML POST with Accept */* gets XML; errors are negotiated too', async (t) => {
    const server = await startServer(t)
    const ok = await postXml(server, `<Appointment xmlns="${NS}"><Subject>x</Subject><StartsAt>2026-01-01</StartsAt></Appointment>`,
      { accept: '*/*' })
    assert.match(ok.text, ID_IN_XML)
    const unauthorized = await send(server, APPOINTMENT_PATH, { body: '<x/>', headers: { 'content-type': 'text/xml', authorization: '' } })
    assert.equal(unauthorized.status, 401)
    assert.equal(unauthorized.text, '<Error><Message>Authorization has been denied for this request.</Message></Error>')
    const invalid = await postJson(server, {}, { accept: 'application/xml' })
    assert.equal(invalid.status, 400)
    assert.match(invalid.text, /<ModelState><appointment\.subject>/)
  })
})

describe('unexpected failures', () => {
  test('500 says only "An error has occurred." with the request id, and logs the cause', async (t) => {
    const server = await startServer(t)
    const db = new DatabaseSync(server.databasePath)
    db.exec('DROP TABLE appointments')
    db.close()
    const answer = await postJson(server, { subject: 'x', startsAt: '2026-01-01T10:00:00' })
    assert.equal(answer.status, 500)
    const requestId = answer.headers.get('x-request-id')
    assert.deepEqual(answer.json, { message: 'An error has occurred.', requestId })
    assert.doesNotMatch(answer.text, /sqlite|appointments|at |\.ts/i)
    assert.ok(server.logs.some((line) => line.includes('"level":50') && line.includes(requestId ?? '-')))
  })
})

describe('found by the fuzz and fault run (issue 9)', () => {
  function problemsOf(answer: Answer): Record<string, string[]> {
    assert.equal(answer.status, 400, answer.text)
    return (answer.json as { modelState: Record<string, string[]> }).modelState
  }

  test('offsets beyond ±14:00 are a 400 on each field, saying the range; ±14:00 itself is taken', async (t) => {
    const server = await startServer(t)
    for (const offset of ['+14:01', '-14:30', '+15:00', '+1401', '-15', '+23:59']) {
      const answer = await postJson(server, {
        subject: 'x', startsAt: `2026-03-10T10:00:00${offset}`, endsAt: `2026-03-10T11:00:00${offset}`,
        recurrence: true, recurrencePattern: 'Daily', recurrenceEndsAt: `2026-04-10T00:00:00${offset}`,
      })
      const problems = problemsOf(answer)
      assert.deepEqual(Object.keys(problems).sort(),
        ['appointment.endsAt', 'appointment.recurrenceEndsAt', 'appointment.startsAt'], offset)
      for (const messages of Object.values(problems)) assert.match(messages.join(' '), /-14:00 to \+14:00/, offset)
    }
    const microsoft = problemsOf(await postJson(server, { subject: 'x', startsAt: '/Date(1773136800000+1401)/' }))
    assert.match(microsoft['appointment.startsAt']?.join(' ') ?? '', /-14:00 to \+14:00/)
    const xml = await postXml(server,
      `<Appointment xmlns="${NS}"><Subject>x</Subject><StartsAt>2026-03-10T10:00:00+14:01</StartsAt></Appointment>`)
    assert.equal(xml.status, 400, xml.text)
    assert.match(xml.text, /<appointment\.startsAt>[^<]*-14:00 to \+14:00/)
    assert.equal(await appointmentCount(server), 0)
    const east = await stored(server, createdId(await postJson(server, { subject: 'x', startsAt: '2026-03-10T10:00:00+14:00' })))
    assert.equal(east.startsAt, '2026-03-09T21:00:00')
    const west = await stored(server, createdId(await postJson(server, { subject: 'x', startsAt: '2026-03-10T10:00:00-1400' })))
    assert.equal(west.startsAt, '2026-03-11T01:00:00')
  })
})

describe('XML namespaces as DataContractSerializer reads them (issue 9)', () => {
  const SYSTEM = 'http://schemas.datacontract.org/2004/07/System'
  const INSTANCE = 'http://www.w3.org/2001/XMLSchema-instance'
  const OTHER = 'http://other.example/'
  const START = '<StartsAt>2026-01-01T10:00:00</StartsAt>'

  test('a prefix not declared in scope, or declared wrongly, is not well-formed: 400 under appointment', async (t) => {
    const server = await startServer(t)
    const bodies = [
      `<Appointment xmlns="${NS}"><q:Subject>x</q:Subject>${START}</Appointment>`,
      `<Appointment xmlns="${NS}"><Subject>x</Subject>${START}<Extra><q:Deep/></Extra></Appointment>`,
      `<Appointment xmlns="${NS}"><Location xmlns:q="${NS}">y</Location><q:Subject>x</q:Subject>${START}</Appointment>`,
      `<Appointment xmlns="${NS}"><Subject q:nil="true">x</Subject>${START}</Appointment>`,
      `<Appointment xmlns="${NS}" xmlns:p=""><Subject>x</Subject>${START}</Appointment>`,
      `<Appointment xmlns="${NS}"><Subject xmlns:xmlns="${OTHER}">x</Subject>${START}</Appointment>`,
      `<Appointment xmlns="${NS}"><Subject xmlns:xml="${OTHER}">x</Subject>${START}</Appointment>`,
      `<Appointment xmlns="${NS}" xmlns:a="${NS}"><a:b:Subject>x</a:b:Subject>${START}</Appointment>`,
      `<Appointment xmlns="${NS}" xmlns:a="${OTHER}" xmlns:b="${OTHER}"><Subject a:k="1" b:k="2">x</Subject>${START}</Appointment>`,
      `<a:Appointment><a:Subject>x</a:Subject></a:Appointment>`,
    ]
    for (const body of bodies) {
      const answer = await postXml(server, body)
      assert.equal(answer.status, 400, `${body}: ${answer.text}`)
      assert.match(answer.text, /^<Error><Message>The request is invalid\.<\/Message><ModelState><appointment>The request body is not well-formed XML/, body)
    }
    assert.equal(await appointmentCount(server), 0)
  })

  test('an element in another namespace is not the contract\'s and is ignored', async (t) => {
    const server = await startServer(t)
    const missingSubject = [
      `<Appointment xmlns="${NS}"><Subject xmlns="${OTHER}">x</Subject>${START}</Appointment>`,
      `<Appointment xmlns="${NS}"><o:Subject xmlns:o="${OTHER}">x</o:Subject>${START}</Appointment>`,
      `<Appointment xmlns="${NS}"><Subject xmlns="">x</Subject>${START}</Appointment>`,
      `<a:Appointment xmlns:a="${NS}"><Subject>x</Subject><a:StartsAt>2026-01-01</a:StartsAt></a:Appointment>`,
      `<a:Appointment xmlns:a="${NS}"><a:Subject xmlns:a="${OTHER}">x</a:Subject><a:StartsAt>2026-01-01</a:StartsAt></a:Appointment>`,
    ]
    for (const body of missingSubject) {
      const answer = await postXml(server, body, { accept: 'application/json' })
      assert.deepEqual(modelStateKeys(answer), ['appointment.subject'], `${body}: ${answer.text}`)
    }
    assert.equal(await appointmentCount(server), 0)
    const id = createdId(await postXml(server, `<Appointment xmlns="${NS}" xmlns:p="${OTHER}"><p:Subject>fake</p:Subject>`
      + `<Subject xmlns="${OTHER}">fake too</Subject><Subject>real</Subject>${START}</Appointment>`, { accept: 'application/json' }))
    assert.equal((await stored(server, id)).subject, 'real')
  })

  test('prefixes declared on ancestors, redeclarations and DayOfWeek in System or the default namespace are read', async (t) => {
    const server = await startServer(t)
    const bodies = [
      `<a:Appointment xmlns:a="${NS}" xmlns:x="${INSTANCE}"><a:Subject>real</a:Subject><a:StartsAt>2026-01-01T10:00:00</a:StartsAt>`
        + '<a:Location x:nil="true"/></a:Appointment>',
      `<Appointment xmlns="${NS}" xmlns:s="${SYSTEM}"><Subject xmlns="${NS}">real</Subject>${START}`
        + '<Recurrence>true</Recurrence><RecurrencePattern>Weekly</RecurrencePattern>'
        + '<RecurrenceDayOfWeeks><s:DayOfWeek>Monday</s:DayOfWeek><DayOfWeek>Friday</DayOfWeek></RecurrenceDayOfWeeks></Appointment>',
      `<a:Appointment xmlns:a="${NS}"><a:Subject xmlns:a="${NS}" xml:lang="sv">real</a:Subject>`
        + `<StartsAt xmlns="${NS}">2026-01-01T10:00:00</StartsAt></a:Appointment>`,
    ]
    for (const body of bodies) {
      const answer = await postXml(server, body, { accept: 'application/json' })
      const appointment = await stored(server, createdId(answer))
      assert.equal(appointment.subject, 'real', body)
      assert.equal(appointment.location, null, body)
    }
    const weekly = await postXml(server, bodies[1]!, { accept: 'application/json' })
    assert.deepEqual((await stored(server, createdId(weekly))).recurrence?.daysOfWeek, ['Monday', 'Friday'])
    const foreignDay = await postXml(server, `<Appointment xmlns="${NS}"><Subject>x</Subject>${START}<RecurrenceDayOfWeeks>`
      + `<DayOfWeek xmlns="${OTHER}">Monday</DayOfWeek></RecurrenceDayOfWeeks></Appointment>`, { accept: 'application/json' })
    assert.deepEqual(modelStateKeys(foreignDay), ['appointment.recurrenceDayOfWeeks'])
  })
})

describe('every problem at once: cross-field checks run whenever their own fields are readable (issue 9)', () => {
  const cases: [string, Record<string, unknown>, string[]][] = [
    ['no subject and the end before the start', { startsAt: '2026-01-01T10:00:00', endsAt: '2026-01-01T09:00:00' },
      ['subject', 'endsAt']],
    ['blank subject, a yearly day not in its month, count with an end date', {
      subject: ' ', startsAt: '2026-01-01T10:00:00', recurrence: true, recurrencePattern: 'Yearly',
      recurrenceMonth: 2, recurrenceDay: 30, recurrenceCount: 3, recurrenceEndsAt: '2026-02-01',
    }, ['subject', 'recurrenceDay', 'recurrenceCount']],
    ['wrong types elsewhere and an appointment longer than its period', {
      subject: 'x', note: 5, location: 7, startsAt: '2026-01-01T10:00:00', endsAt: '2026-01-03T10:00:00',
      recurrence: true, recurrencePattern: 'Daily',
    }, ['note', 'location', 'endsAt']],
    ['no subject, the end before the start and no pattern', {
      startsAt: '2026-01-01T10:00:00', endsAt: '2025-12-31', recurrence: true,
    }, ['subject', 'endsAt', 'recurrencePattern']],
    ['no subject, the end before the start and the series ending before it starts', {
      startsAt: '2026-01-10T10:00:00', endsAt: '2026-01-10T09:00:00', recurrence: true, recurrencePattern: 'Daily',
      recurrenceEndsAt: '2026-01-01',
    }, ['subject', 'endsAt', 'recurrenceEndsAt']],
    ['no subject and the start\'s day not in the yearly month', {
      startsAt: '2026-01-31T10:00:00', recurrence: true, recurrencePattern: 'Yearly', recurrenceMonth: 2,
    }, ['subject', 'recurrenceDay']],
    ['no start, and a yearly day not in the month given', {
      recurrence: true, recurrencePattern: 'Yearly', recurrenceMonth: 2, recurrenceDay: 30, subject: 'x',
    }, ['startsAt', 'recurrenceDay']],
    ['an unreadable start: no check against it', { subject: 'x', startsAt: 'soon', endsAt: '2026-01-01' }, ['startsAt']],
    ['an unreadable interval: no overlap check with a period it would set', {
      subject: 'x', startsAt: '2026-01-01T10:00:00', endsAt: '2026-01-03T10:00:00', recurrence: true,
      recurrencePattern: 'Daily', recurrenceInterval: 'two',
    }, ['recurrenceInterval']],
  ]
  for (const [name, body, fields] of cases) {
    test(name, async (t) => {
      const server = await startServer(t)
      const answer = await postJson(server, body)
      assert.equal(answer.status, 400, answer.text)
      assert.deepEqual(modelStateKeys(answer), fields.map((field) => `appointment.${field}`).sort())
      assert.equal(await appointmentCount(server), 0)
    })
  }
})
