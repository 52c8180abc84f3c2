/**
 * @module A series' exceptions: how an occurrence is named (its id), and the series' occurrences
 * with its cancelled ones left out and its changed ones where they now are. A series without
 * exceptions is scanned as before; one with them merges the series' scan, minus every date
 * that has an exception, with its changed occurrences sorted by their new start, so a window
 * finds a moved occurrence by where it is, not where the series had it.
 */
import type { AppointmentData, OccurrenceException } from '../appointment.ts'
import { civilDateOf, epochDayOf, formatWallTime } from '../time/epoch-days.ts'
import { perObject } from './per-object.ts'
import {
  ExpandedOccurrence, SlotFields, changedOccurrence, occurrenceOnDay, reaches, scanOccurrences, startsBefore,
  type EpochTime, type OccurrenceSlot,
} from './recurrence.ts'

/** The occurrence a listing scan stands on, with its exception when it has one. */
export interface ListingScan extends Readonly<OccurrenceSlot> {
  readonly exception?: OccurrenceException | undefined
  /** Moves to the next occurrence; false when there is none. */
  next(): boolean
}

/** A changed occurrence where it now is, with what changed. */
export interface ChangedOccurrence {
  readonly occurrence: ExpandedOccurrence
  readonly exception: OccurrenceException
}

/** Every exception of the series with the occurrence the series gives that date. */
export interface ExceptionEntry {
  readonly exception: OccurrenceException
  readonly occurrenceId: string
  /** Where the series has it: its original start and end. */
  readonly original: ExpandedOccurrence
  /** Where it now is; undefined when cancelled. */
  readonly current: ExpandedOccurrence | undefined
}

const OCCURRENCE_ID = /^(\d{4})(\d{2})(\d{2})$/

/** `YYYYMMDD` of the local date the series puts the occurrence on: URL-safe and stable. */
export function occurrenceIdOf(day: number): string {
  return originalDateOf(day).replaceAll('-', '')
}

/** The local date (epoch day) an occurrence id names; undefined when it names none. */
export function dayOfOccurrenceId(occurrenceId: string): number | undefined {
  const match = OCCURRENCE_ID.exec(occurrenceId)
  if (!match) return undefined
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])]
  const epochDay = epochDayOf(year, month, day)
  const back = civilDateOf(epochDay)
  return back.year === year && back.month === month && back.day === day ? epochDay : undefined
}

/** `YYYY-MM-DD`, as `originalDate` holds it. */
export function originalDateOf(day: number): string {
  const { year, month, day: dayOfMonth } = civilDateOf(day)
  return formatWallTime(year, month, dayOfMonth, 0, 0, 0, 0).slice(0, 10)
}

export function dayOfOriginalDate(originalDate: string): number {
  return dayOfOccurrenceId(originalDate.replaceAll('-', ''))!
}

/** The exception the series has for a date, if any. */
export function exceptionOn(appointment: AppointmentData, day: number): OccurrenceException | undefined {
  return exceptionsOf(appointment).byDay.get(day)
}

/** The series' exceptions with `exception` in place of any for its date (none for `undefined`), by date. */
export function withException(
  appointment: AppointmentData, day: number, exception: OccurrenceException | undefined,
): OccurrenceException[] {
  const others = (appointment.exceptions ?? []).filter((kept) => dayOfOriginalDate(kept.originalDate) !== day)
  const all = exception ? [...others, exception] : others
  return all.sort((a, b) => (a.originalDate < b.originalDate ? -1 : a.originalDate > b.originalDate ? 1 : 0))
}

/** Each exception with its original and current occurrence, by date; those the series no longer has are left out. */
export function exceptionEntries(appointment: AppointmentData): ExceptionEntry[] {
  return (appointment.exceptions ?? []).flatMap((exception) => {
    const day = dayOfOriginalDate(exception.originalDate)
    const original = occurrenceOnDay(appointment, day)
    if (!original) return []
    return [{ exception, occurrenceId: occurrenceIdOf(day), original, current: changedOccurrence(appointment, exception, day) }]
  })
}

/** The occurrences overlapping [from, to), as `scanOccurrences` gives them, with the exceptions applied. */
export function scanListedOccurrences(appointment: AppointmentData, from: EpochTime, to: EpochTime): ListingScan {
  const series = scanOccurrences(appointment, from, to)
  if (!appointment.exceptions?.length) return series
  const { byDay, changed } = exceptionsOf(appointment)
  const inWindow = changed.filter(({ occurrence }) => startsBefore(occurrence, to) && reaches(occurrence, from))
  return new ExceptionScan(series, byDay, inWindow)
}

interface Exceptions {
  readonly byDay: ReadonlyMap<number, OccurrenceException>
  /** Sorted by start, then original date. */
  readonly changed: readonly ChangedOccurrence[]
}

function readExceptions(appointment: AppointmentData): Exceptions {
  const byDay = new Map<number, OccurrenceException>()
  const changed: ChangedOccurrence[] = []
  for (const exception of appointment.exceptions ?? []) {
    const day = dayOfOriginalDate(exception.originalDate)
    byDay.set(day, exception)
    const occurrence = changedOccurrence(appointment, exception, day)
    if (occurrence) changed.push({ occurrence, exception })
  }
  changed.sort((a, b) => (comesBefore(a.occurrence, b.occurrence) ? -1 : comesBefore(b.occurrence, a.occurrence) ? 1 : 0))
  return { byDay, changed }
}

/** By start, then by original date (a moved occurrence may share another's start). */
function comesBefore(a: OccurrenceSlot, b: OccurrenceSlot): boolean {
  if (a.startMs !== b.startMs) return a.startMs < b.startMs
  if (a.startSubMsNs !== b.startSubMsNs) return a.startSubMsNs < b.startSubMsNs
  return a.day < b.day
}

/** Read once per appointment object, as the series itself is (recurrence.ts). */
const exceptionsOf = perObject(readExceptions)

/** The series' scan without the dates that have exceptions, merged with the changed occurrences. */
class ExceptionScan extends SlotFields implements ListingScan {
  exception: OccurrenceException | undefined = undefined
  private readonly series: ListingScan
  private readonly byDay: ReadonlyMap<number, OccurrenceException>
  private readonly changed: readonly ChangedOccurrence[]
  private changedIndex = 0
  /** The series' scan stands on an occurrence not yet handed out. */
  private seriesWaiting = false
  private seriesDone = false

  constructor(series: ListingScan, byDay: ReadonlyMap<number, OccurrenceException>, changed: readonly ChangedOccurrence[]) {
    super()
    this.series = series
    this.byDay = byDay
    this.changed = changed
  }

  next(): boolean {
    if (!this.seriesWaiting && !this.seriesDone) this.advanceSeries()
    const changed = this.changed[this.changedIndex]
    if (this.seriesWaiting && (!changed || comesBefore(this.series, changed.occurrence))) {
      this.seriesWaiting = false
      this.take(this.series, undefined)
      return true
    }
    if (!changed) return false
    this.changedIndex++
    this.take(changed.occurrence, changed.exception)
    return true
  }

  private advanceSeries(): void {
    while (this.series.next()) {
      if (this.byDay.has(this.series.day)) continue
      this.seriesWaiting = true
      return
    }
    this.seriesDone = true
  }

  private take(slot: Readonly<OccurrenceSlot>, exception: OccurrenceException | undefined): void {
    this.copyFrom(slot)
    this.exception = exception
  }
}
