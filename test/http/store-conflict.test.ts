/**
 * A StoreConflict that reaches the error handler is a 409 with a message, never a 500. The
 * one path HTTP has to one: a subscription link made for a user whom an operator removes
 * from the database (users are removed only by SQL; no API or CLI command does it) after
 * the request's access check found them and before the link is written. A root preHandler
 * hook removes the user through a second, real connection at exactly that moment; the
 * server, store and database are the real ones.
 */
import assert from 'node:assert/strict'
import { join } from 'node:path'
import { DatabaseSync } from 'node:sqlite'
import { Writable } from 'node:stream'
import { describe, test, type TestContext } from 'node:test'
import type { FastifyRequest } from 'fastify'
import pg from 'pg'
import { loadConfig } from '../../src/config.ts'
import { buildApp } from '../../src/http/app.ts'
import { openStore } from '../../src/store/open-store.ts'
import { skipOption } from '../helpers/outside-tools.ts'
import { freshPostgresUrl, POSTGRES } from '../helpers/postgres.ts'
import { basicAuthorization, CUSTOMER_ID, makeTempDir, PASSWORD, seedStore, USERNAME } from '../helpers/server.ts'

const LEAVING_USER = 'GONE01'
const FEEDS_PATH = `/Calendar/${CUSTOMER_ID}/${LEAVING_USER}/feeds`
const REMOVE_USER = `DELETE FROM users WHERE user_id = '${LEAVING_USER}'`
const MESSAGE = `The stored data changed while this request was served: User ${LEAVING_USER} does not exist in `
  + `customer ${CUSTOMER_ID}. Nothing was written by this request; check what it refers to, then send it again.`

interface ConflictServer {
  readonly baseUrl: string
  readonly logs: string[]
  /** Puts the user back, for the next request to lose again. */
  restoreUser(): Promise<void>
  feedTokenCount(): Promise<number>
}

/** A real server on `databaseUrl` whose user GONE01 is removed by `removeUser` between the access check and the handler. */
async function startConflictServer(
  t: TestContext, databaseUrl: string, removeUser: () => Promise<void>,
): Promise<ConflictServer> {
  const store = await openStore(databaseUrl)
  await seedStore(store)
  const restoreUser = () => store.addUser({ customerId: CUSTOMER_ID, userId: LEAVING_USER, name: 'Leaving' })
  await restoreUser()
  const logs: string[] = []
  const logStream = new Writable({
    write(chunk, _encoding, callback) {
      logs.push(String(chunk))
      callback()
    },
  })
  const app = buildApp({ config: loadConfig({ DATABASE_URL: databaseUrl }), store, logStream })
  app.addHook('preHandler', async (request: FastifyRequest) => {
    if (request.url === FEEDS_PATH) await removeUser()
  })
  t.after(async () => {
    await app.close()
    await store.close()
  })
  const baseUrl = await app.listen({ port: 0, host: '127.0.0.1' })
  const feedTokenCount = async () => (await store.listFeedTokens(CUSTOMER_ID)).length
  return { baseUrl, logs, restoreUser, feedTokenCount }
}

async function postFeedLink(server: ConflictServer, accept: string) {
  const response = await fetch(`${server.baseUrl}${FEEDS_PATH}`, {
    method: 'POST', headers: { authorization: basicAuthorization(USERNAME, PASSWORD), accept },
  })
  return { status: response.status, type: response.headers.get('content-type'), text: await response.text() }
}

async function assertConflictAnswered(server: ConflictServer): Promise<void> {
  const json = await postFeedLink(server, 'application/json')
  assert.deepEqual(json, { status: 409, type: 'application/json; charset=utf-8', text: JSON.stringify({ message: MESSAGE }) })
  await server.restoreUser()
  const xml = await postFeedLink(server, 'application/xml')
  assert.deepEqual(xml, { status: 409, type: 'application/xml; charset=utf-8', text: `<Error><Message>${MESSAGE}</Message></Error>` })
  assert.equal(await server.feedTokenCount(), 0, 'nothing written')
  assert.ok(server.logs.some((line) => line.includes('"msg":"store conflict"')), 'logged as a warning')
  assert.ok(!server.logs.some((line) => line.includes('"msg":"unexpected error"')))
}

describe('a user removed between the access check and the write', () => {
  test('SQLite: a subscription link for them is a 409 naming the user, in JSON and XML', async (t) => {
    const path = join(await makeTempDir(t), 'test.db')
    const operator = new DatabaseSync(path)
    t.after(() => operator.close())
    const server = await startConflictServer(t, `sqlite:${path}`, async () => {
      operator.exec(REMOVE_USER)
    })
    await assertConflictAnswered(server)
  })

  test('PostgreSQL: the same', { skip: skipOption(POSTGRES) }, async (t) => {
    const url = await freshPostgresUrl(t)
    const operator = new pg.Client({ connectionString: url })
    await operator.connect()
    t.after(() => operator.end())
    const server = await startConflictServer(t, url, async () => {
      await operator.query(REMOVE_USER)
    })
    await assertConflictAnswered(server)
  })
})
