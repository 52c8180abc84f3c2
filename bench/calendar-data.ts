/**
 * @module The calendars the listing scenarios read, as create bodies, the same on every run:
 * 200 mixed series (daily, weekly, monthly, yearly; some with a count, some with an end date,
 * most never ending) started over the two years before the listed week, single appointments
 * spread evenly over a span of days, and the week the listings ask for.
 */
import type { AppointmentBody } from '../src/domain/validate-appointment.ts'

/** The listed week, Monday to Monday, wall time in the customer's zone. */
export const LISTED_WEEK = { from: '2026-03-02', to: '2026-03-09' } as const

/**
 * The availability question's four weeks, ending with the listed week: no offset change in
 * Stockholm, as none is in the listed week, so the two compare the same engine work per day.
 */
export const AVAILABILITY_WEEKS = { from: '2026-02-09', to: '2026-03-09' } as const

/** The year around the listed week, where the plain user's single appointments are. */
export const SURROUNDING_YEAR = { from: '2025-09-01', days: 365 } as const

/** The ten years before the surrounding year: the history user's extra single appointments. */
export const HISTORY = { from: '2015-09-01', days: 3653 } as const

const SERIES_START = '2024-01-01'
const SERIES_START_SPREAD_DAYS = 780
const WEEKDAY_SETS = [['Monday'], ['Tuesday', 'Thursday'], ['Monday', 'Wednesday', 'Friday']] as const
const PATTERNS = ['Daily', 'Weekly', 'Monthly', 'Yearly'] as const

/** `date` plus `days`, both `YYYY-MM-DD`. */
export function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10)
}

function wallTime(date: string, hour: number, minute: number): string {
  return `${date}T${String(hour).padStart(2, '0')}:${String(minute).padStart(2, '0')}:00`
}

/** The index-th of 200 series. */
export function seriesBody(index: number): AppointmentBody {
  const pattern = PATTERNS[index % PATTERNS.length] ?? 'Daily'
  const date = addDays(SERIES_START, (index * 11) % SERIES_START_SPREAD_DAYS)
  const hour = 7 + (index % 10)
  const allDay = pattern === 'Yearly' && index % 8 === 3
  return {
    subject: `${pattern} ${index}`,
    location: 'Storgatan 1, Stockholm',
    startsAt: allDay ? date : wallTime(date, hour, (index % 2) * 30),
    endsAt: allDay ? date : wallTime(date, hour + 1, 0),
    allDayEvent: allDay,
    recurrence: true,
    recurrencePattern: pattern,
    ...patternFields(pattern, index),
    ...seriesEnd(index, date),
  }
}

function patternFields(pattern: (typeof PATTERNS)[number], index: number): AppointmentBody {
  switch (pattern) {
    case 'Daily':
      return { recurrenceInterval: 1 + (index % 3) }
    case 'Weekly':
      return { recurrenceInterval: 1 + (index % 2), recurrenceDayOfWeeks: WEEKDAY_SETS[index % WEEKDAY_SETS.length] }
    case 'Monthly':
      return { recurrenceDay: 1 + (index % 28) }
    case 'Yearly':
      return { recurrenceMonth: 1 + (index % 12), recurrenceDay: 1 + (index % 28) }
  }
}

/** One in five has a count, one in ten lasts four months, one in ten about two and a half years. */
function seriesEnd(index: number, startDate: string): AppointmentBody {
  if (index % 5 === 0) return { recurrenceCount: 10 + index }
  if (index % 10 === 1) return { recurrenceEndsAt: addDays(startDate, 120) }
  if (index % 10 === 6) return { recurrenceEndsAt: addDays(startDate, 900) }
  return {}
}

/** The index-th of `total` single appointments spread evenly over `days` days from `from`. */
export function singleBody(index: number, total: number, span: { readonly from: string; readonly days: number }): AppointmentBody {
  const date = addDays(span.from, Math.floor((index * span.days) / total))
  const hour = 7 + ((index * 7) % 11)
  const minute = (index % 4) * 15
  return {
    subject: `Visning ${index}`,
    location: `Storgatan ${1 + (index % 90)}, Stockholm`,
    ...(index % 3 === 0 && { note: 'Ta med nycklar' }),
    startsAt: wallTime(date, hour, minute),
    endsAt: wallTime(date, hour + 1, minute),
  }
}
