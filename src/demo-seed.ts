/**
 * @module First start on an empty database: a demo customer, user and API client with a
 * random password, and a ready-to-paste curl line to try the API with them. Later starts
 * say how to get a new password, since the first one was shown only once.
 */
import { generatePassword, hashPassword } from './domain/password.ts'
import type { Directory } from './store/store.ts'

export const DEMO_CUSTOMER_ID = 'M10001'
export const DEMO_USER_ID = 'DEMO1'
export const DEMO_USERNAME = 'demo'
const DAY_MS = 86_400_000

export interface DemoSeed {
  readonly password: string
  instructions(baseUrl: string): string
}

export async function seedDemoIfEmpty(store: Directory): Promise<DemoSeed | undefined> {
  if (await store.countClients() > 0) return undefined
  const password = generatePassword()
  if ((await store.listCustomers()).every((customer) => customer.customerId !== DEMO_CUSTOMER_ID)) {
    await store.addCustomer({ customerId: DEMO_CUSTOMER_ID, name: 'Demo Mäkleri', timeZone: 'Europe/Stockholm' })
    await store.addUser({ customerId: DEMO_CUSTOMER_ID, userId: DEMO_USER_ID, name: 'Demo Mäklare' })
  }
  await store.addClient({ username: DEMO_USERNAME, passwordHash: await hashPassword(password), customerIds: [DEMO_CUSTOMER_ID] })
  return { password, instructions: (baseUrl) => demoInstructions(baseUrl, password) }
}

/** For a start after the first: the demo client's password is not stored readably, so this says how to set a new one. */
export async function demoReminder(store: Directory): Promise<string> {
  if (!(await store.findClientByUsername(DEMO_USERNAME))) return ''
  return [
    '',
    `The demo API client ${DEMO_USERNAME} (customer ${DEMO_CUSTOMER_ID}, user ${DEMO_USER_ID}) was created at the first start;`,
    'its password was shown only then. For a new one, with the same DATABASE_URL:',
    `  npm run --silent admin -- client set-password ${DEMO_USERNAME}`,
    '',
    '',
  ].join('\n')
}

function demoInstructions(baseUrl: string, password: string): string {
  const tomorrow = new Date(Date.now() + DAY_MS).toISOString().slice(0, 10)
  const body = `{"subject":"Visning","location":"Storgatan 1","startsAt":"${tomorrow}T10:00:00"}`
  return [
    '',
    'Created a demo customer, user and API client (shown only this once):',
    `  customer ${DEMO_CUSTOMER_ID}, user ${DEMO_USER_ID}, username ${DEMO_USERNAME}, password ${password}`,
    'Try it:',
    `  curl -u '${DEMO_USERNAME}:${password}' -H 'Content-Type: application/json' \\`,
    `    -d '${body}' ${baseUrl}/Appointment/${DEMO_CUSTOMER_ID}/${DEMO_USER_ID}`,
    '',
    '',
  ].join('\n')
}
