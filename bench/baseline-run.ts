/**
 * @module The baseline row: bench/baseline-server.ts as its own process, loaded like create
 * JSON (same path, headers and body), then stopped.
 */
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { type Row, measureRow } from './rows.ts'
import type { RunContext } from './run-context.ts'
import { baselineScenario } from './scenarios.ts'
import { startServer } from './server-process.ts'

const BASELINE_SCRIPT = new URL('./baseline-server.ts', import.meta.url).pathname

export async function runBaseline(context: RunContext, key: 'baseline-before' | 'baseline-after'): Promise<Row> {
  const dir = await mkdtemp(join(tmpdir(), 'calendar-bench-baseline-'))
  try {
    const server = await startServer(context.group, { script: BASELINE_SCRIPT, nodeArgs: [], env: {}, logPath: join(dir, 'baseline.log') })
    try {
      return await measureRow(context, server, 'Fastify', baselineScenario(key))
    } finally {
      await server.stop()
    }
  } finally {
    await rm(dir, { recursive: true, force: true })
  }
}
