/**
 * @module `npm run bench [-- --scale] [-- --cpu-prof] [-- --duration S --warm-up S]`: the
 * service as users load it. The baseline (a bare Fastify route in its own process), then per
 * backend a fresh seeded database under `node src/main.ts` loaded by autocannon from this
 * process, the baseline again, the recurrence engine against rrule.js, and with `--scale` the
 * million-appointment run. Prints a Markdown table and the targets, writes bench/results.md
 * and bench/results/<date>.json. See bench/README.md.
 */
import { mkdir } from 'node:fs/promises'
import { parseArgs } from 'node:util'
import { runBaseline } from './baseline-run.ts'
import { ChildGroup } from './children.ts'
import { planBackends } from './databases.ts'
import { compareEngines } from './engine-vs-rrule.ts'
import type { LoadSettings } from './load.ts'
import { type BenchReport, describeMachine, renderMarkdown, writeReport } from './report.ts'
import type { RunContext } from './run-context.ts'
import { runScale } from './scale-run.ts'
import { type BackendRun, runBackend } from './service-run.ts'
import { SCENARIO_NAMES, type ScenarioKey } from './scenarios.ts'
import { judgeTargets, rateOf } from './targets.ts'
import { runWebhookBench, webhookTargets, type WebhookRun } from './webhook-run.ts'

const PROFILE_DIR = new URL('./profiles', import.meta.url).pathname
/** Baselines further apart than this (of their mean) say the machine was busy during the run. */
const BASELINE_DRIFT = 0.2

interface Options {
  readonly settings: LoadSettings
  readonly scale: boolean
  readonly cpuProf: boolean
  readonly only: ReadonlySet<ScenarioKey> | null
}

function readOptions(): Options {
  const { values } = parseArgs({
    options: {
      scale: { type: 'boolean', default: false },
      'cpu-prof': { type: 'boolean', default: false },
      duration: { type: 'string', default: '8' },
      'warm-up': { type: 'string', default: '2' },
      only: { type: 'string' },
    },
  })
  return {
    settings: {
      connections: 32,
      pipelining: 1,
      durationSeconds: wholeSeconds('--duration', values.duration, 1),
      warmUpSeconds: wholeSeconds('--warm-up', values['warm-up'], 0),
    },
    scale: values.scale,
    cpuProf: values['cpu-prof'],
    only: values.only === undefined ? null : scenarioKeys(values.only),
  }
}

/** `--only create-json,ics-feed`: the keys of SCENARIO_NAMES, comma-separated. */
function scenarioKeys(list: string): ReadonlySet<ScenarioKey> {
  const known = Object.keys(SCENARIO_NAMES)
  const keys = list.split(',').map((key) => key.trim())
  const unknown = keys.filter((key) => !known.includes(key))
  if (unknown.length > 0) throw new Error(`--only takes scenario keys (${known.join(', ')}); not "${unknown.join('", "')}".`)
  return new Set(keys as ScenarioKey[])
}

function wholeSeconds(flag: string, text: string, minimum: number): number {
  const seconds = Number(text)
  if (!Number.isInteger(seconds) || seconds < minimum) throw new Error(`${flag} takes whole seconds, at least ${minimum}; not "${text}".`)
  return seconds
}

function progress(line: string): void {
  process.stderr.write(`bench: ${line}\n`)
}

async function bench(group: ChildGroup, signal: AbortSignal): Promise<BenchReport> {
  const { settings, scale, cpuProf, only } = readOptions()
  const nodeArgs = cpuProf ? ['--cpu-prof', '--cpu-prof-dir', PROFILE_DIR] : []
  if (cpuProf) await mkdir(PROFILE_DIR, { recursive: true })
  const context: RunContext = { group, settings, nodeArgs, signal, progress, only }
  const plan = await planBackends(process.env)
  progress(`backends: ${plan.backends.map((choice) => choice.backend).join(', ')}`)
  const before = await runBaseline(context, 'baseline-before')
  const backends: BackendRun[] = []
  for (const choice of plan.backends) {
    progress(`${choice.backend}: seeding and loading`)
    backends.push(await runBackend(context, choice))
  }
  const webhooks: WebhookRun[] = []
  for (const choice of only === null || only.has('webhooks') ? plan.backends : []) {
    progress(`${choice.backend}: webhooks`)
    webhooks.push(await runWebhookBench(context, choice))
  }
  const after = await runBaseline(context, 'baseline-after')
  progress('recurrence engine vs rrule.js')
  const engine = compareEngines()
  const scaleRun = scale ? await runScale(context) : null
  const baseline = { before: rateOf(before), after: rateOf(after), mean: (rateOf(before) + rateOf(after)) / 2 }
  const baselineRows = [before, after]
  const drift = Math.abs(baseline.before - baseline.after) / baseline.mean
  const driftNote = `The two baseline runs differ by ${(drift * 100).toFixed(0)} % of their mean: something else used the CPUs `
    + 'during this run, so its ratios are unreliable; run it again on a quiet machine.'
  return {
    date: new Date().toISOString(),
    machine: describeMachine(),
    settings: { ...settings, scale, cpuProf, only: only && [...only] },
    notes: drift > BASELINE_DRIFT ? [...plan.notes, driftNote] : plan.notes,
    baseline,
    baselineRows,
    backends,
    engine,
    scale: scaleRun,
    webhooks,
    targets: [
      ...judgeTargets({ baselineRequestsPerSecond: baseline.mean, backends, baselineRows, engine, scale: scaleRun }),
      ...webhookTargets(webhooks),
    ],
  }
}

const group = new ChildGroup()
const interrupt = new AbortController()
process.once('exit', () => group.killAllNow())
process.on('SIGINT', () => {
  if (interrupt.signal.aborted) process.exit(130)
  progress('interrupted: stopping the load, the servers and the seeding, removing the databases (Ctrl-C again to quit at once)')
  interrupt.abort(new Error('Interrupted (Ctrl-C).'))
})

try {
  const report = await bench(group, interrupt.signal)
  const markdown = renderMarkdown(report)
  if (report.settings.only) {
    process.stdout.write(`${markdown}\nA run of some scenarios (--only): bench/results.md and bench/results/ are left as they were.\n`)
  } else {
    const jsonFile = await writeReport(report, markdown)
    process.stdout.write(`${markdown}\nWritten: bench/results.md, ${jsonFile}\n`)
  }
} catch (error) {
  process.exitCode = interrupt.signal.aborted ? 130 : 1
  progress(interrupt.signal.aborted ? 'interrupted; nothing written' : error instanceof Error ? error.stack ?? error.message : String(error))
} finally {
  await group.stopAll()
}
