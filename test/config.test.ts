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

test('no METRICS_PORT: no metrics listener; METRICS_PORT and METRICS_HOST set it, on 127.0.0.1 by default', () => {
  const plain = loadConfig({})
  assert.equal(plain.metricsPort, undefined)
  assert.equal(loadConfig({ METRICS_PORT: '' }).metricsPort, undefined)
  const local = loadConfig({ METRICS_PORT: '9464' })
  assert.deepEqual([local.metricsHost, local.metricsPort], ['127.0.0.1', 9464])
  const remote = loadConfig({ METRICS_PORT: '9464', METRICS_HOST: '10.0.0.5' })
  assert.deepEqual([remote.metricsHost, remote.metricsPort], ['10.0.0.5', 9464])
})

test('a METRICS_PORT that is not a port, or is the API port, is refused with what to send', () => {
  assert.throws(() => loadConfig({ METRICS_PORT: '9464x' }), /METRICS_PORT must be a whole number from 0 to 65535, not "9464x"/)
  assert.throws(() => loadConfig({ METRICS_PORT: '70000' }), /METRICS_PORT must be a whole number from 0 to 65535/)
  assert.throws(() => loadConfig({ PORT: '9000', METRICS_PORT: '9000' }), /METRICS_PORT must differ from PORT \(9000\)/)
  assert.throws(() => loadConfig({ METRICS_PORT: '8080' }), /METRICS_PORT must differ from PORT/)
  assert.equal(loadConfig({ PORT: '0', METRICS_PORT: '0' }).metricsPort, 0, 'any free port, twice, are two ports')
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
