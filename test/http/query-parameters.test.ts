/**
 * The query-string rules the listing and /Changes share, over real HTTP: names match in any
 * case, a parameter sent twice (in any spellings) is a 400 naming it, parameters neither
 * route knows are ignored.
 */
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { APPOINTMENT_PATH, postJson, send, type Answer } from '../helpers/requests.ts'
import { CUSTOMER_ID, USER_ID, startServer } from '../helpers/server.ts'

const CHANGES_PATH = `/Changes/${CUSTOMER_ID}/${USER_ID}`
const WINDOW = 'from=2026-03-01&to=2026-03-08'

function get(server: Parameters<typeof send>[0], path: string): Promise<Answer> {
  return send(server, path, { method: 'GET' })
}

function modelState(answer: Answer): Record<string, string[]> {
  assert.equal(answer.status, 400, answer.text)
  return (answer.json as { modelState: Record<string, string[]> }).modelState
}

test('the listing and /Changes: any case, twice is a 400 naming the parameter, unknown ones ignored', async (t) => {
  const server = await startServer(t)
  assert.equal((await postJson(server, { subject: 'Visning', startsAt: '2026-03-02T09:00:00' })).status, 200)
  const listed = await get(server, `${APPOINTMENT_PATH}?${WINDOW}`)
  assert.equal(listed.status, 200, listed.text)
  for (const query of ['FROM=2026-03-01&To=2026-03-08', `${WINDOW}&limit=5&cursor=x&since=y&from2=z&=w`]) {
    const answer = await get(server, `${APPOINTMENT_PATH}?${query}`)
    assert.equal(answer.status, 200, `${query}: ${answer.text}`)
    assert.deepEqual(answer.json, listed.json, query)
  }
  assert.deepEqual(modelState(await get(server, `${APPOINTMENT_PATH}?${WINDOW}&From=2026-03-02&TO=2026-03-09&to=2026-03-10`)), {
    from: ['Send from once, not 2 times.'], to: ['Send to once, not 3 times.'],
  })

  const changed = await get(server, CHANGES_PATH)
  assert.equal(changed.status, 200, changed.text)
  const next = (changed.json as { next: string }).next
  for (const query of [`SINCE=${next}`, `since=${next}&from=x&after=y&limit=5`]) {
    const answer = await get(server, `${CHANGES_PATH}?${query}`)
    assert.equal(answer.status, 200, `${query}: ${answer.text}`)
    assert.deepEqual((answer.json as { changes: unknown[] }).changes, [], query)
  }
  assert.equal((await get(server, `${CHANGES_PATH}?after=x&from=y`)).status, 200, 'unknown parameters alone: as without since')
  assert.deepEqual(modelState(await get(server, `${CHANGES_PATH}?since=${next}&Since=${next}&SINCE=${next}`)), {
    since: ['Send since once, not 3 times.'],
  })
})
