/**
 * kill -9 mid-load: the real entry point in a child process takes concurrent creates, is
 * SIGKILLed once enough have been answered, and restarted on the same database; every id
 * answered 200 before the kill is there, as sent. SQLite file and PostgreSQL schema.
 */
import assert from 'node:assert/strict'
import { join } from 'node:path'
import { describe, test } from 'node:test'
import { BACKENDS } from '../helpers/fuzz.ts'
import { createUntilKilled, seeded, startMain } from '../helpers/main-process.ts'
import { APPOINTMENT_PATH } from '../helpers/requests.ts'
import { USERNAME, PASSWORD, basicAuthorization, makeTempDir } from '../helpers/server.ts'

const AUTHORIZATION = basicAuthorization(USERNAME, PASSWORD)
const WORKERS = 12
/** Answered creates before the kill; the workers keep sending until the server is gone. */
const ANSWERED_BEFORE_KILL = 200

for (const backend of BACKENDS) {
  describe(`kill -9 on ${backend.name}`, { skip: backend.skip }, () => {
    test('every create answered 200 before SIGKILL is there after a restart', async (t) => {
      const databaseUrl = await backend.databaseUrl(t) ?? `sqlite:${join(await makeTempDir(t), 'crash.db')}`
      await seeded(databaseUrl)
      const first = await startMain(t, databaseUrl)
      const answered = await createUntilKilled(first, WORKERS, ANSWERED_BEFORE_KILL)

      const second = await startMain(t, databaseUrl)
      for (const [id, subject] of answered) {
        const response = await fetch(`${second.baseUrl}${APPOINTMENT_PATH}/${id}`, {
          headers: { authorization: AUTHORIZATION, accept: 'application/json' }, signal: AbortSignal.timeout(30_000),
        })
        const text = await response.text()
        assert.equal(response.status, 200, `${id}: ${text}`)
        assert.equal((JSON.parse(text) as { subject?: string }).subject, subject)
      }
    })
  })
}
