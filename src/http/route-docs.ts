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
  | 'AvailabilityRequest' | 'WorkingHours' | 'Availability' | 'Schedule' | 'BusyInterval' | 'Slot'

/** The types a request body can be: a whole appointment, one occurrence's change, or an availability question. */
export type RequestBodyType = 'Appointment' | 'OccurrenceChange' | 'AvailabilityRequest'

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
     * (`{"status":"ok"}`, JSON only), `ChangeSet` (the change feed), `iCalendar` (text/calendar, not negotiated), or absent for no body.
     */
    readonly type?: 'string' | 'Appointment' | 'Collection of Occurrence' | 'ChangeSet' | 'HealthStatus' | 'iCalendar'
      | 'Availability'
  }
  /** Error statuses the endpoint can answer, besides the success status. */
  readonly errorStatuses: readonly number[]
}

/** Login throttling's status: every route behind Basic auth can answer it, so the docs add it there. */
const THROTTLED_STATUS = 429

/** The error statuses to document: the route's own, plus 429 on routes that take Basic auth. */
export function documentedErrorStatuses(docs: RouteDocs): readonly number[] {
  if (docs.public || docs.errorStatuses.includes(THROTTLED_STATUS)) return docs.errorStatuses
  return [...docs.errorStatuses, THROTTLED_STATUS].sort((first, second) => first - second)
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
