/**
 * @module What a child process printed and how it ended, read until it closes: the admin
 * command, the entry point and npm run as their users run them.
 */
import type { ChildProcess } from 'node:child_process'
import { once } from 'node:events'
import type { Readable } from 'node:stream'

export interface ChildOutput {
  readonly code: number | null
  readonly stdout: string
  readonly stderr: string
}

/** Collects stdout and stderr until the child closes; `onStdout` sees stdout so far after each chunk. */
export async function childOutput(
  child: ChildProcess & { readonly stdout: Readable; readonly stderr: Readable }, onStdout?: (stdoutSoFar: string) => void,
): Promise<ChildOutput> {
  let stdout = ''
  let stderr = ''
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
    stdout += chunk
    onStdout?.(stdout)
  })
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => { stderr += chunk })
  const [code] = await once(child, 'close') as [number | null]
  return { code, stdout, stderr }
}
