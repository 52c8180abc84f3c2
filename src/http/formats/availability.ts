/**
 * @module The availability body and answer on the wire. JSON and XML bodies become the same
 * plain object (names matched in any case, XML elements in any order, `i:nil` as null), which
 * validateAvailability reads; problems of the body as a whole are under `request`. The answer
 * is written with each time's offset in the answer's zone, 7 fraction digits as the other
 * answers, XML elements alphabetically as DataContract writes them.
 */
import { Temporal } from 'temporal-polyfill'
import {
  AVAILABILITY_FIELDS, AVAILABILITY_REQUEST_FIELDS, BUSY_INTERVAL_FIELDS, SCHEDULE_FIELDS, SLOT_FIELDS,
  WORKING_HOURS_FIELDS, type AvailabilityFieldSpec,
} from '../../domain/availability/availability-schema.ts'
import type {
  AnswerInterval, Availability, BusyAnswer, Schedule, SlotAnswer,
} from '../../domain/availability/availability.ts'
import type { AvailabilityBody } from '../../domain/availability/validate-availability.ts'
import type { AnswerFieldSpec } from '../../domain/answer-fields.ts'
import { InvalidParameters, ValidationFailed, type FieldProblems } from '../../domain/errors.ts'
import { formatEpochWithOffset, formatWithOffset } from '../../domain/time/time-zone.ts'
import { offsetMsAt } from '../../domain/time/zone-offsets.ts'
import { decodeJsonBody, decodeXmlBody } from './body-text.ts'
import { parseJsonObject } from './json.ts'
import { INSTANCE_NAMESPACE, escapeXmlText, isNil, readXmlRoot } from './xml.ts'
import type { XmlElement } from './xml-namespaces.ts'

export const AVAILABILITY_NAMESPACE = 'http://schemas.datacontract.org/2004/07/Vitec.Housing.Connect.Api.Models.Availability'
const ARRAYS_NAMESPACE = 'http://schemas.microsoft.com/2003/10/Serialization/Arrays'
/** Key of problems with the body as a whole. */
const BODY_KEY = 'request'
const JSON_EXAMPLE = '{"userIds":["HAN001"],"from":"2026-03-26","to":"2026-03-27","duration":60}'
const INTEGER_TEXT = /^\s*[+-]?\d+\s*$/

const FIELDS_BY_LOWER_NAME = new Map<string, AvailabilityFieldSpec>(
  AVAILABILITY_REQUEST_FIELDS.map((field) => [field.name.toLowerCase(), field]),
)

/** A JSON body's bytes as the validator reads them; unreadable bytes are a 400 under `request`. */
export function readAvailabilityJson(bytes: Buffer, contentType: string | undefined): AvailabilityBody {
  return parseAvailabilityJson(asBodyProblems(() => decodeJsonBody(bytes, contentType)))
}

/** An XML body's bytes, likewise. */
export function readAvailabilityXml(bytes: Buffer, contentType: string | undefined): AvailabilityBody {
  return parseAvailabilityXml(asBodyProblems(() => decodeXmlBody(bytes, contentType)))
}

export function parseAvailabilityJson(text: string): AvailabilityBody {
  const document = asBodyProblems(() => parseJsonObject(text, JSON_EXAMPLE))
  const body: Record<string, unknown> = {}
  for (const [key, value] of Object.entries(document)) {
    const field = FIELDS_BY_LOWER_NAME.get(key.toLowerCase())
    if (field) body[field.name] = value
  }
  return body
}

export function parseAvailabilityXml(text: string): AvailabilityBody {
  const root = asBodyProblems(() => readXmlRoot(text, { localName: 'AvailabilityRequest', namespace: AVAILABILITY_NAMESPACE }))
  const problems: FieldProblems = {}
  const body = readElements(root, AVAILABILITY_REQUEST_FIELDS, '', problems)
  if (Object.keys(problems).length > 0) throw new InvalidParameters(problems)
  return body
}

/** The XML and JSON readers' whole-body problems, keyed as this body's. */
function asBodyProblems<Value>(read: () => Value): Value {
  try {
    return read()
  } catch (error) {
    if (!(error instanceof ValidationFailed)) throw error
    throw new InvalidParameters({ [BODY_KEY]: Object.values(error.problems).flat() })
  }
}

