/**
 * @module The docs' two languages: Swedish by default, English with `?lang=en` or when the
 * browser prefers English. Every label of every page lives here, in both languages.
 */
import type { Text } from '../http/route-docs.ts'

export const LANGS = ['sv', 'en'] as const
export type Lang = (typeof LANGS)[number]

export interface LangChoice {
  readonly lang: Lang
  /** Chosen by `?lang=`; links then carry it on so the choice sticks. */
  readonly explicit: boolean
}

function isLang(value: unknown): value is Lang {
  return value === 'sv' || value === 'en'
}

/** `?lang=` wins; else the Accept-Language range with the highest q among sv and en; else sv. */
export function chooseLang(queryLang: unknown, acceptLanguage: string | undefined): LangChoice {
  if (typeof queryLang === 'string' && isLang(queryLang.toLowerCase())) {
    return { lang: queryLang.toLowerCase() as Lang, explicit: true }
  }
  let best: Lang = 'sv'
  let bestQuality = 0
  for (const range of (acceptLanguage ?? '').split(',')) {
    const [tag = '', ...parameters] = range.split(';')
    const primary = tag.trim().toLowerCase().split('-')[0]
    if (!isLang(primary)) continue
    const q = parameters.map((p) => p.trim()).find((p) => p.startsWith('q='))
    const quality = q === undefined ? 1 : Number(q.slice(2))
    if (Number.isFinite(quality) && quality > bestQuality) {
      best = primary
      bestQuality = quality
    }
  }
  return { lang: best, explicit: false }
}

export function localize(lang: Lang, text: Text): string {
  return text[lang]
}

/** Fills `{name}` holes in a message. */
export function format(template: string, values: Readonly<Record<string, string | number>>): string {
  return template.replace(/\{(\w+)\}/g, (hole, name: string) => (name in values ? String(values[name]) : hole))
}

