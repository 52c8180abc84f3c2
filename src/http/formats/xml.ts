/**
 * @module XML bodies as .NET's DataContractSerializer writes them, read better than it does:
 * elements in any order, names case-insensitive, `DayOfWeek` items in the default or the
 * `System` namespace. Namespaces are resolved by scope: a document that is not
 * namespace-well-formed is refused, and an element outside the data contract's namespace is
 * ignored, as DataContractSerializer ignores it. DTDs and entity declarations are refused,
 * never expanded. Also writes
 * the XML answers: the bare `<string>` id, the `<Error>` shape, one `<Appointment>` (a series'
 * with its `<Exceptions>`) and the
 * `<ArrayOfOccurrence>` listing (elements in ordinal order, nulls as `i:nil`).
 */
import { XMLBuilder, XMLParser, XMLValidator } from 'fast-xml-parser'
import type { Appointment } from '../../domain/appointment.ts'
import { APPOINTMENT_RESOURCE_FIELDS_XML_ORDER } from '../../domain/appointment-resource-schema.ts'
import { APPOINTMENT_FIELDS, type FieldSpec } from '../../domain/appointment-schema.ts'
import {
  OCCURRENCE_EXCEPTION_FIELDS_XML_ORDER, type OccurrenceExceptionFieldName,
} from '../../domain/occurrence-exception-schema.ts'
import { exceptionEntries } from '../../domain/recurrence/occurrence-exceptions.ts'
import type { ListedOccurrence } from '../../domain/recurrence/occurrence-listing.ts'
import { OCCURRENCE_FIELDS_XML_ORDER } from '../../domain/occurrence-schema.ts'
import type { AppointmentBody } from '../../domain/validate-appointment.ts'
import { ValidationFailed, type FieldProblems } from '../../domain/errors.ts'
import { OCCURRENCE_EXCEPTION_VALUES, OCCURRENCE_VALUES, appointmentValue, type WireValue } from './wire-values.ts'
import { xmlCharacterProblem } from './xml-characters.ts'
import { NotNamespaceWellFormed, resolveElement, type XmlElement } from './xml-namespaces.ts'

export const APPOINTMENT_NAMESPACE = 'http://schemas.datacontract.org/2004/07/Vitec.Housing.Connect.Api.Models.Appointment'
export const SYSTEM_NAMESPACE = 'http://schemas.datacontract.org/2004/07/System'
export const INSTANCE_NAMESPACE = 'http://www.w3.org/2001/XMLSchema-instance'
export const SERIALIZATION_NAMESPACE = 'http://schemas.microsoft.com/2003/10/Serialization/'

const FIELDS_BY_LOWER_XML_NAME: ReadonlyMap<string, FieldSpec> = new Map(
  APPOINTMENT_FIELDS.map((field) => [field.xmlName.toLowerCase(), field]),
)
const DECLARATION = /<!(DOCTYPE|ENTITY)/i
const INTEGER_TEXT = /^\s*[+-]?\d+\s*$/
/** Where `DayOfWeek` items may be: the default namespace in scope, none, or .NET's System. */
const DAY_NAMESPACES = new Set([APPOINTMENT_NAMESPACE, '', SYSTEM_NAMESPACE])

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
  for (const [field, [element, ...others]] of fieldElements(parseRoot(text))) {
    if (others.length > 0) {
      problems[field.name] = [`The element ${field.xmlName} appears ${others.length + 1} times. Send it once.`]
    } else if (element) {
      body[field.name] = readField(field, element, problems)
    }
  }
  if (Object.keys(problems).length > 0) throw new ValidationFailed(problems)
  return body
}

/** The root's child elements in the contract's namespace by field, names matched in any case. */
function fieldElements(root: XmlElement): Map<FieldSpec, XmlElement[]> {
  const elements = new Map<FieldSpec, XmlElement[]>()
  for (const child of root.children) {
    const field = child.namespace === APPOINTMENT_NAMESPACE
      ? FIELDS_BY_LOWER_XML_NAME.get(child.localName.toLowerCase()) : undefined
    if (!field) continue
    const found = elements.get(field)
    if (found) found.push(child)
    else elements.set(field, [child])
  }
  return elements
}

function parseRoot(text: string): XmlElement {
  return readXmlRoot(text, { localName: 'Appointment', namespace: APPOINTMENT_NAMESPACE })
}

export interface XmlRootName {
  readonly localName: string
  readonly namespace: string
}

/**
 * The document's one root element, which must be `expected`; DTDs, XML that is not
 * (namespace-)well-formed and another root are 400s for the whole body.
 */
