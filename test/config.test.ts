import assert from 'node:assert/strict'
import { test } from 'node:test'
import { DEFAULT_DATABASE_URL, loadConfig } from '../src/config.ts'
import { startServer } from './helpers/server.ts'

test('defaults: 127.0.0.1:8080, SQLite in data/, demo seed on, proxies not trusted', () => {
  const config = loadConfig({})
  assert.deepEqual([config.host, config.port, config.databaseUrl, config.production, config.trustProxy],
    ['127.0.0.1', 8080, DEFAULT_DATABASE_URL, false, false])
})

test('PORT, HOST, DATABASE_URL, NODE_ENV and TRUST_PROXY override', () => {
  const config = loadConfig({
    PORT: '9090', HOST: '0.0.0.0', DATABASE_URL: 'sqlite::memory:', NODE_ENV: 'production', TRUST_PROXY: 'true',
  })
  assert.deepEqual([config.host, config.port, config.databaseUrl, config.production, config.trustProxy],
    ['0.0.0.0', 9090, 'sqlite::memory:', true, true])
})

test('a PORT that is not a port is refused with what to send', () => {
  assert.throws(() => loadConfig({ PORT: 'eighty' }), /PORT must be a whole number from 0 to 65535/)
})

test('behind a trusted proxy the docs show the public https URL; untrusted, the forwarded headers are ignored', async (t) => {
  const forwarded = { 'x-forwarded-proto': 'https', 'x-forwarded-host': 'calendar.example.se' }
  const trusting = await startServer(t, { env: { TRUST_PROXY: 'true' } })
  const trustedPage = await (await fetch(`${trusting.baseUrl}/Help/Api/POST-Appointment-customerId-id?lang=en`,
    { headers: forwarded })).text()
  assert.ok(trustedPage.includes('https://calendar.example.se/Appointment/'))
  const plain = await startServer(t)
  const plainPage = await (await fetch(`${plain.baseUrl}/Help/Api/POST-Appointment-customerId-id?lang=en`,
    { headers: forwarded })).text()
  assert.ok(!plainPage.includes('calendar.example.se'))
  assert.ok(plainPage.includes(`${plain.baseUrl}/Appointment/`))
})
