/**
 * @module Parsed appointments by id and version. A version is never reused for other data
 * (every write bumps it; a deleted id is never reissued), so an entry is right for as long
 * as the database still lists that id at that version: no invalidation, on any number of
 * instances. The listing asks the database only which ids and versions a window holds and
 * reads the full rows of those it has not seen, so a steady poller costs index reads, not
 * row parsing; handing out the same objects also lets the domain keep its parsed series.
 */
import type { Appointment } from '../domain/appointment.ts'

const ENTRY_LIMIT = 20_000

export interface StoredVersion {
  readonly id: string
  readonly version: number
}

export interface AppointmentCache {
  /** The appointments at these versions, in their order: cached ones as they are, the rest through `read` (one gone since is left out). */
  resolve(
    wanted: readonly StoredVersion[], read: (ids: readonly string[]) => Promise<Appointment[]>,
  ): Promise<Appointment[]>
}

export function createAppointmentCache(): AppointmentCache {
  const entries = new Map<string, Appointment>()

  function keep(appointment: Appointment): void {
    entries.delete(appointment.id)
    if (entries.size >= ENTRY_LIMIT) entries.delete(entries.keys().next().value as string)
    entries.set(appointment.id, appointment)
  }

  return {
    async resolve(wanted, read) {
      const cached = wanted.map(({ id, version }) => {
        const appointment = entries.get(id)
        return appointment?.version === version ? appointment : undefined
      })
      const missing = wanted.filter((_, index) => cached[index] === undefined).map(({ id }) => id)
      if (missing.length === 0) return cached as Appointment[]
      const fresh = new Map((await read(missing)).map((appointment) => [appointment.id, appointment]))
      for (const appointment of fresh.values()) keep(appointment)
      return wanted.flatMap(({ id }, index) => {
        const appointment = cached[index] ?? fresh.get(id)
        return appointment ? [appointment] : []
      })
    },
  }
}
