/**
 * @module The create/replace body: JSON and XML parsers for the Appointment plugin, and the
 * 415 when a request came without a body we can read.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify'
import type { AppointmentBody } from '../../domain/validate-appointment.ts'
import { UnsupportedMediaType } from '../errors.ts'
import { parseAppointmentJson } from '../formats/json.ts'
import { parseAppointmentXml } from '../formats/xml.ts'

export function installBodyParsers(app: FastifyInstance, bodyLimit: number): void {
  app.removeAllContentTypeParsers()
  app.addContentTypeParser(['application/json', 'text/json'], { parseAs: 'string', bodyLimit },
    (_request, text, done) => parseWith(parseAppointmentJson, text as string, done))
  app.addContentTypeParser(['application/xml', 'text/xml'], { parseAs: 'string', bodyLimit },
    (_request, text, done) => parseWith(parseAppointmentXml, text as string, done))
}

function parseWith(
  parse: (text: string) => AppointmentBody, text: string, done: (error: Error | null, body?: unknown) => void,
): void {
  try {
    done(null, parse(text))
  } catch (error) {
    done(error as Error)
  }
}

export function requireBody(request: FastifyRequest<{ Body: AppointmentBody | undefined }>): AppointmentBody {
  if (request.body === undefined) throw new UnsupportedMediaType(request.headers['content-type'])
  return request.body
}
