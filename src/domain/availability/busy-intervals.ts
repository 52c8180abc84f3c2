/**
 * @module A user's busy intervals in a window, from their appointments' occurrences as the
 * listing gives them (series with their exceptions, all-day spans in the appointment's own
 * zone). Free occurrences block nothing; at each instant the strongest status of the
 * occurrences covering it applies (OutOfOffice > Busy > Tentative), and each maximal stretch
 * of one status is one interval: sorted, never overlapping, two that touch differ in status,
 * all cut to the window. Zero-length occurrences cover no instant and give none.
 */
import { Temporal } from 'temporal-polyfill'
import { DEFAULT_SHOW_AS, type ShowAs } from '../appointment-schema.ts'
import type { Appointment } from '../appointment.ts'
import { listOccurrences, type ListedOccurrence } from '../recurrence/occurrence-listing.ts'
import { ExpandedOccurrence } from '../recurrence/recurrence.ts'
import { BLOCKING_SHOW_AS, type BlockingShowAs } from './availability-schema.ts'

export interface BusyInterval {
  readonly startNs: bigint
  readonly endNs: bigint
  readonly showAs: BlockingShowAs
}

interface Edge {
  readonly ns: bigint
  /** Index in BLOCKING_SHOW_AS. */
  readonly rank: number
  /** +1 where an occurrence begins, -1 where it ends. */
  readonly delta: 1 | -1
}

const RANK_BY_SHOW_AS: ReadonlyMap<string, number> = new Map(BLOCKING_SHOW_AS.map((name, rank) => [name, rank]))

export function busyIntervals(appointments: readonly Appointment[], fromNs: bigint, toNs: bigint): BusyInterval[] {
  const window = {
    from: Temporal.Instant.fromEpochNanoseconds(fromNs), to: Temporal.Instant.fromEpochNanoseconds(toNs),
  }
  const edges: Edge[] = []
  for (const occurrence of listOccurrences(appointments, window, undefined, Infinity).items) {
    const rank = RANK_BY_SHOW_AS.get(showAsOf(occurrence))
    if (rank === undefined) continue
    const startNs = maxOf(startNsOf(occurrence), fromNs)
    const endNs = minOf(endNsOf(occurrence), toNs)
    if (startNs >= endNs) continue
    edges.push({ ns: startNs, rank, delta: 1 }, { ns: endNs, rank, delta: -1 })
  }
  edges.sort((a, b) => (a.ns < b.ns ? -1 : a.ns > b.ns ? 1 : 0))
  return mergeEdges(edges)
}

/** One sweep over the sorted edges, counting the occurrences of each status that cover each stretch. */
function mergeEdges(edges: readonly Edge[]): BusyInterval[] {
  const intervals: BusyInterval[] = []
  const covering = BLOCKING_SHOW_AS.map(() => 0)
  let openRank = -1
  let openStartNs = 0n
  let index = 0
  while (index < edges.length) {
    const ns = edges[index]!.ns
    for (; index < edges.length && edges[index]!.ns === ns; index++) covering[edges[index]!.rank]! += edges[index]!.delta
    const rank = covering.findLastIndex((count) => count > 0)
    if (rank === openRank) continue
    if (openRank >= 0) intervals.push({ startNs: openStartNs, endNs: ns, showAs: BLOCKING_SHOW_AS[openRank]! })
    openRank = rank
    openStartNs = ns
  }
  return intervals
}

interface ShowAsHolder {
  readonly showAs?: ShowAs
}

/** The occurrence's own status where its exception sets one, else its appointment's. */
function showAsOf(occurrence: ListedOccurrence): string {
  const exception = occurrence.exception as ShowAsHolder | undefined
  return exception?.showAs ?? (occurrence.appointment as ShowAsHolder).showAs ?? DEFAULT_SHOW_AS
}

/** The engine's occurrences carry their instants as numbers: no ZonedDateTime is built for them. */
function startNsOf(occurrence: ListedOccurrence): bigint {
  if (!(occurrence instanceof ExpandedOccurrence)) return occurrence.start.epochNanoseconds
  return BigInt(occurrence.startMs) * 1_000_000n + BigInt(occurrence.startSubMsNs)
}

function endNsOf(occurrence: ListedOccurrence): bigint {
  if (!(occurrence instanceof ExpandedOccurrence)) return occurrence.end.epochNanoseconds
  return BigInt(occurrence.endMs) * 1_000_000n + BigInt(occurrence.endSubMsNs)
}

function maxOf(a: bigint, b: bigint): bigint {
  return a > b ? a : b
}

function minOf(a: bigint, b: bigint): bigint {
  return a < b ? a : b
}

/** The intervals cut to [fromNs, toNs); cutting keeps them maximal, as none of them overlap. */
export function clipIntervals(intervals: readonly BusyInterval[], fromNs: bigint, toNs: bigint): BusyInterval[] {
  const clipped: BusyInterval[] = []
  for (const interval of intervals) {
    const startNs = maxOf(interval.startNs, fromNs)
    const endNs = minOf(interval.endNs, toNs)
    if (startNs < endNs) clipped.push(startNs === interval.startNs && endNs === interval.endNs ? interval : { ...interval, startNs, endNs })
  }
  return clipped
}
