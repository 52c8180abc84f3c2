/**
 * The help pages' sample dates over real HTTP, with the server's clock set to several days
 * (test/docs/sample-days.ts): every date a page or openapi.json prints, in samples, parameter
 * examples, code samples, the test form and schema examples, lies after the day it is served
 * wherever on Earth, and the first within the week after it; the same page served a week later
 * shows its dates a week later; and no cache can keep a page past its day. The 400 samples are
 * left out: they are the server's own messages, word for word, whose format examples (such as
 * "2025-11-08T15:50:00+01:00") do not depend on the day. That the moved samples are still what
 * the server takes and answers is docs-pages.test.ts's, and the code samples' run is
 * code-samples.test.ts's, on the same days.
 */
import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { Temporal } from 'temporal-polyfill'
import { startServer, type TestServer } from '../helpers/server.ts'
import { SAMPLE_DAYS, datesAt } from './sample-days.ts'
import { decodeHtml } from './sample-extraction.ts'

const DAY_MS = 24 * 3_600_000

/** Dates written `2027-03-02` (alone or in a date-time) or as an occurrence id `20270302`. */
const DATE_TEXT = /(?<![\w-])(\d{4})-?(\d{2})-?(\d{2})(?!\d)/g

/** A date-time with an offset, as the samples write them. */
const DATE_TIME_WITH_OFFSET = /(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?)([+-]\d{2}:\d{2})/g

/** The 400 samples on an endpoint page: the server's messages as it writes them. */
const ERROR_SAMPLE = /<pre[^>]*aria-labelledby="error-format-(?:json|xml)"[^>]*>[\s\S]*?<\/pre>/g

interface PrintedDate {
  readonly date: Temporal.PlainDate
  readonly seen: string
}

/** Date-times whose offset is not the one Stockholm has at their wall time on their day. */
function offsetsOtherThanStockholms(text: string, where: string): string[] {
  return [...text.matchAll(DATE_TIME_WITH_OFFSET)].flatMap(([written, wallTime = '', offset]) => {
    const zoneOffset = Temporal.PlainDateTime.from(wallTime).toZonedDateTime('Europe/Stockholm').offset
    return zoneOffset === offset ? [] : [`${written} in ${where}: Stockholm is then ${zoneOffset}`]
  })
}

/** Every date the text names, with where it was seen. */
function datesIn(text: string, where: string): PrintedDate[] {
  const found: PrintedDate[] = []
  for (const match of text.matchAll(DATE_TEXT)) {
    const [written = '', year = '', month = '', day = ''] = match
    const fields = { year: Number(year), month: Number(month), day: Number(day) }
    const date = Temporal.PlainDate.from(fields, { overflow: 'constrain' })
    // an 8-digit number that is no date (a count, a size) is not one of the samples' ids
    if (date.toString().replaceAll('-', '') !== `${year}${month}${day}` || date.year < 1900 || date.year > 2199) continue
    found.push({ date, seen: `${written} in ${where}` })
  }
  return found
}

async function text(server: TestServer, path: string): Promise<string> {
  const answer = await fetch(`${server.baseUrl}${path}`)
  assert.equal(answer.status, 200, path)
  return answer.text()
}

