/**
 * @module What every part of one bench run shares: its child processes, load settings, the
 * server's extra Node options, the Ctrl-C signal and where progress lines go.
 */
import type { ChildGroup } from './children.ts'
import type { LoadSettings } from './load.ts'
import type { ScenarioKey } from './scenarios.ts'

export interface RunContext {
  readonly group: ChildGroup
  readonly settings: LoadSettings
  /** Node options for the service's process, e.g. `--cpu-prof`. */
  readonly nodeArgs: readonly string[]
  /** Aborted by Ctrl-C: the load and the seeding stop, and the run unwinds through its cleanups. */
  readonly signal: AbortSignal
  /** `--only`: the scenarios to measure (the baselines always run); null for all. */
  readonly only: ReadonlySet<ScenarioKey> | null
  progress(line: string): void
}
