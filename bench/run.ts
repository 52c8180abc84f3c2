/**
 * @module `npm run bench`: what reading and creating cost. (1) The engine alone: one month of
 * a never-ending daily series started 30 years ago. (2) Through real HTTP on a SQLite file: a
 * one-month listing, and a one-year first page (capped at 5,000), for a user with 1,000 mixed
 * appointments, then the process's memory. (3) Create throughput: recurring JSON and XML
 * bodies POSTed by 10 concurrent requests over keep-alive loopback connections. Prints the tables and
 * overwrites bench/results.md.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { availableParallelism, cpus, tmpdir } from 'node:os'
import { join } from 'node:path'
import { performance } from 'node:perf_hooks'
import { Temporal } from 'temporal-polyfill'
import { loadConfig } from '../src/config.ts'
import type { AppointmentData } from '../src/domain/appointment.ts'
import { newAppointmentId } from '../src/domain/appointment-id.ts'
import { hashPassword } from '../src/domain/password.ts'
import { appointmentSpan, expandOccurrences } from '../src/domain/recurrence.ts'
import { validateAppointment } from '../src/domain/validate-appointment.ts'
import { buildApp } from '../src/http/app.ts'
import { openStore } from '../src/store/open-store.ts'

const ZONE = 'Europe/Stockholm'
const ENGINE_RUNS = 2000
const MONTH_REQUESTS = 50
const YEAR_REQUESTS = 10
const LISTING_WARM_UP = 20
const APPOINTMENTS = 1000
const CUSTOMER = 'M30011'
const USER = 'HAN001'
const CREATE_USER = 'HAN002'
const PASSWORD = 'bench password'
const CREATE_REQUESTS = 3000
const CREATE_WARM_UP = 200
const CREATE_CONCURRENCY = 10

interface CreateRow {
  readonly name: string
  readonly requests: number
  readonly perSecond: string
  readonly p50: string
  readonly p99: string
}

interface MemoryRow {
  readonly name: string
  readonly value: string
}

interface Row {
  readonly name: string
  readonly runs: number
  readonly median: string
  readonly p95: string
  readonly returned: string
}

function percentile(samples: readonly number[], fraction: number): number {
  const sorted = [...samples].sort((a, b) => a - b)
  return sorted[Math.min(sorted.length - 1, Math.ceil(fraction * sorted.length) - 1)] ?? NaN
}

function benchEngine(): Row {
  const series: AppointmentData = {
    subject: 'Daily since 1996', location: null, note: null, timeZone: ZONE, allDayEvent: false,
    startsAt: '1996-03-01T09:00:00', endsAt: '1996-03-01T09:30:00',
    recurrence: { pattern: 'Daily', interval: 1, daysOfWeek: [], month: null, day: null, endsOn: null, count: null },
  }
  const from = Temporal.ZonedDateTime.from(`2026-03-01T00:00[${ZONE}]`).toInstant()
  const to = Temporal.ZonedDateTime.from(`2026-04-01T00:00[${ZONE}]`).toInstant()
  let count = 0
  const samples: number[] = []
  for (let run = 0; run < ENGINE_RUNS + 200; run++) {
    const started = performance.now()
    count = 0
    for (const _ of expandOccurrences(series, from, to)) count++
    if (run >= 200) samples.push((performance.now() - started) * 1000)
  }
  return {
    name: 'engine: 1 month of a daily series from 1996',
    runs: ENGINE_RUNS,
    median: `${percentile(samples, 0.5).toFixed(1)} µs`,
    p95: `${percentile(samples, 0.95).toFixed(1)} µs`,
    returned: String(count),
  }
}

/** 1,000 appointments: 40 % single, 8 % daily, 30 % weekly, 12 % monthly, 10 % yearly, over 2024–2027. */
function mixedBody(index: number): Record<string, unknown> {
  const day = Temporal.PlainDate.from('2024-01-01').add({ days: (index * 37) % (4 * 365) })
  const startsAt = `${day}T${String(7 + (index % 11)).padStart(2, '0')}:${index % 2 ? '30' : '00'}:00`
  const base = { subject: `Appointment ${index}`, location: 'Storgatan 1', startsAt, endsAt: startsAt.replace(/T(\d\d)/, (_, hour: string) => `T${String(Number(hour) + 1).padStart(2, '0')}`) }
  const slot = index % 50
  if (slot < 20) return base
  if (slot < 24) return { ...base, recurrence: true, recurrencePattern: 'Daily', recurrenceInterval: 1 + (index % 2) }
  if (slot < 39) return { ...base, recurrence: true, recurrencePattern: 'Weekly', recurrenceDayOfWeeks: index % 3 ? ['Monday', 'Thursday'] : ['Friday'] }
  if (slot < 45) return { ...base, recurrence: true, recurrencePattern: 'Monthly', ...(index % 4 === 0 && { recurrenceCount: 12 }) }
  return { ...base, allDayEvent: index % 2 === 0, recurrence: true, recurrencePattern: 'Yearly' }
}

