/**
 * @module The HTTP scenarios, as requests: what each sends, and the probe that checks one
 * answer before the load (a scenario that would only measure errors fails loudly instead).
 */
import { AVAILABILITY_WEEKS, LISTED_WEEK } from './calendar-data.ts'
import { CREATE_JSON, CREATE_XML } from './create-bodies.ts'
import type { LoadRequest } from './load.ts'
import {
  AVAILABILITY_USERS, CREATE_USER, CUSTOMER_ID, HISTORY_USER, PLAIN_USER, authorizationHeader,
} from './seed-store.ts'

export type ScenarioKey =
  | 'baseline-before' | 'baseline-after' | 'create-json' | 'create-xml' | 'list-week' | 'list-week-history' | 'get-one' | 'ics-feed'
  | 'changes-poll' | 'changes-poll-history' | 'availability' | 'webhooks'

export interface Scenario {
  readonly key: ScenarioKey
  readonly name: string
  readonly request: LoadRequest
}

export const SCENARIO_NAMES: Readonly<Record<ScenarioKey, string>> = {
  'baseline-before': 'baseline: bare Fastify POST, same headers and body (before)',
  'baseline-after': 'baseline: bare Fastify POST, same headers and body (after)',
  'create-json': 'create JSON (weekly series)',
  'create-xml': 'create XML (the same appointment)',
  'list-week': 'list one week, user with 200 series and 5,000 single appointments',
  'list-week-history': 'the same week, user who also holds 20,000 single appointments over the ten years before',
  'get-one': 'GET one appointment',
  'ics-feed': 'ICS feed of the plain user',
  'changes-poll': 'change feed poll with nothing new (since the latest token), plain user',
  'changes-poll-history': 'the same poll for the user with ten years of history',
  'availability': "availability: 20 users × 4 weeks, each with the plain user's calendar, 60-minute slots in working hours",
  'webhooks': 'webhooks: creates with one endpoint attached against without, and the lag to delivery',
}

const CREATE_PATH = `/Appointment/${CUSTOMER_ID}/${CREATE_USER}`

export function createJsonRequest(): LoadRequest {
  return { method: 'POST', path: CREATE_PATH, headers: { authorization: authorizationHeader(), 'content-type': 'application/json' }, body: CREATE_JSON }
}

function scenario(key: ScenarioKey, request: LoadRequest): Scenario {
  return { key, name: SCENARIO_NAMES[key], request }
}

export function baselineScenario(key: 'baseline-before' | 'baseline-after'): Scenario {
  return scenario(key, createJsonRequest())
}

export function createScenarios(): Scenario[] {
  return [
    scenario('create-json', createJsonRequest()),
    scenario('create-xml', {
      method: 'POST', path: CREATE_PATH, headers: { authorization: authorizationHeader(), 'content-type': 'application/xml' }, body: CREATE_XML,
    }),
  ]
}

export function listScenario(key: 'list-week' | 'list-week-history'): Scenario {
  const userId = key === 'list-week' ? PLAIN_USER : HISTORY_USER
  return scenario(key, getRequest(`/Appointment/${CUSTOMER_ID}/${userId}?from=${LISTED_WEEK.from}&to=${LISTED_WEEK.to}`))
}

export function getOneScenario(appointmentId: string): Scenario {
  return scenario('get-one', getRequest(`/Appointment/${CUSTOMER_ID}/${PLAIN_USER}/${encodeURIComponent(appointmentId)}`))
}

export function icsScenario(): Scenario {
  return scenario('ics-feed', getRequest(`/Calendar/${CUSTOMER_ID}/${PLAIN_USER}.ics`))
}

export type ChangesUser = 'changes-poll' | 'changes-poll-history'

export function changesPath(key: ChangesUser, since?: string): string {
  const userId = key === 'changes-poll' ? PLAIN_USER : HISTORY_USER
  return `/Changes/${CUSTOMER_ID}/${userId}${since === undefined ? '' : `?since=${encodeURIComponent(since)}`}`
}

/** A poll from `since`, the token a client holds once it has read everything. */
export function changesPollScenario(key: ChangesUser, since: string): Scenario {
  return scenario(key, getRequest(changesPath(key, since)))
}

/** The firm's free/busy and 60-minute slots, Monday to Friday 08:00–17:00, over four weeks. */
export function availabilityScenario(): Scenario {
  const body = JSON.stringify({
    userIds: AVAILABILITY_USERS, from: AVAILABILITY_WEEKS.from, to: AVAILABILITY_WEEKS.to, duration: 60,
    workingHours: { days: ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday'], start: '08:00', end: '17:00' },
  })
  return scenario('availability', {
    method: 'POST', path: `/Availability/${CUSTOMER_ID}`,
    headers: { authorization: authorizationHeader(), 'content-type': 'application/json' }, body,
  })
}

export function getRequest(path: string): LoadRequest {
  return { method: 'GET', path, headers: { authorization: authorizationHeader() } }
}

export interface ProbeAnswer {
  readonly status: number
  readonly body: string
}

/** One request as the load will send it. */
export async function probe(baseUrl: string, request: LoadRequest): Promise<ProbeAnswer> {
  const response = await fetch(new URL(request.path, baseUrl), {
    method: request.method, headers: request.headers, ...(request.body !== undefined && { body: request.body }),
  })
  return { status: response.status, body: await response.text() }
}

/** Throws unless the probe answered 2xx; answers the body. */
export async function probeOk(baseUrl: string, scenarioToProbe: Scenario): Promise<string> {
  const answer = await probe(baseUrl, scenarioToProbe.request)
  if (answer.status < 200 || answer.status > 299) {
    throw new Error(`${scenarioToProbe.name}: ${scenarioToProbe.request.method} ${scenarioToProbe.request.path} answered ${answer.status}: ${answer.body.slice(0, 500)}`)
  }
  return answer.body
}
