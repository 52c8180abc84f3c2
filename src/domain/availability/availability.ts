/**
 * @module The availability answer from a validated query and each user's appointments (or the
 * error that stands for an unknown user): busy intervals cut to the window, and, when a
 * duration was asked for, the slots. Intervals are found over the window widened by the
 * buffer on each side, since what blocks a slot at the window's edge may lie just outside
 * it; inside, times are nanoseconds since the widened window's start (busy-intervals.ts),
 * and the answer's are instants again.
 */
import type { Appointment } from '../appointment.ts'
import type { BlockingShowAs } from './availability-schema.ts'
import { busyIntervals, clipIntervals, type BusyInterval } from './busy-intervals.ts'
import { findSlots } from './slot-finder.ts'
import type { AvailabilityQuery } from './validate-availability.ts'
import { workingPeriods } from './working-periods.ts'

export type UserCalendar =
  | { readonly userId: string; readonly appointments: readonly Appointment[] }
  /** Intervals found over the query's busyWindow, as calendarBusy answers them. */
  | { readonly userId: string; readonly busy: readonly BusyInterval[] }
  | { readonly userId: string; readonly error: string }

/** Epoch nanoseconds. */
export interface AnswerInterval {
  readonly startNs: bigint
  readonly endNs: bigint
}

export interface BusyAnswer extends AnswerInterval {
  readonly showAs: BlockingShowAs
}

export interface SlotAnswer extends AnswerInterval {
  /** The free users, in request order. */
  readonly userIds: readonly string[]
}

export interface Schedule {
  readonly userId: string
  readonly busy: readonly BusyAnswer[]
  readonly error?: string
}

export interface Availability {
  readonly timeZone: string
  readonly schedules: readonly Schedule[]
  /** Present when the query gave a duration. */
  readonly slots?: readonly SlotAnswer[]
}

const MINUTE_NS = 60_000_000_000

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
  const bufferNs = BigInt(query.buffer * MINUTE_NS)
  // A millisecond of slack each side, as the listing: the store's range only has to hold every candidate.
  return { fromMs: Number((query.fromNs - bufferNs) / 1_000_000n) - 1, toMs: Number((query.toNs + bufferNs) / 1_000_000n) + 1 }
}

/** The window widened by the buffer (epoch ns): what busy intervals are found over and counted from. */
export function busyWindow(query: AvailabilityQuery): { readonly originNs: bigint; readonly endNs: bigint } {
  const bufferNs = BigInt(query.buffer * MINUTE_NS)
  return { originNs: query.fromNs - bufferNs, endNs: query.toNs + bufferNs }
}

/** A user's busy intervals for the query, from their appointments over availabilityReadRange. */
export function calendarBusy(query: AvailabilityQuery, appointments: readonly Appointment[]): BusyInterval[] {
  const { originNs, endNs } = busyWindow(query)
  return busyIntervals(appointments, originNs, endNs)
}

/** `calendars` in request order, one per user id. */
export function computeAvailability(query: AvailabilityQuery, calendars: readonly UserCalendar[]): Availability {
  const buffer = query.buffer * MINUTE_NS
  const originNs = query.fromNs - BigInt(buffer)
  const windowEnd = buffer + Number(query.toNs - query.fromNs)
  const toAnswer = <Item extends { start: number }>(item: Item, end: number) =>
    ({ startNs: originNs + BigInt(item.start), endNs: originNs + BigInt(end) })
  const known: { userId: string; busy: readonly BusyInterval[] }[] = []
  const schedules = calendars.map((calendar): Schedule => {
    if ('error' in calendar) return { userId: calendar.userId, busy: [], error: calendar.error }
    const busy = 'busy' in calendar ? calendar.busy : calendarBusy(query, calendar.appointments)
    known.push({ userId: calendar.userId, busy })
    const inWindow = clipIntervals(busy, buffer, windowEnd)
    return { userId: calendar.userId, busy: inWindow.map((interval) => ({ ...toAnswer(interval, interval.end), showAs: interval.showAs })) }
  })
  if (query.duration === undefined) return { timeZone: query.timeZone, schedules }
  const periods = workingPeriods(query.fromNs, query.toNs, query.timeZone, query.workingHours).map((period) => ({
    start: Number(period.startNs - originNs), end: Number(period.endNs - originNs), stepOrigin: Number(period.stepOriginNs - originNs),
  }))
  const duration = query.duration * MINUTE_NS
  const slots = findSlots(periods, known, { duration, step: query.step * MINUTE_NS, buffer, required: query.required })
  return {
    timeZone: query.timeZone,
    schedules,
    slots: slots.map((slot) => ({ ...toAnswer(slot, slot.start + duration), userIds: slot.userIds })),
  }
}