async function timeRequests(url: string, authorization: string, runs: number): Promise<{ samples: number[]; returned: string }> {
  let returned = ''
  const samples: number[] = []
  for (let run = 0; run < runs + LISTING_WARM_UP; run++) {
    const started = performance.now()
    const response = await fetch(url, { headers: { authorization } })
    const body = await response.json() as unknown[]
    if (run >= LISTING_WARM_UP) samples.push(performance.now() - started)
    if (response.status !== 200) throw new Error(`${url}: ${response.status}`)
    returned = `${body.length}${response.headers.get('link') ? ' + next link' : ''}`
  }
  return { samples, returned }
}

const XML_NAMESPACE = 'http://schemas.datacontract.org/2004/07/Vitec.Housing.Connect.Api.Models.Appointment'

/** The create body both formats send: a weekly series with every field given. */
const CREATE_JSON = JSON.stringify({
  subject: 'Visning Storgatan 1', location: 'Storgatan 1, Stockholm', note: 'Ta med nycklar',
  startsAt: '2026-03-02T09:00:00', endsAt: '2026-03-02T10:00:00', allDayEvent: false,
  recurrence: true, recurrencePattern: 'Weekly', recurrenceDayOfWeeks: ['Monday', 'Wednesday'],
  recurrenceInterval: 1, recurrenceCount: 40,
})

const CREATE_XML = `<Appointment xmlns:i="http://www.w3.org/2001/XMLSchema-instance" xmlns="${XML_NAMESPACE}">`
  + '<AllDayEvent>false</AllDayEvent><EndsAt>2026-03-02T10:00:00</EndsAt><Location>Storgatan 1, Stockholm</Location>'
  + '<Note>Ta med nycklar</Note><Recurrence>true</Recurrence><RecurrenceCount>40</RecurrenceCount>'
  + '<RecurrenceDayOfWeeks xmlns:d2p1="http://schemas.datacontract.org/2004/07/System">'
  + '<d2p1:DayOfWeek>Monday</d2p1:DayOfWeek><d2p1:DayOfWeek>Wednesday</d2p1:DayOfWeek></RecurrenceDayOfWeeks>'
  + '<RecurrenceInterval>1</RecurrenceInterval><RecurrencePattern>Weekly</RecurrencePattern>'
  + '<StartsAt>2026-03-02T09:00:00</StartsAt><Subject>Visning Storgatan 1</Subject></Appointment>'

/**
 * `total` POSTs of one body, `concurrency` at a time over fetch's keep-alive connections (at
 * most one per request in flight); latency from sending to reading the whole answer.
 */
async function postMany(
  url: string, authorization: string, contentType: string, body: string, total: number, concurrency: number,
): Promise<{ samples: number[]; elapsedMs: number }> {
  const samples: number[] = []
  let sent = 0
  async function client(): Promise<void> {
    while (sent < total) {
      sent++
      const started = performance.now()
      const response = await fetch(url, { method: 'POST', headers: { authorization, 'content-type': contentType }, body })
      const answer = await response.text()
      samples.push(performance.now() - started)
      if (response.status !== 200) throw new Error(`POST ${contentType}: ${response.status} ${answer}`)
    }
  }
  const started = performance.now()
  await Promise.all(Array.from({ length: concurrency }, client))
  return { samples, elapsedMs: performance.now() - started }
}

