/**
 * The stored field showAs over HTTP: create and replace (JSON and XML, by name in any case or
 * by ordinal, Busy when left out), any other value a 400 naming it, one occurrence's own
 * through the occurrence change route, GET one (and its exceptions), the listing, the change
 * feed, rows stored before the column existed reading Busy, and the calendar feed's TRANSP and
 * X-MICROSOFT-CDO-BUSYSTATUS for the master and for a changed occurrence.
 */
import assert from 'node:assert/strict'
import { DatabaseSync } from 'node:sqlite'
import { describe, test } from 'node:test'
import { APPOINTMENT_PATH, postJson, postXml, send, type Answer } from '../helpers/requests.ts'
import { CUSTOMER_ID, USER_ID, startServer, type TestServer } from '../helpers/server.ts'

const NAMESPACE = 'http://schemas.datacontract.org/2004/07/Vitec.Housing.Connect.Api.Models.Appointment'
const SERIES = {
  subject: 'Visning', startsAt: '2026-03-02T09:00:00', endsAt: '2026-03-02T10:00:00', recurrence: true,
  recurrencePattern: 'Weekly', recurrenceDayOfWeeks: ['Monday'], recurrenceCount: 3,
}

async function created(server: TestServer, body: Record<string, unknown>): Promise<string> {
  const answer = await postJson(server, body)
  assert.equal(answer.status, 200, answer.text)
  return answer.json as string
}

async function getOne(server: TestServer, id: string, accept = 'application/json'): Promise<Answer> {
  const answer = await send(server, `${APPOINTMENT_PATH}/${id}`, { method: 'GET', headers: { accept } })
  assert.equal(answer.status, 200, answer.text)
  return answer
}

async function listing(server: TestServer): Promise<{ occurrenceId: string | null; showAs: string; subject: string }[]> {
  const answer = await send(server, `${APPOINTMENT_PATH}?from=2026-03-01&to=2026-04-01`, { method: 'GET' })
  assert.equal(answer.status, 200, answer.text)
  return answer.json as { occurrenceId: string | null; showAs: string; subject: string }[]
}

