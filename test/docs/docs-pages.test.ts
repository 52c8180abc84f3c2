/**
 * The help pages over real HTTP: every route the server registers is documented, listed in
 * the index and has its page; pages are public, strict-CSP, bilingual, escaped; the samples
 * on the pages are the ones the server accepts and answers.
 */
import assert from 'node:assert/strict'
import { join } from 'node:path'
import { describe, test, type TestContext } from 'node:test'
import { loadConfig } from '../../src/config.ts'
import { buildApp } from '../../src/http/app.ts'
import { openStore } from '../../src/store/open-store.ts'
import { postJson, postXml, send } from '../helpers/requests.ts'
import { makeTempDir, seedStore, startServer } from '../helpers/server.ts'
import { SAMPLE_DAYS } from './sample-days.ts'
import { decodeHtml, endpointLinks } from './sample-extraction.ts'

interface RegisteredRoute {
  readonly method: string
  readonly url: string
  readonly hasDocs: boolean
  readonly docsPage: boolean
}

/** A server plus the routes it registered, seen by an onRoute hook of the test's own. */
async function startServerSeeingRoutes(t: TestContext): Promise<{ baseUrl: string; routes: RegisteredRoute[] }> {
  const dir = await makeTempDir(t)
  const store = await openStore(`sqlite:${join(dir, 'test.db')}`)
  await seedStore(store)
  const app = buildApp({ config: loadConfig({ LOG_LEVEL: 'silent' }), store })
  const routes: RegisteredRoute[] = []
  app.addHook('onRoute', (options) => {
    for (const method of [options.method].flat()) {
      if (method === 'HEAD') continue
      routes.push({
        method: String(method), url: options.url, hasDocs: options.config?.docs !== undefined,
        docsPage: options.config?.docsPage === true,
      })
    }
  })
  t.after(async () => {
    await app.close()
    await store.close()
  })
  const baseUrl = await app.listen({ port: 0, host: '127.0.0.1' })
  return { baseUrl, routes }
}

async function get(url: string, headers: Record<string, string> = {}): Promise<{ status: number; headers: Headers; text: string }> {
  const response = await fetch(url, { headers })
  return { status: response.status, headers: response.headers, text: await response.text() }
}

function slugOf(route: RegisteredRoute): string {
  return [route.method, ...route.url.split('/').filter(Boolean).map((segment) => segment.replace(/^:/, ''))].join('-')
}

