/**
 * @module A user's occurrences in a window, one page at a time: each appointment's occurrences
 * come lazily from `expandOccurrences`, and a binary heap merges them by (start, appointment
 * id), so a page costs about its own size × log(appointments), however long the series are.
 * A page ends with a cursor (the last item's key) when more follow; the next page starts
 * strictly after it.
 */
import { Temporal } from 'temporal-polyfill'
import type { Appointment } from './appointment.ts'
import { expandOccurrences, type Occurrence } from './recurrence.ts'
import type { ReadingWindow } from './reading-window.ts'

export interface ListedOccurrence {
  readonly appointment: Appointment
  readonly start: Temporal.ZonedDateTime
  readonly end: Temporal.ZonedDateTime
}

/** Where a page ended: the start (epoch ns) and appointment id of its last item. */
export interface OccurrenceCursor {
  readonly startNs: bigint
  readonly appointmentId: string
}

export interface OccurrencePage {
  readonly items: readonly ListedOccurrence[]
  /** Present when more occurrences follow the page. */
  readonly next: OccurrenceCursor | undefined
}

interface Source {
  readonly appointment: Appointment
  readonly occurrences: Generator<Occurrence>
  head: Occurrence
  headMs: number
}

/**
 * The first `limit` occurrences overlapping the window (after `after`, when given), sorted
 * by start, ties by appointment id.
 */
export function listOccurrences(
  appointments: readonly Appointment[], window: ReadingWindow, after: OccurrenceCursor | undefined, limit: number,
): OccurrencePage {
  const heap = new SourceHeap()
  for (const appointment of appointments) {
    const source = openSource(appointment, window, after)
    if (source) heap.push(source)
  }
  const items: ListedOccurrence[] = []
  while (items.length < limit) {
    const source = heap.peek()
    if (!source) return { items, next: undefined }
    items.push({ appointment: source.appointment, start: source.head.start, end: source.head.end })
    if (advance(source)) heap.siftDownTop()
    else heap.pop()
  }
  const last = items.at(-1)
  return {
    items,
    next: heap.peek() && last ? { startNs: last.start.epochNanoseconds, appointmentId: last.appointment.id } : undefined,
  }
}

/** The appointment's occurrences in the window that come after the cursor; undefined when none. */
function openSource(appointment: Appointment, window: ReadingWindow, after: OccurrenceCursor | undefined): Source | undefined {
  const from = after && after.startNs > window.from.epochNanoseconds
    ? Temporal.Instant.fromEpochNanoseconds(after.startNs)
    : window.from
  const occurrences = expandOccurrences(appointment, from, window.to)
  for (let next = occurrences.next(); !next.done; next = occurrences.next()) {
    const occurrence = next.value
    if (after && !isAfter(occurrence.start.epochNanoseconds, appointment.id, after)) continue
    return { appointment, occurrences, head: occurrence, headMs: occurrence.start.epochMilliseconds }
  }
  return undefined
}

function isAfter(startNs: bigint, appointmentId: string, cursor: OccurrenceCursor): boolean {
  if (startNs !== cursor.startNs) return startNs > cursor.startNs
  return appointmentId > cursor.appointmentId
}

function advance(source: Source): boolean {
  const next = source.occurrences.next()
  if (next.done) return false
  source.head = next.value
  source.headMs = next.value.start.epochMilliseconds
  return true
}

function precedes(a: Source, b: Source): boolean {
  if (a.headMs !== b.headMs) return a.headMs < b.headMs
  const aNs = a.head.start.epochNanoseconds
  const bNs = b.head.start.epochNanoseconds
  if (aNs !== bNs) return aNs < bNs
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
