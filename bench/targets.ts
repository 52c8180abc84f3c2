/**
 * @module The targets of issues 7 and 19, judged on one run's numbers: ratios to that run's
 * baseline, latency ceilings, the history user's listing against the plain one, the feed's
 * rate, tail and memory, the engine against rrule.js, the scale run against the empty
 * database (speed and memory), and zero errors everywhere.
 */
import type { EngineComparison } from './engine-vs-rrule.ts'
import type { Row } from './rows.ts'
import type { ScaleRun } from './scale-run.ts'
import type { ScenarioKey } from './scenarios.ts'
import type { BackendRun } from './service-run.ts'

export interface Target {
  readonly name: string
  readonly goal: string
  readonly value: string
  readonly met: boolean
}

export interface JudgedRun {
  readonly baselineRequestsPerSecond: number
  readonly backends: readonly BackendRun[]
  readonly baselineRows: readonly Row[]
  readonly engine: EngineComparison
  readonly scale: ScaleRun | null
}

const SCALE_RSS_LIMIT_BYTES = 200 * 1024 * 1024
/** "Flat": the last repetition's RSS at most this much above the first's. */
const SCALE_RSS_GROWTH = 0.1
const MB = 1024 * 1024

export function findRow(rows: readonly Row[], key: ScenarioKey): Row | undefined {
  return rows.find((row) => row.key === key)
}

function msText(milliseconds: number): string {
  return Number.isFinite(milliseconds) ? `${milliseconds} ms` : 'no request answered'
}

/** A row that answered nothing has no p99 (autocannon reports 0): it cannot meet a ceiling. */
function p99Of(row: Row | undefined): number {
  return row?.load && row.load.requests > 0 ? row.load.p99Ms : Number.POSITIVE_INFINITY
}

export function rateOf(row: Row | undefined): number {
  return row?.load?.requestsPerSecond ?? 0
}

/** The history user's week over the plain user's week, requests per second. */
export function historyRatio(run: BackendRun): number {
  return rateOf(findRow(run.rows, 'list-week-history')) / rateOf(findRow(run.rows, 'list-week'))
}

/**
 * The firm's four weeks of availability (20 users, 80 user-weeks) against one user's week in
 * the same run: at least a tenth of its requests per second, with its p99 shown. The row asks
 * the same question with no writes between, so it measures a firm asking again (each user's
 * intervals kept under their change number); what a question not kept costs is measured
 * apart, in docs/performance.md's availability section.
 */
function availabilityTarget(run: BackendRun): Target {
  const row = findRow(run.rows, 'availability')
  const week = rateOf(findRow(run.rows, 'list-week'))
  const ratio = week > 0 ? rateOf(row) / week : Number.NaN
  return {
    name: `availability, 20 users × 4 weeks ÷ list one week (${run.backend})`, goal: '≥ 0.10',
    value: Number.isNaN(ratio) ? 'the week listing was not measured' : `${ratio.toFixed(2)} (p99 ${row?.load?.p99Ms ?? '–'} ms)`,
    met: ratio >= 0.1,
  }
}

/** The same for a change-feed poll with nothing new: what it holds is nothing, whatever the history. */
function changesHistoryTarget(run: BackendRun): Target {
  const ratio = rateOf(findRow(run.rows, 'changes-poll-history')) / rateOf(findRow(run.rows, 'changes-poll'))
  return {
    name: `change feed poll, history user ÷ plain user (${run.backend})`, goal: '≥ 0.80', value: ratio.toFixed(2),
    met: Number.isFinite(ratio) && ratio >= 0.8,
  }
}

export function judgeTargets(run: JudgedRun): Target[] {
  const targets: Target[] = []
  for (const backend of run.backends) targets.push(...backendTargets(backend, run.baselineRequestsPerSecond))
  targets.push({
    name: 'recurrence engine vs rrule.js, identical results', goal: '≥ 5 ×', value: `${run.engine.ratio.toFixed(0)} ×`, met: run.engine.ratio >= 5,
  })
  if (run.scale) targets.push(...scaleTargets(run.scale, run.backends))
  targets.push(errorTarget([...run.baselineRows, ...run.backends.flatMap((backend) => backend.rows), ...(run.scale?.rows ?? [])]))
  return targets
}

