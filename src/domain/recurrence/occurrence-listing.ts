/**
 * @module A user's occurrences in a window, one page at a time: each appointment's occurrences
 * come lazily from a `scanOccurrences` scan, and a binary heap merges them by (start, appointment
 * id), so a page costs about its own size × log(appointments), however long the series are.
 * A page ends with a cursor (the last item's key) when more follow; the next page starts
 * strictly after it. A series' exceptions apply in its scan (occurrence-exceptions.ts). Occurrences the merge passes over cost no object; the listed ones build
 * their ZonedDateTimes only if read (the writers format them from numbers).
 */
import type { Temporal } from 'temporal-polyfill'
import type { Appointment, OccurrenceException } from '../appointment.ts'
import { scanListedOccurrences, type ListingScan } from './occurrence-exceptions.ts'
import { ExpandedOccurrence, epochTimeOf, epochTimeOfNanoseconds, type EpochTime } from './recurrence.ts'
import type { ReadingWindow } from '../time/reading-window.ts'

export interface ListedOccurrence {
  readonly appointment: Appointment
  readonly start: Temporal.ZonedDateTime
  readonly end: Temporal.ZonedDateTime
  /** The local date (epoch day) the series puts it on. */
  readonly day: number
  /** What the series' exception for that date changed; undefined when it is as the series has it. */
  readonly exception: OccurrenceException | undefined
}

/**
 * Where a page ended: the start (epoch ns), appointment id and series date of its last item
 * (a moved occurrence may share a start with another of its series).
 */
export interface OccurrenceCursor {
  readonly startNs: bigint
  readonly appointmentId: string
  /** Absent in cursors written before series dates were part of them: then the id decides. */
  readonly day?: number | undefined
}

export interface OccurrencePage {
  readonly items: readonly ListedOccurrence[]
  /** Present when more occurrences follow the page. */
  readonly next: OccurrenceCursor | undefined
}

interface Source {
  readonly appointment: Appointment
  /** Stands on the source's next occurrence. */
  readonly scan: ListingScan
}

/** A listed occurrence as the engine made it: `start` and `end` are built on first reading. */
class ListedExpandedOccurrence extends ExpandedOccurrence implements ListedOccurrence {
  readonly appointment: Appointment
  readonly exception: OccurrenceException | undefined

  constructor(appointment: Appointment, scan: ListingScan) {
    super(appointment.timeZone, scan)
    this.appointment = appointment
    this.exception = scan.exception
  }
}

/**
 * The first `limit` occurrences overlapping the window (after `after`, when given), sorted
 * by start, ties by appointment id.
 */
export function listOccurrences(
  appointments: readonly Appointment[], window: ReadingWindow, after: OccurrenceCursor | undefined, limit: number,
): OccurrencePage {
  const windowFrom = epochTimeOf(window.from)
  const to = epochTimeOf(window.to)
  const cursor = after && {
    time: epochTimeOfNanoseconds(after.startNs), appointmentId: after.appointmentId, day: after.day ?? Infinity,
  }
  const from = cursor && isEarlierTime(windowFrom, cursor.time) ? cursor.time : windowFrom
  const heap = new SourceHeap()
  for (const appointment of appointments) {
    const source = openSource(appointment, from, to, cursor)
    if (source) heap.push(source)
  }
  const items: ListedOccurrence[] = []
  while (items.length < limit) {
    const source = heap.peek()
    if (!source) return { items, next: undefined }
    items.push(new ListedExpandedOccurrence(source.appointment, source.scan))
    if (source.scan.next()) heap.siftDownTop()
    else heap.pop()
  }
  const last = items.at(-1)
  return {
    items,
    next: heap.peek() && last
      ? { startNs: last.start.epochNanoseconds, appointmentId: last.appointment.id, day: last.day }
      : undefined,
  }
}

interface Cursor {
  readonly time: EpochTime
  readonly appointmentId: string
  readonly day: number
}

/** The appointment's occurrences in the window that come after the cursor; undefined when none. */
function openSource(appointment: Appointment, from: EpochTime, to: EpochTime, cursor: Cursor | undefined): Source | undefined {
  const scan = scanListedOccurrences(appointment, from, to)
  while (scan.next()) {
    if (cursor && !isAfter(scan, appointment.id, cursor)) continue
    return { appointment, scan }
  }
  return undefined
}

function isAfter(scan: ListingScan, appointmentId: string, cursor: Cursor): boolean {
  const { time } = cursor
  if (scan.startMs !== time.ms) return scan.startMs > time.ms
  if (scan.startSubMsNs !== time.ns) return scan.startSubMsNs > time.ns
  if (appointmentId !== cursor.appointmentId) return appointmentId > cursor.appointmentId
  return scan.day > cursor.day
}

function isEarlierTime(a: EpochTime, b: EpochTime): boolean {
  return a.ms < b.ms || (a.ms === b.ms && a.ns < b.ns)
}

function precedes(a: Source, b: Source): boolean {
  const aScan = a.scan
  const bScan = b.scan
  if (aScan.startMs !== bScan.startMs) return aScan.startMs < bScan.startMs
  if (aScan.startSubMsNs !== bScan.startSubMsNs) return aScan.startSubMsNs < bScan.startSubMsNs
  return a.appointment.id < b.appointment.id
}

/** A binary min-heap of sources ordered by their next occurrence. */
class SourceHeap {
  private readonly items: Source[] = []

  peek(): Source | undefined {
    return this.items[0]
  }

  push(source: Source): void {
    const items = this.items
    items.push(source)
    let index = items.length - 1
    while (index > 0) {
      const parent = (index - 1) >> 1
      if (!precedes(items[index]!, items[parent]!)) break
      this.swap(index, parent)
      index = parent
    }
  }

  pop(): void {
    const last = this.items.pop()
    if (last && this.items.length > 0) {
      this.items[0] = last
      this.siftDownTop()
    }
  }

  /** Restores order after the top source's head moved on. */
  siftDownTop(): void {
    const items = this.items
    let index = 0
    for (;;) {
      const left = 2 * index + 1
      const right = left + 1
      let smallest = index
      if (left < items.length && precedes(items[left]!, items[smallest]!)) smallest = left
      if (right < items.length && precedes(items[right]!, items[smallest]!)) smallest = right
      if (smallest === index) return
      this.swap(index, smallest)
      index = smallest
    }
  }

  private swap(a: number, b: number): void {
    const items = this.items
    const held = items[a]!
    items[a] = items[b]!
    items[b] = held
  }
}
