/**
 * @module iCalendar content as jCal (RFC 7265) data: the plain arrays an iCalendar library
 * stringifies (escaping, folding). The feed's pure builders produce these and never text.
 */

export type JCalParameters = Readonly<Record<string, string>>

/** `[name, parameters, value type, value]`; a recur value is an object of rule parts. */
export type JCalProperty = readonly [name: string, parameters: JCalParameters, type: string, value: unknown]

export type JCalComponent = readonly [name: string, properties: readonly JCalProperty[], components: readonly JCalComponent[]]

export function property(name: string, type: string, value: unknown, parameters: JCalParameters = {}): JCalProperty {
  return [name, parameters, type, value]
}

/** An instant as a jCal UTC date-time, whole seconds: `2026-03-02T09:00:00Z`. */
export function utcDateTime(epochMs: number): string {
  return `${new Date(Math.floor(epochMs / 1000) * 1000).toISOString().slice(0, 19)}Z`
}
