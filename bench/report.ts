/**
 * @module One run's results as Markdown (printed, and written to bench/results.md with date
 * and machine) and as JSON (bench/results/<date>.json, the same data).
 */
import { mkdir, writeFile } from 'node:fs/promises'
import { availableParallelism, cpus } from 'node:os'
import type { EngineComparison } from './engine-vs-rrule.ts'
import { FIXED_RATE_SHARE } from './fixed-rate.ts'
import { readStartCommand } from './start-command.ts'
import type { LoadSettings } from './load.ts'
import type { Row } from './rows.ts'
import type { ScaleRun } from './scale-run.ts'
import type { BackendRun } from './service-run.ts'
import { type Target, findRow, historyRatio, rateOf } from './targets.ts'
import { type WebhookRun, webhookSection } from './webhook-run.ts'

export interface Machine {
  readonly nproc: number
  readonly cpu: string
  readonly node: string
  readonly platform: string
}

export interface BenchReport {
  readonly date: string
  readonly machine: Machine
  readonly settings: LoadSettings & { readonly scale: boolean; readonly cpuProf: boolean; readonly only: readonly string[] | null }
  readonly notes: readonly string[]
  readonly baseline: { readonly before: number; readonly after: number; readonly mean: number }
  readonly baselineRows: readonly Row[]
  readonly backends: readonly BackendRun[]
  readonly engine: EngineComparison
  readonly scale: ScaleRun | null
  readonly webhooks: readonly WebhookRun[]
  readonly targets: readonly Target[]
}

const MB = 1024 * 1024

export function describeMachine(): Machine {
  return {
    nproc: availableParallelism(),
    cpu: cpus()[0]?.model.trim() ?? 'unknown',
    node: process.version,
    platform: `${process.platform}/${process.arch}`,
  }
}

export function renderMarkdown(report: BenchReport): string {
  const { settings, machine } = report
  return [
    '# Benchmark results',
    '',
    'Written by `npm run bench` (bench/run.ts, see bench/README.md); overwritten on every run.',
    '',
    `- Date: ${report.date}`,
    `- Machine: ${machine.nproc} CPUs (nproc), ${machine.cpu}, Node ${machine.node}, ${machine.platform}`,
    `- Load: autocannon in the bench process, ${settings.connections} keep-alive connections, pipelining ${settings.pipelining}, `
      + `${settings.durationSeconds} s per scenario after an uncounted ${settings.warmUpSeconds} s warm-up`,
    `- Server: \`${startCommandText()}\` (package.json's start script) as its own process, NODE_ENV=production, `
      + 'LOG_LEVEL=info (logs to a file), on a fresh database'
      + `${settings.cpuProf ? '; CPU profiles in bench/profiles' : ''}`,
    `- Baseline: ${formatRate(report.baseline.before)} req/s before, ${formatRate(report.baseline.after)} after; `
      + `their mean ${formatRate(report.baseline.mean)} is the 1 × of every row`,
    ...report.notes.map((note) => `- ${note}`),
    '',
    httpTable(report),
    '',
    ...report.backends.map((run) => `- ${run.backend}: ${run.appointments.toLocaleString('en')} appointments seeded in `
      + `${run.seedSeconds.toFixed(1)} s; server RSS idle after start ${formatMb(run.idleRssBytes)}; `
      + `history user's week ÷ plain user's week: ${historyRatio(run).toFixed(2)}`),
    '',
    fixedRateSection(report),
    '',
    ...(report.webhooks.length > 0 ? [webhookSection(report.webhooks), ''] : []),
    engineSection(report.engine),
    ...(report.scale ? ['', scaleSection(report.scale, report)] : []),
    '',
    '## Targets (issues 7 and 19; the change-feed poll: issue 11; availability: issue 18)',
    '',
    ...report.targets.map((target) => `- ${target.met ? 'met' : '**missed**'}: ${target.name} ${target.goal}: ${target.value}`),
    '',
  ].join('\n')
}

function httpTable(report: BenchReport): string {
  const [before, after] = report.baselineRows
  const rows = [before, ...report.backends.flatMap((run) => run.rows), after].filter((row) => row !== undefined)
  return table(
    ['backend', 'scenario', 'requests/s', '× baseline', 'p50', 'p99', 'errors', 'server RSS after', 'note'],
    rows.map((row) => [row.backend, row.scenario, ...loadCells(row, report.baseline.mean), row.note]),
  )
}

