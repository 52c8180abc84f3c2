/**
 * @module Entity tags of a stored appointment and `If-Match` (RFC 9110, strong comparison):
 * the tag is the appointment's version, bumped by every replace.
 */
import type { Appointment } from '../domain/appointment.ts'

export function etagOf(appointment: Appointment): string {
  return `"${appointment.version}"`
}

/** True when there is no condition, it is `*`, or it lists the strong tag; weak tags never match. */
export function ifMatchAllows(header: string | undefined, etag: string): boolean {
  if (header === undefined || header.trim() === '') return true
  return header.split(',').some((tag) => {
    const trimmed = tag.trim()
    return trimmed === '*' || trimmed === etag
  })
}

/** Whether the request carries a condition at all. */
export function hasIfMatch(header: string | undefined): boolean {
  return header !== undefined && header.trim() !== ''
}
