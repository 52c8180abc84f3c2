/**
 * The change feed's guarantee under concurrent writes: writers create, replace and delete
 * appointments (and change or cancel single occurrences of series, where the occurrence
 * routes exist) while a follower keeps following `next` and applies what it reads to its
 * copy. Once the writers stop and the follower has caught up (more: false, then one more
 * poll), its copy must be exactly the server's state: every appointment, each as GET one
 * answers it, and nothing else. On SQLite (one server) and on PostgreSQL with two
 * instances sharing one database, writers spread over both and the follower alternating
 * between them, so writes whose transaction began before a read and committed after it
 * are in play. No timing is asserted; every wait is bounded.
 */
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { APPOINTMENT_PATH, postJson, send, type Answer } from '../helpers/requests.ts'
import { POSTGRES, freshPostgresUrl } from '../helpers/postgres.ts'
import { skipOption } from '../helpers/outside-tools.ts'
import { CUSTOMER_ID, USER_ID, startServer, type TestServer } from '../helpers/server.ts'

const CHANGES_PATH = `/Changes/${CUSTOMER_ID}/${USER_ID}`
const WRITERS = 6
const OPERATIONS_PER_WRITER = 50
/**
 * The follower waits for a write after an answer with nothing new, so it polls at most about
 * twice per write (plus pages); reaching this bound is a failure, not a wait.
 */
const MAX_POLLS = 4 * WRITERS * OPERATIONS_PER_WRITER + 100
const SERIES_WEEKS = 8
/** The Mondays of the series every writer creates some of: 2026-03-02 and the weeks after. */
const SERIES_OCCURRENCES = Array.from({ length: SERIES_WEEKS }, (_, week) =>
  new Date(Date.UTC(2026, 2, 2 + 7 * week)).toISOString().slice(0, 10).replaceAll('-', ''))

interface ChangeSet {
  readonly changes: Array<{ appointmentId: string; change: 'upserted' | 'deleted'; appointment?: unknown }>
  readonly next: string
  readonly more: boolean
}

/** mulberry32: the same operations for the same seed. */
function randomFrom(seed: number): () => number {
  let state = seed >>> 0
  return () => {
    state = (state + 0x6d2b79f5) >>> 0
    let value = state
    value = Math.imul(value ^ (value >>> 15), value | 1)
    value ^= value + Math.imul(value ^ (value >>> 7), value | 61)
    return ((value ^ (value >>> 14)) >>> 0) / 4_294_967_296
  }
}

/** Writes finished so far, and a wait for the next one (or the end of all). */
class Progress {
  private waiting: (() => void)[] = []
  done = false

  wrote(): void {
    for (const resolve of this.waiting.splice(0)) resolve()
  }

  finish(): void {
    this.done = true
    this.wrote()
  }

  nextWrite(): Promise<void> {
    return this.done ? Promise.resolve() : new Promise((resolve) => this.waiting.push(resolve))
  }
}

function expectStatus(answer: Answer, allowed: readonly number[], what: string): void {
  assert.ok(allowed.includes(answer.status), `${what}: ${answer.status} ${answer.text}`)
}

/** Whether this build has PUT/DELETE …/{appointmentId}/occurrences/{occurrenceId}. */
async function hasOccurrenceRoutes(server: TestServer): Promise<boolean> {
  const probe = await send(server, `${APPOINTMENT_PATH}/AAAAAAAAAAAAAAAAAAAAAA/occurrences/${SERIES_OCCURRENCES[0]}`,
    { method: 'DELETE' })
  return !(probe.status === 405 || (probe.status === 404 && /No HTTP resource/.test(probe.text)))
}

