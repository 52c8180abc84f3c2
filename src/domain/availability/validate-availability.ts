/**
 * @module The availability body (canonical field names, values as JSON or the XML reader gave
 * them) → an AvailabilityQuery, or InvalidParameters naming every bad field at once, each
 * with what to send instead. Field paths are the body's: `userIds[2]`, `workingHours.start`;
 * a body that is not an object is reported under `request`.
 */
import { DAYS_OF_WEEK } from '../appointment-schema.ts'
import { InvalidParameters, type FieldProblems } from '../errors.ts'
import { readingWindow } from '../time/reading-window.ts'
import { canonicalTimeZone } from '../time/time-zone.ts'
import { MAX_AVAILABILITY_USERS, MAX_AVAILABILITY_WINDOW_MS, MINUTES_LIMITS } from './availability-schema.ts'

export type AvailabilityBody = Readonly<Record<string, unknown>>

export interface WorkingHours {
  /** ISO weekdays, Monday = 1 … Sunday = 7. */
  readonly isoWeekdays: ReadonlySet<number>
  /** Minutes after local midnight; `end` may be 1440 (the next midnight). */
  readonly startMinutes: number
  readonly endMinutes: number
}

export interface AvailabilityQuery {
  /** As sent, in request order. */
  readonly userIds: readonly string[]
  readonly fromNs: bigint
  readonly toNs: bigint
  readonly timeZone: string
  /** Minutes; undefined: no slots wanted. */
  readonly duration: number | undefined
  readonly step: number
  readonly buffer: number
  readonly workingHours: WorkingHours | undefined
  /** How many of the users must be free; 'all': every known one. */
  readonly required: 'all' | number
}

const DAY_BY_LOWER = new Map(DAYS_OF_WEEK.map((name, ordinal) => [name.toLowerCase(), ordinal]))
const TIME_OF_DAY = /^(\d{2}):(\d{2})$/
const WORKING_HOURS_EXAMPLE = '{"days": ["Monday", "Friday"], "start": "08:00", "end": "17:00"}'

/** `customerTimeZone` is the zone when the body names none. */
export function validateAvailability(body: AvailabilityBody, customerTimeZone: string): AvailabilityQuery {
  const problems: FieldProblems = {}
  const userIds = readUserIds(body.userIds, problems)
  const timeZone = readTimeZone(body.timeZone, customerTimeZone, problems)
  // With an unknown zone the window is still read, in the customer's, so its own problems are named too.
  const window = readWindow(body.from, body.to, timeZone ?? customerTimeZone, problems)
  const duration = readMinutes('duration', body.duration, undefined, problems)
  const step = readMinutes('step', body.step, MINUTES_LIMITS.step.default, problems)
  const buffer = readMinutes('buffer', body.buffer, MINUTES_LIMITS.buffer.default, problems)
  const workingHours = readWorkingHours(body.workingHours, problems)
  const required = readRequired(body.required, userIds?.length, problems)
  if (Object.keys(problems).length > 0 || !userIds || !window || timeZone === undefined
    || step === undefined || buffer === undefined || required === undefined) {
    throw new InvalidParameters(problems)
  }
  return { userIds, ...window, timeZone, duration, step, buffer, workingHours, required }
}

function readUserIds(value: unknown, problems: FieldProblems): string[] | undefined {
  if (value === undefined || value === null || (Array.isArray(value) && value.length === 0)) {
    problems.userIds = ['userIds is required: send 1 to 100 user ids of the customer, such as ["HAN001", "MED002"].']
    return undefined
  }
  if (!Array.isArray(value)) {
    problems.userIds = [`userIds must be a list of user ids, such as ["HAN001", "MED002"], not ${describe(value)}.`]
    return undefined
  }
  if (value.length > MAX_AVAILABILITY_USERS) {
    problems.userIds = [`userIds holds ${value.length} ids; send at most ${MAX_AVAILABILITY_USERS} and ask about the rest `
      + 'in another request.']
    return undefined
  }
  const seen = new Map<string, number>()
  value.forEach((id: unknown, index) => {
    const path = `userIds[${index}]`
    if (typeof id !== 'string' || id.trim() === '') {
      problems[path] = [`Each user id must be a non-empty string, such as "HAN001", not ${describe(id)}.`]
      return
    }
    const first = seen.get(id.toLowerCase())
    if (first !== undefined) {
      problems[path] = [`${describe(id)} is already userIds[${first}] (ids match in any case). Send each user once.`]
      return
    }
    seen.set(id.toLowerCase(), index)
  })
  return value.every((id) => typeof id === 'string') ? value as string[] : undefined
}

function readTimeZone(value: unknown, customerTimeZone: string, problems: FieldProblems): string | undefined {
  if (value === undefined || value === null) return customerTimeZone
  const canonical = typeof value === 'string' ? canonicalTimeZone(value.trim()) : undefined
  if (canonical === undefined) {
    problems.timeZone = [`timeZone must be an IANA time zone such as "Europe/Stockholm", not ${describe(value)}. `
      + `Leave it out for the customer's zone (${customerTimeZone}).`]
  }
  return canonical
}

