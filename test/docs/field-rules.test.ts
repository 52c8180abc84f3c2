/**
 * The Appointment body table on the help pages over real HTTP: each field's row gives its
 * rules (formats, required when, what 0 or leaving it out means, ranges), no thinner than
 * docs/api.md's field table; and the limits the page names are the ones the server applies:
 * the largest value it names is accepted, one past it refused naming the field.
 */
import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { APPOINTMENT_FIELDS, type FieldSpec } from '../../src/domain/appointment-schema.ts'
import { postJson, send, type Answer } from '../helpers/requests.ts'
import { startServer, type TestServer } from '../helpers/server.ts'
import { decodeHtml } from './sample-extraction.ts'

/** What each row must say (English page), as docs/api.md's field table says it. */
const MUST_SAY: Readonly<Record<string, readonly string[]>> = {
  subject: ['Required', 'At most 255 characters', 'Must not be blank', 'control characters but tab and line breaks'],
  location: ['Optional', 'At most 255 characters', 'control characters'],
  note: ['Optional', 'At most 10,000 characters'],
  startsAt: ['Required', 'up to 7 fraction digits', 'a date alone means midnight', 'from -14:00 to +14:00',
    'Years 0001–9999', '\\/Date(ms)\\/', "wall time in the appointment's time zone"],
  endsAt: ['Optional', 'Missing means equal to startsAt', 'not before startsAt'],
  allDayEvent: ['true or false', 'only the dates count', 'every day from the start date to the end date inclusive'],
  recurrence: ['true or false', "When false the recurrence fields' rules do not apply", 'must still be of its type'],
  recurrencePattern: ['Required when recurrence is true', 'Daily, Weekly, Monthly, Yearly (in any case) or 0–3'],
  recurrenceDayOfWeeks: ['0–6, Sunday = 0', 'duplicates collapse', "empty or missing means the start's weekday", 'Weekly'],
  recurrenceInterval: ['0 or missing means 1', 'From 0 to 999'],
  recurrenceMonth: ["0 or missing means the start's month", 'From 0 to 12', 'Yearly'],
  recurrenceDay: ["0 or missing means the start's day", 'From 0 to 31', '29 February yes, 30 February no'],
  timeZone: ['IANA name', "Missing means the customer's time zone", 'Extension'],
  recurrenceEndsAt: ['inclusive', 'only the local date counts', 'not before the start date', 'Extension'],
  recurrenceCount: ['From 1 to 10,000', 'Not together with recurrenceEndsAt', 'Extension'],
  showAs: ['Free, Tentative, Busy, OutOfOffice (in any case) or 0–3', 'Missing means Busy', 'Extension'],
}

/**
 * What a row must say: MUST_SAY's phrases, or for a text field not listed there what the
 * schema gives it (a text field's rules are all the schema's). Any other field must be listed.
 */
function mustSay(field: FieldSpec): readonly string[] {
  const listed = MUST_SAY[field.name]
  if (listed) return listed
  if (field.kind !== 'text') return ['(a row of rules for this field)']
  return [
    field.required ? 'Required' : 'Optional', 'control characters',
    ...field.maxLength === undefined ? [] : [`At most ${field.maxLength.toLocaleString('en')} characters`],
    ...field.extension ? ['Extension'] : [],
  ]
}

/** The fields the page names a limit for: a text's length or an integer's range. */
const LIMITED_FIELDS = APPOINTMENT_FIELDS.filter((field: FieldSpec) => field.maxLength !== undefined || field.minimum !== undefined)

const START = '2027-03-02T10:00:00'

/** A valid body in which `field` can take `value`: the recurrence its rule needs around it. */
const CONTEXT: Readonly<Record<string, (value: number) => Record<string, unknown>>> = {
  recurrenceInterval: (value) => ({ recurrence: true, recurrencePattern: 'Daily', recurrenceInterval: value }),
  recurrenceMonth: (value) => ({ recurrence: true, recurrencePattern: 'Yearly', recurrenceMonth: value, recurrenceDay: 1 }),
  recurrenceDay: (value) => ({ recurrence: true, recurrencePattern: 'Monthly', recurrenceDay: value }),
  recurrenceCount: (value) => ({ recurrence: true, recurrencePattern: 'Daily', recurrenceCount: value }),
}

/** The Information cell of each field's row, entities decoded and tags dropped. */
async function rows(server: TestServer, lang: 'en' | 'sv'): Promise<Map<string, string>> {
  const page = await send(server, `/Help/Model/Appointment?lang=${lang}`, { method: 'GET' })
  assert.equal(page.status, 200)
  const found = new Map<string, string>()
  for (const match of page.text.matchAll(/<tr id="field-(\w+)">([^]*?)<\/tr>/g)) {
    const cells = [...(match[2] ?? '').matchAll(/<td[^>]*>([^]*?)<\/td>/g)].map((cell) => decodeHtml((cell[1] ?? '').replace(/<[^>]+>/g, '')))
    found.set(match[1] ?? '', cells.at(-1) ?? '')
  }
  return found
}

