/**
 * @module A Store that times every call it passes on: `db_operation_duration_seconds`
 * {operation} for each method, failures included, and, for a store with a connection pool,
 * `db_pool_connections{state="total|idle|waiting"}` read from the pool when Prometheus scrapes.
 * Methods are found on the store itself, so a method added to the contract is timed too.
 */
import { Gauge, Histogram, type Registry } from 'prom-client'
import type { Store } from './store.ts'

type Method = (...parameters: unknown[]) => Promise<unknown>

/** Store calls take from tens of microseconds (a cached lookup) to seconds (a stuck pool). */
const DURATION_BUCKETS = [0.0001, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5]
const UNTIMED = new Set(['close', 'poolUse'])

export function instrumentStore(store: Store, registry: Registry): Store {
  const durations = new Histogram({
    name: 'db_operation_duration_seconds',
    help: 'Time of each Store call, by operation (method name), failed calls included.',
    labelNames: ['operation'],
    buckets: DURATION_BUCKETS,
    registers: [registry],
  })
  if (store.poolUse) registerPoolGauge(store.poolUse.bind(store), registry)
  const target = store as unknown as Record<string, Method>
  const timed = Object.keys(store).filter((name) => !UNTIMED.has(name)).map((name) => {
    const timer = durations.labels(name)
    const method = target[name]!
    return [name, async (...parameters: unknown[]) => {
      const end = timer.startTimer()
      try {
        return await method(...parameters)
      } finally {
        end()
      }
    }]
  })
  return { ...store, ...Object.fromEntries(timed) } as Store
}

function registerPoolGauge(poolUse: NonNullable<Store['poolUse']>, registry: Registry): void {
  new Gauge({
    name: 'db_pool_connections',
    help: 'Database pool connections: total open, idle, and callers waiting for one.',
    labelNames: ['state'],
    registers: [registry],
    collect() {
      const use = poolUse()
      this.set({ state: 'total' }, use.total)
      this.set({ state: 'idle' }, use.idle)
      this.set({ state: 'waiting' }, use.waiting)
    },
  })
}
