/**
 * @module The command users start the service with, read from package.json's `start` script
 * (`node [Node options] src/main.ts`), so the bench measures the server exactly as `npm
 * start` runs it, Node options included (the young generation's cap, see docs/performance.md).
 */
import { readFileSync } from 'node:fs'

export interface StartCommand {
  /** Node options before the script, e.g. `--max-semi-space-size=8`. */
  readonly nodeArgs: readonly string[]
  /** The script's path from the project's root, e.g. `src/main.ts`. */
  readonly script: string
}

export function readStartCommand(): StartCommand {
  const manifest = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { scripts?: Record<string, string> }
  const start = manifest.scripts?.start ?? ''
  const [command, ...rest] = start.trim().split(/\s+/)
  const script = rest.at(-1)
  const nodeArgs = rest.slice(0, -1)
  if (command !== 'node' || !script?.endsWith('.ts') || nodeArgs.some((arg) => !arg.startsWith('--'))) {
    throw new Error(`package.json's start script is not "node [--options] <script>.ts": "${start}".`)
  }
  return { nodeArgs, script }
}