function megabytes(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`
}

interface HttpResults {
  readonly rows: Row[]
  readonly memory: MemoryRow[]
  readonly creates: CreateRow[]
}

async function benchHttp(): Promise<HttpResults> {
  const dir = await mkdtemp(join(tmpdir(), 'calendar-bench-'))
  const databaseUrl = `sqlite:${join(dir, 'bench.db')}`
  const store = await openStore(databaseUrl)
  const app = buildApp({ config: loadConfig({ LOG_LEVEL: 'warn', DATABASE_URL: databaseUrl }), store })
  try {
    await store.addCustomer({ customerId: CUSTOMER, name: 'Bench', timeZone: ZONE })
    await store.addUser({ customerId: CUSTOMER, userId: USER, name: 'Bench' })
    await store.addUser({ customerId: CUSTOMER, userId: CREATE_USER, name: 'Bench creates' })
    await store.addClient({ username: 'bench', passwordHash: await hashPassword(PASSWORD), customerIds: [CUSTOMER] })
    for (let index = 0; index < APPOINTMENTS; index++) {
      const data = validateAppointment(mixedBody(index), ZONE)
      await store.createAppointment({ customerId: CUSTOMER, userId: USER },
        { id: newAppointmentId(), data, span: appointmentSpan(data) })
    }
    const baseUrl = await app.listen({ port: 0, host: '127.0.0.1' })
    const authorization = `Basic ${Buffer.from(`bench:${PASSWORD}`).toString('base64')}`
    const rows: Row[] = []
    for (const [name, query, runs] of [
      ['HTTP: 1 month, 1,000 appointments', 'from=2026-03-01&to=2026-04-01', MONTH_REQUESTS],
      ['HTTP: 1 year (first page), 1,000 appointments', 'from=2026-01-01&to=2027-01-01', YEAR_REQUESTS],
    ] as const) {
      const { samples, returned } = await timeRequests(`${baseUrl}/Appointment/${CUSTOMER}/${USER}?${query}`, authorization, runs)
      rows.push({
        name, runs, returned,
        median: `${percentile(samples, 0.5).toFixed(1)} ms`,
        p95: `${percentile(samples, 0.95).toFixed(1)} ms`,
      })
    }
    const usage = process.memoryUsage()
    const memory: MemoryRow[] = [
      { name: 'RSS', value: megabytes(usage.rss) },
      { name: 'V8 heap used', value: megabytes(usage.heapUsed) },
      { name: 'V8 heap total', value: megabytes(usage.heapTotal) },
      { name: 'external (Buffers; SQLite\'s own memory counts in RSS only)', value: megabytes(usage.external) },
    ]
    const creates: CreateRow[] = []
    const createUrl = `${baseUrl}/Appointment/${CUSTOMER}/${CREATE_USER}`
    for (const [name, contentType, body] of [
      ['HTTP: create, weekly series, JSON body', 'application/json', CREATE_JSON],
      ['HTTP: create, weekly series, XML body', 'application/xml', CREATE_XML],
    ] as const) {
      await postMany(createUrl, authorization, contentType, body, CREATE_WARM_UP, CREATE_CONCURRENCY)
      const { samples, elapsedMs } = await postMany(createUrl, authorization, contentType, body, CREATE_REQUESTS, CREATE_CONCURRENCY)
      creates.push({
        name, requests: CREATE_REQUESTS,
        perSecond: (CREATE_REQUESTS / (elapsedMs / 1000)).toFixed(0),
        p50: `${percentile(samples, 0.5).toFixed(2)} ms`,
        p99: `${percentile(samples, 0.99).toFixed(2)} ms`,
      })
    }
    return { rows, memory, creates }
  } finally {
    await app.close()
    await store.close()
    await rm(dir, { recursive: true, force: true })
  }
}

function table(header: readonly string[], lines: readonly (readonly string[])[]): string {
  return [header, header.map(() => '---'), ...lines].map((cells) => `| ${cells.join(' | ')} |`).join('\n')
}

const engine = benchEngine()
const http = await benchHttp()
const readTable = table(['Measurement', 'Runs', 'Median', 'p95', 'Occurrences returned'],
  [engine, ...http.rows].map((row) => [row.name, String(row.runs), row.median, row.p95, row.returned]))
const memoryTable = table(['After the listings', 'Size'], http.memory.map((row) => [row.name, row.value]))
const createTable = table(['Measurement', 'Requests', 'Requests/s', 'p50', 'p99'],
  http.creates.map((row) => [row.name, String(row.requests), row.perSecond, row.p50, row.p99]))
const machine = `${availableParallelism()} CPUs (${cpus()[0]?.model.trim() ?? 'unknown'}), Node ${process.version}, ${process.platform}/${process.arch}`
const report = `# Benchmark results

Written by \`npm run bench\` (bench/run.ts); overwritten on every run.

- Date: ${new Date().toISOString()}
- Machine: ${machine}
- HTTP: SQLite file, ${APPOINTMENTS} appointments for one user (40 % single, 8 % daily, 30 % weekly,
  12 % monthly, 10 % yearly, starts spread over 2024–2027), JSON answers, Basic auth, one client,
  requests one after another after ${LISTING_WARM_UP} warm-up requests (the JIT settles in about ten); times
  include reading the whole body. Server and client share one process (and its CPUs).

${readTable}

Memory of the bench process (server and client) right after the listings above:

${memoryTable}

Creates: ${CREATE_CONCURRENCY} requests in flight at once over fetch's keep-alive pool, ${CREATE_REQUESTS} requests per
format after ${CREATE_WARM_UP} warm-up requests, each a weekly series (40 occurrences) for another user of the
same customer; latency from sending to reading the whole answer. The first request of a credential runs
scrypt; the rest hit the verdict cache.

${createTable}
`
console.log(`${machine}\n\n${readTable}\n\n${memoryTable}\n\n${createTable}`)
await writeFile(new URL('./results.md', import.meta.url), report)
