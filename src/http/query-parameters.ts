/**
 * @module The query string as the listing and `/Changes` read it: each parameter a route
 * knows, its name matched case-insensitively as Web API binds them, at most once (sent twice
 * it is a problem under its name); parameters a route does not know are ignored; an empty
 * value is the empty string, for the route's own reading to judge.
 */
import type { FieldProblems } from '../domain/errors.ts'

/** What Fastify's query parser gives: a name sent twice is an array. */
export type QueryString = Record<string, string | string[] | undefined>

export interface QueryParameters<Name extends string> {
  readonly values: Partial<Record<Name, string>>
  /** One message per parameter sent more than once, in the order of `names`. */
  readonly problems: FieldProblems
}

/** The one value of each of `names` (lower case) that `query` holds. */
export function readQueryParameters<const Name extends string>(
  query: QueryString, names: readonly Name[],
): QueryParameters<Name> {
  const sent = new Map<string, string[]>()
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined) continue
    const name = key.toLowerCase()
    sent.set(name, [...(sent.get(name) ?? []), ...(Array.isArray(value) ? value : [value])])
  }
  const values: Partial<Record<Name, string>> = {}
  const problems: FieldProblems = {}
  for (const name of names) {
    const given = sent.get(name) ?? []
    if (given.length > 1) problems[name] = [`Send ${name} once, not ${given.length} times.`]
    else if (given.length === 1) values[name] = given[0]
  }
  return { values, problems }
}