/** Every docs page the index links to, in both languages, and the index itself. */
async function docsPages(server: TestServer): Promise<string[]> {
  const index = await text(server, '/Help')
  const pages = [...new Set([...index.matchAll(/href="(\/Help\/(?:Api|Model)\/[^"?]+)"/g)].map((match) => match[1] ?? ''))]
  assert.ok(pages.length > 20, 'the index links the endpoint and type pages')
  return ['/Help', ...pages].flatMap((page) => [page, `${page}?lang=en`])
}

/** openapi.json without the 400 examples, which are the server's messages. */
type OpenApiPaths = Record<string, Record<string, { responses: Record<string, unknown> }>>

function openApiWithoutErrorExamples(document: { paths: OpenApiPaths }): string {
  for (const operations of Object.values(document.paths)) {
    for (const operation of Object.values(operations)) {
      const bad = operation.responses['400'] as { content?: Record<string, { example?: unknown }> } | undefined
      for (const media of Object.values(bad?.content ?? {})) delete media.example
    }
  }
  return JSON.stringify(document)
}

/** Every date the docs print on the server's day, but for the 400 samples, and the offsets that are not Stockholm's. */
async function printedDates(server: TestServer): Promise<{ readonly dates: PrintedDate[]; readonly wrongOffsets: string[] }> {
  const texts = new Map<string, string>()
  for (const page of await docsPages(server)) texts.set(page, decodeHtml((await text(server, page)).replace(ERROR_SAMPLE, '')))
  texts.set('/openapi.json', openApiWithoutErrorExamples(JSON.parse(await text(server, '/openapi.json'))))
  return {
    dates: [...texts].flatMap(([where, printed]) => datesIn(printed, where)),
    wrongOffsets: [...texts].flatMap(([where, printed]) => offsetsOtherThanStockholms(printed, where)),
  }
}

describe('sample dates lie after the day the page is served', () => {
  for (const day of SAMPLE_DAYS) {
    const title = `on ${day.label}: every date on every page and in openapi.json, the first within the week after, `
      + 'offsets of their day'
    test(title, async (t) => {
      const server = await startServer(t, { now: () => day.nowMs })
      const { latest } = datesAt(day.nowMs)
      const { dates, wrongOffsets } = await printedDates(server)
      assert.deepEqual(wrongOffsets, [], 'each date-time keeps its wall time and takes the offset of its new day')
      assert.ok(dates.length > 200, `the pages print the samples' dates (${dates.length} found)`)
      const past = dates.filter(({ date }) => Temporal.PlainDate.compare(date, latest) <= 0).map(({ seen }) => seen)
      assert.deepEqual(past, [], `dates on or before ${latest.toString()}, the latest day anywhere at the server's clock`)
      const first = dates.map(({ date }) => date).sort(Temporal.PlainDate.compare)[0]
      assert.ok(first && latest.until(first).days <= 7,
        `the first sample date ${first?.toString()} is within the week after ${latest.toString()}`)
      const openApi = dates.filter(({ seen }) => seen.endsWith('/openapi.json'))
      assert.ok(openApi.length > 20, 'openapi.json has examples with dates')
      const rule = /<tr id="field-startsAt">[\s\S]*?<\/tr>/.exec(await text(server, '/Help/Model/Appointment?lang=en'))?.[0] ?? ''
      assert.equal(datesIn(rule, 'the startsAt row').length, 1, `the date-time rule names its example: ${rule}`)
    })
  }

  test('a page served a week later shows every date a week later; on the next day of the same week, the same page', async (t) => {
    const [{ nowMs: start } = { nowMs: 0 }] = SAMPLE_DAYS
    let clock = start
    const server = await startServer(t, { now: () => clock })
    const path = '/Help/Api/GET-Appointment-customerId-id-appointmentId'
    const first = await text(server, path)
    clock = start + DAY_MS
    assert.equal(await text(server, path), first, 'the week count is the same the next day, and with it the page')
    clock = start + 7 * DAY_MS
    const later = await text(server, path)
    const moved = datesIn(first, path).map(({ date }) => date.add({ days: 7 }).toString())
    assert.ok(moved.length > 5)
    assert.deepEqual(datesIn(later, path).map(({ date }) => date.toString()), moved)
  })

  test('pages and openapi.json are never answered from a cache: no-cache, and nothing to revalidate with', async (t) => {
    const server = await startServer(t)
    for (const path of ['/Help', '/Help/Api/POST-Appointment-customerId-id', '/Help/Model/Appointment', '/openapi.json']) {
      const answer = await fetch(`${server.baseUrl}${path}`)
      assert.equal(answer.status, 200, path)
      assert.equal(answer.headers.get('cache-control'), 'no-cache', path)
      assert.equal(answer.headers.get('etag'), null, `${path}: an ETag would let yesterday's copy answer 304`)
      assert.equal(answer.headers.get('last-modified'), null, path)
      const again = await fetch(`${server.baseUrl}${path}`, {
        headers: { 'if-none-match': '*', 'if-modified-since': new Date().toUTCString() },
      })
      assert.equal(again.status, 200, `${path} is sent again, never a 304`)
    }
  })
})