export const MESSAGES = {
  siteTitle: { sv: 'Dokumentation för API-funktioner', en: 'API function documentation' },
  indexIntro: {
    sv: 'Alla funktioner i API:t, grupperade per resurs. Varje funktion har en sida med parametrar, '
      + 'exempel på begäran och svar, kodexempel och ett testformulär.',
    en: 'Every function of the API, grouped by resource. Each has a page with its parameters, '
      + 'request and response samples, code samples and a test form.',
  },
  authNote: {
    sv: 'Alla anrop utom hälsokontrollerna (Health) kräver HTTP Basic-autentisering med ditt användarnamn '
      + 'och lösenord. Anropa API:t från din server, aldrig från en webbläsare som bär lösenordet.',
    en: 'Every call but the health checks (Health) needs HTTP Basic authentication with your username and '
      + 'password. Call the API from your server, never from a browser that holds the password.',
  },
  publicEndpoint: {
    sv: 'Anropet kräver ingen inloggning och svarar alltid JSON (application/json), oavsett Accept-huvudet. '
      + 'Sidan har därför varken kodexempel eller testformulär; prova med curl mot adressen ovan.',
    en: 'The call needs no credentials and always answers JSON (application/json), whatever the Accept header. '
      + 'So the page has neither code samples nor a test form; try it with curl on the address above.',
  },
  skipLink: { sv: 'Hoppa till innehållet', en: 'Skip to content' },
  switchTo: { sv: 'English', en: 'Svenska' },
  home: { sv: 'Alla API-funktioner', en: 'All API functions' },
  breadcrumb: { sv: 'Sökväg', en: 'Breadcrumb' },
  api: { sv: 'API', en: 'API' },
  types: { sv: 'Typer', en: 'Types' },
  openApi: { sv: 'OpenAPI 3.1-beskrivning (JSON)', en: 'OpenAPI 3.1 description (JSON)' },
  machineReadable: { sv: 'Maskinläsbart', en: 'Machine-readable' },
  footer: {
    sv: 'Sidorna skapas från samma scheman och rutter som validerar och besvarar anropen.',
    en: 'These pages are generated from the same schemas and routes that validate and answer requests.',
  },
  notDocumented: { sv: 'Saknar dokumentation', en: 'Not documented' },
  requestInformation: { sv: 'Information om begäran', en: 'Request information' },
  uriParameters: { sv: 'URI-parametrar', en: 'URI parameters' },
  queryParameters: { sv: 'Frågeparametrar', en: 'Query parameters' },
  bodyParameters: { sv: 'Parametrar i innehållet', en: 'Body parameters' },
  none: { sv: 'Inga.', en: 'None.' },
  noBody: { sv: 'Begäran har inget innehåll.', en: 'The request has no body.' },
  name: { sv: 'Namn', en: 'Name' },
  description: { sv: 'Beskrivning', en: 'Description' },
  type: { sv: 'Typ', en: 'Type' },
  information: { sv: 'Information', en: 'Information' },
  value: { sv: 'Värde', en: 'Value' },
  required: { sv: 'Krävs', en: 'Required' },
  optional: { sv: 'Valfri', en: 'Optional' },
  always: { sv: 'Finns alltid', en: 'Always present' },
  maxLength: { sv: 'Högst {n} tecken', en: 'At most {n} characters' },
  range: { sv: 'Från {min} till {max}', en: 'From {min} to {max}' },
  nullable: { sv: 'Kan vara null', en: 'May be null' },
  extension: { sv: 'Tillägg (finns inte i det ursprungliga API:t)', en: 'Extension (not in the original API)' },
  example: { sv: 'Exempel', en: 'Example' },
  collectionOf: { sv: 'Samling av', en: 'Collection of' },
  requestFormats: { sv: 'Format för begäran', en: 'Request formats' },
  responseInformation: { sv: 'Information om svaret', en: 'Response information' },
  resourceDescription: { sv: 'Beskrivning av resursen', en: 'Resource description' },
  successStatus: { sv: 'Lyckat anrop', en: 'Success' },
  responseFormats: { sv: 'Format för svaret', en: 'Response formats' },
  noResponseBody: { sv: 'Svaret har inget innehåll.', en: 'The response has no body.' },
  calendarFormat: {
    sv: 'Svaret är alltid iCalendar (text/calendar; charset=utf-8, RFC 5545), oavsett Accept-huvudet; fel svarar '
      + 'JSON eller XML som övriga anrop. Prenumerationslänken kräver ingen inloggning; prova den med curl.',
    en: 'The answer is always iCalendar (text/calendar; charset=utf-8, RFC 5545), whatever the Accept header; errors '
      + 'answer JSON or XML as every other call. The subscription link needs no credentials; try it with curl.',
  },
  negotiation: {
    sv: 'Accept-huvudet väljer format; utan det får en XML-begäran ett XML-svar, annars JSON.',
    en: 'The Accept header chooses the format; without it an XML request gets an XML answer, otherwise JSON.',
  },
  errorStatuses: { sv: 'Felkoder', en: 'Error statuses' },
  status: { sv: 'Status', en: 'Status' },
  meaning: { sv: 'Betydelse', en: 'Meaning' },
  errorShape: {
    sv: 'Fel besvaras med rätt HTTP-status och ett felmeddelande i det förhandlade formatet, t.ex.',
    en: 'Errors come with the right HTTP status and an error message in the negotiated format, e.g.',
  },
  codeSamples: { sv: 'Kodexempel', en: 'Code samples' },
  placeholderNote: {
    sv: 'Ersätt {placeholders} med dina värden, eller fyll i testformuläret nedan så skrivs de in i exemplen. '
      + 'Exemplen körs sedan som de står.',
    en: 'Replace {placeholders} with your values, or fill in the test form below and they are written into '
      + 'the samples. The samples then run as printed.',
  },
  and: { sv: 'och', en: 'and' },
  usernamePlaceholder: { sv: '{användarnamn}', en: '{username}' },
  passwordPlaceholder: { sv: '{lösenord}', en: '{password}' },
  csharpSingleton: {
    sv: 'HttpClient ska återanvändas: en instans för hela programmet.',
    en: 'Reuse HttpClient: one instance for the whole program.',
  },
  unauthorizedComment: {
    sv: 'Användarnamnet eller lösenordet är felaktigt', en: 'The username or password is wrong',
  },
  forbiddenComment: {
    sv: 'Begärt data som det saknas åtkomst till', en: 'Asked for data the client has no access to',
  },
  badRequestComment: {
    sv: 'Valideringsfel: modelState i svaret anger varje fel fält',
    en: 'Validation failed: modelState in the answer names every bad field',
  },
  serverErrorComment: {
    sv: 'Oväntat fel: kontakta supporten och ange requestId', en: 'Unexpected error: contact support with the requestId',
  },
  successComment: { sv: 'Klart: gör något med resultatet', en: 'Done: use the result' },
  testForm: { sv: 'Testformulär', en: 'Test form' },
  testFormIntro: {
    sv: 'Skickar en riktig begäran från din webbläsare till den här servern. Lösenordet sparas inte och loggas inte; '
      + 'det finns bara i fältet tills du lämnar sidan.',
    en: 'Sends a real request from your browser to this server. The password is neither stored nor logged; '
      + 'it lives only in the field until you leave the page.',
  },
  testFormNoScript: {
    sv: 'Testformuläret behöver JavaScript. Kodexemplen ovan fungerar utan.',
    en: 'The test form needs JavaScript. The code samples above work without it.',
  },
  credentials: { sv: 'Inloggning (HTTP Basic)', en: 'Sign-in (HTTP Basic)' },
  username: { sv: 'Användarnamn', en: 'Username' },
  password: { sv: 'Lösenord', en: 'Password' },
  request: { sv: 'Begäran', en: 'Request' },
  method: { sv: 'Metod', en: 'Method' },
  contentType: { sv: 'Content-Type (fyller i exemplet)', en: 'Content-Type (fills in the sample)' },
  accept: { sv: 'Accept (svarets format)', en: 'Accept (format of the answer)' },
  acceptNone: { sv: '(inget Accept-huvud)', en: '(no Accept header)' },
  body: { sv: 'Innehåll', en: 'Body' },
  send: { sv: 'Skicka', en: 'Send' },
  sending: { sv: 'Skickar …', en: 'Sending …' },
  networkError: { sv: 'Begäran kunde inte skickas:', en: 'The request could not be sent:' },
  response: { sv: 'Svar', en: 'Response' },
  statusLine: { sv: 'Statusrad', en: 'Status line' },
  responseHeaders: { sv: 'Svarshuvuden', en: 'Response headers' },
  rawBody: { sv: 'Innehåll (rått)', en: 'Raw body' },
  noResponseYet: { sv: 'Inget skickat än.', en: 'Nothing sent yet.' },
  typePage: { sv: 'Typ', en: 'Type' },
  fields: { sv: 'Fält', en: 'Fields' },
  values: { sv: 'Värden', en: 'Values' },
  ordinal: { sv: 'Ordningstal', en: 'Ordinal' },
  enumWire: {
    sv: 'Skrivs med namn ("{first}") i svaren; i begäran går både namn (oavsett versaler) och ordningstal ({ordinal}).',
    en: 'Written by name ("{first}") in answers; requests may send the name (any case) or the ordinal ({ordinal}).',
  },
  samples: { sv: 'Exempel', en: 'Samples' },
  answerFields: { sv: 'Fält i svaren', en: 'Fields in answers' },
  answerFieldsIntro: {
    sv: 'Hämta en svarar dessutom dessa; de ignoreras om de skickas.',
    en: 'Get one answers these as well; they are ignored when sent.',
  },
  usedBy: { sv: 'Används av', en: 'Used by' },
  notFoundTitle: { sv: 'Sidan finns inte', en: 'Page not found' },
  notFoundText: { sv: 'Det finns ingen dokumentation på den här adressen.', en: 'There is no documentation at this address.' },
} as const satisfies Record<string, Text>

