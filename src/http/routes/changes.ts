/**
 * @module The change feed: `GET Changes/{customerId}/{id}` answers every appointment of the
 * user, `?since=<token>` what changed after that token: appointments written (with their
 * latest state, as GET one answers it) and deleted, at most CHANGE_PAGE_SIZE per answer, with
 * the `next` token to send as `since` (at once while `more` is true). A client that keeps
 * following `next` ends with exactly the server's state: the store reads each page and the
 * user's change counter from one snapshot, and per user the numbers are taken in commit order
 * (see src/store/postgres-changes.ts), so nothing committed is ever numbered below a token.
 */
import type { FastifyInstance } from 'fastify'
import {
  CHANGE_TOKEN_LIFETIME_MS, changeUserHash, decodeChangeToken, encodeChangeToken, judgeChangeToken, type ChangeToken,
} from '../../domain/change-token.ts'
import { CHANGE_PAGE_SIZE } from '../../domain/change-set-schema.ts'
import { Gone, InvalidParameters } from '../../domain/errors.ts'
import type { User } from '../../domain/appointment.ts'
import type { ChangeFeed } from '../../store/store.ts'
import { readQueryParameters, type QueryString } from '../query-parameters.ts'
import { sendChangeSet } from '../responses.ts'
import { CUSTOMER_ID_PARAMETER, USER_ID_PARAMETER, type ParameterDocs, type RouteDocs } from '../route-docs.ts'
import { requireCalendarUser, type UserParams } from './calendar-user.ts'

export const CHANGES_PATH = '/Changes/:customerId/:id'

const LIFETIME_DAYS = CHANGE_TOKEN_LIFETIME_MS / (24 * 60 * 60 * 1000)

const CHANGES_PARAMETERS = ['since'] as const

const SINCE_PARAMETER: ParameterDocs = {
  name: 'since', type: 'string', required: false, example: 'MS40Mi4xNzk2MTg1NTQ4LjU5YjI3MWFlMWJiY2IxZDM',
  description: {
    sv: 'Föregående svars next; utan since svaras alla användarens kalenderhändelser. Skriv den aldrig själv.',
    en: "The previous answer's next; without since, every appointment of the user is answered. Never build it yourself.",
  },
}

const changesDocs: RouteDocs = {
  resource: 'Changes',
  summary: { sv: 'Hämta ändringar i användarens kalender', en: "Get the changes to the user's calendar" },
  description: {
    sv: `Utan since: alla användarens kalenderhändelser. Med since: det som ändrats efter den token:en, skapade och `
      + `ersatta händelser med sitt senaste innehåll (som hämta en svarar) och borttagna med bara sitt id. Högst `
      + `${CHANGE_PAGE_SIZE.toLocaleString('sv')} ändringar per svar; är more true, fråga genast igen med next. `
      + `Flera ändringar av en händelse kan komma som en. Den som följer next får till slut exakt serverns innehåll, `
      + `även när skrivningar sker samtidigt. Borttagningar minns i ${LIFETIME_DAYS} dagar: en äldre token svarar 410, `
      + 'och då hämtas allt igen utan since.',
    en: 'Without since: every appointment of the user. With since: what changed after that token, created and replaced '
      + 'appointments with their latest state (as get one answers it) and deleted ones with only their id. At most '
      + `${CHANGE_PAGE_SIZE.toLocaleString('en')} changes per answer; while more is true, ask again at once with next. `
      + 'Several changes to one appointment may come as one. A client that keeps following next ends with exactly the '
      + `server's state, even while writes go on. Deletions are remembered for ${LIFETIME_DAYS} days: an older token `
      + 'answers 410, and the client then reads everything again without since.',
  },
  uriParameters: [CUSTOMER_ID_PARAMETER, USER_ID_PARAMETER],
  queryParameters: [SINCE_PARAMETER],
  response: {
    status: 200,
    type: 'ChangeSet',
    description: {
      sv: 'Ändringarna i nummerordning, next att skicka som since och more.',
      en: 'The changes in order, next to send as since, and more.',
    },
  },
  errorStatuses: [410],
}

export function changeRoutes(app: FastifyInstance, store: ChangeFeed): void {
  app.get<{ Params: UserParams; Querystring: QueryString }>(CHANGES_PATH, { config: { docs: changesDocs } },
    async (request, reply) => {
      const { user } = requireCalendarUser(request)
      const now = Date.now()
      const since = readSince(request.query, user, now)
      const page = await store.listChanges(user, since?.seq ?? null, CHANGE_PAGE_SIZE)
      if (since && since.seq > page.latestSeq) {
        throw new Gone('The since token is ahead of this calendar\'s changes: the data was restored from an earlier '
          + 'state. Sync again without since (read every appointment, replacing your copy), then follow next.')
      }
      const last = page.changes.at(-1)
      // Past the last change given, deletions may be older than this request but not than the chain's start.
      const next: ChangeToken = page.more && last
        ? { seq: last.seq, issuedAtMs: since?.issuedAtMs ?? now, userHash: changeUserHash(user) }
        : { seq: page.latestSeq, issuedAtMs: now, userHash: changeUserHash(user) }
      return sendChangeSet(request, reply, { changes: page.changes, next: encodeChangeToken(next), more: page.more })
    })
}

/** The `since` token, checked against the user and its age; undefined without `since`. */
function readSince(query: QueryString, user: User, now: number): ChangeToken | undefined {
  const { values, problems } = readQueryParameters(query, CHANGES_PARAMETERS)
  if (problems.since) throw new InvalidParameters(problems)
  const text = values.since
  if (text === undefined) return undefined
  const token = decodeChangeToken(text)
  if (!token) {
    throw new InvalidParameters({ since: ['since is not a token this server wrote. Send the next value of the '
      + 'previous answer exactly as given, or leave since out to read every appointment.'] })
  }
  const verdict = judgeChangeToken(token, changeUserHash(user), now)
  if (verdict === 'other-user') {
    throw new InvalidParameters({ since: [`since is a token for another user's changes. Send a next value from an `
      + `answer for user '${user.userId}' in customer '${user.customerId}', or leave since out to read every `
      + 'appointment.'] })
  }
  if (verdict === 'expired') {
    throw new Gone(`The since token was issued more than ${LIFETIME_DAYS} days ago, and deletions are remembered only `
      + 'that long. Sync again without since (read every appointment, replacing your copy), then follow next.')
  }
  return token
}