describe('showAs', () => {
  test('create and replace store it; left out it is Busy; names in any case and ordinals are read', async (t) => {
    const server = await startServer(t)
    const plain = await created(server, { subject: 'a', startsAt: '2026-03-03T09:00:00' })
    assert.equal(((await getOne(server, plain)).json as { showAs: string }).showAs, 'Busy')
    const tentative = await created(server, { subject: 'b', startsAt: '2026-03-03T11:00:00', showas: 'tentative' })
    assert.equal(((await getOne(server, tentative)).json as { showAs: string }).showAs, 'Tentative')
    const replaced = await send(server, `${APPOINTMENT_PATH}/${tentative}`, {
      method: 'PUT', body: JSON.stringify({ subject: 'b', startsAt: '2026-03-03T11:00:00', showAs: 3 }),
      headers: { 'content-type': 'application/json' },
    })
    assert.equal(replaced.status, 200, replaced.text)
    assert.equal(((await getOne(server, tentative)).json as { showAs: string }).showAs, 'OutOfOffice')
    const xml = await postXml(server, `<Appointment xmlns="${NAMESPACE}"><Subject>c</Subject>`
      + '<StartsAt>2026-03-03T13:00:00</StartsAt><ShowAs> Free </ShowAs></Appointment>')
    assert.equal(xml.status, 200, xml.text)
    const xmlId = /<string[^>]*>([^<]+)<\/string>/.exec(xml.text)?.[1] ?? ''
    assert.match((await getOne(server, xmlId, 'application/xml')).text, /<ShowAs>Free<\/ShowAs>/)
    assert.deepEqual((await listing(server)).map((item) => [item.subject, item.showAs]),
      [['a', 'Busy'], ['b', 'OutOfOffice'], ['c', 'Free']])
  })

  test('any other value, or null, is a 400 naming showAs; nothing is written', async (t) => {
    const server = await startServer(t)
    for (const showAs of ['Maybe', 4, null, true, 'Working elsewhere']) {
      const answer = await postJson(server, { subject: 'a', startsAt: '2026-03-03T09:00:00', showAs })
      assert.equal(answer.status, 400, `${JSON.stringify(showAs)}: ${answer.text}`)
      const modelState = (answer.json as { modelState: Record<string, string[]> }).modelState
      assert.deepEqual(Object.keys(modelState), ['appointment.showAs'])
      assert.match(modelState['appointment.showAs']![0]!, /"Free" \(0\), "Tentative" \(1\), "Busy" \(2\), "OutOfOffice" \(3\)/)
    }
    assert.deepEqual(await listing(server), [])
  })

  test('one occurrence gets its own through the change route: listing, GET one, change feed, availability', async (t) => {
    const server = await startServer(t)
    const id = await created(server, { ...SERIES, showAs: 'Tentative' })
    const [, second] = await listing(server)
    const changed = await send(server, `${APPOINTMENT_PATH}/${id}/occurrences/${second!.occurrenceId}`, {
      method: 'PUT', body: JSON.stringify({ showAs: 'Free' }), headers: { 'content-type': 'application/json' },
    })
    assert.equal(changed.status, 200, changed.text)
    assert.deepEqual((await listing(server)).map((item) => item.showAs), ['Tentative', 'Free', 'Tentative'])
    const one = (await getOne(server, id)).json as { showAs: string; exceptions: { occurrenceId: string; showAs?: string }[] }
    assert.equal(one.showAs, 'Tentative')
    assert.deepEqual(one.exceptions.map((exception) => [exception.occurrenceId, exception.showAs]), [[second!.occurrenceId, 'Free']])
    const feed = await send(server, `/Changes/${CUSTOMER_ID}/${USER_ID}`, { method: 'GET' })
    const change = (feed.json as { changes: { appointment: { showAs: string; exceptions: { showAs?: string }[] } }[] }).changes[0]!
    assert.equal(change.appointment.showAs, 'Tentative')
    assert.equal(change.appointment.exceptions[0]!.showAs, 'Free')
    const availability = await send(server, `/Availability/${CUSTOMER_ID}`, {
      body: JSON.stringify({ userIds: [USER_ID], from: '2026-03-01', to: '2026-03-20' }), headers: { 'content-type': 'application/json' },
    })
    const busy = (availability.json as { schedules: { busy: { startsAt: string; showAs: string }[] }[] }).schedules[0]!.busy
    assert.deepEqual(busy.map((interval) => [interval.startsAt.slice(0, 10), interval.showAs]), [['2026-03-02', 'Tentative'], ['2026-03-16', 'Tentative']])
    const back = await send(server, `${APPOINTMENT_PATH}/${id}/occurrences/${second!.occurrenceId}`, {
      method: 'PUT', body: JSON.stringify({ showAs: 'tentative' }), headers: { 'content-type': 'application/json' },
    })
    assert.equal(back.status, 200, back.text)
    assert.equal(((await getOne(server, id)).json as { exceptions: unknown[] }).exceptions.length, 0, 'the series\' own value is no exception')
  })

  test('appointments stored before the column existed read as Busy', async (t) => {
    const server = await startServer(t)
    const id = await created(server, { subject: 'old', startsAt: '2026-03-03T09:00:00', showAs: 'Free' })
    const operator = new DatabaseSync(server.databasePath)
    operator.prepare('UPDATE appointments SET show_as = NULL, version = version + 1').run()
    operator.close()
    assert.equal(((await getOne(server, id)).json as { showAs: string }).showAs, 'Busy')
    assert.deepEqual((await listing(server)).map((item) => item.showAs), ['Busy'])
  })

  test('the calendar feed writes TRANSP and X-MICROSOFT-CDO-BUSYSTATUS, for a changed occurrence its own', async (t) => {
    const server = await startServer(t)
    const id = await created(server, { ...SERIES, showAs: 'OutOfOffice' })
    await created(server, { subject: 'ledig', startsAt: '2026-03-04T09:00:00', showAs: 'Free' })
    await created(server, { subject: 'kanske', startsAt: '2026-03-05T09:00:00', showAs: 'Tentative' })
    await created(server, { subject: 'upptagen', startsAt: '2026-03-06T09:00:00' })
    const [, second] = (await listing(server)).filter((item) => item.occurrenceId !== null)
    const changed = await send(server, `${APPOINTMENT_PATH}/${id}/occurrences/${second!.occurrenceId}`, {
      method: 'PUT', body: JSON.stringify({ showAs: 'Tentative', subject: 'flyttad' }), headers: { 'content-type': 'application/json' },
    })
    assert.equal(changed.status, 200, changed.text)
    const link = await send(server, `/Calendar/${CUSTOMER_ID}/${USER_ID}/feeds`, { method: 'POST' })
    assert.equal(link.status, 200, link.text)
    const text = await (await fetch(link.json as string)).text()
    const events = text.split('BEGIN:VEVENT').slice(1).map((event) => event.replace(/\r\n /g, ''))
    const statusOf = (summary: string) => {
      const event = events.find((candidate) => candidate.includes(`\r\nSUMMARY:${summary}\r\n`))
      assert.ok(event, `${summary} in ${text}`)
      return [/\r\nTRANSP:(\w+)\r\n/.exec(event)?.[1], /\r\nX-MICROSOFT-CDO-BUSYSTATUS:(\w+)\r\n/.exec(event)?.[1]]
    }
    assert.deepEqual(statusOf('Visning'), ['OPAQUE', 'OOF'])
    assert.deepEqual(statusOf('flyttad'), ['OPAQUE', 'TENTATIVE'])
    assert.deepEqual(statusOf('ledig'), ['TRANSPARENT', 'FREE'])
    assert.deepEqual(statusOf('kanske'), ['OPAQUE', 'TENTATIVE'])
    assert.deepEqual(statusOf('upptagen'), ['OPAQUE', 'BUSY'])
  })
})
