/**
 * @module `GET /openapi.json`: an OpenAPI 3.1 document for every route the server registers,
 * generated from the route table (RouteDocs) and the same TypeBox schemas the docs pages walk
 * (`appointmentBodyJsonSchema`, `appointmentResourceJsonSchema`, `occurrenceJsonSchema`,
 * `occurrenceExceptionJsonSchema`), with HTTP Basic as security scheme. One occurrence's change
 * (OccurrenceChange) is the Appointment body's properties a PUT of an occurrence takes. Every
 * example date, in the samples, the parameters and the schemas' `examples`, is the day's:
 * moved by the SampleCalendar of the day the document is served.
 */
import {
  APPOINTMENT_FIELDS, DAYS_OF_WEEK, RECURRENCE_PATTERNS, SHOW_AS_VALUES, appointmentBodyJsonSchema,
} from '../domain/appointment-schema.ts'
import { appointmentResourceJsonSchema } from '../domain/appointment-resource-schema.ts'
import {
  AVAILABILITY_REQUEST_FIELDS, WORKING_HOURS_FIELDS, availabilityJsonSchema, availabilityRequestJsonSchema,
  busyIntervalJsonSchema, scheduleJsonSchema, slotJsonSchema, workingHoursJsonSchema,
} from '../domain/availability/availability-schema.ts'
import { changeJsonSchema, changeSetJsonSchema } from '../domain/change-set-schema.ts'
import { occurrenceExceptionJsonSchema } from '../domain/occurrence-exception-schema.ts'
import { occurrenceJsonSchema, occurrenceListJsonSchema } from '../domain/occurrence-schema.ts'
import { OCCURRENCE_CHANGE_FIELDS } from '../domain/validate-appointment.ts'
import {
  WEBHOOK_ENDPOINT_FIELDS, webhookEndpointAnswerJsonSchema, webhookEndpointJsonSchema,
} from '../domain/webhooks/webhook-schema.ts'
import { WEBHOOK_NAMESPACE } from '../http/formats/webhook-formats.ts'
import { AVAILABILITY_NAMESPACE } from '../http/formats/availability.ts'
import { APPOINTMENT_NAMESPACE } from '../http/formats/xml.ts'
import { documentedErrorStatuses, type ParameterDocs, type RouteDocs } from '../http/route-docs.ts'
import { responseSamples, type DocsSamples, type FormatSamples } from './body-samples.ts'
import { localize, message, statusMeaning, type Lang } from './i18n.ts'
import { pageSlug, uriTemplate, type DocumentedRoute } from './route-table.ts'
import { withMovedExamples, type SampleCalendar } from './sample-calendar.ts'
import { TYPE_MODELS } from './type-models.ts'
import { WEBHOOK_EVENT_SCHEMA, webhooksOpenApi } from './openapi-webhooks.ts'

type Json = Record<string, unknown>

const SCHEMA_PREFIX = '#/components/schemas/'
const JSON_TYPES = ['application/json', 'text/json'] as const
const XML_TYPES = ['application/xml', 'text/xml'] as const

/**
 * A plain-JSON copy of a TypeBox schema: no `$id`, bare `$ref: 'Name'` pointed at components,
 * example dates moved by the day's calendar.
 */
function componentSchema(schema: unknown, calendar: SampleCalendar): Json {
  const copy = JSON.parse(JSON.stringify(schema), (key, value: unknown) => {
    if (key === '$ref' && typeof value === 'string' && !value.includes('#')) return `${SCHEMA_PREFIX}${value}`
    if (key === 'examples' && Array.isArray(value)) {
      return value.map((example) => typeof example === 'string' ? calendar.move(example) : example)
    }
    return value
  }) as Json
  delete copy.$id
  return copy
}

/** The Appointment body, with the XML element names DataContract uses. */
function appointmentComponent(calendar: SampleCalendar): Json {
  return xmlNamedComponent(calendar, appointmentBodyJsonSchema, APPOINTMENT_FIELDS, {
    name: 'Appointment', namespace: APPOINTMENT_NAMESPACE,
  })
}

/** Both the webhook body and the answer are `<Webhook>` in the webhooks namespace. */
const WEBHOOK_XML_ROOT = { name: 'Webhook', namespace: WEBHOOK_NAMESPACE }

/** A request object with its fields' XML element names, and the root element's when it is a whole body. */
function xmlNamedComponent(
  calendar: SampleCalendar, schema: unknown, fields: readonly { name: string; xmlName: string }[],
  root?: { name: string; namespace: string },
): Json {
  const component = componentSchema(schema, calendar)
  const properties = component.properties as Record<string, Json>
  for (const field of fields) {
    const property = properties[field.name]
    if (property) property.xml = { name: field.xmlName }
  }
  return root ? { ...component, xml: root } : component
}

