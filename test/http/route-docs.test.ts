import assert from 'node:assert/strict'
import { test } from 'node:test'
import { CUSTOMER_ID_PARAMETER, documentedErrorStatuses, USER_ID_PARAMETER, type RouteDocs } from '../../src/http/route-docs.ts'

const BASE: RouteDocs = {
  resource: 'X', summary: { sv: 's', en: 'e' }, uriParameters: [CUSTOMER_ID_PARAMETER, USER_ID_PARAMETER],
  response: { status: 200, description: { sv: '', en: '' } }, errorStatuses: [],
}

test('routes behind Basic auth document the common statuses, 400 where they read input, 404 where the path names more', () => {
  assert.deepEqual(documentedErrorStatuses(BASE), [401, 403, 404, 429, 500, 503])
  assert.deepEqual(documentedErrorStatuses({ ...BASE, requestBody: 'Appointment', errorStatuses: [415, 409] }),
    [400, 401, 403, 404, 409, 415, 429, 500, 503])
  assert.deepEqual(documentedErrorStatuses({ ...BASE, queryParameters: [CUSTOMER_ID_PARAMETER], errorStatuses: [410] }),
    [400, 401, 403, 404, 410, 429, 500, 503])
  assert.deepEqual(documentedErrorStatuses({ ...BASE, uriParameters: [CUSTOMER_ID_PARAMETER], requestBody: 'Appointment' }),
    [400, 401, 403, 429, 500, 503])
  assert.deepEqual(documentedErrorStatuses({ ...BASE, errorStatuses: [412, 404] }), [401, 403, 404, 412, 429, 500, 503])
})

test('public routes document only their own', () => {
  assert.deepEqual(documentedErrorStatuses({ ...BASE, public: true, errorStatuses: [503] }), [503])
})
