import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import fc from 'fast-check'
import { Temporal } from 'temporal-polyfill'
import { DAY_MS } from '../../../src/domain/time/epoch-days.ts'
import {
  epochMsOfWallTime, formatEpochWithOffset, formatWithOffset, wallTimeToZoned,
} from '../../../src/domain/time/time-zone.ts'
import { instantMsOfWallTime, offsetMsAt } from '../../../src/domain/time/zone-offsets.ts'

/** Zones with many, odd or large changes, and LMT offsets in whole seconds (Monrovia, Dublin, Amsterdam). */
const ZONES = [
  'Europe/Stockholm', 'America/New_York', 'Australia/Lord_Howe', 'Pacific/Apia', 'America/Santiago', 'Asia/Tehran',
  'Africa/Casablanca', 'Europe/Dublin', 'Africa/Monrovia', 'Europe/Amsterdam', 'Antarctica/Troll', 'UTC',
] as const

const YEAR_MS = 365.2425 * DAY_MS
const PARAMETERS = { numRuns: 3000, seed: Number(process.env.FC_SEED ?? Date.now() % 2 ** 31) }

function msBetween(min: number, max: number): fc.Arbitrary<number> {
  return fc.bigInt({ min: BigInt(Math.round(min)), max: BigInt(Math.round(max)) }).map(Number)
}

/** Mostly 1850–2100; sometimes anywhere in years 1–9999. */
const anyMs = fc.oneof(
  { weight: 4, arbitrary: msBetween(-120 * YEAR_MS, 130 * YEAR_MS) },
  { weight: 1, arbitrary: msBetween(-1969 * YEAR_MS, 8029 * YEAR_MS) },
)

/** Every offset change from 1900 to 2040, with its zone. */
const TRANSITIONS: readonly (readonly [string, number])[] = ZONES.flatMap((timeZone) => {
  const found: [string, number][] = []
  let transition = Temporal.ZonedDateTime.from({ year: 1900, month: 1, day: 1, timeZone }).getTimeZoneTransition('next')
  while (transition && transition.year <= 2040) {
    found.push([timeZone, transition.epochMilliseconds])
    transition = transition.getTimeZoneTransition('next')
  }
  return found
})

/** An instant within two days of a change, at any millisecond (or exactly on it). */
const nearChange = fc.tuple(
  fc.constantFrom(...TRANSITIONS),
  fc.oneof(fc.constant(0), fc.constantFrom(-1, 1, -1000, 1000), msBetween(-2 * DAY_MS, 2 * DAY_MS)),
).map(([[timeZone, ms], shift]) => ({ timeZone, ms: ms + shift }))

const anywhere = fc.record({ timeZone: fc.constantFrom(...ZONES), ms: anyMs })
const instants = fc.oneof(anywhere, nearChange)
const subMsNs = fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 999_999 }))

function zonedAt(ms: number, ns: number, timeZone: string): Temporal.ZonedDateTime {
  return Temporal.Instant.fromEpochNanoseconds(BigInt(ms) * 1_000_000n + BigInt(ns)).toZonedDateTimeISO(timeZone)
}

/** Local milliseconds since 1970-01-01T00:00 of a ZonedDateTime's wall time. */
function localMsOf(zoned: Temporal.ZonedDateTime): number {
  return zoned.epochMilliseconds + zoned.offsetNanoseconds / 1_000_000
}

