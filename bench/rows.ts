/**
 * @module A row of the results table and how one is measured: probe the scenario, put it
 * under load, then read the server's resident memory.
 */
import type { BackendName } from './databases.ts'
import { type LoadResult, type LoadSettings, measureLoad } from './load.ts'
import type { RunContext } from './run-context.ts'
import { type Scenario, type ScenarioKey, probeOk } from './scenarios.ts'
import type { RunningServer } from './server-process.ts'

export interface Row {
  /** `Fastify` for the baseline. */
  readonly backend: BackendName | 'Fastify'
  readonly key: ScenarioKey
  readonly scenario: string
  /** Scale run: which of the repeated runs. */
  readonly repetition: number | null
  /** null when the scenario was not measured: see `skipped` and `note`. */
  readonly load: LoadResult | null
  /** Why it was not measured: its route does not exist yet, or the probe failed (a missed target). */
  readonly skipped: 'not built' | 'probe failed' | null
  readonly rssBytes: number | null
  /** The server's RSS when the measured run began, after the warm-up. */
  readonly rssBeforeBytes: number | null
  readonly note: string
}

/** What the probe's body says about the scenario, e.g. how many occurrences a listing holds. */
export type Describe = (body: string) => string

export interface RowOptions {
  readonly describe?: Describe
  /** Scale run: which repetition this is. */
  readonly repetition?: number
  /** Instead of the context's (the scale run's later repetitions skip the warm-up). */
  readonly settings?: LoadSettings
}

export async function measureRow(
  context: RunContext, server: RunningServer, backend: Row['backend'], scenario: Scenario, options: RowOptions = {},
): Promise<Row> {
  const { describe = () => '', repetition = null, settings = context.settings } = options
  const note = describe(await probeOk(server.baseUrl, scenario))
  let rssBeforeBytes: number | null = null
  const load = await measureLoad(server.baseUrl, scenario.request, settings, context.signal, async () => {
    rssBeforeBytes = await server.rssBytes()
  })
  return {
    backend, key: scenario.key, scenario: scenario.name, repetition, load, skipped: null, rssBytes: await server.rssBytes(), rssBeforeBytes, note,
  }
}

export function skippedRow(backend: Row['backend'], scenario: Scenario, skipped: 'not built' | 'probe failed', note: string): Row {
  return {
    backend, key: scenario.key, scenario: scenario.name, repetition: null, load: null, skipped, rssBytes: null, rssBeforeBytes: null, note,
  }
}

/** An availability answer: how many busy intervals and slots it holds. */
export function describeAvailability(body: string): string {
  const answer = JSON.parse(body) as { schedules?: { busy: unknown[]; error?: string }[]; slots?: unknown[] }
  if (!answer.schedules || answer.schedules.some((schedule) => schedule.error !== undefined)) {
    throw new Error(`The availability answer lacks a user: ${body.slice(0, 300)}`)
  }
  const busy = answer.schedules.reduce((sum, schedule) => sum + schedule.busy.length, 0)
  return `${answer.schedules.length} users, ${busy} busy intervals, ${answer.slots?.length ?? 0} slots`
}

export function describeListing(body: string): string {
  const items: unknown = JSON.parse(body)
  if (!Array.isArray(items)) throw new Error(`A listing answered something else than an array: ${body.slice(0, 200)}`)
  return `${items.length} occurrences`
}
