/**
 * @module What each route tells the documentation about itself. Route modules attach a
 * RouteDocs as `config.docs`; the docs pages and OpenAPI are generated from the routes the
 * server actually registers, so an endpoint cannot exist undocumented.
 */
export interface Text {
  readonly sv: string
  readonly en: string
}

export interface ParameterDocs {
  readonly name: string
  readonly description: Text
  /** Type as the help page names it: `string`, `date`, `integer`. */
  readonly type: string
  readonly required: boolean
  readonly example: string
}

/** The named types the docs have pages for. */
export type DocumentedType = 'Appointment' | 'Occurrence' | 'ChangeSet' | 'Change' | 'RecurrencePattern' | 'DayOfWeek'
  | 'OccurrenceChange' | 'OccurrenceException'
  | 'AvailabilityRequest' | 'WorkingHours' | 'Availability' | 'Schedule' | 'BusyInterval' | 'Slot' | 'ShowAs'
  | 'WebhookEndpoint'

/**
 * The types a request body can be: a whole appointment, one occurrence's change, an availability
 * question, or a webhook's settings.
 */
export type RequestBodyType = 'Appointment' | 'OccurrenceChange' | 'AvailabilityRequest' | 'WebhookEndpoint'

export interface RouteDocs {
  /** Resource the index groups the endpoint under. */
  readonly resource: string
  /**
   * Answers without credentials (health checks): the page shows no code samples or test form,
   * which send credentials, and OpenAPI asks for no security.
   */
  readonly public?: true
  readonly summary: Text
  readonly description?: Text
  readonly uriParameters: readonly ParameterDocs[]
  readonly queryParameters?: readonly ParameterDocs[]
  /** Body type; absent when the request has no body. */
  readonly requestBody?: RequestBodyType
  readonly response: {
    readonly status: number
    readonly description: Text
    /**
     * `string` (the bare id), a documented type, `Collection of Occurrence`, `HealthStatus`
     * (`{"status":"ok"}`, JSON only), `ChangeSet` (the change feed), `iCalendar` (text/calendar, not negotiated),
     * `WebhookEndpoint` or its collection (a webhook as answered), or absent for no body.
     */
    readonly type?: 'string' | 'Appointment' | 'Collection of Occurrence' | 'ChangeSet' | 'HealthStatus' | 'iCalendar'
      | 'Availability' | 'WebhookEndpoint' | 'Collection of WebhookEndpoint'
  }
  /**
   * The endpoint's own error statuses (409, 410, 412, 413, 415, 422 …). Those every route behind
   * Basic auth answers are added by documentedErrorStatuses; a public route lists all of its own.
   */
  readonly errorStatuses: readonly number[]
}

/**
 * What every route behind Basic auth can answer: 401 without valid credentials, 403 without a
 * grant for the customer, 429 while sign-ins are throttled, 500 on an unexpected failure, 503
 * while the database does not answer.
 */
export const AUTHENTICATED_ERROR_STATUSES: readonly number[] = [401, 403, 429, 500, 503]

/** A route that reads a body or query parameters answers it for a bad one (a stale If-Match is a 412, never a 400). */
export const BAD_INPUT_STATUS = 400

/** A route whose path names more than the customer (a user, an appointment) answers it when that is unknown. */
export const NOT_FOUND_STATUS = 404

/** The error statuses to document: on routes behind Basic auth those they answer by their shape, and their own. */
export function documentedErrorStatuses(docs: RouteDocs): readonly number[] {
  if (docs.public) return docs.errorStatuses
  const readsInput = docs.requestBody !== undefined || (docs.queryParameters ?? []).length > 0
  const namesMore = docs.uriParameters.some((parameter) => parameter !== CUSTOMER_ID_PARAMETER)
  const statuses = new Set([...AUTHENTICATED_ERROR_STATUSES, ...docs.errorStatuses])
  if (readsInput) statuses.add(BAD_INPUT_STATUS)
  if (namesMore) statuses.add(NOT_FOUND_STATUS)
  return [...statuses].sort((first, second) => first - second)
}

declare module 'fastify' {
  interface FastifyContextConfig {
    docs?: RouteDocs
  }
}

export const CUSTOMER_ID_PARAMETER: ParameterDocs = {
  name: 'customerId', type: 'string', required: true, example: 'M30011',
  description: { sv: 'Kund-id', en: 'Customer id (broker firm)' },
}

export const USER_ID_PARAMETER: ParameterDocs = {
  name: 'id', type: 'string', required: true, example: 'HAN001',
  description: { sv: 'Id på användaren', en: 'User id (broker)' },
}