describe('zone offsets from the cache agree with Temporal', () => {
  it('finds the changes the cases below start from, and Stockholm\'s 2026 spring change to the millisecond', () => {
    assert.ok(TRANSITIONS.length > 500, `${TRANSITIONS.length} transitions`)
    assert.equal(offsetMsAt('Europe/Stockholm', Date.parse('2026-07-01T12:00Z')), 7_200_000)
    assert.equal(offsetMsAt('Europe/Stockholm', Date.parse('2026-03-29T01:00Z')), 7_200_000, 'from the change on')
    assert.equal(offsetMsAt('Europe/Stockholm', Date.parse('2026-03-29T01:00Z') - 1), 3_600_000, 'until just before it')
  })

  it('gives the offset Temporal gives at any instant', () => {
    fc.assert(fc.property(instants, ({ timeZone, ms }) => {
      assert.equal(offsetMsAt(timeZone, ms), zonedAt(ms, 0, timeZone).offsetNanoseconds / 1_000_000)
    }), PARAMETERS)
  })

  it('resolves a wall time as Temporal does (compatible), or declines near a change', () => {
    let declined = 0
    fc.assert(fc.property(instants, fc.integer({ min: -DAY_MS, max: DAY_MS }), ({ timeZone, ms }, shift) => {
      const wall = zonedAt(ms, 0, timeZone).toPlainDateTime().add({ milliseconds: shift })
      const expected = wall.toZonedDateTime(timeZone, { disambiguation: 'compatible' }).epochMilliseconds
      const localMs = wall.toZonedDateTime('UTC').epochMilliseconds
      const resolved = instantMsOfWallTime(timeZone, localMs)
      if (resolved === undefined) declined++
      else assert.equal(resolved, expected, `${wall} in ${timeZone}`)
    }), PARAMETERS)
    assert.ok(declined < PARAMETERS.numRuns / 2, `declined ${declined} of ${PARAMETERS.numRuns}`)
  })

  it('declines only within a day of a change', () => {
    fc.assert(fc.property(anywhere, ({ timeZone, ms }) => {
      const zoned = zonedAt(ms, 0, timeZone)
      const before = zoned.subtract({ hours: 48 }).getTimeZoneTransition('next')
      const clear = !before || Math.abs(before.epochMilliseconds - ms) > 3 * DAY_MS
      if (clear) assert.notEqual(instantMsOfWallTime(timeZone, localMsOf(zoned)), undefined, `${zoned}`)
    }), PARAMETERS)
  })

  it('wallTimeToZoned and epochMsOfWallTime equal plain Temporal, gaps and overlaps included', () => {
    fc.assert(fc.property(instants, subMsNs, fc.integer({ min: -3 * 3_600_000, max: 3 * 3_600_000 }),
      ({ timeZone, ms }, ns, shift) => {
        const wall = zonedAt(ms, ns, timeZone).toPlainDateTime().add({ milliseconds: shift }).toString()
        const expected = Temporal.PlainDateTime.from(wall).toZonedDateTime(timeZone, { disambiguation: 'compatible' })
        const zoned = wallTimeToZoned(wall, timeZone)
        assert.equal(zoned.toString(), expected.toString(), `${wall} in ${timeZone}`)
        assert.equal(zoned.epochNanoseconds, expected.epochNanoseconds)
        assert.equal(epochMsOfWallTime(wall, timeZone), expected.epochMilliseconds)
      }), PARAMETERS)
  })
})

describe('formatEpochWithOffset', () => {
  it('writes what formatWithOffset writes for the same instant', () => {
    fc.assert(fc.property(instants, subMsNs, ({ timeZone, ms }, ns) => {
      const zoned = zonedAt(ms, ns, timeZone)
      assert.equal(formatEpochWithOffset(ms, ns, zoned.offsetNanoseconds, timeZone), formatWithOffset(zoned))
    }), PARAMETERS)
  })

  it('rounds an LMT offset to the minute as Temporal does, and hands far years to Temporal', () => {
    const cases: [string, string][] = [
      ['1880-01-01T00:00:00Z', 'Europe/Stockholm'], ['1900-01-01T00:00:00Z', 'Africa/Monrovia'],
      ['1880-01-01T00:00:00Z', 'Europe/Dublin'], ['1880-01-01T00:00:00Z', 'America/New_York'],
      ['-000001-06-01T00:00:00Z', 'UTC'], ['+010000-06-01T00:00:00Z', 'Pacific/Apia'], ['0000-01-01T00:30:00Z', 'Asia/Tehran'],
    ]
    for (const [instant, timeZone] of cases) {
      const zoned = Temporal.Instant.from(instant).toZonedDateTimeISO(timeZone)
      const ms = zoned.epochMilliseconds
      const ns = Number(zoned.epochNanoseconds - BigInt(ms) * 1_000_000n)
      assert.equal(formatEpochWithOffset(ms, ns, zoned.offsetNanoseconds, timeZone), formatWithOffset(zoned))
    }
  })
})
