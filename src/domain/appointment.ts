/**
 * @module The appointment as the domain keeps it once validated: wall-clock times in a named
 * IANA zone, so a series can be expanded in local time and an instant derived exactly.
 */
import type {
  ContractTextFieldName, DayOfWeek, ExtensionTextFieldName, RecurrencePattern, ShowAs,
} from './appointment-schema.ts'

export interface Recurrence {
  readonly pattern: RecurrencePattern
  /** 1–999. */
  readonly interval: number
  /** Weekly only: distinct days, Monday first. Empty for other patterns. */
  readonly daysOfWeek: readonly DayOfWeek[]
  /** Yearly only: 1–12. */
  readonly month: number | null
  /** Monthly and yearly: 1–31; past a month's end the occurrence moves to the last day. */
  readonly day: number | null
  /** Last local date an occurrence may start on (inclusive), `YYYY-MM-DD`. */
  readonly endsOn: string | null
  /** Number of real occurrences, 1–10,000. */
  readonly count: number | null
}

/**
 * The schema's optional text fields, taken from APPOINTMENT_FIELDS so that one added there
 * is carried here without an edit: the contract's (location, note) null when not given,
 * our own absent.
 */
type OptionalTexts =
  & { readonly [Name in ContractTextFieldName]: string | null }
  & { readonly [Name in ExtensionTextFieldName]?: string }

export interface AppointmentData extends OptionalTexts {
  readonly subject: string
  /** IANA zone the wall times below are in. */
  readonly timeZone: string
  readonly allDayEvent: boolean
  /**
   * Wall-clock start as given (Temporal.PlainDateTime string, up to 7 fraction digits).
   * It may fall in a daylight-saving gap; it is resolved forward when turned into an instant.
   * All-day appointments hold the start date at midnight.
   */
  readonly startsAt: string
  /** Wall-clock end; all-day appointments hold the last day (inclusive) at midnight. */
  readonly endsAt: string
  readonly recurrence: Recurrence | null
  /** How it shows in free/busy; absent is Busy (what the validator gives when none is sent). */
  readonly showAs?: ShowAs
  /**
   * A series' cancelled and changed occurrences, by `originalDate`; absent or empty when
   * there are none. Managed by the occurrence routes, never by a body.
   */
  readonly exceptions?: readonly OccurrenceException[]
}

/**
 * One occurrence of a series cancelled, moved or given its own texts. The local date the
 * series puts it on names it: a series has at most one occurrence per local date.
 */
export interface OccurrenceException {
  /** `YYYY-MM-DD` in the series' zone. */
  readonly originalDate: string
  readonly cancelled: boolean
  /** Each present only when it differs from the series'. */
  readonly subject?: string
  readonly location?: string | null
  readonly note?: string | null
  readonly showAs?: ShowAs
  /** Wall times in the series' zone, as AppointmentData holds them; both present when moved. */
  readonly startsAt?: string
  readonly endsAt?: string
}

/** Instants the store indexes, so a listing reads only appointments that can touch its window. */
export interface AppointmentSpan {
  /** Start of the first real occurrence, epoch milliseconds. */
  readonly firstStartMs: number
  /** End of the last occurrence, epoch milliseconds; null when the series never ends. */
  readonly lastEndMs: number | null
}

export interface Appointment extends AppointmentData {
  readonly id: string
  readonly customerId: string
  readonly userId: string
  /** Bumped on every replace; the ETag is derived from it. */
  readonly version: number
  readonly createdAt: string
  readonly updatedAt: string
}

export interface Customer {
  readonly customerId: string
  readonly name: string | null
  readonly timeZone: string
}

export interface User {
  readonly customerId: string
  readonly userId: string
  readonly name: string | null
}

export interface ApiClient {
  readonly username: string
  readonly passwordHash: string
  readonly disabled: boolean
  readonly customerIds: readonly string[]
}
