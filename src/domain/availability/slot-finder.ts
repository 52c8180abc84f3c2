/**
 * @module Slots: starts at whole steps from each working period's step origin, lying with
 * their whole duration inside the period (which lies inside the window). A user is free for
 * [s, s + duration) when none of their busy intervals overlaps [s − buffer, s + duration +
 * buffer); touching is not overlapping. A slot is offered when enough users are free: every
 * known user for "all" (none known: no slots), at least k for a number k.
 */
import type { BusyInterval } from './busy-intervals.ts'
import type { WorkingPeriod } from './working-periods.ts'

export interface SlotUser {
  readonly userId: string
  /** Sorted and disjoint, covering at least the window widened by the buffer. */
  readonly busy: readonly BusyInterval[]
}

export interface SlotRules {
  readonly durationNs: bigint
  readonly stepNs: bigint
  readonly bufferNs: bigint
  readonly required: 'all' | number
}

export interface Slot {
  readonly startNs: bigint
  readonly endNs: bigint
  /** The free users, in the order given. */
  readonly userIds: readonly string[]
}

/** `users` are the known ones only, in request order; `periods` sorted and disjoint. */
export function findSlots(periods: readonly WorkingPeriod[], users: readonly SlotUser[], rules: SlotRules): Slot[] {
  const needed = rules.required === 'all' ? users.length : rules.required
  if (needed === 0) return []
  const cursors = users.map((user) => new FreeCursor(user.busy))
  const slots: Slot[] = []
  for (const period of periods) {
    for (let startNs = firstStart(period, rules.stepNs); startNs + rules.durationNs <= period.endNs; startNs += rules.stepNs) {
      const from = startNs - rules.bufferNs
      const to = startNs + rules.durationNs + rules.bufferNs
      const userIds = users.filter((_user, index) => cursors[index]!.isFree(from, to)).map((user) => user.userId)
      if (userIds.length >= needed) slots.push({ startNs, endNs: startNs + rules.durationNs, userIds })
    }
  }
  return slots
}

/** The period's first step from its origin that is not before its start. */
function firstStart(period: WorkingPeriod, stepNs: bigint): bigint {
  const sinceOrigin = period.startNs - period.stepOriginNs
  const steps = (sinceOrigin + stepNs - 1n) / stepNs
  return period.stepOriginNs + steps * stepNs
}

/** Walks one user's intervals forward; asked about ranges whose starts never decrease. */
class FreeCursor {
  private readonly busy: readonly BusyInterval[]
  private index = 0

  constructor(busy: readonly BusyInterval[]) {
    this.busy = busy
  }

  /** No interval overlaps [fromNs, toNs). */
  isFree(fromNs: bigint, toNs: bigint): boolean {
    while (this.index < this.busy.length && this.busy[this.index]!.endNs <= fromNs) this.index++
    const next = this.busy[this.index]
    return next === undefined || next.startNs >= toNs
  }
}
