/**
 * @module Entry point: reads the environment, opens the store, seeds a demo on first start,
 * serves until a signal asks it to stop.
 */
import { loadConfig } from './config.ts'
import { seedDemoIfEmpty } from './demo-seed.ts'
import { buildApp } from './http/app.ts'
import { openStore } from './store/open-store.ts'

const config = loadConfig(process.env)
const store = await openStore(config.databaseUrl)
const app = buildApp({ config, store })
app.addHook('onClose', async () => {
  await store.close()
})

const address = await app.listen({ port: config.port, host: config.host })
if (!config.production) {
  const demo = await seedDemoIfEmpty(store)
  if (demo) process.stdout.write(demo.instructions(address))
}

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    app.close().then(() => process.exit(0), () => process.exit(1))
  })
}
