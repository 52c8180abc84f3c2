import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import fc from 'fast-check'
import { Temporal } from 'temporal-polyfill'
import {
  MAX_PLAIN_DATE_DAY, MIN_PLAIN_DATE_DAY, civilDateOf, daysInMonth, epochDayOf, isoDayOfWeek, parseWallTime,
} from '../../../src/domain/time/epoch-days.ts'

const EPOCH = Temporal.PlainDate.from('1970-01-01')
const PARAMETERS = { numRuns: 2000 }

describe('epoch days', () => {
  it('match Temporal.PlainDate over its whole range', () => {
    const days = fc.oneof(
      fc.integer({ min: MIN_PLAIN_DATE_DAY, max: MAX_PLAIN_DATE_DAY }),
      fc.integer({ min: -800_000, max: 3_000_000 }),
      fc.constantFrom(MIN_PLAIN_DATE_DAY, MAX_PLAIN_DATE_DAY, 0, -1, -719_468, 2_932_896),
    )
    fc.assert(fc.property(days, (day) => {
      const date = EPOCH.add({ days: day })
      assert.deepEqual(civilDateOf(day), { year: date.year, month: date.month, day: date.day })
      assert.equal(epochDayOf(date.year, date.month, date.day), day)
      assert.equal(isoDayOfWeek(day), date.dayOfWeek)
      assert.equal(daysInMonth(date.year, date.month), date.daysInMonth)
    }), PARAMETERS)
  })

  it('name the ends of Temporal.PlainDate\'s range', () => {
    assert.equal(EPOCH.until(Temporal.PlainDate.from('-271821-04-19')).days, MIN_PLAIN_DATE_DAY)
    assert.equal(EPOCH.until(Temporal.PlainDate.from('+275760-09-13')).days, MAX_PLAIN_DATE_DAY)
  })
})

describe('parseWallTime', () => {
  it('reads what Temporal.PlainDateTime.from reads, and declines the rest', () => {
    const digits = (length: number) => fc.string({ unit: fc.constantFrom(...'0123456789'), minLength: length, maxLength: length })
    const text = fc.tuple(
      fc.oneof(digits(4), fc.constantFrom('2024', '1900', '0000', '9999')), digits(2), digits(2),
      fc.option(fc.tuple(digits(2), digits(2), fc.option(fc.tuple(digits(2), fc.option(fc.integer({ min: 1, max: 9 })
        .chain((length) => digits(length))))))),
    ).map(([year, month, day, time]) => {
      let text = `${year}-${month}-${day}`
      if (time) {
        const [hour, minute, seconds] = time
        text += `T${hour}:${minute}`
        if (seconds) text += `:${seconds[0]}${seconds[1] === null ? '' : `.${seconds[1]}`}`
      }
      return text
    })
    const valid = fc.record({
      date: fc.integer({ min: -719_162, max: 2_932_896 }), ms: fc.integer({ min: 0, max: 86_399_999 }),
      ns: fc.integer({ min: 0, max: 999_999 }),
    }).map(({ date, ms, ns }) => EPOCH.add({ days: date }).toPlainDateTime().add({ milliseconds: ms, nanoseconds: ns }).toString())
    let read = 0
    fc.assert(fc.property(fc.oneof(text, valid), (input) => {
      const parsed = parseWallTime(input)
      if (!parsed) return
      read++
      const expected = Temporal.PlainDateTime.from(input)
      const date = civilDateOf(parsed.epochDay)
      const time = Temporal.PlainTime.from({ hour: 0 }).add({ milliseconds: parsed.timeMs, nanoseconds: parsed.subMsNs })
      assert.equal(Temporal.PlainDate.from(date).toPlainDateTime(time).toString(), expected.toString(), input)
    }), { numRuns: 5000 })
    assert.ok(read > 1000, `read ${read}`)
  })

  it('declines what Temporal would constrain or refuse', () => {
    for (const text of ['2026-02-29', '2026-13-01', '2026-01-01T24:00', '2026-01-01T12:60', '2026-06-30T23:59:60',
      '2026-01-01 09:00', '2026-01-01t09:00', '+002026-01-01', '2026-01-01T09:00Z', '2026-01-01T09:00:00.1234567890']) {
      assert.equal(parseWallTime(text), undefined, text)
    }
  })
})
