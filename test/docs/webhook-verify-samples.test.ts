/**
 * The signature samples run as the help page /Help/Webhooks/Signatures prints them (in both
 * languages, the same code): the TypeScript one on Node, the PHP one on php, the C# one
 * compiled by Mono's mcs and run by mono. Each gets a real delivery (our
 * server's sender to a receiver on loopback, also verified by the standardwebhooks package)
 * and must print `valid`; with one byte of the body changed, `invalid`.
 */
import assert from 'node:assert/strict'
import { execFile } from 'node:child_process'
import { writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { describe, test } from 'node:test'
import { promisify } from 'node:util'
import { MONO, PHP_CURL, skipWithout } from '../helpers/outside-tools.ts'
import { postJson, send } from '../helpers/requests.ts'
import { CUSTOMER_ID, makeTempDir, startServer, type TestServer } from '../helpers/server.ts'
import { startReceiver, type Delivery } from '../helpers/webhook-receiver.ts'
import { sampleFromHtml } from './sample-extraction.ts'

const run = promisify(execFile)

/** The sample as the page prints it, the same in Swedish and English. */
async function sampleOf(server: TestServer, id: string): Promise<string> {
  const [sv, en] = await Promise.all(['sv', 'en'].map(async (lang) =>
    sampleFromHtml(await (await fetch(`${server.baseUrl}/Help/Webhooks/Signatures?lang=${lang}`)).text(), id)))
  assert.equal(sv, en)
  return sv!
}

function envOf(secret: string, delivery: Delivery, body = delivery.body): NodeJS.ProcessEnv {
  return {
    ...process.env, WEBHOOK_SECRET: secret, WEBHOOK_ID: delivery.id, WEBHOOK_TIMESTAMP: delivery.timestamp,
    WEBHOOK_SIGNATURE: delivery.signature, WEBHOOK_BODY: body,
  }
}

describe('the signature samples of /Help/Webhooks/Signatures', async () => {
  async function oneDelivery(t: Parameters<typeof startServer>[0]): Promise<{ server: TestServer; secret: string; delivery: Delivery }> {
    const server = await startServer(t, { webhooks: true })
    const receiver = await startReceiver(t)
    const added = await send(server, `/Webhooks/${CUSTOMER_ID}`, {
      body: JSON.stringify({ url: receiver.url }), headers: { 'content-type': 'application/json' },
    })
    const { secret } = added.json as { secret: string }
    receiver.secrets.push(secret)
    assert.equal((await postJson(server, { subject: 'Visning på Söder', startsAt: '2026-03-02T09:00:00' })).status, 200)
    await receiver.until((all) => all.length === 1)
    const [delivery] = receiver.deliveries
    assert.deepEqual(delivery!.verifiedWith, [secret])
    return { server, secret, delivery: delivery! }
  }

  async function check(runSample: (env: NodeJS.ProcessEnv) => Promise<string>, secret: string, delivery: Delivery) {
    assert.equal((await runSample(envOf(secret, delivery))).trim(), 'valid')
    const tampered = delivery.body.replace('"version":1', '"version":2')
    assert.notEqual(tampered, delivery.body)
    assert.equal((await runSample(envOf(secret, delivery, tampered))).trim(), 'invalid')
  }

  test('TypeScript on Node', async (t) => {
    const { server, secret, delivery } = await oneDelivery(t)
    const file = join(await makeTempDir(t), 'verify.ts')
    await writeFile(file, await sampleOf(server, 'verify-ts'))
    await check(async (env) => (await run(process.execPath, [file], { env })).stdout, secret, delivery)
  })

  test('PHP', async (t) => {
    if (skipWithout(t, PHP_CURL)) return
    const { server, secret, delivery } = await oneDelivery(t)
    const file = join(await makeTempDir(t), 'verify.php')
    await writeFile(file, await sampleOf(server, 'verify-php'))
    await check(async (env) => (await run('php', [file], { env })).stdout, secret, delivery)
  })

  test('C# on Mono', async (t) => {
    if (skipWithout(t, MONO)) return
    const { server, secret, delivery } = await oneDelivery(t)
    const dir = await makeTempDir(t)
    await writeFile(join(dir, 'Verify.cs'), await sampleOf(server, 'verify-csharp'))
    await run('mcs', [`-out:${join(dir, 'verify.exe')}`, join(dir, 'Verify.cs')])
    await check(async (env) => (await run('mono', [join(dir, 'verify.exe')], { env })).stdout, secret, delivery)
  })
})