export type MessageKey = keyof typeof MESSAGES

export function message(lang: Lang, key: MessageKey): string {
  return MESSAGES[key][lang]
}

/** What each status means on these endpoints. */
const STATUS_MEANINGS: Readonly<Record<number, Text>> = {
  200: { sv: 'OK', en: 'OK' },
  201: { sv: 'Skapad', en: 'Created' },
  204: { sv: 'Klart, inget innehåll', en: 'Done, no content' },
  400: {
    sv: 'Ogiltig begäran: modelState anger varje fel fält och vad som ska skickas i stället',
    en: 'Invalid request: modelState names every bad field and what to send instead',
  },
  401: {
    sv: 'Användarnamnet eller lösenordet saknas eller är fel (WWW-Authenticate: Basic)',
    en: 'The username or password is missing or wrong (WWW-Authenticate: Basic)',
  },
  403: { sv: 'Klienten saknar åtkomst till kunden', en: 'The client has no access to the customer' },
  404: { sv: 'Användaren eller kalenderhändelsen finns inte', en: 'The user or appointment does not exist' },
  409: { sv: 'Konflikt med nuvarande tillstånd', en: 'Conflicts with the current state' },
  410: {
    sv: 'Token:en i since är för gammal (över 30 dagar) eller nyare än datan; synka om utan since',
    en: 'The since token is too old (over 30 days) or ahead of the data; sync again without since',
  },
  412: { sv: 'If-Match stämmer inte med nuvarande version', en: 'If-Match does not match the current version' },
  422: {
    sv: 'Idempotency-Key har redan använts för en annan begäran',
    en: 'The Idempotency-Key was already used for a different request',
  },
  413: {
    sv: 'Kroppen är större än gränsen som meddelandet anger', en: 'The body is larger than the limit the message names',
  },
  415: { sv: 'Content-Type saknas eller stöds inte', en: 'Content-Type missing or not supported' },
  428: { sv: 'If-Match krävs', en: 'If-Match is required' },
  429: {
    sv: 'För många misslyckade inloggningar för användarnamnet (10 per minut) eller adressen (50 per minut); '
      + 'Retry-After anger sekunderna att vänta, även med rätt lösenord',
    en: 'Too many failed logins for the username (10 a minute) or the address (50 a minute); '
      + 'Retry-After gives the seconds to wait, even with the right password',
  },
  500: { sv: 'Oväntat fel; svaret har bara ett requestId', en: 'Unexpected error; the answer carries only a requestId' },
  503: {
    sv: 'Inte redo: databasen svarar inte; Retry-After anger när det är värt att fråga igen',
    en: 'Not ready: the database does not answer; Retry-After says when to ask again',
  },
}