async function runWriter(servers: readonly TestServer[], index: number, seed: number, ids: string[],
  occurrences: boolean, progress: Progress): Promise<void> {
  const random = randomFrom(seed + index)
  const server = servers[index % servers.length]!
  const pick = () => ids[Math.floor(random() * ids.length)]
  for (let operation = 0; operation < OPERATIONS_PER_WRITER; operation++) {
    const roll = random()
    const id = pick()
    if (roll < 0.35 || !id) {
      const series = random() < 0.5
      const created = await postJson(server, {
        subject: `W${index} #${operation}`, startsAt: '2026-03-02T09:00:00', endsAt: '2026-03-02T10:00:00',
        ...(series && { recurrence: true, recurrencePattern: 'Weekly', recurrenceDayOfWeeks: ['Monday'],
          recurrenceCount: SERIES_WEEKS }),
      })
      expectStatus(created, [200], 'create')
      ids.push(created.json as string)
    } else if (roll < 0.6) {
      const replaced = await send(server, `${APPOINTMENT_PATH}/${id}`, {
        method: 'PUT', headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          subject: `W${index} replaced #${operation}`, startsAt: '2026-03-02T09:00:00', endsAt: '2026-03-02T11:00:00',
          recurrence: true, recurrencePattern: 'Weekly', recurrenceDayOfWeeks: ['Monday'], recurrenceCount: SERIES_WEEKS,
        }),
      })
      expectStatus(replaced, [200, 404], 'replace')
    } else if (roll < 0.75 || !occurrences) {
      expectStatus(await send(server, `${APPOINTMENT_PATH}/${id}`, { method: 'DELETE' }), [204, 404], 'delete')
    } else {
      const occurrence = SERIES_OCCURRENCES[Math.floor(random() * SERIES_WEEKS)]
      const path = `${APPOINTMENT_PATH}/${id}/occurrences/${occurrence}`
      const changed = random() < 0.5
        ? await send(server, path, { method: 'DELETE' })
        : await send(server, path, { method: 'PUT', headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ subject: `W${index} occurrence #${operation}` }) })
      // 404: a single appointment, one deleted, or an occurrence already cancelled; 409: overtaken too often
      expectStatus(changed, [200, 204, 404, 409], `occurrence change ${path}`)
    }
    progress.wrote()
  }
}

/** Applies one answer to the copy: the appointment's GET-one text by id, deleted ids removed. */
async function poll(server: TestServer, copy: Map<string, string>, since: string | undefined): Promise<ChangeSet> {
  const answer = await send(server, `${CHANGES_PATH}${since === undefined ? '' : `?since=${since}`}`, { method: 'GET' })
  assert.equal(answer.status, 200, answer.text)
  const set = answer.json as ChangeSet
  for (const change of set.changes) {
    if (change.change === 'upserted') copy.set(change.appointmentId, JSON.stringify(change.appointment))
    else copy.delete(change.appointmentId)
  }
  return set
}

async function follow(servers: readonly TestServer[], writers: Promise<unknown>, progress: Progress):
Promise<Map<string, string>> {
  const copy = new Map<string, string>()
  const finished = writers.finally(() => progress.finish())
  finished.catch(() => {}) // a writer's failure is thrown by the await below, once the follower stops
  let since: string | undefined
  let polls = 0
  const next = async (): Promise<ChangeSet> => {
    assert.ok(++polls < MAX_POLLS, 'the follower polled past its bound')
    const set = await poll(servers[polls % servers.length]!, copy, since)
    since = set.next
    return set
  }
  while (!progress.done) {
    const set = await next()
    if (set.changes.length === 0 && !set.more) await progress.nextWrite()
  }
  await finished
  while ((await next()).more) { /* catch up */ }
  await next() // one more poll after more: false
  return copy
}

async function assertCopyIsServerState(servers: readonly TestServer[], copy: Map<string, string>): Promise<void> {
  const stored = await servers[0]!.store.listAppointmentsPage({ customerId: CUSTOMER_ID, userId: USER_ID }, null, 100_000)
  const ids = stored.map((appointment) => appointment.id).sort()
  assert.deepEqual([...copy.keys()].sort(), ids, 'the copy holds exactly the stored appointments')
  for (const [index, id] of ids.entries()) {
    const one = await send(servers[index % servers.length]!, `${APPOINTMENT_PATH}/${id}`, { method: 'GET' })
    assert.equal(one.status, 200, one.text)
    assert.equal(copy.get(id), one.text, `appointment ${id} as GET one answers it`)
  }
}

async function runScenario(servers: readonly TestServer[]): Promise<void> {
  const seed = Number(process.env.CHANGES_SEED ?? 20261202)
  const occurrences = await hasOccurrenceRoutes(servers[0]!)
  const ids: string[] = []
  const progress = new Progress()
  const writers = Promise.all(Array.from({ length: WRITERS }, (_, index) =>
    runWriter(servers, index, seed, ids, occurrences, progress)))
  const copy = await follow(servers, writers, progress)
  await assertCopyIsServerState(servers, copy)
  // and a client starting afresh reads the same
  const fresh = new Map<string, string>()
  let since: string | undefined
  for (let page = 0; page < 100; page++) {
    const set = await poll(servers[page % servers.length]!, fresh, since)
    since = set.next
    if (!set.more) break
  }
  assert.deepEqual(fresh, copy)
}

test('a follower of the feed ends with exactly the server\'s state under concurrent writes (SQLite)', async (t) => {
  const server = await startServer(t)
  await runScenario([server])
})

test('… and across two instances on one PostgreSQL database', { skip: skipOption(POSTGRES) }, async (t) => {
  const databaseUrl = await freshPostgresUrl(t)
  const first = await startServer(t, { databaseUrl })
  const second = await startServer(t, { databaseUrl, seed: false })
  await runScenario([first, second])
})
