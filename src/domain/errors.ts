/**
 * @module The few typed errors the domain throws. They carry facts, never HTTP bodies;
 * `src/http/error-statuses.ts` alone says what each is answered with.
 */

/** Field path (e.g. `startsAt`, `recurrenceDayOfWeeks[1]`, or '' for the whole body) → messages. */
export type FieldProblems = Record<string, string[]>

/** An error named after its class (`NotFound`, not `Error`) in logs and stack traces. */
class DomainError extends Error {
  constructor(message: string) {
    super(message)
    this.name = new.target.name
  }
}

/** An error that names each field or parameter it refuses, with the messages for it. */
class ProblemsError extends DomainError {
  readonly problems: FieldProblems
  constructor(what: string, problems: FieldProblems) {
    super(`Invalid ${what}: ${Object.keys(problems).join(', ')}`)
    this.problems = problems
  }
}

export class ValidationFailed extends ProblemsError {
  constructor(problems: FieldProblems) {
    super('fields', problems)
  }
}

export class NotFound extends DomainError {}

export class Forbidden extends DomainError {}

export class PreconditionFailed extends DomainError {}

/** What the request refers to existed but is no longer kept (an expired change-feed token). */
export class Gone extends DomainError {}

/** Parameter name (e.g. `from`, `to`, `after`) → messages: request parameters outside the body. */
export class InvalidParameters extends ProblemsError {
  constructor(problems: FieldProblems) {
    super('parameters', problems)
  }
}
