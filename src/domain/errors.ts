/**
 * @module The few typed errors the domain throws. They carry facts, never HTTP bodies;
 * `src/http/error-statuses.ts` alone says what each is answered with.
 */

/** Field path (e.g. `startsAt`, `recurrenceDayOfWeeks[1]`, or '' for the whole body) → messages. */
export type FieldProblems = Record<string, string[]>

export class ValidationFailed extends Error {
  readonly problems: FieldProblems
  constructor(problems: FieldProblems) {
    super(`Invalid fields: ${Object.keys(problems).join(', ')}`)
    this.name = 'ValidationFailed'
    this.problems = problems
  }
}

export class NotFound extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'NotFound'
  }
}

export class Forbidden extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'Forbidden'
  }
}

export class PreconditionFailed extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'PreconditionFailed'
  }
}

/** What the request refers to existed but is no longer kept (an expired change-feed token). */
export class Gone extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'Gone'
  }
}

/** Parameter name (e.g. `from`, `to`, `after`) → messages: request parameters outside the body. */
export class InvalidParameters extends Error {
  readonly problems: FieldProblems
  constructor(problems: FieldProblems) {
    super(`Invalid parameters: ${Object.keys(problems).join(', ')}`)
    this.name = 'InvalidParameters'
    this.problems = problems
  }
}
