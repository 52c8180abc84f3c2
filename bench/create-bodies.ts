/**
 * @module The appointment the create scenarios send: one weekly series, as a JSON body and as
 * the same appointment in DataContract XML (the shape of test/fixtures/seed-appointment.xml:
 * elements in ordinal order, one per line, weekdays as `<DayOfWeek>` items).
 */

const XML_NAMESPACE = 'http://schemas.datacontract.org/2004/07/Vitec.Housing.Connect.Api.Models.Appointment'

type FieldValue = string | number | boolean | readonly string[]

/** A weekly series with every field given, 40 occurrences (recurrenceCount is our extension). */
const CREATE_FIELDS: Readonly<Record<string, FieldValue>> = {
  subject: 'Visning Storgatan 1',
  location: 'Storgatan 1, Stockholm',
  startsAt: '2026-03-02T09:00:00',
  endsAt: '2026-03-02T10:00:00',
  allDayEvent: false,
  note: 'Ta med nycklar',
  recurrence: true,
  recurrencePattern: 'Weekly',
  recurrenceDayOfWeeks: ['Monday', 'Wednesday'],
  recurrenceInterval: 1,
  recurrenceCount: 40,
}

export const CREATE_JSON = JSON.stringify(CREATE_FIELDS)

export const CREATE_XML = dataContractXml(CREATE_FIELDS)

function dataContractXml(fields: Readonly<Record<string, FieldValue>>): string {
  const elements = Object.entries(fields)
    .map(([name, value]) => [name.charAt(0).toUpperCase() + name.slice(1), value] as const)
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([name, value]) => `<${name}>${xmlContent(value)}</${name}>`)
  return [`<Appointment xmlns:i="http://www.w3.org/2001/XMLSchema-instance" xmlns="${XML_NAMESPACE}">`, ...elements, '</Appointment>']
    .join('\n')
}

function xmlContent(value: FieldValue): string {
  if (Array.isArray(value)) return `\n${value.map((item) => `<DayOfWeek>${escapeXml(item)}</DayOfWeek>`).join('\n')}\n`
  return escapeXml(String(value))
}

function escapeXml(text: string): string {
  return text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;')
}
