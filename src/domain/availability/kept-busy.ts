/**
 * @module Users' busy intervals kept between availability requests, each under the user's
 * change number (the change feed's counter: every committed write to the user's appointments
 * moves it on, whichever instance made it) and the window it was found over. A request reads
 * the numbers of all its users in one query; a user whose number and window are those kept
 * costs nothing more, the others' appointments are read (in one query) and their intervals
 * found and kept. Numbers are read before appointments, so intervals kept under a number were
 * found from that state or a later one: a later write only makes them missed, never wrong.
 * Numbers count in one database: when the store answers for another (a backup restored under
 * its path), everything kept is dropped.
 */
import type { Appointment } from '../appointment.ts'
import type { BusyInterval } from './busy-intervals.ts'

/** Users kept; a keeper serves one store, whose numbers its entries were kept under. */
const KEPT_USERS = 2_000

export interface BusyWindow {
  readonly originNs: bigint
  readonly endNs: bigint
}

/** The users' change numbers and the database they count in (a new object: numbers may repeat with other appointments). */
export interface ChangeNumbersRead {
  readonly numbers: readonly number[]
  readonly database: object
}

/** How the intervals are read: the users' change numbers, their appointments, and intervals from those. */
export interface BusySource {
  changeNumbers(userIds: readonly string[]): Promise<ChangeNumbersRead>
  appointments(userIds: readonly string[]): Promise<Appointment[][]>
  busy(appointments: readonly Appointment[]): BusyInterval[]
}

interface KeptBusy {
  readonly changeNumber: number
  readonly window: BusyWindow
  readonly busy: readonly BusyInterval[]
}

export interface BusyKeeper {
  /** Each of the customer's users' intervals over `window`, in the order of `userIds` (ids as the store spells them). */
  busyOf(customerId: string, userIds: readonly string[], window: BusyWindow, source: BusySource): Promise<(readonly BusyInterval[])[]>
}

export function createBusyKeeper(): BusyKeeper {
  const kept = new Map<string, KeptBusy>()
  let keptDatabase: object | undefined

  function keep(key: string, entry: KeptBusy): void {
    kept.delete(key)
    if (kept.size >= KEPT_USERS) kept.delete(kept.keys().next().value as string)
    kept.set(key, entry)
  }

  function keptBusy(key: string, changeNumber: number, window: BusyWindow): readonly BusyInterval[] | undefined {
    const entry = kept.get(key)
    if (entry?.changeNumber !== changeNumber) return undefined
    return entry.window.originNs === window.originNs && entry.window.endNs === window.endNs ? entry.busy : undefined
  }

  return {
    async busyOf(customerId, userIds, window, source) {
      if (userIds.length === 0) return []
      const keys = userIds.map((userId) => JSON.stringify([customerId, userId]))
      const { numbers, database } = await source.changeNumbers(userIds)
      if (database !== keptDatabase) {
        kept.clear()
        keptDatabase = database
      }
      const found = keys.map((key, index) => keptBusy(key, numbers[index]!, window))
      const missing = userIds.filter((_userId, index) => found[index] === undefined)
      if (missing.length === 0) return found as (readonly BusyInterval[])[]
      const lists = await source.appointments(missing)
      const fresh = new Map(missing.map((userId, index) => [userId, source.busy(lists[index]!)]))
      return userIds.map((userId, index) => {
        const busy = found[index] ?? fresh.get(userId)!
        if (found[index] === undefined) keep(keys[index]!, { changeNumber: numbers[index]!, window, busy })
        return busy
      })
    },
  }
}
