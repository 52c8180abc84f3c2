/**
 * @module What the Webhooks routes tell the help pages and OpenAPI about themselves, in
 * Swedish and English.
 */
import { CUSTOMER_ID_PARAMETER, type ParameterDocs, type RouteDocs } from '../route-docs.ts'

/** Own statuses of the routes that read a body (400 comes with the body type). */
const BODY_ERRORS = [413, 415] as const

const WEBHOOK_ID_PARAMETER: ParameterDocs = {
  name: 'webhookId', type: 'string', required: true, example: 'q3Jm0lMTmUa4oZ1x',
  description: { sv: 'Id på webhooken', en: 'Id of the webhook' },
}

/** The shape the create and the rotation answer secret in (whsec_ + base64 of 32 bytes). */
const SECRET_EXAMPLE_TEXT = '"secret": "whsec_…"'

const ENDPOINT_ANSWER_WITHOUT_SECRET = {
  sv: 'Webhooken, utan secret (den visas bara när den skapas eller byts).',
  en: 'The webhook, without its secret (shown only when it is created or rotated).',
}

export const WEBHOOK_ROUTE_DOCS = {
  create: {
    resource: 'Webhooks',
    summary: { sv: 'Skapa webhook', en: 'Create a webhook' },
    description: {
      sv: 'Varje skrivning till en kalenderhändelse skickas sedan som en signerad POST (Standard Webhooks) till url; '
        + 'sidan Webhook-händelser beskriver dem. Högst 20 webhooks per kund. status skickas inte här: en ny webhook '
        + 'är aktiv. Svaret har secret (whsec_…), som bara visas här och vid rotation.',
      en: 'Every write to an appointment is then sent as a signed POST (Standard Webhooks) to url; the page Webhook '
        + 'events describes them. At most 20 webhooks per customer. status is not sent here: a new webhook is active. '
        + 'The answer carries secret (whsec_…), shown only here and on rotation.',
    },
    uriParameters: [CUSTOMER_ID_PARAMETER],
    requestBody: 'WebhookEndpoint',
    response: {
      status: 201, type: 'WebhookEndpoint',
      description: {
        sv: `Webhooken, som exemplet plus secret (${SECRET_EXAMPLE_TEXT}). Location pekar på den.`,
        en: `The webhook, as the sample plus secret (${SECRET_EXAMPLE_TEXT}). Location points to it.`,
      },
    },
    errorStatuses: BODY_ERRORS,
  },
  list: {
    resource: 'Webhooks',
    summary: { sv: 'Lista kundens webhooks', en: 'List the customer\'s webhooks' },
    uriParameters: [CUSTOMER_ID_PARAMETER],
    response: {
      status: 200, type: 'Collection of WebhookEndpoint',
      description: { sv: 'Webhooks, äldst först, utan secret.', en: 'The webhooks, oldest first, without their secrets.' },
    },
    errorStatuses: [],
  },
  get: {
    resource: 'Webhooks',
    summary: { sv: 'Hämta webhook', en: 'Get a webhook' },
    uriParameters: [CUSTOMER_ID_PARAMETER, WEBHOOK_ID_PARAMETER],
    response: { status: 200, type: 'WebhookEndpoint', description: ENDPOINT_ANSWER_WITHOUT_SECRET },
    errorStatuses: [],
  },
  put: {
    resource: 'Webhooks',
    summary: { sv: 'Ändra webhook', en: 'Change a webhook' },
    description: {
      sv: 'Ersätter inställningarna: ett fält som utelämnas blir "alla" (events, userIds) eller tomt (description); '
        + 'status utelämnad är oförändrad. En webhook som stängts av för att den inte svarade och som sätts active '
        + 'igen får det som samlats under tiden (högst 30 dagar).',
      en: 'Replaces the settings: a field left out becomes "all" (events, userIds) or empty (description); status left '
        + 'out is unchanged. A webhook disabled because it kept failing, set active again, gets what piled up '
        + 'meanwhile (up to 30 days).',
    },
    uriParameters: [CUSTOMER_ID_PARAMETER, WEBHOOK_ID_PARAMETER],
    requestBody: 'WebhookEndpoint',
    response: { status: 200, type: 'WebhookEndpoint', description: ENDPOINT_ANSWER_WITHOUT_SECRET },
    errorStatuses: BODY_ERRORS,
  },
  remove: {
    resource: 'Webhooks',
    summary: { sv: 'Ta bort webhook', en: 'Remove a webhook' },
    uriParameters: [CUSTOMER_ID_PARAMETER, WEBHOOK_ID_PARAMETER],
    response: {
      status: 204,
      description: { sv: 'Borttagen, med sina väntande händelser.', en: 'Removed, with its pending events.' },
    },
    errorStatuses: [],
  },
  rotate: {
    resource: 'Webhooks',
    summary: { sv: 'Byt hemlighet', en: 'Rotate the secret' },
    description: {
      sv: 'Ger en ny secret. I 24 timmar bär varje leverans två signaturer (ny och gammal, mellanslag emellan), '
        + 'sedan bara den nya.',
      en: 'Gives a new secret. For 24 hours every delivery carries two signatures (new and old, space-separated), '
        + 'then the new one only.',
    },
    uriParameters: [CUSTOMER_ID_PARAMETER, WEBHOOK_ID_PARAMETER],
    response: {
      status: 200, type: 'WebhookEndpoint',
      description: {
        sv: `Webhooken, som exemplet plus den nya secret (${SECRET_EXAMPLE_TEXT}).`,
        en: `The webhook, as the sample plus the new secret (${SECRET_EXAMPLE_TEXT}).`,
      },
    },
    errorStatuses: [],
  },
  test: {
    resource: 'Webhooks',
    summary: { sv: 'Skicka testhändelse', en: 'Send a test event' },
    description: {
      sv: 'Skickar en webhook.test-händelse till webhooken direkt, oavsett dess filter.',
      en: 'Sends a webhook.test event to the webhook at once, whatever its filters.',
    },
    uriParameters: [CUSTOMER_ID_PARAMETER, WEBHOOK_ID_PARAMETER],
    response: { status: 202, description: { sv: 'Köad för sändning.', en: 'Queued for sending.' } },
    errorStatuses: [],
  },
  deliveries: {
    resource: 'Webhooks',
    summary: { sv: 'Senaste leveransförsök', en: 'Latest delivery attempts' },
    uriParameters: [CUSTOMER_ID_PARAMETER, WEBHOOK_ID_PARAMETER],
    response: {
      status: 200,
      description: {
        sv: 'De senaste 100 försöken, nyast först: messageId (webhook-id), type, attempt, at, status eller error, '
          + 'durationMs, nextAttemptAt.',
        en: 'The latest 100 attempts, newest first: messageId (webhook-id), type, attempt, at, status or error, '
          + 'durationMs, nextAttemptAt.',
      },
    },
    errorStatuses: [],
  },
} as const satisfies Record<string, RouteDocs>
