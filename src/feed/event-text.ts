/**
 * @module One appointment's VEVENTs as UTF-8 (the master, then one per changed occurrence),
 * written and encoded once per appointment object: the store hands out the same object
 * while the appointment is unchanged (src/store/appointment-cache.ts), so a feed polled again
 * writes only what changed since, and copies bytes instead of encoding 1.6 MB of text per
 * request. Weakly held: the bytes go when their object does.
 */
import type { Appointment } from '../domain/appointment.ts'
import { feedEventOf } from '../domain/ical/event.ts'
import { perObject } from '../domain/recurrence/per-object.ts'
import { LINE_END, componentText } from './ical-text.ts'

/** UIDs are `<appointment id>@connect-calendar`: stable for the appointment's life. */
const UID_DOMAIN = 'connect-calendar'

export interface EventText {
  /** The VEVENTs in UTF-8, each ending in CRLF. */
  readonly bytes: Buffer
  /** Earliest start written: a timed event's VTIMEZONE must reach back to it. */
  readonly firstStartMs: number
}

/** null when the series has no occurrence at all (nothing is written). */
export const eventTextOf = perObject((appointment: Appointment): EventText | null => {
  const event = feedEventOf(appointment, UID_DOMAIN)
  if (!event) return null
  let text = componentText(event.vevent) + LINE_END
  for (const override of event.overrides) text += componentText(override) + LINE_END
  return { bytes: Buffer.from(text), firstStartMs: event.firstStartMs }
})
