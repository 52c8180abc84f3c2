/**
 * @module The one persistence contract, in roles: appointments, the directory of customers,
 * users and clients, calendar links, the audit log, the change feed, idempotency keys,
 * webhooks and the connection. SQLite and PostgreSQL implement all of them; HTTP, the CLI and
 * tests receive a Store (or the roles they need) and never know which. It speaks domain types only.
 */
import type {
  ApiClient, Appointment, AppointmentData, AppointmentSpan, Customer, User,
} from '../domain/appointment.ts'
import type { IdempotencyKeys } from './idempotency.ts'
import type { WebhookStore } from './webhook-store.ts'

export interface UserRef {
  readonly customerId: string
  readonly userId: string
}

export interface AppointmentRef extends UserRef {
  readonly appointmentId: string
}

export interface NewAppointment {
  readonly id: string
  readonly data: AppointmentData
  readonly span: AppointmentSpan
}

/** What a replace writes, on what condition, and how the audit log names it. */
export interface AppointmentReplacement {
  readonly data: AppointmentData
  readonly span: AppointmentSpan
  /** Replaces only when the stored version is this one; undefined: whatever it is. */
  readonly expectedVersion?: number | undefined
  /** Who asked: written with the replace as its audit entry. */
  readonly audit: AuditContext
  /** The audit entry's action, 'replace' when left out: a change of one occurrence is a replace of its series' row. */
  readonly action?: ReplaceAction
}

export interface TimeRange {
  readonly fromMs: number
  readonly toMs: number
}

export interface ChangeNumbers {
  readonly numbers: number[]
  /**
   * Stands for the database the numbers count in: another object once the store reopened on
   * another file (a backup restored), where the same numbers may have other appointments.
   */
  readonly database: object
}

export type ReplaceResult =
  | { readonly status: 'replaced'; readonly appointment: Appointment }
  | { readonly status: 'not-found' }
  | { readonly status: 'version-mismatch' }

/**
 * The appointments: written with their audit entry, read one at a time, by time range and page
 * by page, and summed up per zone for the calendar feed.
 */
export interface Appointments {
  createAppointment(user: UserRef, appointment: NewAppointment, audit: AuditContext): Promise<Appointment>
  getAppointment(ref: AppointmentRef): Promise<Appointment | undefined>
  /** Writes the replacement's data and span over the appointment, when its version allows. */
  replaceAppointment(ref: AppointmentRef, replacement: AppointmentReplacement): Promise<ReplaceResult>
  deleteAppointment(ref: AppointmentRef, audit: AuditContext): Promise<boolean>
  /** The user's appointments whose span overlaps the range, in no particular order. */
  listAppointmentsTouching(user: UserRef, range: TimeRange): Promise<Appointment[]>
  /**
   * What listAppointmentsTouching answers for each of the customer's `userIds` (matched as it
   * matches one), one list per id in their order, read in one query.
   */
  listUsersAppointmentsTouching(customerId: string, userIds: readonly string[], range: TimeRange): Promise<Appointment[][]>
  /**
   * Each of the customer's `userIds`' change number in one query, in their order: the change
   * feed's counter, which every committed write to the user's appointments moves on (0 while
   * none was ever written). The same number in the same database means the same appointments,
   * on any instance.
   */
  readChangeNumbers(customerId: string, userIds: readonly string[]): Promise<ChangeNumbers>
  /**
   * Up to `limit` of the user's appointments with ids after `afterId` (null: from the first), by
   * id in the database's own order of text (bytes on SQLite, the collation on PostgreSQL, which
   * its index on the user and id holds, so a page reads only its own rows).
   */
  listAppointmentsPage(user: UserRef, afterId: string | null, limit: number): Promise<Appointment[]>
  /** Counts, versions and times of the user's appointments per zone: what the feed's ETag and VTIMEZONEs need. */
  summarizeCalendar(user: UserRef): Promise<CalendarSummary>
}

/** Customers, their users, and the API clients with the customers granted to each. */
export interface Directory {
  /** The user with their customer, matched case-insensitively; undefined when either is unknown. */
  findUser(ref: UserRef): Promise<{ user: User; customer: Customer } | undefined>
  findClientByUsername(username: string): Promise<ApiClient | undefined>
  addCustomer(customer: Customer): Promise<void>
  listCustomers(): Promise<Customer[]>
  addUser(user: User): Promise<void>
  listUsers(customerId: string): Promise<User[]>
  addClient(client: { username: string; passwordHash: string; customerIds: readonly string[] }): Promise<void>
  listClients(): Promise<Omit<ApiClient, 'passwordHash'>[]>
  countClients(): Promise<number>
  grantClient(username: string, customerId: string): Promise<void>
  revokeClient(username: string, customerId: string): Promise<void>
  disableClient(username: string): Promise<void>
  enableClient(username: string): Promise<void>
  setClientPassword(username: string, passwordHash: string): Promise<void>
  /** Removes the client and its grants; its past audit entries and idempotency keys stay. */
  removeClient(username: string): Promise<void>
}

/** Calendar links: a feed token's hash per user, the token itself never stored. */
export interface CalendarLinks {
  /** Stores a feed token's hash for the user (ids matched case-insensitively); StoreConflict when the user is unknown. */
  addFeedToken(feed: NewFeedToken, audit?: AuditContext): Promise<FeedToken>
  /** The user an active (not revoked) token hash belongs to, and the link's id. */
  findFeedTokenUser(tokenHash: string): Promise<FeedTokenUser | undefined>
  /** Every feed token, or one customer's, oldest first; never the token or its hash. */
  listFeedTokens(customerId?: string): Promise<FeedToken[]>
  /** Revokes an active token, only the given user's when `user` is given; false when there was none. */
  revokeFeedToken(feedId: string, user?: UserRef, audit?: AuditContext): Promise<boolean>
}

