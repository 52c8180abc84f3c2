import assert from 'node:assert/strict'
import { test } from 'node:test'
import { allowedMethods } from '../../src/http/allowed-methods.ts'

const ROUTES = [
  { method: 'POST', url: '/Appointment/:customerId/:id' },
  { method: 'GET', url: '/Appointment/:customerId/:id' },
  { method: 'GET', url: '/Appointment/:customerId/:id/:appointmentId' },
  { method: 'PUT', url: '/Appointment/:customerId/:id/:appointmentId' },
  { method: 'DELETE', url: '/Appointment/:customerId/:id/:appointmentId' },
]

test('a path matching a route answers its methods, HEAD with GET, and OPTIONS', () => {
  assert.deepEqual(allowedMethods(ROUTES, '/Appointment/M30011/HAN001?from=x'), ['POST', 'GET', 'HEAD', 'OPTIONS'])
  assert.deepEqual(allowedMethods(ROUTES, '/appointment/m30011/han001/abc/'), ['GET', 'PUT', 'DELETE', 'HEAD', 'OPTIONS'])
})

test('no route, no methods: empty segments, extra segments and other literals do not match', () => {
  for (const url of ['/Appointment//HAN001', '/Appointment/M30011/HAN001/a/b', '/Appointments/M30011/HAN001', '/']) {
    assert.deepEqual(allowedMethods(ROUTES, url), [], url)
  }
})
