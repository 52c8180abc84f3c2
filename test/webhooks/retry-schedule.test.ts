/**
 * The retry schedule: WEBHOOK_RETRY_SCHEDULE's text, ±20 % jitter within bounds, the schedule
 * running out, Retry-After in seconds or as a date, and what the sender makes of an answer.
 */
import assert from 'node:assert/strict'
import { test } from 'node:test'
import fc from 'fast-check'
import type { ClaimedDelivery } from '../../src/store/webhook-store.ts'
import { DEFAULT_RETRY_SCHEDULE, parseRetrySchedule, retryAfterMs, retryDelay } from '../../src/webhooks/retry-schedule.ts'
import { judge } from '../../src/webhooks/sender.ts'

test('WEBHOOK_RETRY_SCHEDULE reads delays with ms, s, m, h or none (seconds), and names a bad entry', () => {
  assert.deepEqual(parseRetrySchedule('0,1s,2s,4s'), [0, 1000, 2000, 4000])
  assert.deepEqual(parseRetrySchedule('250ms, 5m, 2h, 1.5'), [250, 300_000, 7_200_000, 1500])
  assert.throws(() => parseRetrySchedule('0,soon'), /"soon" is not a number with ms, s, m or h/)
  assert.deepEqual(DEFAULT_RETRY_SCHEDULE.map((ms) => ms / 1000),
    [0, 5, 300, 1800, 7200, 18_000, 36_000, 50_400, 72_000, 86_400])
})

test('each delay is within ±20 % of the schedule\'s; past its end there is none', () => {
  fc.assert(fc.property(fc.integer({ min: 0, max: 9 }), fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }),
    (attempts, random) => {
      const delay = retryDelay(DEFAULT_RETRY_SCHEDULE, attempts, random)!
      const base = DEFAULT_RETRY_SCHEDULE[attempts]!
      return delay >= Math.floor(base * 0.8) && delay <= Math.ceil(base * 1.2)
    }))
  assert.equal(retryDelay(DEFAULT_RETRY_SCHEDULE, 10, 0.5), undefined)
})

test('Retry-After in seconds or as an HTTP date', () => {
  assert.equal(retryAfterMs('120', 0), 120_000)
  assert.equal(retryAfterMs(new Date(60_000).toUTCString(), 0), 60_000)
  assert.equal(retryAfterMs('later', 0), undefined)
})

const DELIVERY = { messageId: 'msg_1', attempt: 1 } as ClaimedDelivery

test('the sender delivers on 2xx, disables on 410, honours a longer Retry-After on 429/503 only', () => {
  const schedule = [0, 1000, 1000]
  assert.equal(judge(DELIVERY, { status: 204 }, schedule, 0).outcome, 'delivered')
  assert.deepEqual(judge(DELIVERY, { status: 410 }, schedule, 0).disable?.reason, 'gone')
  assert.equal(judge(DELIVERY, { status: 301 }, schedule, 0).outcome, 'retry')
  assert.ok(judge(DELIVERY, { status: 503, retryAfter: '60' }, schedule, 0).nextAttemptMs! >= 60_000)
  assert.ok(judge(DELIVERY, { status: 500, retryAfter: '60' }, schedule, 0).nextAttemptMs! <= 1200)
  const spent = judge({ ...DELIVERY, attempt: 3 }, { error: 'No answer within 10 s.' }, schedule, 0)
  assert.equal(spent.outcome, 'failed')
  assert.equal(spent.disable?.reason, 'failing')
  assert.match(spent.disable!.detail, /failed 3 attempts.*No answer within 10 s/)
})
