/**
 * @module Successful answers in the negotiated format.
 */
import type { FastifyReply, FastifyRequest } from 'fastify'
import type { Appointment } from '../domain/appointment.ts'
import type { Availability } from '../domain/availability/availability.ts'
import type { ListedOccurrence } from '../domain/recurrence/occurrence-listing.ts'
import { negotiate } from './content-negotiation.ts'
import { writeAvailabilityJson, writeAvailabilityXml } from './formats/availability.ts'
import { writeChangeSetJson, writeChangeSetXml, type ChangeSet } from './formats/change-set.ts'
import { writeAppointmentJson, writeOccurrencesJson } from './formats/json.ts'
import { writeAppointmentXml, writeOccurrencesXml, writeXmlString } from './formats/xml.ts'

const JSON_TYPE = 'application/json; charset=utf-8'
const XML_TYPE = 'application/xml; charset=utf-8'

function wantsXml(request: FastifyRequest): boolean {
  return negotiate(request.headers.accept, request.headers['content-type']) === 'xml'
}

/** A bare string, as the original answers a create: `"ID"` or `<string xmlns="…">ID</string>`. */
export function sendString(request: FastifyRequest, reply: FastifyReply, value: string): FastifyReply {
  if (wantsXml(request)) return reply.type(XML_TYPE).send(writeXmlString(value))
  return reply.type(JSON_TYPE).send(JSON.stringify(value))
}

/** One stored appointment in the create body's shape, plus its id. */
export function sendAppointment(request: FastifyRequest, reply: FastifyReply, appointment: Appointment): FastifyReply {
  if (wantsXml(request)) return reply.type(XML_TYPE).send(writeAppointmentXml(appointment))
  return reply.type(JSON_TYPE).send(writeAppointmentJson(appointment))
}

/** A listing: a JSON array or an `ArrayOfOccurrence`, sent as UTF-8 bytes (see `utf8Bytes`). */
export function sendOccurrences(
  request: FastifyRequest, reply: FastifyReply, items: readonly ListedOccurrence[],
): FastifyReply {
  if (wantsXml(request)) return reply.type(XML_TYPE).send(utf8Bytes(writeOccurrencesXml(items)))
  return reply.type(JSON_TYPE).send(utf8Bytes(writeOccurrencesJson(items)))
}

/** The change feed's answer, as UTF-8 bytes: a page of 1,000 appointments runs to half a megabyte. */
export function sendChangeSet(request: FastifyRequest, reply: FastifyReply, set: ChangeSet): FastifyReply {
  if (wantsXml(request)) return reply.type(XML_TYPE).send(utf8Bytes(writeChangeSetXml(set)))
  return reply.type(JSON_TYPE).send(utf8Bytes(writeChangeSetJson(set)))
}

/** Free/busy and slots, as UTF-8 bytes: a firm's weeks run to thousands of intervals. */
export function sendAvailability(request: FastifyRequest, reply: FastifyReply, answer: Availability): FastifyReply {
  if (wantsXml(request)) return reply.type(XML_TYPE).send(utf8Bytes(writeAvailabilityXml(answer)))
  return reply.type(JSON_TYPE).send(utf8Bytes(writeAvailabilityJson(answer)))
}

const utf8 = new TextEncoder()

/**
 * The same bytes Node writes for a string, for a fraction of the time: a listing runs to a
 * megabyte, and TextEncoder's encoder is many times faster than the socket's string write.
 */
function utf8Bytes(text: string): Buffer {
  const bytes = utf8.encode(text)
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)
}
