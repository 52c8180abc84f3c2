/**
 * @module The service under load on one backend: a fresh database seeded through the Store
 * from this process, then `node src/main.ts` as its own process on it (production, so no
 * demo seed; info logging as shipped, to a log file), and the HTTP scenarios one by one.
 */
import { join } from 'node:path'
import { performance } from 'node:perf_hooks'
import { openStore } from '../src/store/open-store.ts'
import type { Store } from '../src/store/store.ts'
import { type BackendChoice, type BackendName, type FreshDatabase, freshDatabase } from './databases.ts'
import { type FixedRateRow, measureFixedRates } from './fixed-rate.ts'
import { type Row, describeAvailability, describeListing, measureRow, skippedRow } from './rows.ts'
import type { RunContext } from './run-context.ts'
import {
  SCENARIO_NAMES, availabilityScenario, changesPath, changesPollScenario, createScenarios, getOneScenario, getRequest, icsScenario, listScenario,
  probe, probeOk, type ChangesUser, type ScenarioKey,
} from './scenarios.ts'
import { type SeededCalendars, seedAvailabilityUsers, seedCalendars } from './seed-store.ts'
import { readStartCommand } from './start-command.ts'
import { type RunningServer, type ServerLaunch, startServer } from './server-process.ts'

export interface BackendRun {
  readonly backend: BackendName
  readonly appointments: number
  readonly seedSeconds: number
  readonly idleRssBytes: number
  readonly rows: readonly Row[]
  /** Create, GET one and the week listing at half their closed-loop rate (fixed-rate.ts). */
  readonly fixedRate: readonly FixedRateRow[]
}

/** The service as `npm start` runs it (its Node options, then the bench's own such as `--cpu-prof`). */
export function serviceLaunch(database: FreshDatabase, nodeArgs: readonly string[]): ServerLaunch {
  const start = readStartCommand()
  return {
    script: new URL(`../${start.script}`, import.meta.url).pathname,
    nodeArgs: [...start.nodeArgs, ...nodeArgs],
    env: { NODE_ENV: 'production', LOG_LEVEL: 'info', DATABASE_URL: database.databaseUrl },
    logPath: join(database.dir, 'server.log'),
  }
}

export interface Seeded {
  readonly calendars: SeededCalendars
  readonly appointments: number
  readonly seconds: number
}

/** Opens the store, seeds the listing calendars and whatever `more` adds, closes it. */
export async function seedDatabase(
  databaseUrl: string, signal: AbortSignal, more: (store: Store) => Promise<number> = async () => 0,
): Promise<Seeded> {
  const started = performance.now()
  const store = await openStore(databaseUrl)
  try {
    const calendars = await seedCalendars(store, signal)
    const extra = await more(store)
    return { calendars, appointments: calendars.appointments + extra, seconds: (performance.now() - started) / 1000 }
  } finally {
    await store.close()
  }
}

export async function runBackend(context: RunContext, choice: BackendChoice): Promise<BackendRun> {
  const database = await freshDatabase(choice)
  try {
    // The availability firm's 19 colleagues (99,000 appointments) only when that scenario runs.
    const seeded = await seedDatabase(database.databaseUrl, context.signal, (store) =>
      (isMeasured(context, 'availability') ? seedAvailabilityUsers(store, context.signal) : Promise.resolve(0)))
    const server = await startServer(context.group, serviceLaunch(database, context.nodeArgs))
    try {
      const idleRssBytes = await server.rssBytes()
      const rows = await runScenarios(context, server, choice.backend, seeded.calendars)
      const fixedRate = await measureFixedRates(context, server, rows, [
        ...createScenarios(), getOneScenario(seeded.calendars.oneAppointmentId), listScenario('list-week'),
      ])
      return { backend: choice.backend, appointments: seeded.appointments, seedSeconds: seeded.seconds, idleRssBytes, rows, fixedRate }
    } finally {
      await server.stop()
    }
  } finally {
    await database.dispose()
  }
}

async function runScenarios(
  context: RunContext, server: RunningServer, backend: BackendName, calendars: SeededCalendars,
): Promise<Row[]> {
  const measured = (key: ScenarioKey) => isMeasured(context, key)
  const rows: Row[] = []
  for (const scenario of createScenarios()) {
    if (measured(scenario.key)) rows.push(await measureRow(context, server, backend, scenario))
  }
  for (const key of ['list-week', 'list-week-history'] as const) {
    if (measured(key)) rows.push(await measureRow(context, server, backend, listScenario(key), { describe: describeListing }))
  }
  if (measured('get-one')) rows.push(await measureRow(context, server, backend, getOneScenario(calendars.oneAppointmentId)))
  if (measured('ics-feed')) rows.push(await icsRow(context, server, backend))
  for (const key of ['changes-poll', 'changes-poll-history'] as const) {
    if (!measured(key)) continue
    const since = await latestChangeToken(server.baseUrl, key)
    rows.push(await measureRow(context, server, backend, changesPollScenario(key, since)))
  }
  if (measured('availability')) {
    rows.push(await measureRow(context, server, backend, availabilityScenario(), { describe: describeAvailability }))
  }
  return rows
}

function isMeasured(context: RunContext, key: ScenarioKey): boolean {
  return context.only === null || context.only.has(key)
}

/** Follows the change feed from the start to its end, as a client's first sync does: the token it then holds. */
async function latestChangeToken(baseUrl: string, key: ChangesUser): Promise<string> {
  let since: string | undefined
  for (;;) {
    const body = await probeOk(baseUrl, { key, name: SCENARIO_NAMES[key], request: getRequest(changesPath(key, since)) })
    const page = JSON.parse(body) as { next: string; more: boolean }
    since = page.next
    if (!page.more) return since
  }
}

/** The feed when its route exists: a 404 means it is not built yet. */
async function icsRow(context: RunContext, server: RunningServer, backend: BackendName): Promise<Row> {
  const scenario = icsScenario()
  const answer = await probe(server.baseUrl, scenario.request)
  if (answer.status === 404) return skippedRow(backend, scenario, 'not built', 'the route answers 404')
  if (answer.status < 200 || answer.status > 299) return skippedRow(backend, scenario, 'probe failed', `the probe answered ${answer.status}`)
  return measureRow(context, server, backend, scenario, { describe: (body) => `${Math.round(Buffer.byteLength(body) / 1024)} KB` })
}
