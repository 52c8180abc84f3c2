/**
 * @module The fixed-rate rows: create JSON, GET one and the week listing, each driven open
 * loop (open-loop.ts) at half the requests per second its closed-loop row reached in the
 * same run, with latency from the intended send time: what a client sees at a load the
 * server can carry, stalls included.
 */
import { measureOpenLoop, type OpenLoopResult } from './open-loop.ts'
import type { Row } from './rows.ts'
import type { RunContext } from './run-context.ts'
import type { Scenario, ScenarioKey } from './scenarios.ts'
import type { RunningServer } from './server-process.ts'
import { findRow, rateOf } from './targets.ts'

/** Of the rate the closed loop reached. */
export const FIXED_RATE_SHARE = 0.5
export const FIXED_RATE_KEYS: readonly ScenarioKey[] = ['create-json', 'get-one', 'list-week']

export interface FixedRateRow {
  readonly key: ScenarioKey
  readonly scenario: string
  readonly result: OpenLoopResult
}

/** One row per scenario of FIXED_RATE_KEYS among `scenarios` whose closed-loop row in `rows` has a rate. */
export async function measureFixedRates(
  context: RunContext, server: RunningServer, rows: readonly Row[], scenarios: readonly Scenario[],
): Promise<FixedRateRow[]> {
  const measured: FixedRateRow[] = []
  for (const key of FIXED_RATE_KEYS) {
    const scenario = scenarios.find((candidate) => candidate.key === key)
    const rate = rateOf(findRow(rows, key)) * FIXED_RATE_SHARE
    if (!scenario || !(rate > 0)) continue
    context.progress(`fixed rate: ${scenario.name} at ${rate.toFixed(0)}/s`)
    const result = await measureOpenLoop(server.baseUrl, scenario.request, {
      ratePerSecond: rate, durationSeconds: context.settings.durationSeconds, connections: context.settings.connections,
    }, context.signal)
    measured.push({ key, scenario: scenario.name, result })
  }
  return measured
}
