/**
 * @module Appointment ids: opaque, URL-safe, 22 characters (128 random bits, base64url).
 */
import { randomBytes } from 'node:crypto'

export const APPOINTMENT_ID_PATTERN = /^[A-Za-z0-9_-]{1,64}$/

export function newAppointmentId(): string {
  return randomBytes(16).toString('base64url')
}
