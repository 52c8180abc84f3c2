/**
 * @module A user's busy intervals in a window, from their appointments' occurrences exactly as
 * the listing finds them (`scanListedOccurrences`, the per-appointment scan `listOccurrences`
 * merges: series with their exceptions, all-day spans in the appointment's own zone). Free
 * occurrences block nothing; at each instant the strongest status of the occurrences covering
 * it applies (OutOfOffice > Busy > Tentative), and each maximal stretch of one status is one
 * interval: sorted, never overlapping, two that touch differ in status, all cut to the window.
 * Zero-length occurrences cover no instant and give none.
 *
 * Times here are nanoseconds since the window's start as plain numbers: a window of at most
 * 62 days and a few hours holds under 2^53 ns, so they are exact, and sorting them is a typed
 * array's native sort rather than BigInt comparisons (a firm's four weeks are tens of
 * thousands of occurrences).
 */
import { DEFAULT_SHOW_AS } from '../appointment-schema.ts'
import type { Appointment } from '../appointment.ts'
import { scanListedOccurrences } from '../recurrence/occurrence-exceptions.ts'
import { epochTimeOfNanoseconds, type EpochTime } from '../recurrence/recurrence.ts'
import { BLOCKING_SHOW_AS, type BlockingShowAs } from './availability-schema.ts'

/** Nanoseconds since the window's start. */
export interface BusyInterval {
  readonly start: number
  readonly end: number
  readonly showAs: BlockingShowAs
}

const NO_RANK = -1
const RANK_BY_SHOW_AS: ReadonlyMap<string, number> = new Map(BLOCKING_SHOW_AS.map((name, rank) => [name, rank]))

function rankOf(showAs: string | undefined): number {
  return RANK_BY_SHOW_AS.get(showAs ?? DEFAULT_SHOW_AS) ?? NO_RANK
}

/** Occurrence edges by status, as times since the window's start, cut to it. */
class Edges {
  readonly starts: number[][] = BLOCKING_SHOW_AS.map(() => [])
  readonly ends: number[][] = BLOCKING_SHOW_AS.map(() => [])
  private readonly from: EpochTime
  private readonly length: number
  private readonly lengthMs: number

  constructor(fromNs: bigint, toNs: bigint) {
    this.from = epochTimeOfNanoseconds(fromNs)
    this.length = Number(toNs - fromNs)
    this.lengthMs = Math.ceil(this.length / 1e6)
  }

  add(rank: number, startMs: number, startSubMsNs: number, endMs: number, endSubMsNs: number): void {
    const start = this.offsetOf(startMs, startSubMsNs)
    const end = this.offsetOf(endMs, endSubMsNs)
    if (start >= end) return
    this.starts[rank]!.push(start)
    this.ends[rank]!.push(end)
  }

  /** The instant as time since the window's start, cut to [0, length]; far instants never reach the multiplication. */
  private offsetOf(ms: number, subMsNs: number): number {
    const sinceMs = ms - this.from.ms
    if (sinceMs < 0) return 0
    if (sinceMs > this.lengthMs) return this.length
    return Math.min(Math.max(sinceMs * 1e6 + subMsNs - this.from.ns, 0), this.length)
  }
}

export function busyIntervals(appointments: readonly Appointment[], fromNs: bigint, toNs: bigint): BusyInterval[] {
  const edges = new Edges(fromNs, toNs)
  const from = epochTimeOfNanoseconds(fromNs)
  const to = epochTimeOfNanoseconds(toNs)
  for (const appointment of appointments) {
    const appointmentRank = rankOf(appointment.showAs)
    const scan = scanListedOccurrences(appointment, from, to)
    while (scan.next()) {
      const exceptionShowAs = scan.exception?.showAs
      const rank = exceptionShowAs === undefined ? appointmentRank : rankOf(exceptionShowAs)
      if (rank !== NO_RANK) edges.add(rank, scan.startMs, scan.startSubMsNs, scan.endMs, scan.endSubMsNs)
    }
  }
  return sweep(edges.starts.map(sorted), edges.ends.map(sorted))
}

function sorted(times: readonly number[]): Float64Array {
  return new Float64Array(times).sort()
}

/**
 * One pass over every status's sorted starts and ends: at each edge time, how many occurrences
 * of each status cover the stretch that follows, and the strongest with any.
 */
function sweep(starts: readonly Float64Array[], ends: readonly Float64Array[]): BusyInterval[] {
  const intervals: BusyInterval[] = []
  const ranks = starts.length
  const nextStart = new Int32Array(ranks)
  const nextEnd = new Int32Array(ranks)
  const covering = new Int32Array(ranks)
  let openRank = NO_RANK
  let openStart = 0
  for (;;) {
    let time = Infinity
    for (let rank = 0; rank < ranks; rank++) {
      const rankStarts = starts[rank]!
      const rankEnds = ends[rank]!
      if (nextStart[rank]! < rankStarts.length && rankStarts[nextStart[rank]!]! < time) time = rankStarts[nextStart[rank]!]!
      if (nextEnd[rank]! < rankEnds.length && rankEnds[nextEnd[rank]!]! < time) time = rankEnds[nextEnd[rank]!]!
    }
    if (time === Infinity) return intervals
    let strongest = NO_RANK
    for (let rank = 0; rank < ranks; rank++) {
      const rankStarts = starts[rank]!
      const rankEnds = ends[rank]!
      while (nextStart[rank]! < rankStarts.length && rankStarts[nextStart[rank]!] === time) {
        nextStart[rank]!++
        covering[rank]!++
      }
      while (nextEnd[rank]! < rankEnds.length && rankEnds[nextEnd[rank]!] === time) {
        nextEnd[rank]!++
        covering[rank]!--
      }
      if (covering[rank]! > 0) strongest = rank
    }
    if (strongest === openRank) continue
    if (openRank !== NO_RANK) intervals.push({ start: openStart, end: time, showAs: BLOCKING_SHOW_AS[openRank]! })
    openRank = strongest
    openStart = time
  }
}

/** The intervals cut to [from, to); cutting keeps them maximal, as none of them overlap. */
export function clipIntervals(intervals: readonly BusyInterval[], from: number, to: number): BusyInterval[] {
  const clipped: BusyInterval[] = []
  for (const interval of intervals) {
    const start = Math.max(interval.start, from)
    const end = Math.min(interval.end, to)
    if (start < end) clipped.push(start === interval.start && end === interval.end ? interval : { ...interval, start, end })
  }
  return clipped
}
