/**
 * @module XML bodies as .NET's DataContractSerializer writes them, read better than it does:
 * elements in any order, names case-insensitive, `DayOfWeek` items in the default or the
 * `System` namespace. DTDs and entity declarations are refused, never expanded. Also writes
 * the XML answers: the bare `<string>` id, the `<Error>` shape, one `<Appointment>` and the
 * `<ArrayOfOccurrence>` listing (elements in ordinal order, nulls as `i:nil`).
 */
import { XMLBuilder, XMLParser, XMLValidator } from 'fast-xml-parser'
import type { Appointment } from '../../domain/appointment.ts'
import { APPOINTMENT_RESOURCE_FIELDS_XML_ORDER } from '../../domain/appointment-resource-schema.ts'
import { APPOINTMENT_FIELDS, type FieldSpec } from '../../domain/appointment-schema.ts'
import type { ListedOccurrence } from '../../domain/occurrence-listing.ts'
import { OCCURRENCE_FIELDS_XML_ORDER } from '../../domain/occurrence-schema.ts'
import type { AppointmentBody } from '../../domain/validate-appointment.ts'
import { ValidationFailed, type FieldProblems } from '../../domain/errors.ts'
import { OCCURRENCE_VALUES, appointmentValue, type WireValue } from './wire-values.ts'
import { xmlCharacterProblem } from './xml-characters.ts'

export const APPOINTMENT_NAMESPACE = 'http://schemas.datacontract.org/2004/07/Vitec.Housing.Connect.Api.Models.Appointment'
export const SYSTEM_NAMESPACE = 'http://schemas.datacontract.org/2004/07/System'
export const INSTANCE_NAMESPACE = 'http://www.w3.org/2001/XMLSchema-instance'
export const SERIALIZATION_NAMESPACE = 'http://schemas.microsoft.com/2003/10/Serialization/'

const FIELDS_BY_LOWER_XML_NAME: ReadonlyMap<string, FieldSpec> = new Map(
  APPOINTMENT_FIELDS.map((field) => [field.xmlName.toLowerCase(), field]),
)
const DECLARATION = /<!(DOCTYPE|ENTITY)/i
const ROOT_EXAMPLE = `<Appointment xmlns="${APPOINTMENT_NAMESPACE}">…</Appointment>`
const INTEGER_TEXT = /^\s*[+-]?\d+\s*$/

type XmlNode = Record<string, unknown>

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@',
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: false,
  ignoreDeclaration: true,
  ignorePiTags: true,
  processEntities: true,
  // Numeric character references (`&#60;`, `&#xE5;`) are XML and must be decoded; this option
  // is the parser's only switch for them; the HTML names it would also read (`&nbsp;`) are
  // refused before parsing, as they are not XML.
  htmlEntities: true,
  isArray: (_name, _path, _isLeaf, isAttribute) => !isAttribute,
})

const builder = new XMLBuilder({ ignoreAttributes: false, attributeNamePrefix: '@', suppressEmptyNode: false })

/** Problems of shape (an element twice, elements where text belongs) are 400s under the field. */
export function parseAppointmentXml(text: string): AppointmentBody {
  const problems: FieldProblems = {}
  const body: Record<string, unknown> = {}
  for (const [field, nodes] of fieldElements(parseRoot(text))) {
    if (nodes.length > 1) {
      problems[field.name] = [`The element ${field.xmlName} appears ${nodes.length} times. Send it once.`]
    } else {
      body[field.name] = readField(field, nodes[0], problems)
    }
  }
  if (Object.keys(problems).length > 0) throw new ValidationFailed(problems)
  return body
}

/** The root's child elements by field, names matched in any case. */
function fieldElements(root: XmlNode): Map<FieldSpec, unknown[]> {
  const elements = new Map<FieldSpec, unknown[]>()
  for (const [name, nodes] of childElements(root)) {
    const field = FIELDS_BY_LOWER_XML_NAME.get(localName(name).toLowerCase())
    if (field) elements.set(field, [...(elements.get(field) ?? []), ...nodes])
  }
  return elements
}

