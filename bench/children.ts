/**
 * @module The child processes one bench run started (servers under load), so that every way
 * out (the end, an error, Ctrl-C) ends exactly those and no others.
 */
import { type ChildProcess, type SpawnOptions, spawn } from 'node:child_process'
import { once } from 'node:events'

export class ChildGroup {
  private readonly children = new Set<ChildProcess>()

  spawn(command: string, args: readonly string[], options: SpawnOptions): ChildProcess {
    const child = spawn(command, args, options)
    this.children.add(child)
    child.once('exit', () => this.children.delete(child))
    return child
  }

  /** SIGTERM, then SIGKILL for a child still running after `graceMs`; resolves once it is gone. */
  async stop(child: ChildProcess, graceMs = 10_000): Promise<void> {
    if (child.exitCode !== null || child.signalCode !== null) return
    const exited = once(child, 'exit')
    child.kill('SIGTERM')
    const timer = setTimeout(() => child.kill('SIGKILL'), graceMs)
    await exited
    clearTimeout(timer)
  }

  async stopAll(): Promise<void> {
    await Promise.all([...this.children].map((child) => this.stop(child)))
  }

  /** For `process.on('exit')`, where nothing asynchronous runs any more. */
  killAllNow(): void {
    for (const child of this.children) child.kill('SIGKILL')
  }
}
