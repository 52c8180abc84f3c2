/**
 * @module Each Appointment field's rules as the validator applies them, for the body tables:
 * the format its kind takes (from APPOINTMENT_FIELDS: kinds, limits, the enum tuples) and
 * what the field means together with the others (required when, what 0 or leaving it out
 * means, what it may not be combined with). Keyed by the schema's field names, so a field
 * added to the schema without its rules does not type-check. docs/api.md's field table says
 * the same; test/docs/field-rules.test.ts sends the limits named here to the server. A rule's
 * example date is a hole (`{dateTimeExample}`) the page fills with the day's moved example.
 */
import {
  DAYS_OF_WEEK, RECURRENCE_PATTERNS, SHOW_AS_VALUES, type AppointmentFieldName, type FieldSpec,
} from '../domain/appointment-schema.ts'
import type { Text } from '../http/route-docs.ts'
import type { SampleCalendar } from './sample-calendar.ts'

const TEXT_CHARACTERS: Text = {
  sv: 'Inga tecken som XML inte kan bära (U+0000 och andra styrtecken utom tabb och radbrytningar)',
  en: 'No characters XML cannot carry (U+0000 and other control characters but tab and line breaks)',
}

/** The wall time the date-time rule shows, before the day's calendar moves it. */
const DATE_TIME_EXAMPLE = '2027-03-02T10:00:00'

/** The values for the rules' holes on the day `calendar` stands for. */
export function ruleExamples(calendar: SampleCalendar): Readonly<Record<string, string>> {
  return { dateTimeExample: calendar.move(DATE_TIME_EXAMPLE) }
}

const DATE_TIME: Text = {
  sv: 'ISO 8601 med upp till 7 decimaler, t.ex. {dateTimeExample}; ett datum ensamt betyder midnatt. '
    + 'Med förskjutning (Z, +01:00, +0100 eller +01, från -14:00 till +14:00) en tidpunkt, utan en väggtid i '
    + 'händelsens tidszon. År 0001–9999 i händelsens tidszon. Även \\/Date(ms)\\/ som DataContractJsonSerializer skriver',
  en: 'ISO 8601 with up to 7 fraction digits, e.g. {dateTimeExample}; a date alone means midnight. With an '
    + "offset (Z, +01:00, +0100 or +01, from -14:00 to +14:00) an instant, without one a wall time in the appointment's "
    + 'time zone. Years 0001–9999 in that zone. Also \\/Date(ms)\\/ as DataContractJsonSerializer writes it',
}

const BOOLEAN: Text = { sv: 'true eller false', en: 'true or false' }

/** Names in any case, or their ordinals: how the validator reads an enum. */
function enumRule(names: readonly string[]): Text {
  const listed = names.join(', ')
  return {
    sv: `${listed} (valfritt skiftläge) eller 0–${names.length - 1}`,
    en: `${listed} (in any case) or 0–${names.length - 1}`,
  }
}

function kindRule(field: FieldSpec): Text | undefined {
  switch (field.kind) {
    case 'text': return TEXT_CHARACTERS
    case 'dateTime': return field.name === 'recurrenceEndsAt' ? undefined : DATE_TIME
    case 'boolean': return BOOLEAN
    case 'integer': return undefined
    case 'recurrencePattern': return enumRule(RECURRENCE_PATTERNS)
    case 'dayOfWeekList': return {
      sv: `En lista av veckodagar: namn (valfritt skiftläge) eller 0–${DAYS_OF_WEEK.length - 1}, söndag = 0 som i .NET`,
      en: `A list of weekdays: names (in any case) or 0–${DAYS_OF_WEEK.length - 1}, Sunday = 0 as in .NET`,
    }
    case 'timeZone': return { sv: 'Ett IANA-namn, t.ex. Europe/Stockholm', en: 'An IANA name, e.g. Europe/Stockholm' }
    case 'showAs': return enumRule(SHOW_AS_VALUES)
  }
}

const MEANING: Readonly<Record<AppointmentFieldName, Text | undefined>> = {
  subject: { sv: 'Får inte vara tomt eller bara blanksteg', en: 'Must not be blank' },
  location: undefined,
  note: undefined,
  startsAt: undefined,
  endsAt: {
    sv: 'Saknas det är slutet lika med startsAt; inte före startsAt',
    en: 'Missing means equal to startsAt; not before startsAt',
  },
  allDayEvent: {
    sv: 'När true räknas bara datumen, och händelsen täcker varje dag från startdatum till slutdatum inklusive',
    en: 'When true only the dates count, and the appointment covers every day from the start date to the end date inclusive',
  },
  recurrence: {
    sv: 'När false gäller inga regler för återkommande-fälten, men varje fält måste ändå ha sin typ '
      + '(ett okänt recurrencePattern är fortfarande ett fel), som i det ursprungliga API:t',
    en: "When false the recurrence fields' rules do not apply, but each must still be of its type "
      + '(an unknown recurrencePattern is still an error), as in the original API',
  },
  recurrencePattern: { sv: 'Krävs när recurrence är true', en: 'Required when recurrence is true' },
  recurrenceDayOfWeeks: {
    sv: 'Veckovis; dubbletter slås ihop; tom eller saknad betyder startens veckodag',
    en: "Weekly; duplicates collapse; empty or missing means the start's weekday",
  },
  recurrenceInterval: { sv: '0 eller saknat betyder 1', en: '0 or missing means 1' },
  recurrenceMonth: { sv: 'Årsvis; 0 eller saknat betyder startens månad', en: "Yearly; 0 or missing means the start's month" },
  recurrenceDay: {
    sv: 'Månadsvis och årsvis; 0 eller saknat betyder startens dag; årsvis måste dagen finnas i månaden '
      + '(29 februari ja, 30 februari nej)',
    en: "Monthly and yearly; 0 or missing means the start's day; yearly, the day must exist in that month "
      + '(29 February yes, 30 February no)',
  },
  timeZone: { sv: 'Saknas den gäller kundens tidszon', en: "Missing means the customer's time zone" },
  recurrenceEndsAt: {
    sv: 'Sista lokala datum en förekomst får starta, inklusive: ett datum, eller en datum-tid där bara det lokala '
      + 'datumet räknas; inte före startdatumet',
    en: 'The last local date an occurrence may start on, inclusive: a date, or a date-time of which only the local '
      + 'date counts; not before the start date',
  },
  recurrenceCount: { sv: 'Inte tillsammans med recurrenceEndsAt', en: 'Not together with recurrenceEndsAt' },
  showAs: { sv: 'Saknas det gäller Busy', en: 'Missing means Busy' },
}

/** The field's rules beyond presence and limits, each a sentence, in the order a reader checks them. */
export function fieldRules(field: FieldSpec): Text[] {
  return [kindRule(field), MEANING[field.name as AppointmentFieldName]].filter((rule) => rule !== undefined)
}
