/**
 * @module `npm run bench`: what reading costs. (1) The engine alone: one month of a
 * never-ending daily series started 30 years ago. (2) Through real HTTP on a SQLite file: a
 * one-month listing, and a one-year first page (capped at 5,000), for a user with 1,000 mixed
 * appointments. Prints a table and overwrites bench/results.md.
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
const APPOINTMENTS = 1000
const CUSTOMER = 'M30011'
const USER = 'HAN001'
const PASSWORD = 'bench password'

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
  for (let run = 0; run < runs + 5; run++) {
    const started = performance.now()
    const response = await fetch(url, { headers: { authorization } })
    const body = await response.json() as unknown[]
    if (run >= 5) samples.push(performance.now() - started)
    if (response.status !== 200) throw new Error(`${url}: ${response.status}`)
    returned = `${body.length}${response.headers.get('link') ? ' + next link' : ''}`
  }
  return { samples, returned }
}

async function benchHttp(): Promise<Row[]> {
  const dir = await mkdtemp(join(tmpdir(), 'calendar-bench-'))
  const databaseUrl = `sqlite:${join(dir, 'bench.db')}`
  const store = await openStore(databaseUrl)
  const app = buildApp({ config: loadConfig({ LOG_LEVEL: 'warn', DATABASE_URL: databaseUrl }), store })
  try {
    await store.addCustomer({ customerId: CUSTOMER, name: 'Bench', timeZone: ZONE })
    await store.addUser({ customerId: CUSTOMER, userId: USER, name: 'Bench' })
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
    return rows
  } finally {
    await app.close()
    await store.close()
    await rm(dir, { recursive: true, force: true })
  }
}

function table(rows: readonly Row[]): string {
  const header = ['Measurement', 'Runs', 'Median', 'p95', 'Occurrences returned']
  const lines = rows.map((row) => [row.name, String(row.runs), row.median, row.p95, row.returned])
  return [header, header.map(() => '---'), ...lines].map((cells) => `| ${cells.join(' | ')} |`).join('\n')
}

const rows = [benchEngine(), ...await benchHttp()]
const machine = `${availableParallelism()} CPUs (${cpus()[0]?.model.trim() ?? 'unknown'}), Node ${process.version}, ${process.platform}/${process.arch}`
const report = `# Benchmark results

Written by \`npm run bench\` (bench/run.ts); overwritten on every run.

- Date: ${new Date().toISOString()}
- Machine: ${machine}
- HTTP: SQLite file, ${APPOINTMENTS} appointments for one user (40 % single, 8 % daily, 30 % weekly,
  12 % monthly, 10 % yearly, starts spread over 2024–2027), JSON answers, Basic auth, one client,
  requests one after another after 5 warm-up requests; times include reading the whole body.

${table(rows)}
`
console.log(`${machine}\n\n${table(rows)}`)
await writeFile(new URL('./results.md', import.meta.url), report)
