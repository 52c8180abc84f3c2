/**
 * @module Messages as an XML client reads them: the validator writes its examples as JSON
 * (`recurrenceDayOfWeeks`, `["Monday", "Wednesday"]`, `recurrence: false`), and an answer
 * in XML names the elements instead (`<RecurrenceDayOfWeeks>`,
 * `<DayOfWeek>Monday</DayOfWeek><DayOfWeek>Wednesday</DayOfWeek>`, `<Recurrence>false</Recurrence>`).
 * Field names come from APPOINTMENT_FIELDS; a one-word name is an element only where it
 * starts the message or is followed by a value, since elsewhere it is a plain word
 * ("the subject is blank", "its recurrence period").
 */
import { APPOINTMENT_FIELDS, DAYS_OF_WEEK } from '../../domain/appointment-schema.ts'

const XML_NAMES: ReadonlyMap<string, string> = new Map(APPOINTMENT_FIELDS.map((field) => [field.name, field.xmlName]))
const NAME = [...XML_NAMES.keys()].sort((a, b) => b.length - a.length).join('|')
const NAME_WITH_VALUE = new RegExp(`\\b(${NAME}): (true|false|-?\\d+)\\b`, 'g')
const NAME_ANYWHERE = new RegExp(`(^|\\b)(${NAME})\\b`, 'g')
const STRING_LIST = /\[("[A-Za-z]+"(?:, "[A-Za-z]+")*)\]/g
const WEEKDAYS: ReadonlySet<string> = new Set(DAYS_OF_WEEK)

export function xmlSpelling(message: string): string {
  return message
    .replace(STRING_LIST, (list: string, items: string) => weekdayElements(items) ?? list)
    .replace(NAME_WITH_VALUE, (_, name: string, value: string) => element(name, value))
    .replace(NAME_ANYWHERE, (word: string, start: string, name: string, offset: number) =>
      offset === 0 || /[A-Z]/.test(name) ? `${start}<${XML_NAMES.get(name)}>` : word)
}

/** `"Monday", "Wednesday"` as DayOfWeek elements; undefined when an item is not a weekday. */
function weekdayElements(items: string): string | undefined {
  const names = items.split(', ').map((item) => item.slice(1, -1))
  if (!names.every((name) => WEEKDAYS.has(name))) return undefined
  return names.map((name) => `<DayOfWeek>${name}</DayOfWeek>`).join('')
}

function element(name: string, value: string): string {
  const xmlName = XML_NAMES.get(name)
  return `<${xmlName}>${value}</${xmlName}>`
}