function readElements(
  parent: XmlElement, fields: readonly AvailabilityFieldSpec[], prefix: string, problems: FieldProblems,
): Record<string, unknown> {
  const values: Record<string, unknown> = {}
  for (const field of fields) {
    const elements = parent.children.filter((child) => child.namespace === AVAILABILITY_NAMESPACE
      && child.localName.toLowerCase() === field.xmlName.toLowerCase())
    const [element, ...others] = elements
    if (others.length > 0) {
      problems[prefix + field.name] = [`The element ${field.xmlName} appears ${elements.length} times. Send it once.`]
    } else if (element) {
      values[field.name] = readValue(field, element, prefix, problems)
    }
  }
  return values
}

function readValue(field: AvailabilityFieldSpec, element: XmlElement, prefix: string, problems: FieldProblems): unknown {
  if (isNil(element)) return null
  switch (field.kind) {
    case 'userIds':
    case 'days':
      return element.children.length > 0 ? element.children.map((item) => itemValue(field, item.text)) : listText(element.text)
    case 'workingHours':
      return readElements(element, WORKING_HOURS_FIELDS, `${prefix}${field.name}.`, problems)
    case 'minutes':
    case 'required':
      return INTEGER_TEXT.test(element.text) ? Number(element.text) : element.text.trim()
    default:
      return element.text.trim()
  }
}

/** Days may be sent by ordinal, as the appointment's DayOfWeek items. */
function itemValue(field: AvailabilityFieldSpec, text: string): unknown {
  return field.kind === 'days' && INTEGER_TEXT.test(text) ? Number(text) : text.trim()
}

/** An empty list element is an empty list; text where items belong is passed on for the validator to name. */
function listText(text: string): unknown {
  return text.trim() === '' ? [] : text
}

type FieldsOf<Fields extends readonly AnswerFieldSpec[]> = Fields[number]
type JsonValues<Item, Fields extends readonly AnswerFieldSpec[]> = {
  readonly [Name in FieldsOf<Fields>['name']]: (item: Item, timeZone: string) => unknown
}
type XmlValues<Item, Fields extends readonly AnswerFieldSpec[]> = {
  readonly [Name in FieldsOf<Fields>['xmlName']]: (item: Item, timeZone: string) => string | undefined
}

/** The bounds that busy intervals and slots both have. */
const INTERVAL_JSON = {
  startsAt: (interval: AnswerInterval, timeZone: string) => formatInstant(interval.startNs, timeZone),
  endsAt: (interval: AnswerInterval, timeZone: string) => formatInstant(interval.endNs, timeZone),
}

const BUSY_JSON: JsonValues<BusyAnswer, typeof BUSY_INTERVAL_FIELDS> = {
  ...INTERVAL_JSON,
  showAs: (interval) => interval.showAs,
}

const SCHEDULE_JSON: JsonValues<Schedule, typeof SCHEDULE_FIELDS> = {
  userId: (schedule) => schedule.userId,
  busy: (schedule, timeZone) => schedule.busy.map((interval) => jsonObject(BUSY_INTERVAL_FIELDS, BUSY_JSON, interval, timeZone)),
  error: (schedule) => schedule.error,
}

const SLOT_JSON: JsonValues<SlotAnswer, typeof SLOT_FIELDS> = {
  ...INTERVAL_JSON,
  userIds: (slot) => slot.userIds,
}

const AVAILABILITY_JSON: JsonValues<Availability, typeof AVAILABILITY_FIELDS> = {
  timeZone: (answer) => answer.timeZone,
  schedules: (answer) => answer.schedules.map((schedule) => jsonObject(SCHEDULE_FIELDS, SCHEDULE_JSON, schedule, answer.timeZone)),
  slots: (answer) => answer.slots?.map((slot) => jsonObject(SLOT_FIELDS, SLOT_JSON, slot, answer.timeZone)),
}

export function writeAvailabilityJson(answer: Availability): string {
  return JSON.stringify(jsonObject(AVAILABILITY_FIELDS, AVAILABILITY_JSON, answer, answer.timeZone))
}

