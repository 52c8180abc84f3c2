/**
 * @module Small fetch wrappers for HTTP tests.
 */
import { CUSTOMER_ID, USER_ID, type TestServer } from './server.ts'

export interface Answer {
  readonly status: number
  readonly headers: Headers
  readonly text: string
  /** Parsed JSON body, or undefined when the body is not JSON. */
  readonly json: unknown
}

export async function send(
  server: TestServer,
  path: string,
  init: { method?: string; body?: string | Uint8Array; headers?: Record<string, string> } = {},
): Promise<Answer> {
  const response = await fetch(`${server.baseUrl}${path}`, {
    method: init.method ?? 'POST',
    headers: { authorization: server.authorization, ...init.headers },
    ...(init.body !== undefined && { body: init.body }),
  })
  const text = await response.text()
  return { status: response.status, headers: response.headers, text, json: parseJsonOrUndefined(text) }
}

function parseJsonOrUndefined(text: string): unknown {
  try {
    return JSON.parse(text)
  } catch {
    return undefined
  }
}

export const APPOINTMENT_PATH = `/Appointment/${CUSTOMER_ID}/${USER_ID}`

export function postJson(server: TestServer, body: unknown, headers: Record<string, string> = {}): Promise<Answer> {
  return send(server, APPOINTMENT_PATH, {
    body: typeof body === 'string' ? body : JSON.stringify(body),
    headers: { 'content-type': 'application/json', ...headers },
  })
}

export function postXml(server: TestServer, body: string, headers: Record<string, string> = {}): Promise<Answer> {
  return send(server, APPOINTMENT_PATH, { body, headers: { 'content-type': 'application/xml', ...headers } })
}

/** modelState keys of a 400 JSON answer. */
export function modelStateKeys(answer: Answer): string[] {
  const body = answer.json as { modelState?: Record<string, unknown> } | undefined
  return Object.keys(body?.modelState ?? {}).sort()
}