export function readXmlRoot(text: string, expected: XmlRootName): XmlElement {
  const example = `<${expected.localName} xmlns="${expected.namespace}">…</${expected.localName}>`
  if (text.trim() === '') throw bodyProblem(`The request body is empty. Send ${example}.`)
  if (DECLARATION.test(text)) {
    throw bodyProblem(`DTDs and entity declarations are not accepted. Send the ${expected.localName} element without <!DOCTYPE>.`)
  }
  const characterProblem = xmlCharacterProblem(text)
  if (characterProblem) throw bodyProblem(`The request body is not well-formed XML: ${characterProblem}.`)
  const validation = XMLValidator.validate(text)
  if (validation !== true) {
    throw bodyProblem(`The request body is not well-formed XML (${validation.err.msg}, line ${validation.err.line}). `
      + `Send ${example}.`)
  }
  const document = parseDocument(text, example)
  const rootNames = Object.keys(document).filter((name) => !name.startsWith('?') && name !== '#text')
  const [rootName] = rootNames
  if (rootNames.length !== 1 || rootName === undefined) {
    throw bodyProblem(`The XML must have one root element. Send ${example}.`)
  }
  const root = resolveRoot(rootName, (document[rootName] as unknown[])[0], example)
  if (root.localName !== expected.localName || root.namespace !== expected.namespace) {
    throw bodyProblem(`Expected element ${expected.localName} in namespace ${expected.namespace}, `
      + `found ${root.localName} in namespace ${root.namespace || '(none)'}. Send ${example}.`)
  }
  return root
}

function resolveRoot(name: string, node: unknown, example: string): XmlElement {
  try {
    return resolveElement(name, node)
  } catch (error) {
    if (!(error instanceof NotNamespaceWellFormed)) throw error
    throw bodyProblem(`The request body is not well-formed XML: ${error.message}. Send ${example}.`)
  }
}

/** The parser refuses what its validator let through only for limits, such as nesting past 100 deep. */
function parseDocument(text: string, example: string): XmlNode {
  try {
    return parser.parse(text) as XmlNode
  } catch (error) {
    throw bodyProblem(`The XML could not be read: ${(error as Error).message}. Send ${example}.`)
  }
}

function readField(field: FieldSpec, element: XmlElement, problems: FieldProblems): unknown {
  if (isNil(element)) return null
  if (field.kind === 'dayOfWeekList') return readDays(field, element, problems)
  const [child] = element.children
  if (child) {
    problems[field.name] = [`${field.xmlName} holds an element <${child.name}> where its value belongs. `
      + 'Send the value as text, with < written as &lt;.']
    return undefined
  }
  const text = element.text
  if (field.kind === 'boolean') return readBoolean(text)
  if (field.kind === 'integer') return INTEGER_TEXT.test(text) ? Number(text) : text
  return field.kind === 'text' ? text : text.trim()
}

/** `DayOfWeek` items, named in any case, in the default namespace or System's under any prefix. */
function readDays(field: FieldSpec, element: XmlElement, problems: FieldProblems): unknown {
  if (element.children.length === 0) return element.text.trim() === '' ? [] : element.text
  const days: string[] = []
  for (const item of element.children) {
    if (item.localName.toLowerCase() !== 'dayofweek' || !DAY_NAMESPACES.has(item.namespace)) {
      const where = item.namespace === '' ? '' : ` in namespace ${item.namespace}`
      problems[field.name] = [`${field.xmlName} holds an element <${item.name}>${where}. Send DayOfWeek elements `
        + `in the default namespace or in ${SYSTEM_NAMESPACE}, such as <DayOfWeek>Monday</DayOfWeek>.`]
      return undefined
    }
    days.push(item.text.trim())
  }
  return days
}

function readBoolean(text: string): unknown {
  const value = text.trim()
  if (value === 'true' || value === '1') return true
  if (value === 'false' || value === '0') return false
  return text
}

/** `i:nil="true"`, whatever prefix stands for the XMLSchema-instance namespace. */
export function isNil(element: XmlElement): boolean {
  return element.attributes.some((attribute) => attribute.namespace === INSTANCE_NAMESPACE
    && attribute.localName === 'nil' && attribute.value.trim() === 'true')
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
export function writeXmlError(
  message: string, modelState?: Record<string, string[]>, requestId?: string, messageDetail?: string,
): string {
  const error: XmlNode = { Message: message }
  if (messageDetail) error.MessageDetail = messageDetail
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

/**
 * The GET-one answer: `<Appointment>` with PascalCase elements in ordinal order, Id included;
 * a series ends with `<Exceptions>`, as a member added with a later DataMember Order is written.
 */
export function writeAppointmentXml(appointment: Appointment): string {
  let xml = `<Appointment ${ROOT_NAMESPACES}>`
  for (const field of APPOINTMENT_RESOURCE_FIELDS_XML_ORDER) {
    xml += xmlElement(field.xmlName, appointmentValue(appointment, field.name))
  }
  if (appointment.recurrence !== null) xml += exceptionsXml(appointment)
  return `${xml}</Appointment>`
}

function exceptionsXml(appointment: Appointment): string {
  let xml = '<Exceptions>'
  for (const entry of exceptionEntries(appointment)) {
    xml += '<OccurrenceException>'
    for (const field of OCCURRENCE_EXCEPTION_FIELDS_XML_ORDER) {
      const name = field.name as OccurrenceExceptionFieldName
      xml += xmlElement(field.xmlName, OCCURRENCE_EXCEPTION_VALUES[name](entry, appointment))
    }
    xml += '</OccurrenceException>'
  }
  return `${xml}</Exceptions>`
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