/** The Appointment body cut to what a PUT of one occurrence takes; every field optional, XML root still Appointment. */
function occurrenceChangeComponent(calendar: SampleCalendar): Json {
  const { properties, required: _required, ...rest } = appointmentComponent(calendar)
  const kept = Object.entries(properties as Record<string, Json>).filter(([name]) => OCCURRENCE_CHANGE_FIELDS.has(name))
  return { ...rest, properties: Object.fromEntries(kept) }
}

function enumComponent(values: readonly string[], description: string): Json {
  return {
    description,
    anyOf: [
      { type: 'string', enum: [...values] },
      { type: 'integer', minimum: 0, maximum: values.length - 1, description: 'Ordinal' },
    ],
  }
}

const ERROR_SCHEMA: Json = {
  type: 'object',
  required: ['message'],
  properties: {
    message: { type: 'string' },
    modelState: {
      type: 'object',
      description: 'appointment.<field> → messages',
      additionalProperties: { type: 'array', items: { type: 'string' } },
    },
    requestId: { type: 'string' },
  },
}

const HEALTH_STATUS_SCHEMA: Json = {
  type: 'object',
  required: ['status'],
  properties: { status: { type: 'string', enum: ['ok', 'not ready'] } },
}

function parameterObject(lang: Lang, parameter: ParameterDocs, location: 'path' | 'query'): Json {
  return {
    name: parameter.name,
    in: location,
    required: location === 'path' ? true : parameter.required,
    description: localize(lang, parameter.description),
    schema: { type: parameter.type === 'integer' ? 'integer' : 'string' },
    example: parameter.example,
  }
}

function examplesOf(samples: FormatSamples): { readonly json: unknown; readonly xml: string } {
  return { json: JSON.parse(samples.json), xml: samples.xml }
}

function content(schema: Json, examples?: { readonly json: unknown; readonly xml: string }): Json {
  return Object.fromEntries([
    ...JSON_TYPES.map((type) => [type, { schema, ...(examples && { example: examples.json }) }]),
    ...XML_TYPES.map((type) => [type, { schema, ...(examples && { example: examples.xml }) }]),
  ])
}

/** A health check answers JSON whatever the Accept header, its own shape for every status. */
const HEALTH_CONTENT: Json = { 'application/json': { schema: HEALTH_STATUS_SCHEMA } }

function responseSchema(type: RouteDocs['response']['type'], calendar: SampleCalendar): Json | undefined {
  switch (type) {
    case undefined: return undefined
    case 'string': return { type: 'string' }
    case 'Appointment': return { $ref: `${SCHEMA_PREFIX}AppointmentResource` }
    case 'Collection of Occurrence': return componentSchema(occurrenceListJsonSchema, calendar)
    case 'ChangeSet': return { $ref: `${SCHEMA_PREFIX}ChangeSet` }
    case 'Availability': return { $ref: `${SCHEMA_PREFIX}Availability` }
    case 'WebhookEndpoint': return { $ref: `${SCHEMA_PREFIX}WebhookEndpointAnswer` }
    case 'Collection of WebhookEndpoint': return { type: 'array', items: { $ref: `${SCHEMA_PREFIX}WebhookEndpointAnswer` } }
    case 'HealthStatus': return HEALTH_STATUS_SCHEMA
    case 'iCalendar': return { type: 'string' }
  }
}

function operation(lang: Lang, samples: DocsSamples, route: DocumentedRoute, routeDocs: RouteDocs): Json {
  const docs = withMovedExamples(routeDocs, samples.calendar)
  const successSchema = responseSchema(docs.response.type, samples.calendar)
  const success = responseSamples(samples, docs.response)
  const health = docs.response.type === 'HealthStatus'
  const responses: Json = {
    [String(docs.response.status)]: {
      description: localize(lang, docs.response.description),
      ...(successSchema && {
        content: health ? HEALTH_CONTENT
          : docs.response.type === 'iCalendar' ? { 'text/calendar': { schema: successSchema } }
          : content(successSchema, success && examplesOf(success)),
      }),
    },
  }
  for (const status of documentedErrorStatuses(routeDocs)) {
    if (health) {
      responses[String(status)] = { description: statusMeaning(lang, status), content: HEALTH_CONTENT }
      continue
    }
    responses[String(status)] = {
      description: statusMeaning(lang, status),
      ...(status === 401 && {
        headers: { 'WWW-Authenticate': { description: 'Basic realm="…"', schema: { type: 'string' } } },
      }),
      ...((status === 429 || status === 503) && {
        headers: { 'Retry-After': { description: 'seconds', schema: { type: 'integer' } } },
      }),
      content: content({ $ref: `${SCHEMA_PREFIX}Error` }, status === 400 && docs.requestBody
        ? examplesOf(samples.invalidBody[docs.requestBody])
        : undefined),
    }
  }
  return {
    operationId: pageSlug(route),
    tags: [docs.resource],
    ...(docs.public && { security: [] }),
    summary: localize(lang, docs.summary),
    ...(docs.description && { description: localize(lang, docs.description) }),
    parameters: [
      ...docs.uriParameters.map((parameter) => parameterObject(lang, parameter, 'path')),
      ...(docs.queryParameters ?? []).map((parameter) => parameterObject(lang, parameter, 'query')),
    ],
    ...(docs.requestBody && {
      requestBody: {
        required: true,
        description: localize(lang, TYPE_MODELS[docs.requestBody].description),
        content: content({ $ref: `${SCHEMA_PREFIX}${docs.requestBody}` }, examplesOf(samples.request[docs.requestBody])),
      },
    }),
    responses,
  }
}

