/**
 * @module Successful answers in the negotiated format.
 */
import type { FastifyReply, FastifyRequest } from 'fastify'
import { negotiate } from './content-negotiation.ts'
import { writeXmlString } from './formats/xml.ts'

/** A bare string, as the original answers a create: `"ID"` or `<string xmlns="…">ID</string>`. */
export function sendString(request: FastifyRequest, reply: FastifyReply, value: string): FastifyReply {
  if (negotiate(request.headers.accept, request.headers['content-type']) === 'xml') {
    return reply.type('application/xml; charset=utf-8').send(writeXmlString(value))
  }
  return reply.type('application/json; charset=utf-8').send(JSON.stringify(value))
}