function childElements(node: unknown): [string, unknown[]][] {
  if (typeof node !== 'object' || node === null) return []
  return Object.entries(node as XmlNode).filter(([name]) => !name.startsWith('@') && name !== '#text')
    .map(([name, nodes]) => [name, nodes as unknown[]])
}

function parseRoot(text: string): XmlNode {
  if (text.trim() === '') throw bodyProblem(`The request body is empty. Send ${ROOT_EXAMPLE}.`)
  if (DECLARATION.test(text)) {
    throw bodyProblem('DTDs and entity declarations are not accepted. Send the Appointment element without <!DOCTYPE>.')
  }
  const characterProblem = xmlCharacterProblem(text)
  if (characterProblem) throw bodyProblem(`The request body is not well-formed XML: ${characterProblem}.`)
  const validation = XMLValidator.validate(text)
  if (validation !== true) {
    throw bodyProblem(`The request body is not well-formed XML (${validation.err.msg}, line ${validation.err.line}). `
      + `Send ${ROOT_EXAMPLE}.`)
  }
  const document = parseDocument(text)
  const rootNames = Object.keys(document).filter((name) => !name.startsWith('?') && name !== '#text')
  const [rootName] = rootNames
  const root = rootName === undefined ? undefined : (document[rootName] as XmlNode[])[0]
  if (rootNames.length !== 1 || rootName === undefined || typeof root !== 'object' || root === null) {
    throw bodyProblem(`The XML must have one root element. Send ${ROOT_EXAMPLE}.`)
  }
  const namespace = namespaceOf(rootName, root)
  if (localName(rootName) !== 'Appointment' || namespace !== APPOINTMENT_NAMESPACE) {
    throw bodyProblem(`Expected element Appointment in namespace ${APPOINTMENT_NAMESPACE}, `
      + `found ${localName(rootName)} in namespace ${namespace || '(none)'}. Send ${ROOT_EXAMPLE}.`)
  }
  return root
}

/** The parser refuses what its validator let through only for limits, such as nesting past 100 deep. */
function parseDocument(text: string): XmlNode {
  try {
    return parser.parse(text) as XmlNode
  } catch (error) {
    throw bodyProblem(`The XML could not be read: ${(error as Error).message}. Send ${ROOT_EXAMPLE}.`)
  }
}

function namespaceOf(qualifiedName: string, node: XmlNode): string | undefined {
  const colon = qualifiedName.indexOf(':')
  const attribute = colon === -1 ? '@xmlns' : `@xmlns:${qualifiedName.slice(0, colon)}`
  const value = node[attribute]
  return typeof value === 'string' ? value : undefined
}

function localName(qualifiedName: string): string {
  return qualifiedName.slice(qualifiedName.indexOf(':') + 1)
}

function readField(field: FieldSpec, node: unknown, problems: FieldProblems): unknown {
  if (isNil(node)) return null
  if (field.kind === 'dayOfWeekList') return readDays(field, node, problems)
  const [child] = childElements(node)
  if (child) {
    problems[field.name] = [`${field.xmlName} holds an element <${child[0]}> where its value belongs. `
      + 'Send the value as text, with < written as &lt;.']
    return undefined
  }
  const text = textOf(node)
  if (field.kind === 'boolean') return readBoolean(text)
  if (field.kind === 'integer') return INTEGER_TEXT.test(text) ? Number(text) : text
  return field.kind === 'text' ? text : text.trim()
}

/** `DayOfWeek` items, named in any case and any namespace prefix. */
function readDays(field: FieldSpec, node: unknown, problems: FieldProblems): unknown {
  const children = childElements(node)
  if (children.length === 0) return textOf(node).trim() === '' ? [] : textOf(node)
  const days: string[] = []
  for (const [name, items] of children) {
    if (localName(name).toLowerCase() !== 'dayofweek') {
      problems[field.name] = [`${field.xmlName} holds an element <${name}>. `
        + 'Send DayOfWeek elements, such as <DayOfWeek>Monday</DayOfWeek>.']
      return undefined
    }
    for (const item of items) days.push(textOf(item).trim())
  }
  return days
}

function readBoolean(text: string): unknown {
  const value = text.trim()
  if (value === 'true' || value === '1') return true
  if (value === 'false' || value === '0') return false
  return text
}

