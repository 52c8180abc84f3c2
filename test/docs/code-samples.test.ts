/**
 * The code samples run AS PRINTED on the endpoint pages: each is taken from the served HTML,
 * its placeholders ({customerId}, {id}, {appointmentId}, {occurrenceId}, {webhookId}, {användarnamn},
 * {lösenord}) replaced by values exactly as the page's note tells a reader to (the appointment a
 * weekly series created for the page, the occurrence the first its listing gives, a webhook
 * created for the page; outside production its example URL is taken without a lookup), and run
 * against this server: curl
 * under bash, sh and zsh, PHP with php-curl, C# compiled by Mono's mcs (the sample is a whole
 * program using only System.Net.Http) and run by mono, and TypeScript by Node. PowerShell
 * cannot run here (no pwsh on this machine or in CI), so its sample is only checked to carry
 * the JSON body single-quoted intact. The samples' dates depend on the day the page is served:
 * each language runs them as served today, and curl under bash also on each of SAMPLE_DAYS.
 */
import assert from 'node:assert/strict'
import { execFile } from 'node:child_process'
import { writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { describe, test, type TestContext } from 'node:test'
import { promisify } from 'node:util'
import { CURL, MONO, PHP_CURL, skipWithout, ZSH } from '../helpers/outside-tools.ts'
import { APPOINTMENT_PATH, postJson, send } from '../helpers/requests.ts'
import { CUSTOMER_ID, PASSWORD, USER_ID, USERNAME, makeTempDir, startServer, type TestServer } from '../helpers/server.ts'
import { SAMPLE_DAYS } from './sample-days.ts'
import {
  decodeHtml, endpointLinks, fillPlaceholders, placeholdersFromHtml, sampleFromHtml, splitCurlOutput,
} from './sample-extraction.ts'

const run = promisify(execFile)
const METHOD_ORDER = ['POST', 'GET', 'PUT', 'PATCH', 'DELETE']
/** Public endpoints (health checks, calendar links) have no code samples: the samples send credentials. */
const WITHOUT_SAMPLES = ['/Help/Api/GET-health-live', '/Help/Api/GET-health-ready', '/Help/Api/GET-Calendar-feed-token.ics']

interface EndpointPage {
  readonly method: string
  readonly path: string
  readonly html: string
}

/** Every endpoint page the index links to, DELETE last so the others still find the appointment. */
async function endpointPages(server: TestServer): Promise<EndpointPage[]> {
  const index = await (await fetch(`${server.baseUrl}/Help`)).text()
  const pages: EndpointPage[] = []
  for (const path of endpointLinks(index)) {
    if (WITHOUT_SAMPLES.includes(path)) continue
    const html = await (await fetch(`${server.baseUrl}${path}`)).text()
    pages.push({ method: path.split('/').at(-1)?.split('-')[0] ?? '', path, html })
  }
  assert.ok(pages.some((page) => page.path === '/Help/Api/POST-Appointment-customerId-id'))
  return pages.sort((a, b) => METHOD_ORDER.indexOf(a.method) - METHOD_ORDER.indexOf(b.method))
}

/** The sample as printed, placeholders replaced as the page's note says. */
async function printedSample(server: TestServer, page: EndpointPage, id: string): Promise<string> {
  const placeholders = placeholdersFromHtml(page.html)
  const note = decodeHtml(/<p>(Ersätt [^<]*)<\/p>/.exec(page.html)?.[1] ?? '')
  for (const placeholder of placeholders.values()) assert.ok(note.includes(placeholder), `the note names ${placeholder}: ${note}`)
  const appointmentId = await createdSeriesId(server)
  const sample = fillPlaceholders(sampleFromHtml(page.html, id), placeholders, {
    'username': USERNAME, 'password': PASSWORD, 'uri:customerId': CUSTOMER_ID, 'uri:id': USER_ID,
    'uri:appointmentId': appointmentId, 'uri:occurrenceId': await firstOccurrenceId(server, appointmentId),
    'uri:feedId': await createdFeedId(server),
    ...placeholders.has('uri:webhookId') && { 'uri:webhookId': await createdWebhookId(server) },
  })
  assert.ok(sample.includes(server.baseUrl.replace(/\/$/, '')), `the ${id} sample calls this server`)
  return sample
}

/** A weekly series, so the occurrence endpoints have an occurrence to change or cancel. */
async function createdSeriesId(server: TestServer): Promise<string> {
  const answer = await postJson(server, {
    subject: 'För kodexemplen', startsAt: '2026-03-02T09:00:00', recurrence: true, recurrencePattern: 'Weekly',
    recurrenceDayOfWeeks: ['Monday'], recurrenceCount: 10,
  })
  assert.equal(answer.status, 200, answer.text)
  return answer.json as string
}

/** The occurrenceId the listing gives the series' first occurrence. */
async function firstOccurrenceId(server: TestServer, appointmentId: string): Promise<string> {
  const listing = await send(server, `${APPOINTMENT_PATH}?from=2026-03-02&to=2026-03-03`, { method: 'GET' })
  assert.equal(listing.status, 200, listing.text)
  const item = (listing.json as { appointmentId: string; occurrenceId: string }[])
    .find((occurrence) => occurrence.appointmentId === appointmentId)
  assert.ok(item, listing.text)
  return item.occurrenceId
}

/** A calendar link's id, from the Location of the link the API creates. */
async function createdFeedId(server: TestServer): Promise<string> {
  const answer = await send(server, `/Calendar/${CUSTOMER_ID}/${USER_ID}/feeds`, { method: 'POST' })
  assert.equal(answer.status, 200, answer.text)
  return answer.headers.get('location')?.split('/').at(-1) ?? ''
}

/** A webhook of the test customer, its id from the Location the create answers. */
async function createdWebhookId(server: TestServer): Promise<string> {
  const answer = await send(server, `/Webhooks/${CUSTOMER_ID}`, {
    body: JSON.stringify({ url: 'https://example.com/webhooks/calendar' }), headers: { 'content-type': 'application/json' },
  })
  assert.equal(answer.status, 201, answer.text)
  return answer.headers.get('location')?.split('/').at(-1) ?? ''
}

/** What a call to a Webhooks page's endpoint answers: nothing for a test event, else a list or one webhook. */
function assertWebhookAnswer(page: EndpointPage, body: string): void {
  const label = `${page.path}: ${body}`
  if (page.path.endsWith('-test')) {
    assert.equal(body.trim(), '', label)
    return
  }
  const value: unknown = JSON.parse(body)
  if (page.path.endsWith('-deliveries') || page.path.endsWith('-Webhooks-customerId') && page.method === 'GET') {
    assert.ok(Array.isArray(value), label)
    return
  }
  const webhook = value as { id?: unknown; url?: unknown; secret?: unknown }
  assert.equal(typeof webhook.id, 'string', label)
  assert.equal(webhook.url, 'https://example.com/webhooks/calendar', label)
  const answersSecret = page.method === 'POST'
  assert.equal(typeof webhook.secret === 'string', answersSecret, `${label}: the secret only on create and rotation`)
}

/** What a successful call to the page's endpoint answers. */
function assertSuccessBody(page: EndpointPage, body: string): void {
  const label = `${page.path}: ${body}`
  if (page.method === 'DELETE') {
    assert.equal(body.trim(), '', label)
    return
  }
  if (page.path.includes('-Webhooks-') && page.method !== 'DELETE') {
    assertWebhookAnswer(page, body)
    return
  }
  if (page.path.endsWith('.ics')) {
    assert.ok(body.startsWith('BEGIN:VCALENDAR\r\n'), label)
    return
  }
  const value: unknown = JSON.parse(body)
  if (page.path.endsWith('-feeds')) assert.match(value as string, /^http:\/\/[^/]+\/Calendar\/feed\/[\w-]{43}\.ics$/, label)
  else if (page.path.includes('-Availability-')) assert.ok(Array.isArray((value as { schedules?: unknown }).schedules), label)
  else if (page.method === 'POST' || page.method === 'PUT') assert.match(value as string, /^[\w-]{1,64}$/, label)
  else if (page.path.endsWith('-appointmentId')) assert.equal(typeof (value as { id?: unknown }).id, 'string', label)
  else if (page.path.includes('-Changes-')) assert.ok(Array.isArray((value as { changes?: unknown }).changes), label)
  else assert.ok(Array.isArray(value), label)
}

/** Output `STATUS …\nBODY`, as the PHP, C# and TypeScript samples print it. */
function statusAndBody(page: EndpointPage, stdout: string): void {
  const newline = stdout.indexOf('\n')
  const status = Number(stdout.slice(0, newline).split(' ')[0])
  assert.ok(status >= 200 && status < 300, `${page.path}: ${stdout}`)
  assertSuccessBody(page, stdout.slice(newline + 1))
}

async function runEverySample(t: TestContext, id: string, execute: (dir: string, code: string) => Promise<string>,
  check: (page: EndpointPage, stdout: string) => void, now?: () => number): Promise<void> {
  const server = await startServer(t, { now })
  const dir = await makeTempDir(t)
  for (const page of await endpointPages(server)) {
    const code = await printedSample(server, page, id)
    check(page, await execute(dir, code))
  }
}

function curlIn(shell: string): (dir: string, code: string) => Promise<string> {
  return async (dir, code) => {
    const file = join(dir, 'sample.sh')
    await writeFile(file, code)
    return (await run(shell, [file])).stdout
  }
}

function curlAnswered(page: EndpointPage, stdout: string): void {
  const { status, body } = splitCurlOutput(stdout)
  assert.ok(status >= 200 && status < 300, `${page.path}: ${stdout}`)
  assertSuccessBody(page, body)
}

describe('code samples run as printed against this server', () => {
  for (const shell of ['bash', 'sh', 'zsh']) {
    test(`curl, in ${shell}`, async (t) => {
      if (skipWithout(t, CURL, ...shell === 'zsh' ? [ZSH] : [])) return
      await runEverySample(t, 'curl', curlIn(shell), curlAnswered)
    })
  }

  for (const day of SAMPLE_DAYS) {
    test(`curl, in bash, as the pages are served on ${day.label}`, async (t) => {
      if (skipWithout(t, CURL)) return
      await runEverySample(t, 'curl', curlIn('bash'), curlAnswered, () => day.nowMs)
    })
  }

  test('PHP with curl', async (t) => {
    if (skipWithout(t, PHP_CURL)) return
    await runEverySample(t, 'php', async (dir, code) => {
      const file = join(dir, 'sample.php')
      await writeFile(file, code)
      return (await run('php', [file])).stdout
    }, statusAndBody)
  })

  test('C# HttpClient: compiles as printed with mcs -r:System.Net.Http.dll and runs on Mono', async (t) => {
    if (skipWithout(t, MONO)) return
    await runEverySample(t, 'csharp', async (dir, code) => {
      await writeFile(join(dir, 'Program.cs'), code)
      await run('mcs', ['-r:System.Net.Http.dll', `-out:${join(dir, 'sample.exe')}`, join(dir, 'Program.cs')])
      return (await run('mono', [join(dir, 'sample.exe')])).stdout
    }, statusAndBody)
  })

  test('TypeScript fetch: type-checks and runs on Node as a module', async (t) => {
    let checked = false
    await runEverySample(t, 'typescript', async (dir, code) => {
      const file = join(dir, 'sample.mts')
      await writeFile(file, code)
      if (!checked) {
        await run(process.execPath, [join(import.meta.dirname, '../../node_modules/typescript/bin/tsc'), '--noEmit',
          '--strict', '--module', 'nodenext', '--target', 'es2022', '--types', 'node',
          '--typeRoots', join(import.meta.dirname, '../../node_modules/@types'), file])
        checked = true
      }
      return (await run(process.execPath, [file])).stdout
    }, statusAndBody)
  })

  test('PowerShell: the JSON body is single-quoted and reads back intact (pwsh cannot run here)', async (t) => {
    const server = await startServer(t)
    const page = (await endpointPages(server)).find((candidate) => candidate.method === 'POST')
    assert.ok(page)
    const code = await printedSample(server, page, 'powershell')
    const body = /^\$body = '((?:[^']|'')*)'$/m.exec(code)?.[1]
    assert.ok(body !== undefined, code)
    const request = sampleFromHtml(page.html, 'curl')
    const curlBody = /--data-raw '([^']*)'/.exec(request)?.[1]
    assert.equal(body.replace(/''/g, "'"), curlBody)
    assert.match(code, /Invoke-WebRequest -UseBasicParsing -Uri \$uri -Method POST -Headers \$headers /)
    assert.match(code, /\$pair = 'partner:correct horse battery staple'/)
  })
})
