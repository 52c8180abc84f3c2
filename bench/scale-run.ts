/**
 * @module `--scale`: the listing calendars plus 1,000,000 appointments over 10,000 users of
 * 100 customers (100 each: 20 series and 80 single appointments over ten years), seeded
 * through the Store into a fresh SQLite file; then create JSON and the one-week listing, three
 * times each in turn, with the server's memory after every run. Each user gets one of ten
 * calendars validated up front (the seed costs store writes, not validation).
 */
import type { AppointmentData } from '../src/domain/appointment.ts'
import type { Store } from '../src/store/store.ts'
import { seriesBody, singleBody } from './calendar-data.ts'
import { freshDatabase } from './databases.ts'
import { type Row, describeListing, measureRow } from './rows.ts'
import type { RunContext } from './run-context.ts'
import { createScenarios, listScenario } from './scenarios.ts'
import { ZONE, createAll, validateAll } from './seed-store.ts'
import { startServer } from './server-process.ts'
import { seedDatabase, serviceLaunch } from './service-run.ts'

export const SCALE_USERS = 10_000
export const SCALE_PER_USER = 100
export const SCALE_REPETITIONS = 3
const CUSTOMERS = 100
const CALENDARS = 10
const SERIES_PER_USER = 20
const SINGLES_PER_USER = SCALE_PER_USER - SERIES_PER_USER
const SCALE_SPAN = { from: '2016-01-01', days: 3650 } as const

export interface ScaleRun {
  readonly appointments: number
  readonly seedSeconds: number
  readonly idleRssBytes: number
  readonly rows: readonly Row[]
}

export async function runScale(context: RunContext): Promise<ScaleRun> {
  const database = await freshDatabase({ backend: 'SQLite', serverUrl: '' })
  try {
    const seeded = await seedDatabase(database.databaseUrl, context.signal, (store) => seedScaleUsers(store, context))
    context.progress(`scale: seeded ${seeded.appointments.toLocaleString('en')} appointments in ${seeded.seconds.toFixed(0)} s`)
    const server = await startServer(context.group, serviceLaunch(database, context.nodeArgs))
    try {
      const idleRssBytes = await server.rssBytes()
      const [createJson] = createScenarios()
      if (!createJson) throw new Error('No create JSON scenario.')
      const rows: Row[] = []
      for (let repetition = 1; repetition <= SCALE_REPETITIONS; repetition++) {
        const settings = repetition === 1 ? context.settings : { ...context.settings, warmUpSeconds: 0 }
        rows.push(await measureRow(context, server, 'SQLite', createJson, { repetition, settings }))
        rows.push(await measureRow(context, server, 'SQLite', listScenario('list-week'), { describe: describeListing, repetition, settings }))
        context.progress(`scale: repetition ${repetition} done`)
      }
      return { appointments: seeded.appointments, seedSeconds: seeded.seconds, idleRssBytes, rows }
    } finally {
      await server.stop()
    }
  } finally {
    await database.dispose()
  }
}

async function seedScaleUsers(store: Store, context: RunContext): Promise<number> {
  const calendars = Array.from({ length: CALENDARS }, (_, calendar) => scaleCalendar(calendar))
  const usersPerCustomer = SCALE_USERS / CUSTOMERS
  let created = 0
  for (let customer = 0; customer < CUSTOMERS; customer++) {
    const customerId = `M4${String(customer).padStart(4, '0')}`
    await store.addCustomer({ customerId, name: `Scale ${customer}`, timeZone: ZONE })
    for (let user = 0; user < usersPerCustomer; user++) {
      const userId = `U${String(user).padStart(4, '0')}`
      await store.addUser({ customerId, userId, name: null })
      await createAll(store, { customerId, userId }, calendars[(customer + user) % CALENDARS] ?? [], context.signal)
      created += SCALE_PER_USER
    }
    if ((customer + 1) % 10 === 0) context.progress(`scale: ${created.toLocaleString('en')} appointments`)
  }
  return created
}

/** The calendar-th of ten: every tenth series and every tenth single of ten years. */
function scaleCalendar(calendar: number): AppointmentData[] {
  return validateAll([
    ...Array.from({ length: SERIES_PER_USER }, (_, index) => seriesBody(index * CALENDARS + calendar)),
    ...Array.from({ length: SINGLES_PER_USER }, (_, index) =>
      singleBody(index * CALENDARS + calendar, SINGLES_PER_USER * CALENDARS, SCALE_SPAN)),
  ])
}
