/**
 * @module What every admin command is made of: the invocation it gets, the usage error
 * (exit code 2), and the argument checks and table printing they share.
 */
import type { Config } from '../config.ts'
import type { Store } from '../store/store.ts'

const ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/

export class UsageError extends Error {}

export interface Invocation {
  readonly args: readonly string[]
  readonly options: {
    name?: string; 'time-zone'?: string; customers?: string; 'password-stdin'?: boolean; 'base-url'?: string
    customer?: string; from?: string; to?: string; limit?: string; events?: string; users?: string
    description?: string
  }
  readonly store: Store
  readonly config: Config
  readonly stdin: NodeJS.ReadableStream
  readonly print: (line: string) => void
}

export type Command = (invocation: Invocation) => Promise<void>

export function expectArgs<const Names extends readonly string[]>(
  args: readonly string[], names: Names,
): { -readonly [K in keyof Names]: string } {
  if (args.length !== names.length) {
    throw new UsageError(`Expected ${names.length ? names.map((n) => `<${n}>`).join(' ') : 'no arguments'}, `
      + `got ${args.length ? args.join(' ') : 'none'}.`)
  }
  return [...args] as { -readonly [K in keyof Names]: string }
}

export function checkId(id: string, what: string): string {
  if (!ID_PATTERN.test(id)) {
    throw new UsageError(`${what} "${id}" must be 1–64 letters, digits, ".", "_" or "-", starting with a letter or digit.`)
  }
  return id
}

export function printTable(print: (line: string) => void, header: readonly string[], rows: readonly string[][]): void {
  const widths = header.map((title, i) => Math.max(title.length, ...rows.map((row) => row[i]?.length ?? 0)))
  for (const row of [header, ...rows]) print(row.map((cell, i) => cell.padEnd(widths[i] ?? 0)).join('  ').trimEnd())
}
