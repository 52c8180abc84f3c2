/**
 * @module The rows of a query over several users (listUsersAppointmentsTouching,
 * readChangeNumbers) sorted back into one answer per user asked for. Each row names the asked
 * user's place in the list; appointments come through the store's cache.
 */
import type { Appointment } from '../domain/appointment.ts'
import type { StoredVersion } from './appointment-cache.ts'

/** [place of the user asked for, appointment id, version] */
export type AskedUserRow = readonly [number, string, number]

/** `resolve` answers the appointments at those versions in their order, leaving out those gone since. */
export async function byAskedUser(
  userCount: number, rows: readonly AskedUserRow[], resolve: (wanted: readonly StoredVersion[]) => Promise<Appointment[]>,
): Promise<Appointment[][]> {
  const lists: Appointment[][] = Array.from({ length: userCount }, () => [])
  const appointments = await resolve(rows.map(([, id, version]) => ({ id, version })))
  let next = 0
  for (const [place, id] of rows) {
    // An appointment gone since the query is gone entirely, so the rows skipped are exactly its own.
    if (appointments[next]?.id !== id) continue
    lists[place]!.push(appointments[next++]!)
  }
  return lists
}

/** [place of the user asked for, change number] */
export type AskedNumberRow = readonly [number, number]

/** A user without a row has no number yet: 0. */
export function numbersByAskedUser(userCount: number, rows: readonly AskedNumberRow[]): number[] {
  const numbers = new Array<number>(userCount).fill(0)
  for (const [place, number] of rows) numbers[place] = number
  return numbers
}