export function statusMeaning(lang: Lang, status: number): string {
  return STATUS_MEANINGS[status]?.[lang] ?? `HTTP ${status}`
}

/** One line for each RecurrencePattern value. */
export const RECURRENCE_PATTERN_TEXT: Readonly<Record<string, Text>> = {
  Daily: { sv: 'Varje dag, eller var n:e dag med recurrenceInterval', en: 'Every day, or every n days with recurrenceInterval' },
  Weekly: {
    sv: 'Varje vecka på dagarna i recurrenceDayOfWeeks', en: 'Every week on the days in recurrenceDayOfWeeks',
  },
  Monthly: { sv: 'Varje månad på dagen recurrenceDay', en: 'Every month on day recurrenceDay' },
  Yearly: {
    sv: 'Varje år på dagen recurrenceDay i månaden recurrenceMonth',
    en: 'Every year on day recurrenceDay of month recurrenceMonth',
  },
}

/** Localized weekday name of a .NET DayOfWeek ordinal (0 = Sunday), from Intl. */
export function weekdayName(lang: Lang, ordinal: number): string {
  const sunday = Date.UTC(2026, 0, 4) // a Sunday
  return new Intl.DateTimeFormat(lang, { weekday: 'long', timeZone: 'UTC' }).format(sunday + ordinal * 86_400_000)
}
