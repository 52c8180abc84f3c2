/**
 * The Calendar routes over real HTTP: the Appointment routes' 401/403/404 rules, the feed's
 * headers, text and caching (ETag, 304, every change moves the tag), the secret links made by
 * the API and by the admin CLI, fetched without credentials and 404 once revoked, tokens kept
 * out of the log, a series' exceptions (EXDATE, override VEVENTs with RECURRENCE-ID), and a
 * feed of more appointments than one store page, parsed back by ical.js and by python-icalendar.
 */
import assert from 'node:assert/strict'
import { spawn, spawnSync } from 'node:child_process'
import { describe, test } from 'node:test'
import { fileURLToPath } from 'node:url'
import ICAL from 'ical.js'
import { newAppointmentId } from '../../src/domain/appointment-id.ts'
import type { AppointmentData } from '../../src/domain/appointment.ts'
import { appointmentSpan } from '../../src/domain/recurrence/recurrence.ts'
import { PYTHON, pythonModules, skipWithout } from '../helpers/outside-tools.ts'
import { APPOINTMENT_PATH, postJson, send } from '../helpers/requests.ts'
import {
  CUSTOMER_ID, OTHER_CUSTOMER_ID, USER_ID, basicAuthorization, startServer, type TestServer,
} from '../helpers/server.ts'
import { TEST_AUDIT } from '../helpers/audit-context.ts'
import { childOutput, type ChildOutput } from '../helpers/child-output.ts'

const FEED_PATH = `/Calendar/${CUSTOMER_ID}/${USER_ID}.ics`
const FEEDS_PATH = `/Calendar/${CUSTOMER_ID}/${USER_ID}/feeds`
const ADMIN = fileURLToPath(new URL('../../src/cli/admin.ts', import.meta.url))
const ICALENDAR = pythonModules('icalendar', 'python3-icalendar')
const FEED_URL = /^http:\/\/127\.0\.0\.1:\d+\/Calendar\/feed\/([A-Za-z0-9_-]{43})\.ics$/

function get(server: TestServer, path: string, headers: Record<string, string> = {}) {
  return send(server, path, { method: 'GET', headers })
}

async function createFeedLink(server: TestServer): Promise<{ url: string; location: string }> {
  const created = await send(server, FEEDS_PATH, { method: 'POST' })
  assert.equal(created.status, 200, created.text)
  const url = created.json as string
  assert.match(url, FEED_URL)
  return { url, location: created.headers.get('location') ?? '' }
}

async function fetchAnonymously(url: string): Promise<{ status: number; text: string; headers: Headers }> {
  const response = await fetch(url)
  return { status: response.status, text: await response.text(), headers: response.headers }
}

async function runAdmin(databaseUrl: string, args: readonly string[]): Promise<ChildOutput> {
  const child = spawn(process.execPath, [ADMIN, ...args], {
    env: { ...process.env, DATABASE_URL: databaseUrl }, stdio: ['ignore', 'pipe', 'pipe'], timeout: 30_000,
  })
  return childOutput(child)
}

