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

/** An entity tag as RFC 9110 writes a strong one: in double quotes, no W/ before. */
const STRONG_TAG = /^"[\x21\x23-\x7e\x80-\xff]*"$/

/**
 * The tags in If-Match that no ETag can match: without quotes (`1`), or weak (`W/"1"`), which
 * If-Match's strong comparison never matches. They are refused, not read leniently, so a
 * client learns the form it must send.
 */
export function unmatchableTags(header: string): string[] {
  return header.split(',').map((tag) => tag.trim()).filter((tag) => tag !== '' && tag !== '*' && !STRONG_TAG.test(tag))
}

/** Whether the request carries a condition at all. */
export function hasIfMatch(header: string | undefined): boolean {
  return header !== undefined && header.trim() !== ''
}