/** A route registered without docs still appears, so the gap is visible (and tests fail on it). */
function undocumentedOperation(lang: Lang, route: DocumentedRoute): Json {
  return {
    operationId: pageSlug(route),
    summary: message(lang, 'notDocumented'),
    responses: { default: { description: message(lang, 'notDocumented') } },
  }
}

export function buildOpenApiDocument(
  routes: readonly DocumentedRoute[], options: { readonly baseUrl: string; readonly lang: Lang; readonly samples: DocsSamples },
): Json {
  const { lang, samples } = options
  const { calendar } = samples
  const paths: Record<string, Json> = {}
  const tags = new Set<string>()
  for (const route of routes) {
    const path = `/${uriTemplate(route.url)}`
    const item = paths[path] ?? {}
    item[route.method.toLowerCase()] = route.docs ? operation(lang, samples, route, route.docs) : undocumentedOperation(lang, route)
    paths[path] = item
    if (route.docs) tags.add(route.docs.resource)
  }
  return {
    openapi: '3.1.0',
    info: {
      title: message(lang, 'siteTitle'),
      version: '1.0.0',
      description: `${message(lang, 'indexIntro')} ${message(lang, 'authNote')}`,
    },
    servers: [{ url: options.baseUrl }],
    security: [{ basic: [] }],
    tags: [...tags].map((name) => ({ name })),
    paths,
    webhooks: webhooksOpenApi(lang, `${SCHEMA_PREFIX}WebhookEvent`, calendar),
    components: {
      securitySchemes: { basic: { type: 'http', scheme: 'basic' } },
      schemas: {
        Appointment: appointmentComponent(calendar),
        OccurrenceChange: occurrenceChangeComponent(calendar),
        AppointmentResource: componentSchema(appointmentResourceJsonSchema, calendar),
        Occurrence: componentSchema(occurrenceJsonSchema, calendar),
        OccurrenceException: componentSchema(occurrenceExceptionJsonSchema, calendar),
        ChangeSet: componentSchema(changeSetJsonSchema, calendar),
        Change: componentSchema(changeJsonSchema, calendar),
        AvailabilityRequest: xmlNamedComponent(calendar, availabilityRequestJsonSchema, AVAILABILITY_REQUEST_FIELDS, {
          name: 'AvailabilityRequest', namespace: AVAILABILITY_NAMESPACE,
        }),
        WorkingHours: xmlNamedComponent(calendar, workingHoursJsonSchema, WORKING_HOURS_FIELDS),
        Availability: componentSchema(availabilityJsonSchema, calendar),
        Schedule: componentSchema(scheduleJsonSchema, calendar),
        BusyInterval: componentSchema(busyIntervalJsonSchema, calendar),
        Slot: componentSchema(slotJsonSchema, calendar),
        WebhookEndpoint: xmlNamedComponent(calendar, webhookEndpointJsonSchema, WEBHOOK_ENDPOINT_FIELDS, WEBHOOK_XML_ROOT),
        WebhookEndpointAnswer: { ...componentSchema(webhookEndpointAnswerJsonSchema, calendar), xml: WEBHOOK_XML_ROOT },
        RecurrencePattern: enumComponent(RECURRENCE_PATTERNS, localize(lang, TYPE_MODELS.RecurrencePattern.description)),
        DayOfWeek: enumComponent(DAYS_OF_WEEK, localize(lang, TYPE_MODELS.DayOfWeek.description)),
        ShowAs: enumComponent(SHOW_AS_VALUES, localize(lang, TYPE_MODELS.ShowAs.description)),
        WebhookEvent: WEBHOOK_EVENT_SCHEMA,
        Error: ERROR_SCHEMA,
      },
    },
  }
}