/** The fields in schema order; undefined values left out. */
function jsonObject<Item, Fields extends readonly AnswerFieldSpec[]>(
  fields: Fields, values: JsonValues<Item, Fields>, item: Item, timeZone: string,
): Record<string, unknown> {
  const object: Record<string, unknown> = {}
  for (const field of fields) {
    const value = (values as Record<string, (item: Item, timeZone: string) => unknown>)[field.name]!(item, timeZone)
    if (value !== undefined) object[field.name] = value
  }
  return object
}

/** The same bounds as XML elements. */
const INTERVAL_XML = {
  StartsAt: (interval: AnswerInterval, timeZone: string) => element('StartsAt', formatInstant(interval.startNs, timeZone)),
  EndsAt: (interval: AnswerInterval, timeZone: string) => element('EndsAt', formatInstant(interval.endNs, timeZone)),
}

const BUSY_XML: XmlValues<BusyAnswer, typeof BUSY_INTERVAL_FIELDS> = {
  ...INTERVAL_XML,
  ShowAs: (interval) => element('ShowAs', interval.showAs),
}

const SCHEDULE_XML: XmlValues<Schedule, typeof SCHEDULE_FIELDS> = {
  UserId: (schedule) => element('UserId', schedule.userId),
  Busy: (schedule, timeZone) => `<Busy>${schedule.busy.map((interval) =>
    `<BusyInterval>${xmlFields(BUSY_INTERVAL_FIELDS, BUSY_XML, interval, timeZone)}</BusyInterval>`).join('')}</Busy>`,
  Error: (schedule) => (schedule.error === undefined ? undefined : element('Error', schedule.error)),
}

const SLOT_XML: XmlValues<SlotAnswer, typeof SLOT_FIELDS> = {
  ...INTERVAL_XML,
  UserIds: (slot) => `<UserIds xmlns:d2p1="${ARRAYS_NAMESPACE}">${slot.userIds.map((userId) =>
    `<d2p1:string>${escapeXmlText(userId)}</d2p1:string>`).join('')}</UserIds>`,
}

const AVAILABILITY_XML: XmlValues<Availability, typeof AVAILABILITY_FIELDS> = {
  TimeZone: (answer) => element('TimeZone', answer.timeZone),
  Schedules: (answer) => `<Schedules>${answer.schedules.map((schedule) =>
    `<Schedule>${xmlFields(SCHEDULE_FIELDS, SCHEDULE_XML, schedule, answer.timeZone)}</Schedule>`).join('')}</Schedules>`,
  Slots: (answer) => (answer.slots === undefined ? undefined : `<Slots>${answer.slots.map((slot) =>
    `<Slot>${xmlFields(SLOT_FIELDS, SLOT_XML, slot, answer.timeZone)}</Slot>`).join('')}</Slots>`),
}

export function writeAvailabilityXml(answer: Availability): string {
  return `<Availability xmlns:i="${INSTANCE_NAMESPACE}" xmlns="${AVAILABILITY_NAMESPACE}">`
    + `${xmlFields(AVAILABILITY_FIELDS, AVAILABILITY_XML, answer, answer.timeZone)}</Availability>`
}

/** The fields by XML name, alphabetically as DataContract orders them; absent ones left out. */
function xmlFields<Item, Fields extends readonly AnswerFieldSpec[]>(
  fields: Fields, values: XmlValues<Item, Fields>, item: Item, timeZone: string,
): string {
  return [...fields].sort((a, b) => (a.xmlName < b.xmlName ? -1 : 1))
    .map((field) => (values as Record<string, (item: Item, timeZone: string) => string | undefined>)[field.xmlName]!(item, timeZone) ?? '')
    .join('')
}

function element(name: string, text: string): string {
  return `<${name}>${escapeXmlText(text)}</${name}>`
}

/** The instant with its offset in the zone, as the listing writes times; arithmetic away from offset changes. */
export function formatInstant(epochNs: bigint, timeZone: string): string {
  const subMsNs = Number(((epochNs % 1_000_000n) + 1_000_000n) % 1_000_000n)
  const epochMs = Number((epochNs - BigInt(subMsNs)) / 1_000_000n)
  const offsetMs = offsetMsAt(timeZone, epochMs)
  if (offsetMs !== undefined) return formatEpochWithOffset(epochMs, subMsNs, offsetMs * 1_000_000, timeZone)
  return formatWithOffset(new Temporal.ZonedDateTime(epochNs, timeZone))
}