function isNil(node: unknown): boolean {
  if (typeof node !== 'object' || node === null) return false
  return Object.entries(node).some(([name, value]) =>
    name.startsWith('@') && localName(name) === 'nil' && String(value).trim() === 'true')
}

function textOf(node: unknown): string {
  if (typeof node === 'string') return node
  if (typeof node === 'object' && node !== null) {
    const text = (node as XmlNode)['#text']
    return typeof text === 'string' ? text : ''
  }
  return node === undefined || node === null ? '' : String(node)
}

function bodyProblem(message: string): ValidationFailed {
  return new ValidationFailed({ '': [message] })
}

/** Characters XML 1.0 cannot hold at all (not even as references); written as U+FFFD. */
const NOT_XML_CHARACTER = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g

const TEXT_ESCAPES: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;' }

/** Element text as XmlWriter writes it: `&`, `<`, `>` escaped by name. Never for attribute values. */
export function escapeXmlText(text: string): string {
  return text.replace(/[&<>]/g, (char) => TEXT_ESCAPES[char]!).replace(NOT_XML_CHARACTER, '\uFFFD')
}

/** `<string xmlns="…/Serialization/">value</string>`, as Web API answers a string. */
export function writeXmlString(value: string): string {
  return `<string xmlns="${SERIALIZATION_NAMESPACE}">${escapeXmlText(value)}</string>`
}

/** Web API's HttpError: `<Error><Message/><ModelState><key>message</key>…</ModelState></Error>`. */
export function writeXmlError(message: string, modelState?: Record<string, string[]>, requestId?: string): string {
  const error: XmlNode = { Message: message }
  if (requestId) error.RequestId = requestId
  if (modelState) {
    error.ModelState = Object.fromEntries(Object.entries(modelState).map(([key, messages]) =>
      [encodeXmlName(key), messages]))
  }
  return builder.build({ Error: error }) as string
}

/** XmlConvert.EncodeLocalName: characters not allowed in a name become `_xHHHH_`. */
function encodeXmlName(name: string): string {
  return name.replace(/[^\w.-]/g, (char) => `_x${char.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}_`)
}

const ROOT_NAMESPACES = `xmlns:i="${INSTANCE_NAMESPACE}" xmlns="${APPOINTMENT_NAMESPACE}"`

/** The GET-one answer: `<Appointment>` with PascalCase elements in ordinal order, Id included. */
export function writeAppointmentXml(appointment: Appointment): string {
  let xml = `<Appointment ${ROOT_NAMESPACES}>`
  for (const field of APPOINTMENT_RESOURCE_FIELDS_XML_ORDER) {
    xml += xmlElement(field.xmlName, appointmentValue(appointment, field.name))
  }
  return `${xml}</Appointment>`
}

/** The listing: `<ArrayOfOccurrence>` of `<Occurrence>` items, as DataContractSerializer writes a List. */
export function writeOccurrencesXml(items: readonly ListedOccurrence[]): string {
  const parts = [`<ArrayOfOccurrence ${ROOT_NAMESPACES}>`]
  for (const item of items) {
    let xml = '<Occurrence>'
    for (const field of OCCURRENCE_FIELDS_XML_ORDER) {
      xml += xmlElement(field.xmlName, OCCURRENCE_VALUES[field.name](item))
    }
    parts.push(`${xml}</Occurrence>`)
  }
  parts.push('</ArrayOfOccurrence>')
  return parts.join('')
}

/** Lists are weekday lists, the only collection in the contract: `System.DayOfWeek` items. */
function xmlElement(name: string, value: WireValue): string {
  if (value === undefined) return ''
  if (value === null) return `<${name} i:nil="true"/>`
  if (typeof value === 'object') {
    const items = value.map((day) => `<d2p1:DayOfWeek>${escapeXmlText(day)}</d2p1:DayOfWeek>`).join('')
    return `<${name} xmlns:d2p1="${SYSTEM_NAMESPACE}">${items}</${name}>`
  }
  return `<${name}>${escapeXmlText(String(value))}</${name}>`
}
