/**
 * @module The availability answer from a validated query and each user's appointments (or the
 * error that stands for an unknown user): busy intervals cut to the window, and, when a
 * duration was asked for, the slots. Intervals are found over the window widened by the
 * buffer on each side, since what blocks a slot at the window's edge may lie just outside it.
 */
import type { Appointment } from '../appointment.ts'
import { busyIntervals, clipIntervals, type BusyInterval } from './busy-intervals.ts'
import { findSlots, type Slot } from './slot-finder.ts'
import type { AvailabilityQuery } from './validate-availability.ts'
import { workingPeriods } from './working-periods.ts'

export type UserCalendar =
  | { readonly userId: string; readonly appointments: readonly Appointment[] }
  | { readonly userId: string; readonly error: string }

export interface Schedule {
  readonly userId: string
  readonly busy: readonly BusyInterval[]
  readonly error?: string
}

export interface Availability {
  readonly timeZone: string
  readonly schedules: readonly Schedule[]
  /** Present when the query gave a duration. */
  readonly slots?: readonly Slot[]
}

const MINUTE_NS = 60_000_000_000n

/** An unknown user's schedule error: the same text for an id no customer has and another customer's. */
export function unknownUserError(userId: string, customerId: string): string {
  return `No user '${shownId(userId)}' was found in customer '${shownId(customerId)}'.`
}

/** Ids past 64 characters cannot be ours and are cut. */
function shownId(id: string): string {
  return id.length > 64 ? `${id.slice(0, 64)}…` : id
}

/** The instants (epoch ms) whose appointments the answer reads: the window widened by the buffer. */
export function availabilityReadRange(query: AvailabilityQuery): { readonly fromMs: number; readonly toMs: number } {
  const { fromNs, toNs } = widenedWindow(query)
  // A millisecond of slack each side, as the listing: the store's range only has to hold every candidate.
  return { fromMs: Number(fromNs / 1_000_000n) - 1, toMs: Number(toNs / 1_000_000n) + 1 }
}

/** `calendars` in request order, one per user id. */
export function computeAvailability(query: AvailabilityQuery, calendars: readonly UserCalendar[]): Availability {
  const widened = widenedWindow(query)
  const known: { userId: string; busy: BusyInterval[] }[] = []
  const schedules = calendars.map((calendar): Schedule => {
    if ('error' in calendar) return { userId: calendar.userId, busy: [], error: calendar.error }
    const busy = busyIntervals(calendar.appointments, widened.fromNs, widened.toNs)
    known.push({ userId: calendar.userId, busy })
    return { userId: calendar.userId, busy: clipIntervals(busy, query.fromNs, query.toNs) }
  })
  if (query.duration === undefined) return { timeZone: query.timeZone, schedules }
  const periods = workingPeriods(query.fromNs, query.toNs, query.timeZone, query.workingHours)
  const slots = findSlots(periods, known, {
    durationNs: BigInt(query.duration) * MINUTE_NS,
    stepNs: BigInt(query.step) * MINUTE_NS,
    bufferNs: BigInt(query.buffer) * MINUTE_NS,
    required: query.required,
  })
  return { timeZone: query.timeZone, schedules, slots }
}

function widenedWindow(query: AvailabilityQuery): { fromNs: bigint; toNs: bigint } {
  const bufferNs = BigInt(query.buffer) * MINUTE_NS
  return { fromNs: query.fromNs - bufferNs, toNs: query.toNs + bufferNs }
}