function backendTargets(run: BackendRun, baseline: number): Target[] {
  const times = (key: ScenarioKey, goal: number, label: string): Target => {
    const ratio = rateOf(findRow(run.rows, key)) / baseline
    return { name: `${label} (${run.backend})`, goal: `≥ ${goal.toFixed(2)} × baseline`, value: `${ratio.toPrecision(3)} ×`, met: ratio >= goal }
  }
  const p99 = (key: ScenarioKey, ceilingMs: number, label: string): Target => {
    const value = p99Of(findRow(run.rows, key))
    return { name: `${label} p99 (${run.backend})`, goal: `≤ ${ceilingMs} ms`, value: msText(value), met: value <= ceilingMs }
  }
  const history = historyRatio(run)
  const historyTarget: Target = {
    name: `week of the history user ÷ week of the plain user (${run.backend})`, goal: '≥ 0.80', value: history.toFixed(2), met: history >= 0.8,
  }
  const tails = [p99('create-json', 10, 'create JSON'), p99('list-week', 50, 'list one week')]
  if (run.backend === 'PostgreSQL') {
    return [
      times('create-json', 0.15, 'create JSON'), ...tails, historyTarget, changesHistoryTarget(run), availabilityTarget(run),
      ...feedTargets(run),
    ]
  }
  return [
    times('create-json', 0.3, 'create JSON'), times('create-xml', 0.25, 'create XML'), times('list-week', 0.05, 'list one week'),
    ...tails, historyTarget, times('get-one', 0.5, 'GET one'), changesHistoryTarget(run), availabilityTarget(run),
    ...feedTargets(run),
  ]
}

/** Issue 19: the 5,200-event feed at 30 per second or more, p99 within 1 s, the server's memory flat while it streams. */
function feedTargets(run: BackendRun): Target[] {
  const feed = findRow(run.rows, 'ics-feed')
  const rate = rateOf(feed)
  const p99Ms = p99Of(feed)
  const before = feed?.rssBeforeBytes ?? Number.NaN
  const after = feed?.rssBytes ?? Number.NaN
  return [
    { name: `ICS feed, 5,200 events (${run.backend})`, goal: '≥ 30 per second', value: `${rate.toFixed(1)} per second`, met: rate >= 30 },
    { name: `ICS feed p99 (${run.backend})`, goal: '≤ 1000 ms', value: msText(p99Ms), met: p99Ms <= 1000 },
    {
      name: `ICS feed: server RSS flat while it streams (${run.backend}), from the start of the measured run to its end`,
      goal: `≤ + ${SCALE_RSS_GROWTH * 100} %`,
      value: `${(before / MB).toFixed(0)} → ${(after / MB).toFixed(0)} MB`,
      met: after / before - 1 <= SCALE_RSS_GROWTH,
    },
  ]
}

function scaleTargets(scale: ScaleRun, backends: readonly BackendRun[]): Target[] {
  const empty = backends.find((backend) => backend.backend === 'SQLite')
  const targets: Target[] = []
  for (const key of ['create-json', 'list-week'] as const) {
    const emptyRate = rateOf(empty && findRow(empty.rows, key))
    const worst = Math.min(...scale.rows.filter((row) => row.key === key).map((row) => rateOf(row) / emptyRate))
    targets.push({
      name: `scale: ${key === 'create-json' ? 'create JSON' : 'list one week'}, slowest repetition ÷ empty database`,
      goal: '≥ 0.80', value: Number.isFinite(worst) ? worst.toFixed(2) : 'no empty-database number', met: worst >= 0.8,
    })
  }
  const highest = Math.max(...scale.rows.map(rssOf))
  targets.push({
    name: 'scale: server RSS after every run', goal: '< 200 MB', value: `${(highest / MB).toFixed(0)} MB at most`, met: highest < SCALE_RSS_LIMIT_BYTES,
  })
  for (const key of ['create-json', 'list-week'] as const) targets.push(flatRssTarget(scale.rows.filter((row) => row.key === key)))
  return targets
}

function rssOf(row: Row): number {
  return row.rssBytes ?? Number.POSITIVE_INFINITY
}

/** One scenario's repetitions: the server's RSS after the last at most SCALE_RSS_GROWTH above the first. */
function flatRssTarget(repetitions: readonly Row[]): Target {
  const first = repetitions[0]
  const last = repetitions.at(-1)
  const growth = first && last ? rssOf(last) / rssOf(first) - 1 : Number.POSITIVE_INFINITY
  return {
    name: `scale: server RSS flat across the repetitions of ${first?.scenario ?? 'a scenario'}`,
    goal: `last ≤ first + ${SCALE_RSS_GROWTH * 100} %`,
    value: first && last ? `${(rssOf(first) / MB).toFixed(0)} → ${(rssOf(last) / MB).toFixed(0)} MB` : 'not measured',
    met: growth <= SCALE_RSS_GROWTH,
  }
}

function errorTarget(rows: readonly Row[]): Target {
  const errors = rows.reduce((sum, row) => sum + (row.load?.errors ?? 0), 0)
  const failedProbes = rows.filter((row) => row.skipped === 'probe failed').length
  return {
    name: 'errors (non-2xx, connection errors, timeouts) in every row',
    goal: '0',
    value: `${errors}${failedProbes ? `, and ${failedProbes} scenario(s) whose probe failed` : ''}`,
    met: errors === 0 && failedProbes === 0,
  }
}