/** The audit log the writes fill in their own transactions. */
export interface AuditLog {
  /** The latest `limit` audit entries matching the query, oldest first. */
  listAuditEntries(query: AuditQuery): Promise<AuditEntry[]>
}

/** What changed in a user's calendar, by change number. */
export interface ChangeFeed {
  /**
   * The change feed: without `sinceSeq` (null), the user's appointments; with it, the
   * appointments written and the deletions numbered after it. Up to `limit` by number, all
   * read in one snapshot with the user's counter (see sqlite-changes.ts, postgres-changes.ts).
   */
  listChanges(user: UserRef, sinceSeq: number | null, limit: number): Promise<ChangePage>
  /** Forgets deletions recorded before the instant (ISO UTC); returns how many. */
  purgeDeletionsBefore(iso: string): Promise<number>
}

/** The database connection itself: readiness, pool use, closing. */
export interface StoreConnection {
  /** One cheap round trip to the database (readiness checks); rejects when it cannot answer. */
  ping(): Promise<void>
  /** Connection pool use, for metrics; only stores with a pool (PostgreSQL) have it. */
  poolUse?(): PoolUse
  close(): Promise<void>
}

/**
 * The whole store, as each backend implements it and the composition root passes it on. A
 * consumer that needs less takes only its roles (the health check StoreConnection, the
 * authenticator Directory), so what it may touch shows in its signature.
 */
export type Store = Appointments & Directory & CalendarLinks & AuditLog & ChangeFeed & IdempotencyKeys
  & WebhookStore & StoreConnection

/** One entry of the change feed: an appointment's latest state, or its deletion. */
export interface AppointmentChange {
  /** The change's number: per user, rising with every write, in commit order. */
  readonly seq: number
  readonly appointmentId: string
  /** Null when the appointment was deleted. */
  readonly appointment: Appointment | null
}

export interface ChangePage {
  /** By seq, at most the limit asked for. */
  readonly changes: readonly AppointmentChange[]
  /** The user's counter in the same snapshot: the number of their latest write (0: none yet). */
  readonly latestSeq: number
  /** More changes follow the last one given. */
  readonly more: boolean
}

export interface PoolUse {
  readonly total: number
  readonly idle: number
  /** Callers queued for a connection. */
  readonly waiting: number
}

/** A store operation refused because of the data it was given (unknown or duplicate key). */
export class StoreConflict extends Error {
  readonly code: 'not-found' | 'duplicate'
  constructor(code: 'not-found' | 'duplicate', message: string) {
    super(message)
    this.name = 'StoreConflict'
    this.code = code
  }
}

export interface CalendarZoneSummary {
  readonly timeZone: string
  readonly count: number
  readonly versionSum: number
  /** Latest `updatedAt` (ISO text). */
  readonly lastUpdatedAt: string
  /** Earliest first-occurrence start of the zone's timed appointments; null when all are all-day. */
  readonly firstTimedStartMs: number | null
}

export interface CalendarSummary {
  /** One entry per zone in use, by zone name. */
  readonly zones: readonly CalendarZoneSummary[]
}

export interface NewFeedToken {
  readonly feedId: string
  /** SHA-256 of the token, hex; the token itself is never stored. */
  readonly tokenHash: string
  readonly customerId: string
  readonly userId: string
}

export interface FeedTokenUser extends UserRef {
  readonly feedId: string
}

export interface FeedToken {
  readonly feedId: string
  readonly customerId: string
  readonly userId: string
  readonly createdAt: string
  readonly revokedAt: string | null
}

/**
 * Who asked for a write through the API: written with it, in its transaction, as an audit
 * entry. Writes made without one (the admin CLI's feed links) leave no entry. Changes to API
 * clients (the admin CLI's) are always audited, with no context: they have no HTTP request.
 */
export interface AuditContext {
  readonly clientUsername: string
  /** Fastify's request id, also sent as X-Request-Id. */
  readonly requestId: string
  /** The occurrence a change or cancel of one occurrence was for (webhook events name it). */
  readonly occurrenceId?: string
}

export type AuditAction =
  | 'create' | 'replace' | 'occurrence-change' | 'occurrence-cancel' | 'delete' | 'feed-create' | 'feed-revoke'
  | 'webhook-disable'
  | ClientAuditAction

export type ClientAuditAction =
  | 'client-add' | 'client-grant' | 'client-revoke' | 'client-disable' | 'client-enable' | 'client-password'
  | 'client-remove'

export type ReplaceAction = Extract<AuditAction, 'replace' | 'occurrence-change' | 'occurrence-cancel'>

export interface AuditEntry {
  readonly id: number
  /** ISO UTC. */
  readonly at: string
  /** The API client that wrote; for client-* actions the client changed. */
  readonly client: string
  readonly action: AuditAction
  /** null for client-* actions other than a grant or revoke. */
  readonly customerId: string | null
  /** null for client-* actions. */
  readonly userId: string | null
  /** The appointment written; null for feed-link actions. */
  readonly appointmentId: string | null
  /** The feed link created or revoked; null for appointment actions. */
  readonly feedId: string | null
  /** For webhook-disable: the webhook, and why the sender disabled it. Absent on other actions. */
  readonly webhookId?: string
  readonly detail?: string
  /** null for client-* actions: the admin CLI made them, not a request. */
  readonly requestId: string | null
}

export interface AuditQuery {
  readonly customerId?: string
  /** ISO UTC as `Date.toISOString()` spells it, inclusive. */
  readonly from?: string
  /** ISO UTC as `Date.toISOString()` spells it, exclusive. */
  readonly to?: string
  readonly limit: number
}
