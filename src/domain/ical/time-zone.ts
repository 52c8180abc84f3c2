/**
 * @module A zone's VTIMEZONE built from its real offset transitions (Temporal's
 * `getTimeZoneTransition`), written as Google and Outlook write them: yearly RRULEs for
 * STANDARD and DAYLIGHT (`BYMONTH=3;BYDAY=-1SU`), never lists of RDATEs, which Outlook
 * misreads. Transitions with the same offsets, month, local time and weekday rule in
 * consecutive years form one era, one sub-component with a COUNT (or no end when the era is
 * the zone's current rule); a transition that fits no yearly rule stands alone, without RRULE.
 * The sub-components together produce exactly the zone's transitions from the last one before
 * `fromMs` on, so every time the feed writes resolves to Temporal's instant.
 *
 * COUNT rather than UNTIL ends an era: RFC 5545 wants UNTIL in UTC there, which parsers that
 * compare it with local onsets (python-icalendar, dateutil's tzical) misread by the offset.
 */
import { Temporal } from 'temporal-polyfill'
import { property, type JCalComponent, type JCalProperty } from './jcal.ts'

/** Transitions are read to the end of this year at least; an era still running then is the zone's rule. */
const HORIZON_YEAR = 2040
/** …and at least this many years past the first time needed, so the current rule shows in enough years. */
const HORIZON_YEARS_AFTER_START = 8
const WEEKDAYS = ['MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SU'] as const

/** One offset change: the local time it happens at, in the offset before it. */
interface Onset {
  readonly local: Temporal.PlainDateTime
  readonly fromSeconds: number
  readonly toSeconds: number
}

/** Onsets of one kind in consecutive years, with the yearly rules every one of them fits. */
interface Era {
  readonly first: Onset
  last: Onset
  count: number
  rules: string[]
}

export function vtimezoneOf(timeZone: string, fromMs: number): JCalComponent {
  const { onsets, initialSeconds, startYear, endYear, changedBefore } = onsetsFrom(timeZone, fromMs)
  const components = eras(onsets).map((era) => subComponent(era, era.last.local.year === endYear && era.count > 1))
  if (!changedBefore) components.unshift(fixedComponent(initialSeconds, Math.min(1601, startYear)))
  return ['vtimezone', [property('tzid', 'text', timeZone)], components]
}

interface ZoneOnsets {
  readonly onsets: readonly Onset[]
  /** The offset at `fromMs`. */
  readonly initialSeconds: number
  readonly startYear: number
  readonly endYear: number
  /** Whether the zone's offset changed before `fromMs` (the first onset is then that change). */
  readonly changedBefore: boolean
}

function onsetsFrom(timeZone: string, fromMs: number): ZoneOnsets {
  const start = Temporal.Instant.fromEpochMilliseconds(fromMs).toZonedDateTimeISO(timeZone)
  const endYear = Math.max(HORIZON_YEAR, start.year + HORIZON_YEARS_AFTER_START)
  const previous = start.getTimeZoneTransition('previous')
  const onsets: Onset[] = previous ? [onsetAt(previous)] : []
  let cursor = previous ?? start
  for (;;) {
    const next = cursor.getTimeZoneTransition('next')
    if (!next || next.year > endYear) break
    onsets.push(onsetAt(next))
    cursor = next
  }
  return { onsets, initialSeconds: offsetSeconds(start), startYear: start.year, endYear, changedBefore: previous !== null }
}

function onsetAt(transition: Temporal.ZonedDateTime): Onset {
  const fromSeconds = offsetSeconds(transition.subtract({ nanoseconds: 1 }))
  const local = Temporal.Instant.fromEpochMilliseconds(transition.epochMilliseconds + fromSeconds * 1000)
    .toZonedDateTimeISO('UTC').toPlainDateTime()
  return { local, fromSeconds, toSeconds: offsetSeconds(transition) }
}

function offsetSeconds(time: Temporal.ZonedDateTime): number {
  return Math.round(time.offsetNanoseconds / 1e9)
}

