/**
 * @module Sample bodies written out for reading: the Appointment and AvailabilityRequest
 * elements as .NET's DataContractSerializer writes them (`xmlns:i` and `xmlns` on the root,
 * elements in ordinal order, `DayOfWeek` and array items), indented JSON, and the server's
 * compact XML indented two spaces per level.
 */
import {
  WORKING_HOURS_FIELDS, type AvailabilityFieldSpec,
} from '../domain/availability/availability-schema.ts'
import { APPOINTMENT_FIELDS } from '../domain/appointment-schema.ts'
import { AVAILABILITY_NAMESPACE } from '../http/formats/availability.ts'
import { APPOINTMENT_NAMESPACE, INSTANCE_NAMESPACE, escapeXmlText } from '../http/formats/xml.ts'

export type SampleBody = Readonly<Record<string, unknown>>

export interface FormatSamples {
  readonly json: string
  readonly xml: string
}

const ARRAYS_NAMESPACE = 'http://schemas.microsoft.com/2003/10/Serialization/Arrays'

export function appointmentJson(body: SampleBody, indent?: number): string {
  return JSON.stringify(body, null, indent)
}

export function indentJson(json: string): string {
  return JSON.stringify(JSON.parse(json), null, 2)
}

/** The Appointment element as DataContractSerializer writes it, indented two spaces. */
export function appointmentXml(body: SampleBody): string {
  const lines = [`<Appointment xmlns:i="${INSTANCE_NAMESPACE}" xmlns="${APPOINTMENT_NAMESPACE}">`]
  const present = APPOINTMENT_FIELDS.filter((field) => body[field.name] !== undefined)
  for (const field of [...present].sort((a, b) => compareOrdinal(a.xmlName, b.xmlName))) {
    const value = body[field.name]
    if (value === null) {
      lines.push(`  <${field.xmlName} i:nil="true" />`)
    } else if (Array.isArray(value)) {
      lines.push(`  <${field.xmlName}>`)
      for (const item of value) lines.push(`    <DayOfWeek>${escapeXmlText(String(item))}</DayOfWeek>`)
      lines.push(`  </${field.xmlName}>`)
    } else {
      lines.push(`  <${field.xmlName}>${escapeXmlText(String(value))}</${field.xmlName}>`)
    }
  }
  lines.push('</Appointment>')
  return lines.join('\n')
}

function compareOrdinal(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0
}

/** The AvailabilityRequest element, alphabetical, lists as DataContract writes them. */
export function availabilityRequestXml(fields: readonly AvailabilityFieldSpec[], body: SampleBody): string {
  return [
    `<AvailabilityRequest xmlns:i="${INSTANCE_NAMESPACE}" xmlns="${AVAILABILITY_NAMESPACE}">`,
    ...availabilityElements(fields, body, '  '),
    '</AvailabilityRequest>',
  ].join('\n')
}

function availabilityElements(fields: readonly AvailabilityFieldSpec[], body: SampleBody, indent: string): string[] {
  const present = fields.filter((field) => body[field.name] !== undefined)
  return [...present].sort((a, b) => compareOrdinal(a.xmlName, b.xmlName)).flatMap((field) => {
    const value = body[field.name]
    if (field.kind === 'workingHours') {
      return [`${indent}<${field.xmlName}>`, ...availabilityElements(WORKING_HOURS_FIELDS, value as SampleBody, `${indent}  `),
        `${indent}</${field.xmlName}>`]
    }
    if (!Array.isArray(value)) return [`${indent}<${field.xmlName}>${escapeXmlText(String(value))}</${field.xmlName}>`]
    const item = field.kind === 'days' ? 'DayOfWeek' : 'd2p1:string'
    const open = field.kind === 'days' ? field.xmlName : `${field.xmlName} xmlns:d2p1="${ARRAYS_NAMESPACE}"`
    return [`${indent}<${open}>`, ...value.map((entry) => `${indent}  <${item}>${escapeXmlText(String(entry))}</${item}>`),
      `${indent}</${field.xmlName}>`]
  })
}

/** Compact XML from the writers, indented two spaces per level for reading. */
export function indentXml(xml: string): string {
  const tokens = xml.match(/<[^>]+>|[^<]+/g) ?? []
  const lines: string[] = []
  let depth = 0
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i] ?? ''
    const indent = '  '.repeat(depth)
    if (token.startsWith('</')) {
      depth = Math.max(0, depth - 1)
      lines.push('  '.repeat(depth) + token)
    } else if (token.startsWith('<') && !token.endsWith('/>') && !token.startsWith('<?')) {
      const next = tokens[i + 1]
      const after = tokens[i + 2]
      if (next !== undefined && !next.startsWith('<') && after?.startsWith('</')) {
        lines.push(indent + token + next + after)
        i += 2
      } else if (next?.startsWith('</')) {
        lines.push(indent + token + next)
        i += 1
      } else {
        lines.push(indent + token)
        depth++
      }
    } else if (token.trim() !== '') {
      lines.push(indent + token)
    }
  }
  return lines.join('\n')
}
