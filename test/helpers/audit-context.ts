/**
 * @module The audit context tests write through the Store with: a fixed client and request
 * id, as if one API client had made the call.
 */
import type { AuditContext } from '../../src/store/store.ts'

export const TEST_AUDIT: AuditContext = { clientUsername: 'test-client', requestId: 'test-request' }