/** Groups onsets into eras, greedily and in order; each kind of change continues its own era. */
function eras(onsets: readonly Onset[]): Era[] {
  const done: Era[] = []
  const open = new Map<string, Era>()
  for (const onset of onsets) {
    const kind = `${onset.fromSeconds}/${onset.toSeconds}/${onset.local.month}/${onset.local.toPlainTime()}`
    const era = open.get(kind)
    const rules = yearlyRules(onset.local)
    const common = era && era.last.local.year + 1 === onset.local.year
      ? era.rules.filter((rule) => rules.includes(rule)) : []
    if (era && common.length > 0) {
      era.last = onset
      era.count += 1
      era.rules = common
      continue
    }
    const started: Era = { first: onset, last: onset, count: 1, rules }
    done.push(started)
    open.set(kind, started)
  }
  return done
}

/**
 * Every yearly rule the date fits, best first: `last:7` (last Sunday), `nth:7:2` (second
 * Sunday, i.e. Sunday on or after the 8th), `date:21` (the 21st), `from:7:10` (Sunday on or
 * after the 10th, tzdata's `Sun>=10`).
 */
function yearlyRules(local: Temporal.PlainDateTime): string[] {
  const { day, dayOfWeek, daysInMonth, month } = local
  const shortestMonth = month === 2 ? 28 : daysInMonth
  const rules = day + 7 > daysInMonth ? [`last:${dayOfWeek}`] : []
  const onOrAfter: string[] = []
  for (let first = Math.max(1, day - 6); first <= day && first + 6 <= shortestMonth; first++) {
    if (first % 7 === 1) rules.push(`nth:${dayOfWeek}:${(first + 6) / 7}`)
    else onOrAfter.push(`from:${dayOfWeek}:${first}`)
  }
  return [...rules, `date:${day}`, ...onOrAfter]
}

function recurOf(era: Era, ongoing: boolean): Record<string, unknown> {
  const [kind, first, second] = era.rules[0]!.split(':')
  const weekday = WEEKDAYS[Number(first) - 1]
  const bySpec: Record<string, unknown> = kind === 'last' ? { byday: `-1${weekday}` }
    : kind === 'nth' ? { byday: `${second}${weekday}` }
    : kind === 'date' ? { bymonthday: Number(first) }
    : { bymonthday: Array.from({ length: 7 }, (_, index) => Number(second) + index), byday: weekday }
  return { freq: 'YEARLY', ...(!ongoing && { count: era.count }), bymonth: era.first.local.month, ...bySpec }
}

function subComponent(era: Era, ongoing: boolean): JCalComponent {
  const { first } = era
  const properties: JCalProperty[] = [
    property('dtstart', 'date-time', localDateTime(first.local)),
    property('tzoffsetfrom', 'utc-offset', utcOffset(first.fromSeconds)),
    property('tzoffsetto', 'utc-offset', utcOffset(first.toSeconds)),
  ]
  if (era.count > 1 || ongoing) properties.push(property('rrule', 'recur', recurOf(era, ongoing)))
  return [first.toSeconds > first.fromSeconds ? 'daylight' : 'standard', properties, []]
}

/** The offset in force before the first onset the feed needs, from a date before any of its times. */
function fixedComponent(offsetSeconds: number, year: number): JCalComponent {
  const dtstart = `${String(year).padStart(4, '0')}-01-01T00:00:00`
  return ['standard', [
    property('dtstart', 'date-time', dtstart),
    property('tzoffsetfrom', 'utc-offset', utcOffset(offsetSeconds)),
    property('tzoffsetto', 'utc-offset', utcOffset(offsetSeconds)),
  ], []]
}

/** jCal's floating date-time: `2026-03-29T02:00:00`, whole seconds. */
export function localDateTime(local: Temporal.PlainDateTime): string {
  return local.toString({ smallestUnit: 'second', roundingMode: 'trunc' })
}

/** `+01:00`, or `+00:53:28` when the offset is not whole minutes. */
function utcOffset(seconds: number): string {
  const sign = seconds < 0 ? '-' : '+'
  const total = Math.abs(seconds)
  const parts = [Math.floor(total / 3600), Math.floor(total / 60) % 60, total % 60]
  const shown = parts[2] === 0 ? parts.slice(0, 2) : parts
  return sign + shown.map((part) => String(part).padStart(2, '0')).join(':')
}