describe('GET /Calendar/{customerId}/{id}.ics', () => {
  test('checks credentials, grant and user in that order, as the Appointment routes do', async (t) => {
    const server = await startServer(t)
    const anonymous = await get(server, FEED_PATH, { authorization: '' })
    assert.equal(anonymous.status, 401)
    assert.match(anonymous.headers.get('www-authenticate') ?? '', /^Basic realm=/)
    assert.equal((await get(server, FEED_PATH, { authorization: basicAuthorization('partner', 'wrong') })).status, 401)
    assert.equal((await get(server, `/Calendar/${OTHER_CUSTOMER_ID}/${USER_ID}.ics`)).status, 403)
    assert.equal((await get(server, `/Calendar/${CUSTOMER_ID}/NOBODY.ics`)).status, 404)
    assert.equal((await get(server, `/Calendar/${CUSTOMER_ID.toLowerCase()}/${USER_ID.toLowerCase()}.ics`)).status, 200)
  })

  test('an empty calendar still names the user and firm, the firm\'s zone and the polling interval', async (t) => {
    const server = await startServer(t)
    const answer = await get(server, FEED_PATH)
    assert.equal(answer.status, 200)
    assert.equal(answer.headers.get('content-type'), 'text/calendar; charset=utf-8')
    const calendar = new ICAL.Component(ICAL.parse(answer.text))
    assert.equal(calendar.getFirstPropertyValue('x-wr-calname'), 'Hanna (Test Mäkleri)')
    assert.equal(calendar.getFirstPropertyValue('x-wr-timezone'), 'Europe/Stockholm')
    assert.equal(String(calendar.getFirstPropertyValue('refresh-interval')), 'PT15M')
    assert.equal(calendar.getFirstPropertyValue('x-published-ttl'), 'PT15M')
    assert.deepEqual(calendar.getAllSubcomponents('vevent'), [])
    assert.ok(answer.text.endsWith('END:VCALENDAR\r\n'))
  })

  test('ETag: 304 on If-None-Match, a new tag after every create, replace and delete', async (t) => {
    const server = await startServer(t)
    const tags: string[] = []
    const tagNow = async () => {
      const answer = await get(server, FEED_PATH)
      assert.equal(answer.status, 200)
      const tag = answer.headers.get('etag') ?? ''
      assert.match(tag, /^"[A-Za-z0-9_-]+"$/)
      tags.push(tag)
      return tag
    }
    await tagNow()
    const created = await postJson(server, { subject: 'Visning', startsAt: '2026-03-02T09:00:00' })
    const etag = await tagNow()
    const notModified = await get(server, FEED_PATH, { 'if-none-match': `"other", W/${etag}` })
    assert.equal(notModified.status, 304)
    assert.equal(notModified.text, '')
    assert.equal(notModified.headers.get('etag'), etag)
    assert.equal((await get(server, FEED_PATH, { 'if-none-match': '"other"' })).status, 200)
    assert.ok(new Date(notModified.headers.get('last-modified') ?? '').getTime() > 0)

    const item = `${APPOINTMENT_PATH}/${String(created.json)}`
    const replaced = await send(server, item, {
      method: 'PUT', body: JSON.stringify({ subject: 'Visning 2', startsAt: '2026-03-02T09:00:00' }),
      headers: { 'content-type': 'application/json' },
    })
    assert.equal(replaced.status, 200, replaced.text)
    await tagNow()
    await postJson(server, { subject: 'Till', startsAt: '2026-03-03T09:00:00' })
    await tagNow()
    assert.equal((await send(server, item, { method: 'DELETE' })).status, 204)
    await tagNow()
    assert.equal(new Set(tags).size, tags.length, `every change moves the ETag: ${tags.join(' ')}`)
  })

  test('each appointment is one VEVENT with a stable UID, SEQUENCE from its version, texts escaped and folded', async (t) => {
    const server = await startServer(t)
    const note = `Ta med nycklar; ring, "Åsa" \\ först\nrad två ${'åäö'.repeat(40)}`
    const created = await postJson(server, {
      subject: 'Visning, Storgatan 1', location: 'Storgatan 1; Stockholm', note, startsAt: '2026-03-02T09:00:00',
      endsAt: '2026-03-02T10:00:00', recurrence: true, recurrencePattern: 'Weekly', recurrenceDayOfWeeks: ['Monday'],
    })
    const id = String(created.json)
    const first = await get(server, FEED_PATH)
    for (const line of first.text.split('\r\n')) assert.ok(Buffer.byteLength(line) <= 75, `longer than 75 octets: ${line}`)
    const event = new ICAL.Event(new ICAL.Component(ICAL.parse(first.text)).getFirstSubcomponent('vevent')!)
    assert.equal(event.uid, `${id}@connect-calendar`)
    assert.equal(event.summary, 'Visning, Storgatan 1')
    assert.equal(event.location, 'Storgatan 1; Stockholm')
    assert.equal(event.description, note)
    assert.equal(event.sequence, 0)
    assert.match(first.text, /^RRULE:FREQ=WEEKLY;BYDAY=MO;WKST=MO$/m)
    assert.match(first.text, /^DTSTART;TZID=Europe\/Stockholm:20260302T090000$/m)

    await send(server, `${APPOINTMENT_PATH}/${id}`, {
      method: 'PUT', body: JSON.stringify({ subject: 'Flyttad', startsAt: '2026-03-04T09:00:00' }),
      headers: { 'content-type': 'application/json' },
    })
    const second = new ICAL.Component(ICAL.parse((await get(server, FEED_PATH)).text)).getFirstSubcomponent('vevent')!
    assert.equal(second.getFirstPropertyValue('uid'), `${id}@connect-calendar`)
    assert.equal(second.getFirstPropertyValue('sequence'), 1)
    assert.equal(second.getFirstPropertyValue('rrule'), null)
  })

  test('lines fold at 75 octets, never inside a character: long Swedish and emoji texts read back exactly', async (t) => {
    const server = await startServer(t)
    const swedish = 'Visning på Östermalmsgatan 12 – köparen Åsa Öberg 🏠🔑, säljaren Märta; ”budgivning” 😀 €'
    const texts = [0, 1, 2, 3, 4].map((shift) => ({
      subject: `${'x'.repeat(shift)}${swedish} ${'åäö🇸🇪'.repeat(8)}`,
      location: `${'y'.repeat(shift)}Storgatan 1, 🏢 Våning 3 – ${'€ö'.repeat(30)}`,
      note: `${'z'.repeat(shift)}${swedish}\n${'👍🏽 Ta med nycklar, ring först; '.repeat(12)}\\ slut`,
    }))
    for (const [index, text] of texts.entries()) {
      const created = await postJson(server, { ...text, startsAt: `2026-03-0${2 + index}T09:00:00` })
      assert.equal(created.status, 200, created.text)
    }
    const answer = await fetch(`${server.baseUrl}${FEED_PATH}`, { headers: { authorization: server.authorization } })
    const bytes = Buffer.from(await answer.arrayBuffer())
    const strict = new TextDecoder('utf-8', { fatal: true })
    let longest = 0
    for (let start = 0; start < bytes.length;) {
      const end = bytes.indexOf('\r\n', start)
      const line = bytes.subarray(start, end)
      assert.ok(line.length <= 75, `${line.length} octets: ${line.toString()}`)
      assert.doesNotThrow(() => strict.decode(line), `a line that is not whole UTF-8: ${line.toString('hex')}`)
      longest = Math.max(longest, line.length)
      start = end + 2
    }
    assert.ok(longest >= 74, 'lines are filled up to the limit, not folded early')
    const feed = bytes.toString('utf8')
    // The feed's order is the store's, not the creates': compared sorted.
    const sorted = (events: readonly unknown[][]) => events.map((event) => JSON.stringify(event)).sort()
    const read = (vevent: ICAL.Component) => ['summary', 'location', 'description'].map((name) => vevent.getFirstPropertyValue(name))
    const expected = sorted(texts.map(({ subject, location, note }) => [subject, location, note]))
    assert.deepEqual(sorted(new ICAL.Component(ICAL.parse(feed)).getAllSubcomponents('vevent').map(read)), expected)
    if (skipWithout(t, ICALENDAR)) return
    const script = `import sys, json
from icalendar import Calendar
calendar = Calendar.from_ical(sys.stdin.buffer.read().decode('utf-8'))
print(json.dumps([[str(e[name]) for name in ('SUMMARY', 'LOCATION', 'DESCRIPTION')] for e in calendar.walk('VEVENT')]))`
    const child = spawnSync(PYTHON, ['-c', script], { input: bytes, encoding: 'utf8' })
    assert.equal(child.status, 0, child.stderr)
    assert.deepEqual(sorted(JSON.parse(child.stdout) as unknown[][]), expected)
  })

  test('a cancelled occurrence is an EXDATE with TZID; a changed one its own VEVENT with the UID and a RECURRENCE-ID', async (t) => {
    const server = await startServer(t)
    const created = await postJson(server, {
      subject: 'Visning', location: 'Storgatan 1', startsAt: '2026-03-16T09:00:00', endsAt: '2026-03-16T10:00:00',
      recurrence: true, recurrencePattern: 'Weekly', recurrenceDayOfWeeks: ['Monday'], recurrenceCount: 6,
    })
    const id = String(created.json)
    const occurrence = (occurrenceId: string) => `${APPOINTMENT_PATH}/${id}/occurrences/${occurrenceId}`
    assert.equal((await send(server, occurrence('20260330'), { method: 'DELETE' })).status, 204)
    const moved = await send(server, occurrence('20260406'), {
      method: 'PUT', body: JSON.stringify({ startsAt: '2026-04-07T14:00:00', subject: 'Flyttad visning', location: null }),
      headers: { 'content-type': 'application/json' },
    })
    assert.equal(moved.status, 200, moved.text)
    const feed = (await get(server, FEED_PATH)).text
    const events = feed.split('BEGIN:VEVENT\r\n').slice(1)
    assert.equal(events.length, 2, feed)
    const [master, override] = events as [string, string]
    assert.match(master, /^DTSTART;TZID=Europe\/Stockholm:20260316T090000$/m)
    assert.match(master, /^EXDATE;TZID=Europe\/Stockholm:20260330T090000$/m)
    assert.doesNotMatch(master, /RECURRENCE-ID|20260406/, 'an overridden occurrence is not also excluded')
    assert.match(override, new RegExp(`^UID:${id}@connect-calendar$`, 'm'))
    assert.match(override, /^RECURRENCE-ID;TZID=Europe\/Stockholm:20260406T090000$/m)
    assert.match(override, /^DTSTART;TZID=Europe\/Stockholm:20260407T140000$/m)
    assert.match(override, /^DTEND;TZID=Europe\/Stockholm:20260407T150000$/m)
    assert.match(override, /^SUMMARY:Flyttad visning$/m)
    assert.match(override, /^SEQUENCE:2$/m, 'as the master: two changes since the create')
    assert.doesNotMatch(override, /^(RRULE|EXDATE|LOCATION)/m)
  })

  test('an all-day series writes EXDATE and RECURRENCE-ID as DATEs', async (t) => {
    const server = await startServer(t)
    const created = await postJson(server, {
      subject: 'Öppet hus', allDayEvent: true, startsAt: '2026-03-31', endsAt: '2026-03-31',
      recurrence: true, recurrencePattern: 'Monthly', recurrenceDay: 31, recurrenceCount: 4,
    })
    const id = String(created.json)
    const occurrence = (occurrenceId: string) => `${APPOINTMENT_PATH}/${id}/occurrences/${occurrenceId}`
    assert.equal((await send(server, occurrence('20260430'), { method: 'DELETE' })).status, 204)
    const changed = await send(server, occurrence('20260531'), {
      method: 'PUT', body: JSON.stringify({ note: 'Egen text' }), headers: { 'content-type': 'application/json' },
    })
    assert.equal(changed.status, 200, changed.text)
    const feed = (await get(server, FEED_PATH)).text
    assert.match(feed, /^EXDATE;VALUE=DATE:20260430$/m)
    assert.match(feed, /^RECURRENCE-ID;VALUE=DATE:20260531\r\nDTSTART;VALUE=DATE:20260531\r\nDTEND;VALUE=DATE:20260601\r\n/m)
    assert.match(feed, /^DESCRIPTION:Egen text$/m)
  })

  test('more appointments than one store page stream out whole, and python-icalendar reads them', async (t) => {
    if (skipWithout(t, ICALENDAR)) return
    const server = await startServer(t)
    const user = { customerId: CUSTOMER_ID, userId: USER_ID }
    for (let index = 0; index < 1_200; index++) {
      const data: AppointmentData = {
        subject: `Visning ${index}`, location: null, note: index % 2 ? 'Nycklar' : null,
        timeZone: index % 3 ? 'Europe/Stockholm' : 'America/New_York', allDayEvent: index % 5 === 0,
        startsAt: `2026-0${1 + (index % 9)}-1${index % 10}T0${index % 10}:30:00`,
        endsAt: `2026-0${1 + (index % 9)}-1${index % 10}T0${index % 10}:30:00`, recurrence: null,
      }
      await server.store.createAppointment(user, { id: newAppointmentId(), data, span: appointmentSpan(data) }, TEST_AUDIT)
    }
    const answer = await get(server, FEED_PATH)
    assert.equal(answer.headers.get('transfer-encoding'), 'chunked', 'streamed, not one buffered body')
    const script = `import sys, json
from icalendar import Calendar
calendar = Calendar.from_ical(sys.stdin.read())
print(json.dumps([len(calendar.walk('VEVENT')), sorted(str(z['TZID']) for z in calendar.walk('VTIMEZONE')),
  len({str(e['UID']) for e in calendar.walk('VEVENT')})]))`
    const child = spawnSync(PYTHON, ['-c', script], { input: answer.text, encoding: 'utf8', maxBuffer: 1 << 26 })
    assert.equal(child.status, 0, child.stderr)
    assert.deepEqual(JSON.parse(child.stdout), [1_200, ['America/New_York', 'Europe/Stockholm'], 1_200])
    assert.equal(new ICAL.Component(ICAL.parse(answer.text)).getAllSubcomponents('vevent').length, 1_200)
  })
})

