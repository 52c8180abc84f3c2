/**
 * @module Entry point: reads the environment, opens the store, seeds a demo on first start,
 * serves (and, with METRICS_PORT, serves metrics on that port) until a signal asks it to stop.
 */
import { loadConfig } from './config.ts'
import { demoReminder, seedDemoIfEmpty } from './demo-seed.ts'
import { buildApp } from './http/app.ts'
import { createHttpMetrics, createMetricsRegistry, startMetricsServer } from './http/metrics.ts'
import { instrumentStore } from './store/instrumented-store.ts'
import { MigrationsPending } from './store/migrations.ts'
import { openStore } from './store/open-store.ts'
import { startConfiguredSender } from './webhooks/start.ts'
import { registerWebhookMetrics } from './webhooks/webhook-metrics.ts'

const config = loadConfig(process.env)
const { metricsPort } = config
const opened = await openStore(config.databaseUrl, { migrate: config.migrateOnStart }).catch((error: unknown) => {
  if (!(error instanceof MigrationsPending)) throw error
  process.stderr.write(`${error.message}\n`)
  process.exit(1)
})
const registry = metricsPort === undefined ? undefined : createMetricsRegistry()
const store = registry ? instrumentStore(opened, registry) : opened
const app = buildApp({ config, store, metrics: registry && createHttpMetrics(registry) })
const metricsServer = registry && metricsPort !== undefined
  ? await startMetricsServer(registry, { host: config.metricsHost, port: metricsPort })
    .catch((error: unknown) => exitIfPortTaken(error, 'METRICS_PORT', config.metricsHost, metricsPort))
  : undefined
if (metricsServer) app.log.info(`Metrics listening at ${metricsServer.url}/metrics`)
const webhooks = startConfiguredSender(config, store, app.log, registry && registerWebhookMetrics(registry, store))
app.addHook('onClose', async () => {
  await metricsServer?.close()
  await webhooks.close()
  await store.close()
})

// Before listening: a signal that comes as soon as the port answers still closes cleanly.
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    app.close().then(() => process.exit(0), () => process.exit(1))
  })
}

const address = await app.listen({ port: config.port, host: config.host })
  .catch((error: unknown) => exitIfPortTaken(error, 'PORT', config.host, config.port))
if (!config.production) {
  const demo = await seedDemoIfEmpty(store)
  process.stdout.write(demo ? demo.instructions(address) : await demoReminder(store))
}

/** A port another process holds: one line saying which and what to set, not Node's stack; other errors as they are. */
async function exitIfPortTaken(error: unknown, variable: string, host: string, port: number): Promise<never> {
  if ((error as NodeJS.ErrnoException).code !== 'EADDRINUSE') throw error
  process.stderr.write(`Port ${port} on ${host} is already in use by another process: stop that process, `
    + `or set ${variable} to a free port, e.g. ${variable}=${port < 65_535 ? port + 1 : port - 1}.\n`)
  await store.close()
  process.exit(1)
}