function loadCells(row: Row, baseline: number): string[] {
  const load = row.load
  if (!load) return [row.skipped ?? 'not measured', '', '', '', '', '']
  return [
    formatRate(load.requestsPerSecond), (load.requestsPerSecond / baseline).toPrecision(3),
    `${load.p50Ms} ms`, `${load.p99Ms} ms`, String(load.errors), row.rssBytes === null ? '' : formatMb(row.rssBytes),
  ]
}

function fixedRateSection(report: BenchReport): string {
  const rows = report.backends.flatMap((run) => run.fixedRate.map((row) => [
    run.backend, row.scenario, formatRate(row.result.targetRatePerSecond), formatRate(row.result.achievedRatePerSecond),
    formatMs(row.result.p50Ms), formatMs(row.result.p99Ms), formatMs(row.result.maxMs), String(row.result.errors),
  ]))
  return [
    '## Fixed rate (open loop)',
    '',
    `Each scenario at ${FIXED_RATE_SHARE} × the requests per second its row above reached, for the same duration, over at most `
      + `${report.settings.connections} keep-alive connections (bench/open-loop.ts); latency runs from each request's intended `
      + 'send time to the end of its answer, so a stall delays every request due during it (coordinated omission corrected).',
    '',
    table(['backend', 'scenario', 'rate asked', 'rate answered', 'p50', 'p99', 'max', 'errors'], rows),
  ].join('\n')
}

function startCommandText(): string {
  const { nodeArgs, script } = readStartCommand()
  return ['node', ...nodeArgs, script].join(' ')
}

function formatMs(milliseconds: number): string {
  return `${milliseconds.toFixed(1)} ms`
}

function engineSection(engine: EngineComparison): string {
  return [
    '## Recurrence engine vs rrule.js',
    '',
    `${engine.expansions} expansions (each case over each window, UTC), ${engine.occurrences.toLocaleString('en')} occurrences, `
      + `identical in both engines. Our engine is ${engine.ratio.toFixed(0)} × rrule.js.`,
    '',
    table(['engine', 'expansions/s', 'p50 per expansion', 'p99 per expansion'], [
      ['ours (`expandOccurrences`)', formatRate(engine.ours.expansionsPerSecond), formatUs(engine.ours.p50Us), formatUs(engine.ours.p99Us)],
      ['rrule.js', formatRate(engine.rrule.expansionsPerSecond), formatUs(engine.rrule.p50Us), formatUs(engine.rrule.p99Us)],
    ]),
    '',
    `Cases: ${engine.cases.join('; ')}.`,
    `Windows: ${engine.windows.join(', ')}.`,
  ].join('\n')
}

function scaleSection(scale: ScaleRun, report: BenchReport): string {
  const empty = report.backends.find((run) => run.backend === 'SQLite')
  return [
    '## Scale run (`--scale`, SQLite)',
    '',
    `${scale.appointments.toLocaleString('en')} appointments seeded through the Store in ${scale.seedSeconds.toFixed(0)} s; `
      + `server RSS idle after start ${formatMb(scale.idleRssBytes)}.`,
    '',
    table(['repetition', 'scenario', 'requests/s', '× baseline', '÷ empty database', 'p50', 'p99', 'errors', 'server RSS after', 'note'],
      scale.rows.map((row) => {
        const [rate = '', times = '', ...rest] = loadCells(row, report.baseline.mean)
        const emptyRate = rateOf(empty && findRow(empty.rows, row.key))
        return [String(row.repetition ?? ''), row.scenario, rate, times, (rateOf(row) / emptyRate).toFixed(2), ...rest, row.note]
      })),
  ].join('\n')
}

function table(header: readonly string[], lines: readonly (readonly string[])[]): string {
  return [header, header.map(() => '---'), ...lines].map((cells) => `| ${cells.join(' | ')} |`).join('\n')
}

function formatRate(perSecond: number): string {
  return Math.round(perSecond).toLocaleString('en')
}

function formatMb(bytes: number): string {
  return `${(bytes / MB).toFixed(0)} MB`
}

function formatUs(microseconds: number): string {
  return microseconds >= 1000 ? `${(microseconds / 1000).toFixed(2)} ms` : `${microseconds.toFixed(1)} µs`
}

/** bench/results.md and bench/results/<YYYY-MM-DD>.json; answers the JSON file's path. */
export async function writeReport(report: BenchReport, markdown: string): Promise<string> {
  const resultsDir = new URL('./results/', import.meta.url)
  await mkdir(resultsDir, { recursive: true })
  const jsonFile = new URL(`${report.date.slice(0, 10)}.json`, resultsDir)
  await writeFile(jsonFile, `${JSON.stringify(report, null, 2)}\n`)
  await writeFile(new URL('./results.md', import.meta.url), markdown)
  return jsonFile.pathname
}