describe('subscription links', () => {
  test('a link made by the API serves the calendar with no Authorization, and 404s once revoked by the API', async (t) => {
    const server = await startServer(t)
    await postJson(server, { subject: 'Visning', startsAt: '2026-03-02T09:00:00' })
    const { url, location } = await createFeedLink(server)
    assert.match(location, new RegExp(`^/Calendar/${CUSTOMER_ID}/${USER_ID}/feeds/[A-Za-z0-9_-]+$`))
    const feed = await fetchAnonymously(url)
    assert.equal(feed.status, 200)
    assert.equal(feed.headers.get('content-type'), 'text/calendar; charset=utf-8')
    assert.equal(feed.text, (await get(server, FEED_PATH)).text, 'the same calendar as with Basic auth')
    const etag = feed.headers.get('etag') ?? ''
    assert.equal((await fetch(url, { headers: { 'if-none-match': etag } })).status, 304)

    assert.equal((await send(server, location.replace(USER_ID, 'NOBODY'), { method: 'DELETE' })).status, 404)
    assert.equal((await send(server, location, { method: 'DELETE' })).status, 204)
    const revoked = await fetchAnonymously(url)
    assert.equal(revoked.status, 404)
    assert.ok(!revoked.text.includes(FEED_URL.exec(url)![1]!), 'the answer does not echo the token')
    assert.equal((await send(server, location, { method: 'DELETE' })).status, 404, 'revoking twice')
    assert.equal((await fetchAnonymously(url.replace(/[A-Za-z0-9_-]{43}/, 'x'.repeat(43)))).status, 404)
  })

  test('tokens never reach the log: the request line shows the path redacted', async (t) => {
    const server = await startServer(t)
    const { url } = await createFeedLink(server)
    const token = FEED_URL.exec(url)![1]!
    assert.equal((await fetchAnonymously(url)).status, 200)
    assert.equal((await fetchAnonymously(url.replace('/Calendar/feed/', '/calendar/FEED/'))).status, 200)
    const logs = server.logs.join('')
    assert.ok(!logs.includes(token), 'no log line holds the token')
    assert.ok(logs.includes('/Calendar/feed/[redacted]'), logs)
  })

  test('admin feed revoke takes the link\'s id, its token or its whole URL (as given, webcal:, a path), and revokes only that link', async (t) => {
    const server = await startServer(t)
    type Link = { url: string; token: string; feedId: string }
    const forms: readonly ((link: Link) => string)[] = [
      (link) => link.url,
      (link) => link.url.replace(/^http:/, 'webcal:').replace('/Calendar/feed/', '/calendar/FEED/'),
      (link) => `/Calendar/feed/${link.token}.ics`,
      (link) => link.token,
      (link) => link.feedId,
    ]
    const links: Link[] = []
    for (let count = 0; count < forms.length; count++) {
      const { url, location } = await createFeedLink(server)
      links.push({ url, token: FEED_URL.exec(url)![1]!, feedId: location.split('/').at(-1)! })
    }
    for (const [index, link] of links.entries()) {
      const argument = forms[index]!(link)
      const revoked = await runAdmin(server.databaseUrl, ['feed', 'revoke', argument])
      assert.equal(revoked.code, 0, `${argument}: ${revoked.stderr}`)
      assert.equal(revoked.stdout, `Revoked calendar link ${link.feedId}: it answers 404 from now on.\n`)
      assert.equal((await fetchAnonymously(link.url)).status, 404, argument)
      for (const other of links.slice(index + 1)) assert.equal((await fetchAnonymously(other.url)).status, 200, 'only that link')
    }
    const first = links[0]!
    const again = await runAdmin(server.databaseUrl, ['feed', 'revoke', first.url])
    assert.equal(again.code, 1)
    assert.match(again.stderr, /No active calendar link has this token: it is unknown or was revoked\./)
    assert.ok(!again.stderr.includes(first.token), 'the token is not echoed')
    const unknown = await runAdmin(server.databaseUrl, ['feed', 'revoke', `https://kalender.example.se/Calendar/feed/${'x'.repeat(43)}.ics`])
    assert.equal(unknown.code, 1)
    assert.match(unknown.stderr, /has this token/)
    const notAFeed = await runAdmin(server.databaseUrl, ['feed', 'revoke', `${server.baseUrl}${FEED_PATH}`])
    assert.equal(notAFeed.code, 1)
    assert.match(notAFeed.stderr, /No active calendar link http:\/\/127\.0\.0\.1:\d+\/Calendar\/M30011\/HAN001\.ics\./)
  })

  test('the admin CLI adds a link under --base-url or PUBLIC_BASE_URL, lists it without the token, and revokes it', async (t) => {
    const server = await startServer(t)
    const added = await runAdmin(server.databaseUrl, ['feed', 'add', CUSTOMER_ID.toLowerCase(), USER_ID, '--base-url', server.baseUrl])
    assert.equal(added.code, 0, added.stderr)
    const url = /^Subscription URL \(shown only this once\): (\S+)$/m.exec(added.stdout)?.[1] ?? ''
    assert.match(url, FEED_URL)
    const feedId = /^Added calendar link (\S+) for user HAN001 in customer M30011\.$/m.exec(added.stdout)?.[1] ?? ''
    assert.ok(feedId, added.stdout)
    assert.equal((await fetchAnonymously(url)).status, 200)

    const listed = await runAdmin(server.databaseUrl, ['feed', 'list', CUSTOMER_ID])
    assert.equal(listed.code, 0, listed.stderr)
    assert.match(listed.stdout, new RegExp(`^${feedId}\\s+M30011\\s+HAN001\\s+\\S+\\s+active$`, 'm'))
    assert.ok(!listed.stdout.includes(FEED_URL.exec(url)![1]!))
    const revoked = await runAdmin(server.databaseUrl, ['feed', 'revoke', feedId])
    assert.equal(revoked.code, 0, revoked.stderr)
    assert.equal((await fetchAnonymously(url)).status, 404)
    assert.match((await runAdmin(server.databaseUrl, ['feed', 'list'])).stdout, /revoked \d{4}-/)
    assert.equal((await runAdmin(server.databaseUrl, ['feed', 'revoke', feedId])).code, 1)

    const byEnv = spawnSync(process.execPath, [ADMIN, 'feed', 'add', CUSTOMER_ID, USER_ID], {
      env: { ...process.env, DATABASE_URL: server.databaseUrl, PUBLIC_BASE_URL: 'https://kalender.example.se' }, encoding: 'utf8',
    })
    assert.match(byEnv.stdout, /: https:\/\/kalender\.example\.se\/Calendar\/feed\/[A-Za-z0-9_-]{43}\.ics$/m)
    const unknown = await runAdmin(server.databaseUrl, ['feed', 'add', CUSTOMER_ID, 'NOBODY'])
    assert.equal(unknown.code, 1)
    assert.match(unknown.stderr, /NOBODY/)
    const badUrl = await runAdmin(server.databaseUrl, ['feed', 'add', CUSTOMER_ID, USER_ID, '--base-url', 'kalender'])
    assert.equal(badUrl.code, 2)
  })
})
