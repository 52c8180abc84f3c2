/**
 * The same availability question asked again after each kind of change to a calendar: the
 * answer follows every change (busy intervals are kept per user under the user's change
 * number and window, src/domain/availability/kept-busy.ts), on SQLite and on PostgreSQL, also
 * when another instance wrote.
 */
import assert from 'node:assert/strict'
import { rename } from 'node:fs/promises'
import { DatabaseSync } from 'node:sqlite'
import { setTimeout as sleep } from 'node:timers/promises'
import { describe, test, type TestContext } from 'node:test'
import { freshPostgresUrl, POSTGRES } from '../helpers/postgres.ts'
import { skipOption } from '../helpers/outside-tools.ts'
import { send, type Answer } from '../helpers/requests.ts'
import { CUSTOMER_ID, USER_ID, startServer, type TestServer } from '../helpers/server.ts'

const QUESTION = { userIds: [USER_ID], from: '2026-03-23', to: '2026-03-28', timeZone: 'Europe/Stockholm' }
const SERIES = {
  subject: 'Morgonmöte', startsAt: '2026-03-23T09:00:00', endsAt: '2026-03-23T10:00:00',
  recurrence: true, recurrencePattern: 'Daily', recurrenceInterval: 1,
}
const APPOINTMENTS = `/Appointment/${CUSTOMER_ID}/${USER_ID}`

function json(body: unknown, method = 'POST') {
  return { method, body: JSON.stringify(body), headers: { 'content-type': 'application/json' } }
}

async function busy(server: TestServer, question: object = QUESTION): Promise<string[]> {
  const answer: Answer = await send(server, `/Availability/${CUSTOMER_ID}`, json(question))
  assert.equal(answer.status, 200, answer.text)
  const [schedule] = (answer.json as { schedules: { busy: { startsAt: string; endsAt: string; showAs: string }[] }[] }).schedules
  return schedule!.busy.map((interval) => `${interval.startsAt.slice(0, 16)}-${interval.endsAt.slice(11, 16)} ${interval.showAs}`)
}

async function changesFollowed(t: TestContext, databaseUrl?: string): Promise<void> {
  const server = await startServer(t, databaseUrl === undefined ? {} : { databaseUrl })
  const created = await send(server, APPOINTMENTS, json(SERIES))
  assert.equal(created.status, 200, created.text)
  const id = String(created.json)
  const daily = ['23', '24', '25', '26', '27'].map((day) => `2026-03-${day}T09:00-10:00 Busy`)
  assert.deepEqual(await busy(server), daily)
  assert.deepEqual(await busy(server), daily, 'asked again unchanged')

  const replaced = await send(server, `${APPOINTMENTS}/${id}`, json({ ...SERIES, showAs: 'Tentative' }, 'PUT'))
  assert.equal(replaced.status, 200, replaced.text)
  assert.deepEqual(await busy(server), daily.map((interval) => interval.replace('Busy', 'Tentative')), 'after a replace')

  const occurrence = `${APPOINTMENTS}/${id}/occurrences/20260325`
  const moved = await send(server, occurrence, json({ startsAt: '2026-03-25T13:00:00', endsAt: '2026-03-25T14:00:00', showAs: 'OutOfOffice' }, 'PUT'))
  assert.equal(moved.status, 200, moved.text)
  assert.equal((await send(server, `${APPOINTMENTS}/${id}/occurrences/20260326`, { method: 'DELETE' })).status, 204)
  assert.deepEqual(await busy(server), [
    '2026-03-23T09:00-10:00 Tentative', '2026-03-24T09:00-10:00 Tentative', '2026-03-25T13:00-14:00 OutOfOffice',
    '2026-03-27T09:00-10:00 Tentative',
  ], 'after an occurrence moved and one cancelled')

  assert.equal((await send(server, `${APPOINTMENTS}/${id}`, { method: 'DELETE' })).status, 204)
  assert.deepEqual(await busy(server), [], 'after a delete')
}

async function showAsOf(server: TestServer, id: string): Promise<string | undefined> {
  const answer = await send(server, `${APPOINTMENTS}/${id}`, { method: 'GET' })
  return (answer.json as { showAs?: string } | undefined)?.showAs
}

