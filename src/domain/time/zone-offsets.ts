/**
 * @module A zone's UTC offsets as a cache of spans of constant offset, so that turning a wall
 * time into an instant, or an instant into its offset, is a lookup and a subtraction instead
 * of a Temporal.ZonedDateTime. The spans come from Temporal itself: the offset at an instant
 * and the zone's next transition after it, so the cache says exactly what Temporal says.
 *
 * Every answer is "exact or undefined": a wall time with an offset change within a day of it
 * (where gaps and overlaps live), or anything near the edges of Temporal's range, answers
 * undefined and the caller asks Temporal. Epoch times here are whole milliseconds, which is
 * exact because IANA offsets and transitions are whole seconds (anything else is refused).
 */
import { Temporal } from 'temporal-polyfill'
import { DAY_MS } from './epoch-days.ts'

/** [startMs, endMs) with one offset. */
interface Span {
  readonly startMs: number
  readonly endMs: number
  readonly offsetMs: number
}

/** Temporal's instants run ±10^8 days from the epoch; the fast path keeps well inside. */
const SAFE_LIMIT_MS = 99_000_000 * DAY_MS
/** How far back a cache miss fills from, so lookups a little earlier than the last ones hit. */
const FILL_BEFORE_MS = 400 * DAY_MS
/**
 * When Temporal reports no next transition, the offset is taken as constant for this long
 * only. Temporal (and the polyfill, which searches about three years past the later of the
 * instant and now) vouches for that; a later change is found by the next fill.
 */
const NO_TRANSITION_SPAN_MS = 730 * DAY_MS
const MAX_SPANS_PER_ZONE = 4096
const MAX_ZONES = 1024

class ZoneOffsets {
  private readonly timeZone: string
  /** Sorted by start, disjoint; neighbours touching with one offset are merged. */
  private spans: Span[] = []
  private recent: Span | undefined
  /** Set when Temporal gave something the arithmetic cannot represent exactly. */
  private unsupported = false

  constructor(timeZone: string) {
    this.timeZone = timeZone
  }

  /** The span holding the instant, filling the cache from Temporal on a miss. */
  spanAt(epochMs: number): Span | undefined {
    const recent = this.recent
    if (recent && recent.startMs <= epochMs && epochMs < recent.endMs) return recent
    if (this.unsupported || !(epochMs > -SAFE_LIMIT_MS && epochMs < SAFE_LIMIT_MS)) return undefined
    const found = this.find(epochMs) ?? this.fill(epochMs)
    if (found) this.recent = found
    return found
  }

  private find(epochMs: number): Span | undefined {
    const spans = this.spans
    let low = 0
    let high = spans.length - 1
    while (low <= high) {
      const middle = (low + high) >> 1
      const span = spans[middle]!
      if (epochMs < span.startMs) high = middle - 1
      else if (epochMs >= span.endMs) low = middle + 1
      else return span
    }
    return undefined
  }

  /** Walks transitions forward from a while before the instant until past it. */
  private fill(epochMs: number): Span | undefined {
    if (this.spans.length > MAX_SPANS_PER_ZONE) this.spans = []
    let startMs = Math.max(epochMs - FILL_BEFORE_MS, -SAFE_LIMIT_MS)
    while (startMs <= epochMs) {
      const zoned = Temporal.Instant.fromEpochMilliseconds(startMs).toZonedDateTimeISO(this.timeZone)
      const offsetNs = zoned.offsetNanoseconds
      const next = zoned.getTimeZoneTransition('next')
      const endMs = next ? next.epochMilliseconds : startMs + NO_TRANSITION_SPAN_MS
      if (offsetNs % 1_000_000 !== 0 || (next && next.epochNanoseconds % 1_000_000n !== 0n) || endMs <= startMs) {
        return this.refuse()
      }
      if (!this.insert({ startMs, endMs, offsetMs: offsetNs / 1_000_000 })) return this.refuse()
      startMs = endMs
    }
    return this.find(epochMs)
  }

  /** False when the span contradicts one already known (Temporal disagreeing with itself). */
  private insert(added: Span): boolean {
    const merged: Span[] = []
    let current = added
    for (const span of this.spans) {
      if (span.endMs < current.startMs || span.startMs > current.endMs) {
        merged.push(span)
      } else if (span.offsetMs === current.offsetMs) {
        current = {
          startMs: Math.min(span.startMs, current.startMs),
          endMs: Math.max(span.endMs, current.endMs),
          offsetMs: current.offsetMs,
        }
      } else if (span.endMs === current.startMs || span.startMs === current.endMs) {
        merged.push(span)
      } else {
        return false
      }
    }
    merged.push(current)
    this.spans = merged.sort((a, b) => a.startMs - b.startMs)
    this.recent = undefined
    return true
  }

  private refuse(): undefined {
    this.unsupported = true
    this.spans = []
    this.recent = undefined
    return undefined
  }
}

const zones = new Map<string, ZoneOffsets>()

function offsetsOf(timeZone: string): ZoneOffsets {
  let offsets = zones.get(timeZone)
  if (!offsets) {
    if (zones.size >= MAX_ZONES) zones.clear()
    offsets = new ZoneOffsets(timeZone)
    zones.set(timeZone, offsets)
  }
  return offsets
}

/** The zone's offset at the instant, in milliseconds, as Temporal gives it; undefined: ask Temporal. */
export function offsetMsAt(timeZone: string, epochMs: number): number | undefined {
  return offsetsOf(timeZone).spanAt(epochMs)?.offsetMs
}

/**
 * The instant (epoch ms) of a wall time given as milliseconds since 1970-01-01T00:00 local,
 * when the offset is the same for a whole day either side of it: then the wall time exists
 * once and every disambiguation agrees. Undefined near an offset change: ask Temporal.
 */
export function instantMsOfWallTime(timeZone: string, localMs: number): number | undefined {
  // Offsets are under 24 h, so every instant that could show this wall time is within a day of it.
  const offsets = offsetsOf(timeZone)
  const earliest = localMs - DAY_MS
  const latest = localMs + DAY_MS
  let span = offsets.spanAt(earliest)
  if (!span) return undefined
  if (span.endMs <= latest) {
    // The cache may just not know further yet: filling there merges a same-offset continuation.
    const following = offsets.spanAt(span.endMs)
    if (!following || following.offsetMs !== span.offsetMs) return undefined
    span = offsets.spanAt(earliest)
    if (!span || span.endMs <= latest) return undefined
  }
  return localMs - span.offsetMs
}
