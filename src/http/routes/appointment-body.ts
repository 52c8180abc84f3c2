/**
 * @module The create/replace body: JSON and XML parsers for the Appointment plugin, and the
 * 415 when a request came without a body we can read. Only POST and PUT have a body; on
 * other methods (a DELETE sent with `Content-Type: application/json`, as some clients do)
 * whatever arrives is ignored.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify'
import type { AppointmentBody } from '../../domain/validate-appointment.ts'
import { UnsupportedMediaType } from '../http-error.ts'
import { decodeJsonBody, decodeXmlBody } from '../formats/body-text.ts'
import { parseAppointmentJson } from '../formats/json.ts'
import { parseAppointmentXml } from '../formats/xml.ts'

const METHODS_WITH_BODY = new Set(['POST', 'PUT'])

type Done = (error: Error | null, body?: unknown) => void

/** Bytes and Content-Type → the plain object a validator reads; throws the 400 for a body it cannot read. */
export type ReadBody = (bytes: Buffer, contentType: string | undefined) => Readonly<Record<string, unknown>>

export interface BodyReaders {
  readonly json: ReadBody
  readonly xml: ReadBody
}

/** The plugin's parsers: the Appointment body's readers unless another body's are given. */
export function installBodyParsers(app: FastifyInstance, bodyLimit: number, readers: BodyReaders = APPOINTMENT_READERS): void {
  app.removeAllContentTypeParsers()
  app.addContentTypeParser(['application/json', 'text/json'], { parseAs: 'buffer', bodyLimit },
    (request, bytes, done) => parseWith(request, readers.json, bytes as Buffer, done))
  app.addContentTypeParser(['application/xml', 'text/xml'], { parseAs: 'buffer', bodyLimit },
    (request, bytes, done) => parseWith(request, readers.xml, bytes as Buffer, done))
  // Any other media type, or none with a body: 415 where a body is read.
  app.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit }, (request, _bytes, done) => {
    if (METHODS_WITH_BODY.has(request.method)) done(new UnsupportedMediaType(request.headers['content-type']))
    else done(null, undefined)
  })
}

const APPOINTMENT_READERS: BodyReaders = {
  json: (bytes, contentType) => parseAppointmentJson(decodeJsonBody(bytes, contentType)),
  xml: (bytes, contentType) => parseAppointmentXml(decodeXmlBody(bytes, contentType)),
}

function parseWith(request: FastifyRequest, read: ReadBody, bytes: Buffer, done: Done): void {
  if (!METHODS_WITH_BODY.has(request.method)) return done(null, undefined)
  try {
    done(null, read(bytes, request.headers['content-type']))
  } catch (error) {
    done(error as Error)
  }
}

export function requireBody(request: FastifyRequest<{ Body: AppointmentBody | undefined }>): AppointmentBody {
  if (request.body === undefined) throw new UnsupportedMediaType(request.headers['content-type'])
  return request.body
}