function templateOf(url: string): string {
  return url.replace(/^\//, '').replace(/:(\w+)/g, '{$1}')
}

describe('every endpoint the server registers is documented', () => {
  test('each API route has config.docs, an index entry, its own page and an OpenAPI operation', async (t) => {
    const { baseUrl, routes } = await startServerSeeingRoutes(t)
    const apiRoutes = routes.filter((route) => !route.docsPage)
    assert.ok(apiRoutes.length >= 1, 'the server registers API routes')
    const undocumented = apiRoutes.filter((route) => !route.hasDocs).map((route) => `${route.method} ${route.url}`)
    assert.deepEqual(undocumented, [], 'routes registered without config.docs')

    const index = await get(`${baseUrl}/Help?lang=en`)
    const links = endpointLinks(index.text)
    const openApi = JSON.parse((await get(`${baseUrl}/openapi.json`)).text) as { paths: Record<string, Record<string, unknown>> }
    for (const route of apiRoutes) {
      const path = `/Help/Api/${slugOf(route)}`
      assert.ok(links.includes(path), `the index links ${route.method} ${route.url} (${path})`)
      const page = await get(`${baseUrl}${path}`)
      assert.equal(page.status, 200, path)
      assert.ok(page.text.replaceAll('<wbr>', '').includes(`${route.method}</span> <code>${templateOf(route.url)}</code>`),
        `${path} names its endpoint`)
      const operation = openApi.paths[`/${templateOf(route.url)}`]?.[route.method.toLowerCase()]
      assert.ok(operation, `openapi.json has ${route.method} /${templateOf(route.url)}`)
    }
    assert.equal(links.length, apiRoutes.length, 'the index lists nothing the server does not serve')
  })

  test('the original create endpoint has the page name the original used', async (t) => {
    const server = await startServer(t)
    const page = await get(`${server.baseUrl}/Help/Api/POST-Appointment-customerId-id`)
    assert.equal(page.status, 200)
    assert.match(page.text, /<p class="lead">Skapa kalenderhändelse<\/p>/)
  })
})

describe('the docs are public pages with strict headers', () => {
  test('index, /, an endpoint, a type, openapi.json and the assets answer without credentials, with CSP', async (t) => {
    const server = await startServer(t)
    const index = await get(`${server.baseUrl}/`)
    const cssPath = /<link rel="stylesheet" href="([^"]+)">/.exec(index.text)?.[1]
    const jsPath = /<script src="([^"]+)" defer><\/script>/.exec(index.text)?.[1]
    assert.ok(cssPath && jsPath, 'the page links one stylesheet and one script')
    for (const path of ['/', '/Help', '/Help/Api/POST-Appointment-customerId-id', '/Help/Model/Appointment',
      '/openapi.json', cssPath, jsPath]) {
      const answer = await get(`${server.baseUrl}${path}`)
      assert.equal(answer.status, 200, path)
      const csp = answer.headers.get('content-security-policy') ?? ''
      assert.match(csp, /script-src 'self'(;|$)/, path)
      assert.match(csp, /object-src 'none'/, path)
      assert.match(csp, /frame-ancestors 'none'/, path)
      assert.match(csp, /default-src 'self'/, path)
      assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval|https?:/, path)
      assert.equal(answer.headers.get('x-content-type-options'), 'nosniff', path)
      assert.equal(answer.headers.get('referrer-policy'), 'no-referrer', path)
    }
  })

  test('pages load nothing from elsewhere and carry no inline script, style or handler', async (t) => {
    const server = await startServer(t)
    for (const path of ['/Help', '/Help/Api/POST-Appointment-customerId-id', '/Help/Api/GET-Appointment-customerId-id',
      '/Help/Model/Occurrence']) {
      const { text } = await get(`${server.baseUrl}${path}`)
      assert.doesNotMatch(text, /<script(?![^>]*\bsrc="\/Help\/assets\/)/, `${path}: every script is our asset`)
      assert.doesNotMatch(text, /<style|\sstyle="|\son[a-z]+="/i, `${path}: no inline style or event handler`)
      assert.doesNotMatch(text, /(src|href)="(https?:)?\/\//, `${path}: nothing from another origin`)
      assert.match(text, /<html lang="sv">/)
      assert.match(text, /<main id="main"/)
      assert.match(text, /<header class="site-header">/)
    }
  })

  test('assets are cached for long under a content hash and answer 304 to their ETag', async (t) => {
    const server = await startServer(t)
    const index = await get(`${server.baseUrl}/Help`)
    for (const path of [...index.text.matchAll(/(?:href|src)="(\/Help\/assets\/[^"]+)"/g)].map((match) => match[1] ?? '')) {
      assert.match(path, /\/docs-[\w-]{12}\.(css|js)$/)
      const first = await get(`${server.baseUrl}${path}`)
      assert.match(first.headers.get('cache-control') ?? '', /max-age=31536000/)
      assert.match(first.headers.get('content-type') ?? '', path.endsWith('.css') ? /^text\/css/ : /^text\/javascript/)
      const etag = first.headers.get('etag')
      assert.ok(etag)
      const again = await fetch(`${server.baseUrl}${path}`, { headers: { 'if-none-match': etag } })
      assert.equal(again.status, 304)
    }
    assert.equal((await get(`${server.baseUrl}/Help/assets/docs-000000000000.css`)).status, 404)
  })

  test('a docs page never echoes an unchecked Host header, and escapes what it shows', async (t) => {
    const server = await startServer(t)
    const { port } = new URL(server.baseUrl)
    const raw = await new Promise<string>((resolve, reject) => {
      import('node:net').then(({ connect }) => {
        const socket = connect(Number(port), '127.0.0.1', () => socket.write(
          'GET /Help/Api/POST-Appointment-customerId-id HTTP/1.1\r\nHost: evil"><script>x</script>\r\nConnection: close\r\n\r\n'))
        const chunks: Buffer[] = []
        socket.on('data', (chunk) => chunks.push(chunk))
        socket.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')))
        socket.on('error', reject)
      }, reject)
    })
    assert.doesNotMatch(raw, /evil|<script>x/)
  })

  test('an unknown endpoint or type page is a 404 page in the docs style', async (t) => {
    const server = await startServer(t)
    for (const path of ['/Help/Api/PATCH-Nothing', '/Help/Model/Nothing']) {
      const answer = await get(`${server.baseUrl}${path}`)
      assert.equal(answer.status, 404)
      assert.match(answer.headers.get('content-type') ?? '', /^text\/html/)
      assert.match(answer.text, /Sidan finns inte/)
    }
  })
})

describe('languages', () => {
  test('Swedish by default, English with ?lang=en or an English Accept-Language, and a switch link', async (t) => {
    const server = await startServer(t)
    const swedish = await get(`${server.baseUrl}/Help/Api/POST-Appointment-customerId-id`)
    assert.match(swedish.text, /<html lang="sv">/)
    assert.match(swedish.text, /Information om begäran/)
    assert.match(swedish.text, /Testformulär/)
    assert.match(swedish.text, /<a class="lang-switch" href="\/Help\/Api\/POST-Appointment-customerId-id\?lang=en"/)

    const english = await get(`${server.baseUrl}/Help/Api/POST-Appointment-customerId-id?lang=en`)
    assert.match(english.text, /<html lang="en">/)
    assert.match(english.text, /Request information/)
    assert.match(english.text, /Test form/)
    assert.match(english.text, /Create a calendar appointment/)
    assert.doesNotMatch(english.text, /Testformulär|Kodexempel|Information om begäran/)
    assert.match(english.text, /href="\/Help\/Model\/Appointment\?lang=en"/, 'links keep the chosen language')

    const preferred = await get(`${server.baseUrl}/Help`, { 'accept-language': 'en-GB,en;q=0.9,sv;q=0.5' })
    assert.match(preferred.text, /<html lang="en">/)
    assert.match(preferred.headers.get('vary') ?? '', /Accept-Language/)
    const swedishFirst = await get(`${server.baseUrl}/Help`, { 'accept-language': 'sv-SE,en;q=0.8' })
    assert.match(swedishFirst.text, /<html lang="sv">/)
    const forced = await get(`${server.baseUrl}/Help?lang=sv`, { 'accept-language': 'en' })
    assert.match(forced.text, /<html lang="sv">/)
  })

  test('type pages list values with ordinals in both languages', async (t) => {
    const server = await startServer(t)
    const days = await get(`${server.baseUrl}/Help/Model/DayOfWeek`)
    assert.match(days.text, /<code>Sunday<\/code><\/td>\n<td data-label="Ordningstal">0<\/td>\n<td data-label="Beskrivning">söndag/)
    assert.match(days.text, /<code>Saturday<\/code><\/td>\n<td data-label="Ordningstal">6<\/td>/)
    const patterns = await get(`${server.baseUrl}/Help/Model/RecurrencePattern?lang=en`)
    for (const [name, ordinal] of [['Daily', 0], ['Weekly', 1], ['Monthly', 2], ['Yearly', 3]] as const) {
      assert.match(patterns.text, new RegExp(`<code>${name}</code></td>\\n<td data-label="Ordinal">${ordinal}</td>`))
    }
    const occurrence = await get(`${server.baseUrl}/Help/Model/Occurrence`)
    for (const field of ['appointmentId', 'subject', 'location', 'note', 'startsAt', 'endsAt', 'allDayEvent', 'recurrence']) {
      assert.match(occurrence.text, new RegExp(`<tr id="field-${field}">`), `Occurrence page lists ${field}`)
    }
  })
})

function preText(page: string, labelledBy: string): string {
  const match = new RegExp(`aria-labelledby="${labelledBy}"[^>]*><code>([\\s\\S]*?)</code></pre>`).exec(page)
  assert.ok(match?.[1] !== undefined, `the page has the sample ${labelledBy}`)
  return decodeHtml(match[1])
}

describe('the samples on the create page are what the server takes and answers', () => {
  test('the JSON and XML request samples create an appointment as printed', async (t) => {
    const server = await startServer(t)
    const page = (await get(`${server.baseUrl}/Help/Api/POST-Appointment-customerId-id`)).text
    const json = await postJson(server, preText(page, 'request-format-json'))
    assert.equal(json.status, 200, json.text)
    assert.equal(typeof json.json, 'string')
    const xml = await postXml(server, preText(page, 'request-format-xml'))
    assert.equal(xml.status, 200, xml.text)
    const jsonStored = await server.store.getAppointment({ customerId: 'M30011', userId: 'HAN001', appointmentId: json.json as string })
    const xmlId = /<string[^>]*>([^<]+)<\/string>/.exec(xml.text)?.[1] ?? ''
    const xmlStored = await server.store.getAppointment({ customerId: 'M30011', userId: 'HAN001', appointmentId: xmlId })
    assert.ok(jsonStored && xmlStored)
    const { id: _a, version: _b, createdAt: _c, updatedAt: _d, ...fromJson } = jsonStored
    const { id: _e, version: _f, createdAt: _g, updatedAt: _h, ...fromXml } = xmlStored
    assert.deepEqual(fromXml, fromJson, 'both samples carry the same appointment')
  })

  test('the XML request sample is written as DataContractSerializer writes it', async (t) => {
    const server = await startServer(t)
    const page = (await get(`${server.baseUrl}/Help/Api/POST-Appointment-customerId-id`)).text
    const xml = preText(page, 'request-format-xml')
    assert.ok(xml.startsWith('<Appointment xmlns:i="http://www.w3.org/2001/XMLSchema-instance" '
      + 'xmlns="http://schemas.datacontract.org/2004/07/Vitec.Housing.Connect.Api.Models.Appointment">\n'))
    const elements = [...xml.matchAll(/^ {2}<(\w+)/gm)].map((match) => match[1] ?? '')
    assert.deepEqual(elements, [...elements].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)), 'elements in ordinal order')
    assert.match(xml, /<RecurrenceDayOfWeeks>\n {4}<DayOfWeek>Monday<\/DayOfWeek>\n {4}<DayOfWeek>Wednesday<\/DayOfWeek>\n {2}<\/RecurrenceDayOfWeeks>/)
    const json = JSON.parse(preText(page, 'request-format-json')) as Record<string, unknown>
    assert.deepEqual(Object.keys(json).slice(0, 12), ['subject', 'location', 'startsAt', 'endsAt', 'allDayEvent', 'note',
      'recurrence', 'recurrencePattern', 'recurrenceDayOfWeeks', 'recurrenceInterval', 'recurrenceMonth', 'recurrenceDay'],
    'the seed page\'s field order')
  })

  test('the 400 sample is what the server answers to an empty object', async (t) => {
    const server = await startServer(t)
    const page = (await get(`${server.baseUrl}/Help/Api/POST-Appointment-customerId-id`)).text
    const answer = await postJson(server, {})
    assert.equal(answer.status, 400)
    assert.deepEqual(JSON.parse(preText(page, 'error-format-json')), answer.json)
    const xmlAnswer = await postXml(server, '<Appointment xmlns="http://schemas.datacontract.org/2004/07/Vitec.Housing.Connect.Api.Models.Appointment"/>')
    assert.equal(preText(page, 'error-format-xml').replace(/\n\s*/g, ''), xmlAnswer.text)
  })

  for (const day of SAMPLE_DAYS) test(`the success samples are what the server answers, served on ${day.label}`, async (t) => {
    const server = await startServer(t, { now: () => day.nowMs })
    const page = (await get(`${server.baseUrl}/Help/Api/POST-Appointment-customerId-id`)).text
    const created = await postJson(server, preText(page, 'request-format-json'))
    const id = created.json as string
    const shownId = JSON.parse(preText(page, 'response-format-json')) as string
    assert.equal(preText(page, 'response-format-xml'),
      `<string xmlns="http://schemas.microsoft.com/2003/10/Serialization/">${shownId}</string>`)

    const getPage = (await get(`${server.baseUrl}/Help/Api/GET-Appointment-customerId-id-appointmentId`)).text
    const shown = JSON.parse(preText(getPage, 'response-format-json')) as Record<string, unknown>
    const shownExceptions = shown.exceptions as { occurrenceId: string; cancelled: boolean }[]
    assert.deepEqual(shownExceptions.map((exception) => exception.cancelled), [true, false],
      'the sample series has one cancelled and one changed occurrence')
    const changePage = (await get(`${server.baseUrl}/Help/Api/${OCCURRENCE_PAGE}`)).text
    for (const exception of shownExceptions) {
      const path = `/Appointment/M30011/HAN001/${id}/occurrences/${exception.occurrenceId}`
      const answer = exception.cancelled
        ? await send(server, path, { method: 'DELETE' })
        : await send(server, path, {
          method: 'PUT', body: preText(changePage, 'request-format-json'), headers: { 'content-type': 'application/json' },
        })
      assert.equal(answer.status, exception.cancelled ? 204 : 200, answer.text)
    }
    const read = await fetch(`${server.baseUrl}/Appointment/M30011/HAN001/${id}`, { headers: { authorization: server.authorization } })
    assert.equal(read.status, 200)
    assert.deepEqual({ ...(await read.json() as Record<string, unknown>), id: shownId }, shown,
      'GET one answers the sample appointment, its occurrences cancelled and changed as printed, as the page shows it')

    const listPage = (await get(`${server.baseUrl}/Help/Api/GET-Appointment-customerId-id`)).text
    const listed = JSON.parse(preText(listPage, 'response-format-json')) as { startsAt: string; endsAt: string }[]
    const window = `from=${encodeURIComponent(listed[0]?.startsAt ?? '')}&to=${encodeURIComponent(listed.at(-1)?.endsAt ?? '')}`
    const listing = await send(server, `/Appointment/M30011/HAN001?${window}`, { method: 'GET' })
    assert.equal(listing.status, 200, listing.text)
    assert.deepEqual((listing.json as Record<string, unknown>[]).map((item) => ({ ...item, appointmentId: shownId })), listed,
      'the listing sample is what the server lists for that window: the cancelled occurrence gone, the moved one where it now is')

    const availabilityPage = (await get(`${server.baseUrl}/Help/Api/POST-Availability-customerId`)).text
    const availability = await send(server, '/Availability/M30011', {
      body: preText(availabilityPage, 'request-format-json'), headers: { 'content-type': 'application/json' },
    })
    assert.equal(availability.status, 200, availability.text)
    assert.deepEqual(availability.json, JSON.parse(preText(availabilityPage, 'response-format-json')),
      'the availability sample is what the server answers while the user holds the sample series')
  })
})