/**
 * The store learns of the restored file through a folder watch a moment after the rename:
 * read the appointment (not availability, which would keep new intervals) until it is the
 * backup's again (at most 5 s).
 */
async function restoredNoticed(server: TestServer, id: string): Promise<void> {
  const deadline = Date.now() + 5000
  while (await showAsOf(server, id) !== 'Busy') {
    if (Date.now() > deadline) throw new Error('the server did not notice the restored file within 5 s')
    await sleep(5)
  }
}

describe('POST /Availability asked again after changes', () => {
  test('SQLite: the answer follows a replace, an occurrence moved and one cancelled, and a delete', async (t) => {
    await changesFollowed(t)
  })

  test('PostgreSQL: likewise', { skip: skipOption(POSTGRES) }, async (t) => {
    await changesFollowed(t, await freshPostgresUrl(t))
  })

  test('PostgreSQL, two instances: a write through one is in the other\'s next answer', { skip: skipOption(POSTGRES) }, async (t) => {
    const databaseUrl = await freshPostgresUrl(t)
    const asking = await startServer(t, { databaseUrl })
    const writing = await startServer(t, { databaseUrl, seed: false })
    const created = await send(writing, APPOINTMENTS, json(SERIES))
    assert.equal(created.status, 200, created.text)
    const id = String(created.json)
    assert.equal((await busy(asking)).length, 5)
    assert.equal((await busy(asking)).length, 5, 'asked again unchanged')
    assert.equal((await send(writing, `${APPOINTMENTS}/${id}/occurrences/20260324`, { method: 'DELETE' })).status, 204)
    assert.deepEqual(await busy(asking), ['23', '25', '26', '27'].map((day) => `2026-03-${day}T09:00-10:00 Busy`))
    const other = await send(writing, APPOINTMENTS, json({ subject: 'Visning', startsAt: '2026-03-24T12:00:00', endsAt: '2026-03-24T12:30:00' }))
    assert.equal(other.status, 200, other.text)
    assert.deepEqual((await busy(asking))[1], '2026-03-24T12:00-12:30 Busy')
  })

  test('SQLite, a backup restored under the server: numbers that repeat in it are not taken for the kept ones', async (t) => {
    const server = await startServer(t)
    const created = await send(server, APPOINTMENTS, json(SERIES))
    assert.equal(created.status, 200, created.text)
    const backupPath = `${server.databasePath}.backup`
    const copying = new DatabaseSync(server.databasePath)
    copying.prepare('VACUUM INTO ?').run(backupPath)
    copying.close()
    const id = String(created.json)
    assert.equal((await send(server, `${APPOINTMENTS}/${id}`, json({ ...SERIES, showAs: 'Tentative' }, 'PUT'))).status, 200)
    assert.equal((await busy(server))[0], '2026-03-23T09:00-10:00 Tentative')
    await rename(backupPath, server.databasePath)
    await restoredNoticed(server, id)
    const other = await send(server, APPOINTMENTS, json({ subject: 'Visning', startsAt: '2026-03-24T12:00:00', endsAt: '2026-03-24T12:30:00' }))
    assert.equal(other.status, 200, other.text)
    assert.deepEqual((await busy(server)).slice(0, 3),
      ['2026-03-23T09:00-10:00 Busy', '2026-03-24T09:00-10:00 Busy', '2026-03-24T12:00-12:30 Busy'])
  })

  test('a buffer asks over another window: kept intervals are not answered for it', async (t) => {
    const server = await startServer(t)
    assert.equal((await send(server, APPOINTMENTS, json({ ...SERIES, recurrence: false }))).status, 200)
    const question = { ...QUESTION, from: '2026-03-23T10:10:00', to: '2026-03-23T12:00:00', duration: 30, step: 10 }
    const slots = async (buffer: number) => {
      const answer = await send(server, `/Availability/${CUSTOMER_ID}`, json({ ...question, buffer }))
      assert.equal(answer.status, 200, answer.text)
      return (answer.json as { slots: { startsAt: string }[] }).slots[0]?.startsAt.slice(11, 16)
    }
    assert.equal(await slots(0), '10:10')
    assert.equal(await slots(15), '10:20', 'the appointment ending 10:00 blocks within 15 minutes before')
    assert.equal(await slots(0), '10:10')
  })
})
