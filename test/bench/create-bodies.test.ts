/**
 * @module The bench's create bodies: the JSON and the XML one are accepted and store the same
 * appointment, so the two create rows measure the same work in two formats.
 */
import { test } from 'node:test'
import { CREATE_JSON, CREATE_XML } from '../../bench/create-bodies.ts'
import { startServer } from '../helpers/server.ts'
import { APPOINTMENT_PATH, send } from '../helpers/requests.ts'

test('the JSON and XML create bodies of the bench store the same appointment', async (t) => {
  const server = await startServer(t)
  const stored: unknown[] = []
  for (const [contentType, body] of [['application/json', CREATE_JSON], ['application/xml', CREATE_XML]] as const) {
    const created = await send(server, APPOINTMENT_PATH, { body, headers: { 'content-type': contentType, accept: 'application/json' } })
    t.assert.equal(created.status, 200, created.text)
    const read = await send(server, `${APPOINTMENT_PATH}/${String(created.json)}`, { method: 'GET' })
    t.assert.equal(read.status, 200, read.text)
    const { id: _id, ...appointment } = read.json as Record<string, unknown>
    stored.push(appointment)
  }
  t.assert.deepEqual(stored[1], stored[0])
  t.assert.equal((stored[0] as Record<string, unknown>).recurrencePattern, 'Weekly')
})
