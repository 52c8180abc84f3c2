/**
 * @module The change feed's answer, `ChangeSet`, in JSON and XML. Each upserted
 * appointment is embedded as the very text GET one answers for it (writeAppointmentJson,
 * writeAppointmentXml), so whatever those write, the feed writes too. XML elements come in
 * alphabetical order, as DataContractSerializer writes them, in the Appointment contract's
 * namespace; a deleted appointment has no Appointment element, as JSON has no `appointment`.
 */
import type { Appointment } from '../../domain/appointment.ts'
import type { ChangeKind } from '../../domain/change-set-schema.ts'
import { writeAppointmentJson } from './json.ts'
import { APPOINTMENT_NAMESPACE, INSTANCE_NAMESPACE, escapeXmlText, writeAppointmentXml } from './xml.ts'

export interface ChangeSetEntry {
  readonly appointmentId: string
  /** Its latest state; null when deleted. */
  readonly appointment: Appointment | null
}

export interface ChangeSet {
  readonly changes: readonly ChangeSetEntry[]
  /** The token to send as `since` next. */
  readonly next: string
  /** More changes follow: ask again with `next` at once. */
  readonly more: boolean
}

/** `{"changes":[{"appointmentId":…,"change":"upserted","appointment":{…}}…],"next":…,"more":…}`. */
export function writeChangeSetJson(set: ChangeSet): string {
  let json = '{"changes":['
  set.changes.forEach((entry, index) => {
    json += `${index === 0 ? '' : ','}{"appointmentId":${JSON.stringify(entry.appointmentId)},"change":"${kindOf(entry)}"`
    json += entry.appointment ? `,"appointment":${writeAppointmentJson(entry.appointment)}}` : '}'
  })
  return `${json}],"next":${JSON.stringify(set.next)},"more":${set.more}}`
}

/** `<ChangeSet><Changes><Change><Appointment>…</Appointment><AppointmentId/><Change/></Change>…</Changes><More/><Next/></ChangeSet>`. */
export function writeChangeSetXml(set: ChangeSet): string {
  const parts = [`<ChangeSet xmlns:i="${INSTANCE_NAMESPACE}" xmlns="${APPOINTMENT_NAMESPACE}"><Changes>`]
  for (const entry of set.changes) {
    const appointment = entry.appointment ? writeAppointmentXml(entry.appointment) : ''
    parts.push(`<Change>${appointment}<AppointmentId>${escapeXmlText(entry.appointmentId)}</AppointmentId>`
      + `<Change>${kindOf(entry)}</Change></Change>`)
  }
  parts.push(`</Changes><More>${set.more}</More><Next>${escapeXmlText(set.next)}</Next></ChangeSet>`)
  return parts.join('')
}

function kindOf(entry: ChangeSetEntry): ChangeKind {
  return entry.appointment ? 'upserted' : 'deleted'
}
