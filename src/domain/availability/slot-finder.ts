/**
 * @module Slots: starts at whole steps from each working period's step origin, lying with
 * their whole duration inside the period (which lies inside the window). A user is free for
 * [s, s + duration) when none of their busy intervals overlaps [s − buffer, s + duration +
 * buffer); touching is not overlapping. A slot is offered when enough users are free: every
 * known user for "all" (none known: no slots), at least k for a number k. Times are
 * nanoseconds since one origin, as busy-intervals.ts keeps them.
 */
import type { BusyInterval } from './busy-intervals.ts'

export interface Period {
  readonly start: number
  readonly end: number
  /** Where slot starts count their steps from. */
  readonly stepOrigin: number
}

export interface SlotUser {
  readonly userId: string
  /** Sorted and disjoint, covering at least the window widened by the buffer. */
  readonly busy: readonly BusyInterval[]
}

export interface SlotRules {
  readonly duration: number
  readonly step: number
  readonly buffer: number
  readonly required: 'all' | number
}

export interface FoundSlot {
  readonly start: number
  /** The free users, in the order given. */
  readonly userIds: readonly string[]
}

/** `users` are the known ones only, in request order; `periods` sorted and disjoint. */
export function findSlots(periods: readonly Period[], users: readonly SlotUser[], rules: SlotRules): FoundSlot[] {
  const needed = rules.required === 'all' ? users.length : rules.required
  if (needed === 0) return []
  const cursors = users.map((user) => new FreeCursor(user.busy))
  const slots: FoundSlot[] = []
  for (const period of periods) {
    const first = period.stepOrigin + Math.ceil((period.start - period.stepOrigin) / rules.step) * rules.step
    for (let start = first; start + rules.duration <= period.end; start += rules.step) {
      const from = start - rules.buffer
      const to = start + rules.duration + rules.buffer
      const userIds = users.filter((_user, index) => cursors[index]!.isFree(from, to)).map((user) => user.userId)
      if (userIds.length >= needed) slots.push({ start, userIds })
    }
  }
  return slots
}

/** Walks one user's intervals forward; asked about ranges whose starts never decrease. */
class FreeCursor {
  private readonly busy: readonly BusyInterval[]
  private index = 0

  constructor(busy: readonly BusyInterval[]) {
    this.busy = busy
  }

  /** No interval overlaps [from, to). */
  isFree(from: number, to: number): boolean {
    while (this.index < this.busy.length && this.busy[this.index]!.end <= from) this.index++
    const next = this.busy[this.index]
    return next === undefined || next.start >= to
  }
}
