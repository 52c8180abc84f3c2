/**
 * @module What the Webhooks routes tell the help pages and OpenAPI about themselves, in
 * Swedish and English.
 */
import { CUSTOMER_ID_PARAMETER, type ParameterDocs, type RouteDocs } from '../route-docs.ts'

/** Own statuses of the routes that read a body (its type is not among RequestBodyType, so 400 is listed here). */
const BODY_ERRORS = [400, 413, 415] as const

const WEBHOOK_ID_PARAMETER: ParameterDocs = {
  name: 'webhookId', type: 'string', required: true, example: 'q3Jm0lMTmUa4oZ1x',
  description: { sv: 'Id på webhooken', en: 'Id of the webhook' },
}

const BODY_TEXT = {
  sv: 'Kroppen (JSON eller XML): url (absolut http(s)-URL; i produktion https och en publik adress), events '
    + '(lista av händelsetyper; utelämnad: alla), userIds (lista av användar-id; utelämnad: alla användare), '
    + 'description. ',
  en: 'The body (JSON or XML): url (an absolute http(s) URL; in production https and a public address), events '
    + '(a list of event types; left out: all), userIds (a list of user ids; left out: every user), description. ',
}

const ENDPOINT_ANSWER = {
  sv: 'Webhooken: id, url, events, userIds, description, status (active/disabled), disabledReason, createdAt.',
  en: 'The webhook: id, url, events, userIds, description, status (active/disabled), disabledReason, createdAt.',
}

export const WEBHOOK_ROUTE_DOCS = {
  create: {
    resource: 'Webhooks',
    summary: { sv: 'Skapa webhook', en: 'Create a webhook' },
    description: {
      sv: `${BODY_TEXT.sv}Varje skrivning till en kalenderhändelse skickas sedan som en signerad POST `
        + '(Standard Webhooks) till url. Högst 20 webhooks per kund. Svaret har secret (whsec_…), som bara visas här '
        + 'och vid rotation.',
      en: `${BODY_TEXT.en}Every write to an appointment is then sent as a signed POST (Standard Webhooks) to url. `
        + 'At most 20 webhooks per customer. The answer carries secret (whsec_…), shown only here and on rotation.',
    },
    uriParameters: [CUSTOMER_ID_PARAMETER],
    response: {
      status: 201,
      description: { sv: `${ENDPOINT_ANSWER.sv} Plus secret. Location pekar på webhooken.`,
        en: `${ENDPOINT_ANSWER.en} Plus secret. Location points to the webhook.` },
    },
    errorStatuses: BODY_ERRORS,
  },
  list: {
    resource: 'Webhooks',
    summary: { sv: 'Lista kundens webhooks', en: 'List the customer\'s webhooks' },
    uriParameters: [CUSTOMER_ID_PARAMETER],
    response: { status: 200, description: { sv: 'Webhooks, äldst först.', en: 'The webhooks, oldest first.' } },
    errorStatuses: [],
  },
  get: {
    resource: 'Webhooks',
    summary: { sv: 'Hämta webhook', en: 'Get a webhook' },
    uriParameters: [CUSTOMER_ID_PARAMETER, WEBHOOK_ID_PARAMETER],
    response: { status: 200, description: ENDPOINT_ANSWER },
    errorStatuses: [],
  },
  put: {
    resource: 'Webhooks',
    summary: { sv: 'Ändra webhook', en: 'Change a webhook' },
    description: {
      sv: `${BODY_TEXT.sv}Plus status: active eller disabled (utelämnad: oförändrad). En webhook som stängts av `
        + 'för att den inte svarade och som aktiveras igen får det som samlats under tiden (högst 30 dagar).',
      en: `${BODY_TEXT.en}Plus status: active or disabled (left out: unchanged). A webhook disabled because it kept `
        + 'failing, set active again, gets what piled up meanwhile (up to 30 days).',
    },
    uriParameters: [CUSTOMER_ID_PARAMETER, WEBHOOK_ID_PARAMETER],
    response: { status: 200, description: ENDPOINT_ANSWER },
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
    response: { status: 200, description: { sv: `${ENDPOINT_ANSWER.sv} Plus den nya secret.`,
      en: `${ENDPOINT_ANSWER.en} Plus the new secret.` } },
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
