/**
 * @module The one persistence contract. SQLite and PostgreSQL implement it; HTTP, the CLI and
 * tests receive a Store and never know which. It speaks domain types only.
 */
import type {
  ApiClient, Appointment, AppointmentData, AppointmentSpan, Customer, User,
} from '../domain/appointment.ts'

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

export interface TimeRange {
  readonly fromMs: number
  readonly toMs: number
}

export type ReplaceResult =
  | { readonly status: 'replaced'; readonly appointment: Appointment }
  | { readonly status: 'not-found' }
  | { readonly status: 'version-mismatch' }

export interface Store {
  /** The user with their customer, matched case-insensitively; undefined when either is unknown. */
  findUser(ref: UserRef): Promise<{ user: User; customer: Customer } | undefined>
  findClientByUsername(username: string): Promise<ApiClient | undefined>

  createAppointment(user: UserRef, appointment: NewAppointment): Promise<Appointment>
  getAppointment(ref: AppointmentRef): Promise<Appointment | undefined>
  /** Replaces when `expectedVersion` is undefined or equals the stored version. */
  replaceAppointment(
    ref: AppointmentRef, data: AppointmentData, span: AppointmentSpan, expectedVersion?: number,
  ): Promise<ReplaceResult>
  deleteAppointment(ref: AppointmentRef): Promise<boolean>
  /** The user's appointments whose span overlaps the range, in no particular order. */
  listAppointmentsTouching(user: UserRef, range: TimeRange): Promise<Appointment[]>

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

  /** One cheap round trip to the database (readiness checks); rejects when it cannot answer. */
  ping(): Promise<void>
  /** Connection pool use, for metrics; only stores with a pool (PostgreSQL) have it. */
  poolUse?(): PoolUse
  close(): Promise<void>
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
