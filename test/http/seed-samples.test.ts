/**
 * The original help page's own code samples, run against our server with only the base URL
 * and the credentials changed. The page calls `Appointment/StringValue/StringValue`, so the
 * test seeds a customer and a user named `StringValue`.
 */
import assert from 'node:assert/strict'
import { execFile } from 'node:child_process'
import { readFile, writeFile } from 'node:fs/promises'
import { connect } from 'node:net'
import { join } from 'node:path'
import { describe, test, type TestContext } from 'node:test'
import { promisify } from 'node:util'
import { hashPassword } from '../../src/domain/password.ts'
import { CURL, MONO, PHP_CURL, skipWithout } from '../helpers/outside-tools.ts'
import { makeTempDir, startServer, type TestServer } from '../helpers/server.ts'

const run = promisify(execFile)
const ORIGINAL_BASE_URL = 'https://connect.maklare.vitec.net'
const SAMPLE_ID = 'StringValue'
const USERNAME = 'integrator'
const PASSWORD = 'sample-secret-123'
const BASE64_PLACEHOLDER = '{Base64 kodad användarnamn och lösenord}'

function fixture(name: string): Promise<string> {
  return readFile(new URL(`../fixtures/${name}`, import.meta.url), 'utf8')
}

async function startSampleServer(t: TestContext): Promise<TestServer> {
  const server = await startServer(t, { seed: false })
  await server.store.addCustomer({ customerId: SAMPLE_ID, name: null, timeZone: 'Europe/Stockholm' })
  await server.store.addUser({ customerId: SAMPLE_ID, userId: SAMPLE_ID, name: null })
  await server.store.addClient({ username: USERNAME, passwordHash: await hashPassword(PASSWORD), customerIds: [SAMPLE_ID] })
  return server
}

function credentialsBase64(): string {
  return Buffer.from(`${USERNAME}:${PASSWORD}`).toString('base64')
}

async function assertCreated(server: TestServer, responseBody: string): Promise<void> {
  const id: unknown = JSON.parse(responseBody)
  assert.equal(typeof id, 'string', responseBody)
  const appointment = await server.store.getAppointment({ customerId: SAMPLE_ID, userId: SAMPLE_ID, appointmentId: id as string })
  assert.equal(appointment?.subject, 'StringValue')
  assert.equal(appointment?.location, 'StringValue')
  assert.equal(appointment?.startsAt, '2015-01-01T12:00:00')
}

describe('the original page\'s samples work unchanged but for base URL and credentials', () => {
  test('curl, in POSIX sh as printed (bash and zsh brace-expand its unquoted body)', async (t) => {
    if (skipWithout(t, CURL)) return
    const server = await startSampleServer(t)
    const line = (await fixture('seed-curl.sh')).trim()
      .replace(ORIGINAL_BASE_URL, server.baseUrl).replace(BASE64_PLACEHOLDER, credentialsBase64())
    const { stdout } = await run('/bin/sh', ['-c', `${line} --silent --show-error --fail`])
    await assertCreated(server, stdout)
  })

  test('PHP with curl, as printed inside a <?php file', async (t) => {
    if (skipWithout(t, PHP_CURL)) return
    const server = await startSampleServer(t)
    const code = (await fixture('seed-php.txt'))
      .replace(ORIGINAL_BASE_URL, server.baseUrl)
      .replace('{Användarnamn}', USERNAME).replace('{Lösenord}', PASSWORD)
    const file = join(await makeTempDir(t), 'sample.php')
    await writeFile(file, `<?php\n${code}\necho $http_code, "\\n", $result;\n`)
    const { stdout } = await run('php', [file])
    const [status, ...body] = stdout.split('\n')
    assert.equal(status, '200', stdout)
    await assertCreated(server, body.join('\n'))
  })

  test('C# HttpClient as the sample sets it up (singleton, BaseAddress, Basic header), on Mono', async (t) => {
    if (skipWithout(t, MONO)) return
    const server = await startSampleServer(t)
    const dir = await makeTempDir(t)
    // The page's fragment declares `json` twice in nested scopes (CS0136) and needs Newtonsoft;
    // this program makes exactly its HTTP calls with only the framework.
    const program = `using System; using System.Net; using System.Net.Http; using System.Net.Http.Headers;
using System.Text; using System.Threading.Tasks;
class Program {
  public static readonly HttpClient HttpClientInstance = new HttpClient {
    BaseAddress = new Uri("${server.baseUrl}"),
    DefaultRequestHeaders = { Authorization = new AuthenticationHeaderValue("Basic", "${credentialsBase64()}") }
  };
  static void Main() { Run().GetAwaiter().GetResult(); }
  static async Task Run() {
    var json = "{\\"subject\\":\\"StringValue\\",\\"location\\":\\"StringValue\\",\\"startsAt\\":\\"2015-01-01T12:00:00\\"}";
    using (var response = await HttpClientInstance.PostAsync("Appointment/StringValue/StringValue", new StringContent(json, Encoding.UTF8, "application/json"))) {
      Console.WriteLine((int)response.StatusCode);
      Console.WriteLine(await response.Content.ReadAsStringAsync());
    }
  }
}`
    await writeFile(join(dir, 'Program.cs'), program)
    await run('mcs', ['-r:System.Net.Http.dll', '-out:' + join(dir, 'sample.exe'), join(dir, 'Program.cs')])
    const { stdout } = await run('mono', [join(dir, 'sample.exe')])
    const [status, body = ''] = stdout.trim().split('\n')
    assert.equal(status, '200', stdout)
    await assertCreated(server, body)
  })

  test('PowerShell\'s Invoke-WebRequest request, byte for byte at the HTTP level (no pwsh on Linux here)', async (t) => {
    const server = await startSampleServer(t)
    const data = '{"subject":"StringValue","location":"StringValue","startsAt":"2015-01-01T12:00:00"}'
    const { hostname, port } = new URL(server.baseUrl)
    const request = [
      `POST /Appointment/StringValue/StringValue HTTP/1.1`,
      'User-Agent: Mozilla/5.0 (Windows NT; Windows NT 10.0; sv-SE) WindowsPowerShell/5.1.19041.1',
      'Content-Type: application/json',
      `authorization: basic ${credentialsBase64()}`,
      `Host: ${hostname}:${port}`,
      `Content-Length: ${Buffer.byteLength(data)}`,
      'Connection: close',
      '',
      data,
    ].join('\r\n')
    const raw = await new Promise<string>((resolve, reject) => {
      const socket = connect(Number(port), hostname, () => socket.write(request))
      const chunks: Buffer[] = []
      socket.on('data', (chunk) => chunks.push(chunk))
      socket.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')))
      socket.on('error', reject)
    })
    assert.match(raw, /^HTTP\/1\.1 200 OK\r\n/)
    await assertCreated(server, raw.slice(raw.indexOf('\r\n\r\n') + 4))
  })
})