const OCCURRENCE_PAGE = 'PUT-Appointment-customerId-id-appointmentId-occurrences-occurrenceId'

describe('the occurrence pages', () => {
  test('the change page documents the six fields, and its samples change an occurrence as printed', async (t) => {
    const server = await startServer(t)
    const page = (await get(`${server.baseUrl}/Help/Api/${OCCURRENCE_PAGE}?lang=en`)).text
    const bodyFields = [...page.slice(0, page.indexOf('id="response-heading"')).matchAll(/<tr id="field-(\w+)">/g)]
      .map((match) => match[1])
    assert.deepEqual(bodyFields, ['subject', 'location', 'startsAt', 'endsAt', 'note', 'showAs'])
    assert.match(page, /href="\/Help\/Model\/OccurrenceChange\?lang=en">OccurrenceChange<\/a>/)
    assert.doesNotMatch(page.slice(0, page.indexOf('id="response-heading"')), /field-recurrence/)
    const created = await postJson(server, {
      subject: 'Visning', startsAt: '2026-03-30T09:00:00', recurrence: true, recurrencePattern: 'Weekly',
      recurrenceDayOfWeeks: ['Monday'], recurrenceCount: 3,
    })
    const series = `/Appointment/M30011/HAN001/${created.json as string}`
    const json = await send(server, `${series}/occurrences/20260330`, {
      method: 'PUT', body: preText(page, 'request-format-json'), headers: { 'content-type': 'application/json' },
    })
    assert.equal(json.status, 200, json.text)
    assert.equal(json.json, '20260330')
    const xml = await send(server, `${series}/occurrences/20260406`, {
      method: 'PUT', body: preText(page, 'request-format-xml'), headers: { 'content-type': 'application/xml' },
    })
    assert.equal(xml.status, 200, xml.text)
    const sample = JSON.parse(preText(page, 'request-format-json')) as Record<string, string>
    const read = (await send(server, series, { method: 'GET' })).json as { exceptions: Record<string, unknown>[] }
    assert.deepEqual(read.exceptions.map((exception) => [exception.occurrenceId, exception.subject, exception.startsAt]),
      [['20260330', sample.subject, sample.startsAt], ['20260406', sample.subject, sample.startsAt]])

    const refused = await send(server, `${series}/occurrences/20260413`, {
      method: 'PUT', body: JSON.stringify({ allDayEvent: false }), headers: { 'content-type': 'application/json' },
    })
    assert.equal(refused.status, 400)
    assert.deepEqual(JSON.parse(preText(page, 'error-format-json')), refused.json,
      'the 400 sample is what the server answers to a series field')
  })

  test('the cancel page, the OccurrenceException and OccurrenceChange types, and the new Occurrence fields', async (t) => {
    const server = await startServer(t)
    const cancel = (await get(`${server.baseUrl}/Help/Api/DELETE-Appointment-customerId-id-appointmentId-occurrences-occurrenceId?lang=en`)).text
    assert.match(cancel, /<p class="lead">Cancel one occurrence<\/p>/)
    assert.match(cancel, /<code>occurrenceId<\/code>/)
    assert.match(cancel, /<code>204<\/code>/)
    assert.match(cancel, /The request has no body\./)
    const exception = (await get(`${server.baseUrl}/Help/Model/OccurrenceException`)).text
    for (const field of ['occurrenceId', 'originalStartsAt', 'cancelled', 'subject', 'location', 'note', 'startsAt', 'endsAt', 'showAs']) {
      assert.match(exception, new RegExp(`<tr id="field-${field}">`), `OccurrenceException page lists ${field}`)
    }
    assert.match(exception, /href="\/Help\/Api\/GET-Appointment-customerId-id-appointmentId"/, 'used by GET one')
    const appointment = (await get(`${server.baseUrl}/Help/Model/Appointment`)).text
    assert.match(appointment, /<tr id="field-exceptions">[\s\S]*?href="\/Help\/Model\/OccurrenceException">OccurrenceException<\/a>/)
    const change = (await get(`${server.baseUrl}/Help/Model/OccurrenceChange`)).text
    assert.deepEqual([...change.matchAll(/<tr id="field-(\w+)">/g)].map((match) => match[1]),
      ['subject', 'location', 'startsAt', 'endsAt', 'note', 'showAs'])
    assert.match(change, new RegExp(`href="/Help/Api/${OCCURRENCE_PAGE}"`), 'used by the change route')
    const occurrence = (await get(`${server.baseUrl}/Help/Model/Occurrence`)).text
    for (const field of ['occurrenceId', 'originalStartsAt']) assert.match(occurrence, new RegExp(`<tr id="field-${field}">`))
  })
})