function readWindow(
  from: unknown, to: unknown, timeZone: string, problems: FieldProblems,
): { fromNs: bigint; toNs: bigint } | undefined {
  const fromText = dateText('from', from, problems)
  const toText = dateText('to', to, problems)
  if (problems.from || problems.to) return undefined
  try {
    const window = readingWindow(fromText, toText, timeZone, MAX_AVAILABILITY_WINDOW_MS)
    return { fromNs: window.from.epochNanoseconds, toNs: window.to.epochNanoseconds }
  } catch (error) {
    if (!(error instanceof InvalidParameters)) throw error
    Object.assign(problems, error.problems)
    return undefined
  }
}

function dateText(name: 'from' | 'to', value: unknown, problems: FieldProblems): string | undefined {
  if (value === undefined || value === null || typeof value === 'string') return value ?? undefined
  problems[name] = [`${name} must be a date or date-time text, such as "2026-03-26" or "2026-03-26T08:00:00", `
    + `not ${describe(value)}.`]
  return undefined
}

function readMinutes(
  name: keyof typeof MINUTES_LIMITS, value: unknown, fallback: number | undefined, problems: FieldProblems,
): number | undefined {
  if (value === undefined || value === null) return fallback
  const { minimum, maximum } = MINUTES_LIMITS[name]
  if (typeof value !== 'number' || !Number.isInteger(value) || value < minimum || value > maximum) {
    problems[name] = [`${name} must be a whole number of minutes from ${minimum} to ${maximum}, not ${describe(value)}.`]
    return fallback
  }
  return value
}

function readRequired(value: unknown, userCount: number | undefined, problems: FieldProblems): 'all' | number | undefined {
  if (value === undefined || value === null) return 'all'
  if (typeof value === 'string' && value.trim().toLowerCase() === 'all') return 'all'
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1) {
    problems.required = [`required must be "all" or a whole number of users from 1 up, not ${describe(value)}.`]
    return undefined
  }
  if (userCount !== undefined && value > userCount) {
    problems.required = [`required is ${value}, more than the ${userCount} user${userCount === 1 ? '' : 's'} asked about. `
      + `Send at most ${userCount}, or "all".`]
    return undefined
  }
  return value
}

function readWorkingHours(value: unknown, problems: FieldProblems): WorkingHours | undefined {
  if (value === undefined || value === null) return undefined
  if (typeof value !== 'object' || Array.isArray(value)) {
    problems.workingHours = [`workingHours must be an object such as ${WORKING_HOURS_EXAMPLE}, not ${describe(value)}.`]
    return undefined
  }
  const fields = new Map(Object.entries(value).map(([key, item]) => [key.toLowerCase(), item as unknown]))
  const isoWeekdays = readDays(fields.get('days'), problems)
  const startMinutes = readTimeOfDay('start', fields.get('start'), problems)
  const endMinutes = readTimeOfDay('end', fields.get('end'), problems)
  if (startMinutes !== undefined && endMinutes !== undefined && startMinutes >= endMinutes) {
    problems['workingHours.end'] = [`workingHours.end (${fields.get('end')}) must be after workingHours.start `
      + `(${fields.get('start')}) on the same day. Send a later end, up to "24:00".`]
    return undefined
  }
  if (!isoWeekdays || startMinutes === undefined || endMinutes === undefined) return undefined
  return { isoWeekdays, startMinutes, endMinutes }
}

function readDays(value: unknown, problems: FieldProblems): Set<number> | undefined {
  if (!Array.isArray(value) || value.length === 0) {
    problems['workingHours.days'] = ['workingHours.days must list at least one day, such as ["Monday", "Tuesday"], '
      + `not ${describe(value)}.`]
    return undefined
  }
  const days = new Set<number>()
  value.forEach((day: unknown, index) => {
    const ordinal = typeof day === 'string' ? DAY_BY_LOWER.get(day.trim().toLowerCase())
      : typeof day === 'number' && Number.isInteger(day) && day >= 0 && day <= 6 ? day : undefined
    if (ordinal === undefined) {
      problems[`workingHours.days[${index}]`] = [`${describe(day)} is not a day of the week. Send one of `
        + `${DAYS_OF_WEEK.join(', ')} (or 0–6, Sunday = 0).`]
      return
    }
    days.add(ordinal === 0 ? 7 : ordinal)
  })
  return days
}

function readTimeOfDay(name: 'start' | 'end', value: unknown, problems: FieldProblems): number | undefined {
  const match = typeof value === 'string' ? TIME_OF_DAY.exec(value.trim()) : null
  const minutes = match ? Number(match[1]) * 60 + Number(match[2]) : undefined
  const latest = name === 'end' ? 24 * 60 : 24 * 60 - 1
  if (!match || minutes === undefined || Number(match[2]) > 59 || minutes > latest) {
    problems[`workingHours.${name}`] = [`workingHours.${name} must be a wall time HH:MM from 00:00 to `
      + `${name === 'end' ? '24:00' : '23:59'}, such as "${name === 'start' ? '08:00' : '17:00'}", not ${describe(value)}.`]
    return undefined
  }
  return minutes
}

function describe(value: unknown): string {
  if (value === undefined) return 'nothing'
  const text = JSON.stringify(value) ?? String(value)
  return text.length > 40 ? `${text.slice(0, 40)}…` : text
}