function fieldsWithProblems(answer: Answer): string[] {
  const state = (answer.json as { modelState?: Record<string, string[]> } | undefined)?.modelState ?? {}
  return Object.keys(state).map((key) => key.replace(/^appointment\./, ''))
}

describe('the Appointment body table', () => {
  test('each row gives the field\'s rules as docs/api.md does, in English and in Swedish', async (t) => {
    const server = await startServer(t)
    const english = await rows(server, 'en')
    const swedish = await rows(server, 'sv')
    assert.deepEqual(APPOINTMENT_FIELDS.filter((field) => !english.has(field.name)), [], 'a row per field')
    for (const field of APPOINTMENT_FIELDS) {
      const info = english.get(field.name) ?? ''
      for (const phrase of mustSay(field)) {
        assert.ok(info.includes(phrase), `${field.name}: "${phrase}" in "${info}"`)
      }
      assert.notEqual(swedish.get(field.name), info, `${field.name} has its Swedish text`)
    }
    assert.ok(swedish.get('recurrencePattern')?.includes('Krävs när recurrence är true'))
    assert.ok(swedish.get('recurrenceDay')?.includes('29 februari ja, 30 februari nej'))
  })

  test('the limits the page names are the server\'s: the largest accepted, one past it refused naming the field', async (t) => {
    const server = await startServer(t)
    const english = await rows(server, 'en')
    let checked = 0
    for (const field of APPOINTMENT_FIELDS) {
      const info = english.get(field.name) ?? ''
      const length = /At most ([\d,]+) characters/.exec(info)?.[1]
      const range = /From (-?[\d,]+) to ([\d,]+)/.exec(info)
      if (length) {
        const most = Number(length.replace(/,/g, ''))
        const body = (size: number) => ({ subject: 'Visning', startsAt: START, [field.name]: 'x'.repeat(size) })
        assert.equal((await postJson(server, body(most))).status, 200, `${field.name} of ${most} characters`)
        assert.deepEqual(fieldsWithProblems(await postJson(server, body(most + 1))), [field.name])
        checked++
      }
      if (range) {
        const [least, most] = [Number(range[1]?.replace(/,/g, '')), Number(range[2]?.replace(/,/g, ''))]
        const context = CONTEXT[field.name]
        assert.ok(context, `a body for ${field.name}`)
        const body = (value: number) => ({ subject: 'Visning', startsAt: START, ...context(value) })
        for (const value of [least, most]) assert.equal((await postJson(server, body(value))).status, 200, `${field.name} ${value}`)
        for (const value of [least - 1, most + 1]) assert.deepEqual(fieldsWithProblems(await postJson(server, body(value))), [field.name], `${field.name} ${value}`)
        checked++
      }
    }
    assert.equal(checked, LIMITED_FIELDS.length, LIMITED_FIELDS.map((field) => field.name).join(', '))
  })

  test('"required when" and "not together" are what the server says', async (t) => {
    const server = await startServer(t)
    const base = { subject: 'Visning', startsAt: START }
    assert.deepEqual(fieldsWithProblems(await postJson(server, { ...base, recurrence: true })), ['recurrencePattern'])
    assert.equal((await postJson(server, {
      ...base, recurrence: false, recurrencePattern: 'Yearly', recurrenceMonth: 2, recurrenceDay: 30, recurrenceCount: 3,
      recurrenceEndsAt: '2027-04-01',
    })).status, 200, 'when false, the rules do not apply')
    assert.deepEqual(fieldsWithProblems(await postJson(server, { ...base, recurrence: false, recurrencePattern: 'nonsense' })),
      ['recurrencePattern'], 'but each field must still be of its type')
    assert.deepEqual(fieldsWithProblems(await postJson(server, {
      ...base, recurrence: true, recurrencePattern: 'daily', recurrenceCount: 3, recurrenceEndsAt: '2027-04-01',
    })), ['recurrenceCount'])
    assert.deepEqual(fieldsWithProblems(await postJson(server, {
      ...base, recurrence: true, recurrencePattern: 'Yearly', recurrenceMonth: 2, recurrenceDay: 30,
    })), ['recurrenceDay'])
    assert.equal((await postJson(server, { ...base, recurrence: true, recurrencePattern: 3, recurrenceMonth: 2, recurrenceDay: 29 })).status, 200)
  })
})
