import assert from 'node:assert/strict'
import { spawn } from 'node:child_process'
import { once } from 'node:events'
import { existsSync } from 'node:fs'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, describe, test, type TestContext } from 'node:test'
import { setTimeout as sleep } from 'node:timers/promises'
import { fileURLToPath } from 'node:url'
import { send } from '../helpers/requests.ts'
import {
  CUSTOMER_ID, OTHER_CUSTOMER_ID, PASSWORD, USER_ID, USERNAME, basicAuthorization, makeTempDir, startServer,
  type TestServer,
} from '../helpers/server.ts'
import { childOutput, type ChildOutput } from '../helpers/child-output.ts'

const REPO_ROOT = fileURLToPath(new URL('../..', import.meta.url))
const ADMIN = join(REPO_ROOT, 'src/cli/admin.ts')
const MINIMAL_BODY = '{"subject":"x","startsAt":"2026-01-01T10:00:00"}'
const GENERATED_PASSWORD_LINE = /^Password \(shown only this once\): ([A-Za-z0-9_-]{24})$/m
/** Shared by every child process of this file: only the first pays for compiling the CLI's modules. */
const COMPILE_CACHE = await mkdtemp(join(tmpdir(), 'calendar-cli-compile-cache-'))
after(() => rm(COMPILE_CACHE, { recursive: true, force: true }))
/** Longest a change may take to reach a running server. */
const LIVE_CHANGE_LIMIT_MS = 5_000

type Run = ChildOutput

/**
 * Runs a command line as a child process. With `input` it is written to stdin and stdin is
 * closed; without, stdin stays open as in a terminal, so a command that wrongly waits on it is
 * killed by the timeout and fails with exit code null.
 */
async function runProcess(
  command: string, args: readonly string[], databaseUrl: string, input?: string, env?: Record<string, string>,
): Promise<Run> {
  const child = spawn(command, args, {
    cwd: REPO_ROOT, env: { ...process.env, DATABASE_URL: databaseUrl, NODE_COMPILE_CACHE: COMPILE_CACHE, ...env }, timeout: 30_000,
  })
  const output = childOutput(child)
  if (input !== undefined) child.stdin.end(input)
  return output
}

function admin(databaseUrl: string, args: readonly string[], input?: string, env?: Record<string, string>): Promise<Run> {
  return runProcess(process.execPath, [ADMIN, ...args], databaseUrl, input, env)
}

/** Runs the command and asserts it succeeded without a word on stderr; answers stdout. */
async function adminOk(databaseUrl: string, args: readonly string[], input?: string, env?: Record<string, string>): Promise<string> {
  const run = await admin(databaseUrl, args, input, env)
  assert.deepEqual({ code: run.code, stderr: run.stderr }, { code: 0, stderr: '' }, `admin ${args.join(' ')}`)
  return run.stdout
}

const SCRIPT = '/usr/bin/script'

/**
 * Runs the admin command on a pseudo-terminal (util-linux `script`), typing each answer once
 * its question is on the screen; answers what the terminal showed (stdout and stderr, CR LF).
 */
async function onTerminal(databaseUrl: string, args: readonly string[], answers: readonly string[]): Promise<{ code: number | null; output: string }> {
  const command = [process.execPath, ADMIN, ...args].map((word) => `'${word}'`).join(' ')
  const child = spawn(SCRIPT, ['--quiet', '--return', '--command', command, '/dev/null'], {
    cwd: REPO_ROOT, env: { ...process.env, DATABASE_URL: databaseUrl, NODE_COMPILE_CACHE: COMPILE_CACHE }, timeout: 30_000,
  })
  let output = ''
  const pending = [...answers]
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
    output += chunk
    if (/: $/.test(output) && pending.length > 0) child.stdin.write(`${pending.shift()}\r`)
  })
  const [code] = await once(child, 'close') as [number | null]
  return { code, output }
}

async function assertFails(run: Promise<Run>, code: 1 | 2, stderr: string | RegExp): Promise<void> {
  const { code: actual, stdout, stderr: actualStderr } = await run
  assert.equal(actual, code, actualStderr)
  assert.equal(stdout, '')
  if (typeof stderr === 'string') assert.equal(actualStderr, stderr)
  else assert.match(actualStderr, stderr)
}

async function freshDatabase(t: TestContext): Promise<string> {
  return `sqlite:${join(await makeTempDir(t), 'admin.db')}`
}

/** The table's data rows, each split into its cells. */
function rows(table: string): string[][] {
  const [, ...lines] = table.trimEnd().split('\n')
  return lines.map((line) => line.split(/ {2,}/))
}

async function post(server: TestServer, path: string, authorization: string): Promise<number> {
  const answer = await send(server, path, {
    body: MINIMAL_BODY, headers: { authorization, 'content-type': 'application/json' },
  })
  return answer.status
}

/** Repeats the request until it answers `expected` or the live-change limit passes; answers the last status. */
async function statusWithinLimit(request: () => Promise<number>, expected: number): Promise<number> {
  const deadline = Date.now() + LIVE_CHANGE_LIMIT_MS
  let status = await request()
  while (status !== expected && Date.now() < deadline) {
    await sleep(100)
    status = await request()
  }
  return status
}

async function listEverything(databaseUrl: string): Promise<string> {
  return [
    await adminOk(databaseUrl, ['customer', 'list']),
    await adminOk(databaseUrl, ['user', 'list', CUSTOMER_ID]),
    await adminOk(databaseUrl, ['client', 'list']),
  ].join('')
}

describe('admin CLI: customers and users', () => {
  test('customer add defaults to Europe/Stockholm, keeps --name and a canonical --time-zone; customer list shows them', async (t) => {
    const db = await freshDatabase(t)
    assert.equal(await adminOk(db, ['customer', 'add', CUSTOMER_ID]), `Added customer ${CUSTOMER_ID} (Europe/Stockholm).\n`)
    assert.equal(await adminOk(db, ['customer', 'add', OTHER_CUSTOMER_ID, '--name', 'Other Mäkleri', '--time-zone', 'europe/helsinki']),
      `Added customer ${OTHER_CUSTOMER_ID} (Europe/Helsinki).\n`)
    assert.equal(await adminOk(db, ['customer', 'list']), [
      'CUSTOMER  TIME ZONE         NAME',
      'M30011    Europe/Stockholm',
      'S30164    Europe/Helsinki   Other Mäkleri',
      '',
    ].join('\n'))
  })

  test('customer list on a new database prints only the header', async (t) => {
    assert.equal(await adminOk(await freshDatabase(t), ['customer', 'list']), 'CUSTOMER  TIME ZONE  NAME\n')
  })

  test('customer add refuses an unknown time zone or a bare offset, and adds nothing', async (t) => {
    const db = await freshDatabase(t)
    await assertFails(admin(db, ['customer', 'add', CUSTOMER_ID, '--time-zone', 'Mars/Olympus_Mons']), 2,
      'Error: Unknown time zone "Mars/Olympus_Mons": use an IANA name such as Europe/Stockholm.\n')
    await assertFails(admin(db, ['customer', 'add', CUSTOMER_ID, '--time-zone', '+01:00']), 2, /Unknown time zone "\+01:00"/)
    assert.deepEqual(rows(await adminOk(db, ['customer', 'list'])), [])
  })

  test('customer add refuses an id the API path could not carry', async (t) => {
    const db = await freshDatabase(t)
    await assertFails(admin(db, ['customer', 'add', 'M300/11']), 2, /^Error: customerId "M300\/11" must be 1–64 letters/)
    await assertFails(admin(db, ['customer', 'add', 'x'.repeat(65)]), 2, /^Error: customerId "x{65}" must be/)
  })

  test('adding an existing customer again, in any casing, fails with exit 1 and says so', async (t) => {
    const db = await freshDatabase(t)
    await adminOk(db, ['customer', 'add', CUSTOMER_ID, '--name', 'First'])
    await assertFails(admin(db, ['customer', 'add', CUSTOMER_ID]), 1, `Error: Customer ${CUSTOMER_ID} already exists.\n`)
    await assertFails(admin(db, ['customer', 'add', 'm30011']), 1, 'Error: Customer m30011 already exists.\n')
    assert.deepEqual(rows(await adminOk(db, ['customer', 'list'])), [[CUSTOMER_ID, 'Europe/Stockholm', 'First']])
  })

  test('user add adds users with an optional --name; user list shows one customer\'s users', async (t) => {
    const db = await freshDatabase(t)
    await adminOk(db, ['customer', 'add', CUSTOMER_ID])
    await adminOk(db, ['customer', 'add', OTHER_CUSTOMER_ID])
    assert.equal(await adminOk(db, ['user', 'add', CUSTOMER_ID, USER_ID, '--name', 'Hanna Ek']),
      `Added user ${USER_ID} to customer ${CUSTOMER_ID}.\n`)
    await adminOk(db, ['user', 'add', CUSTOMER_ID, 'PER002'])
    assert.equal(await adminOk(db, ['user', 'list', CUSTOMER_ID]), 'USER    NAME\nHAN001  Hanna Ek\nPER002\n')
    assert.deepEqual(rows(await adminOk(db, ['user', 'list', 'm30011'])), [[USER_ID, 'Hanna Ek'], ['PER002']])
    assert.deepEqual(rows(await adminOk(db, ['user', 'list', OTHER_CUSTOMER_ID])), [])
  })

  test('user add and user list fail with exit 1 for an unknown customer; a duplicate user fails too', async (t) => {
    const db = await freshDatabase(t)
    await assertFails(admin(db, ['user', 'add', 'NOPE', USER_ID]), 1, 'Error: Customer NOPE does not exist.\n')
    await assertFails(admin(db, ['user', 'list', 'NOPE']), 1, 'Error: Customer NOPE does not exist.\n')
    await adminOk(db, ['customer', 'add', CUSTOMER_ID])
    await adminOk(db, ['user', 'add', CUSTOMER_ID, USER_ID])
    await assertFails(admin(db, ['user', 'add', CUSTOMER_ID, 'han001']), 1,
      `Error: User han001 already exists in customer ${CUSTOMER_ID}.\n`)
    await assertFails(admin(db, ['user', 'add', CUSTOMER_ID, 'bad user']), 2, /^Error: userId "bad user" must be/)
  })
})

describe('admin CLI: API clients', () => {
  /** A server on an empty database, which the CLI then fills: customer, user, nothing else. */
  async function serverWithUser(t: TestContext): Promise<TestServer> {
    const server = await startServer(t, { seed: false })
    await adminOk(server.databaseUrl, ['customer', 'add', CUSTOMER_ID])
    await adminOk(server.databaseUrl, ['customer', 'add', OTHER_CUSTOMER_ID])
    await adminOk(server.databaseUrl, ['user', 'add', CUSTOMER_ID, USER_ID])
    return server
  }
  const path = `/Appointment/${CUSTOMER_ID}/${USER_ID}`

  test('client add --password-stdin stores that password; a running server accepts it', async (t) => {
    const server = await serverWithUser(t)
    const password = 'a passphrase from the vault'
    const stdout = await adminOk(server.databaseUrl,
      ['client', 'add', 'partner', '--customers', CUSTOMER_ID, '--password-stdin'], `${password}\n`)
    assert.equal(stdout, `Added API client partner with access to ${CUSTOMER_ID}.\n`)
    assert.equal(await statusWithinLimit(() => post(server, path, basicAuthorization('partner', password)), 200), 200)
    assert.equal(await post(server, path, basicAuthorization('partner', `${password}\n`)), 401)
    assert.equal(await post(server, path, basicAuthorization('partner', 'a passphrase from the vaul')), 401)
  })

  test('client add without --password-stdin prints a strong generated password once, and it works', async (t) => {
    const server = await serverWithUser(t)
    const stdout = await adminOk(server.databaseUrl, ['client', 'add', 'partner', '--customers', `${CUSTOMER_ID},${OTHER_CUSTOMER_ID}`])
    const password = GENERATED_PASSWORD_LINE.exec(stdout)?.[1]
    assert.ok(password, stdout)
    assert.equal(stdout, `Added API client partner with access to ${CUSTOMER_ID}, ${OTHER_CUSTOMER_ID}.\n`
      + `Password (shown only this once): ${password}\n`)
    assert.equal(await statusWithinLimit(() => post(server, path, basicAuthorization('partner', password)), 200), 200)
    assert.equal(await post(server, path, basicAuthorization('partner', 'not the password')), 401)
    const other = GENERATED_PASSWORD_LINE.exec(await adminOk(server.databaseUrl, ['client', 'add', 'other', '--customers', CUSTOMER_ID]))
    assert.notEqual(other?.[1], password)
    assert.ok(!(await listEverything(server.databaseUrl)).includes(password))
  })

  test('no list command ever prints a password or a hash', async (t) => {
    const db = await freshDatabase(t)
    await adminOk(db, ['customer', 'add', CUSTOMER_ID])
    await adminOk(db, ['user', 'add', CUSTOMER_ID, USER_ID])
    const password = 'never to be printed again'
    await adminOk(db, ['client', 'add', 'partner', '--customers', CUSTOMER_ID, '--password-stdin'], password)
    const generated = GENERATED_PASSWORD_LINE.exec(await adminOk(db, ['client', 'add', 'robot', '--customers', CUSTOMER_ID]))?.[1]
    assert.ok(generated)
    const everything = await listEverything(db)
    for (const secret of [password, generated, 'scrypt$', 'scrypt']) assert.ok(!everything.includes(secret), secret)
    assert.deepEqual(rows(await adminOk(db, ['client', 'list'])), [['partner', 'active', CUSTOMER_ID], ['robot', 'active', CUSTOMER_ID]])
  })

  test('client add refuses a stdin password shorter than 12 characters, and adds nothing', async (t) => {
    const db = await freshDatabase(t)
    await adminOk(db, ['customer', 'add', CUSTOMER_ID])
    const message = 'Error: The password must be at least 12 characters long.\n'
    await assertFails(admin(db, ['client', 'add', 'partner', '--customers', CUSTOMER_ID, '--password-stdin'], 'elevenchars\n'), 2, message)
    await assertFails(admin(db, ['client', 'add', 'partner', '--customers', CUSTOMER_ID, '--password-stdin'], ''), 2, message)
    assert.deepEqual(rows(await adminOk(db, ['client', 'list'])), [])
    await adminOk(db, ['client', 'add', 'partner', '--customers', CUSTOMER_ID, '--password-stdin'], 'twelve chars\n')
  })

  test('client add and set-password refuse a password with a control character, which Basic auth refuses', async (t) => {
    const db = await freshDatabase(t)
    await adminOk(db, ['customer', 'add', CUSTOMER_ID])
    const message = 'Error: The password holds a control character (a NUL, tab or line break inside it), which HTTP '
      + 'Basic auth cannot send: choose one without, or let the command generate one.\n'
    for (const password of ['twelve chars\u0000', 'twelve\tchars!', 'twelve\nchars!', 'twelve chars\u007f']) {
      await assertFails(admin(db, ['client', 'add', 'partner', '--customers', CUSTOMER_ID, '--password-stdin'], `${password}\n`), 2, message)
    }
    assert.deepEqual(rows(await adminOk(db, ['client', 'list'])), [])
    await adminOk(db, ['client', 'add', 'partner', '--customers', CUSTOMER_ID, '--password-stdin'], 'twelve chars\n')
    await assertFails(admin(db, ['client', 'set-password', 'partner', '--password-stdin'], 'twelve chars\u0000\n'), 2, message)
  })

  test('client add with an unknown customer fails with exit 1, prints no password and adds nothing', async (t) => {
    const db = await freshDatabase(t)
    await adminOk(db, ['customer', 'add', CUSTOMER_ID])
    await assertFails(admin(db, ['client', 'add', 'partner', '--customers', `${CUSTOMER_ID},NOPE`]), 1,
      'Error: Customer NOPE does not exist.\n')
    assert.deepEqual(rows(await adminOk(db, ['client', 'list'])), [])
  })

  test('client add needs --customers and a username HTTP Basic can carry; a duplicate username fails', async (t) => {
    const db = await freshDatabase(t)
    await adminOk(db, ['customer', 'add', CUSTOMER_ID])
    await assertFails(admin(db, ['client', 'add', 'partner']), 2, 'Error: client add needs --customers <id,id,…>.\n')
    await assertFails(admin(db, ['client', 'add', 'partner', '--customers', ' , ']), 2, /needs --customers/)
    await assertFails(admin(db, ['client', 'add', 'part:ner', '--customers', CUSTOMER_ID]), 2, /cannot contain ":"/)
    await assertFails(admin(db, ['client', 'add', '', '--customers', CUSTOMER_ID]), 2, /username must not be empty/)
    assert.deepEqual(rows(await adminOk(db, ['client', 'list'])), [])
    await adminOk(db, ['client', 'add', 'partner', '--customers', CUSTOMER_ID])
    await assertFails(admin(db, ['client', 'add', 'partner', '--customers', CUSTOMER_ID]), 1,
      'Error: API client partner already exists.\n')
  })

  test('client grant, revoke and disable change what client list shows', async (t) => {
    const db = await freshDatabase(t)
    await adminOk(db, ['customer', 'add', CUSTOMER_ID])
    await adminOk(db, ['customer', 'add', OTHER_CUSTOMER_ID])
    await adminOk(db, ['client', 'add', 'partner', '--customers', CUSTOMER_ID])
    assert.equal(await adminOk(db, ['client', 'grant', 'partner', 's30164']), 'Granted partner access to s30164.\n')
    assert.equal(await adminOk(db, ['client', 'list']), 'USERNAME  STATUS  CUSTOMERS\npartner   active  M30011,S30164\n')
    assert.equal(await adminOk(db, ['client', 'revoke', 'partner', CUSTOMER_ID]), `Revoked partner's access to ${CUSTOMER_ID}.\n`)
    assert.deepEqual(rows(await adminOk(db, ['client', 'list'])), [['partner', 'active', OTHER_CUSTOMER_ID]])
    assert.equal(await adminOk(db, ['client', 'disable', 'partner']), 'Disabled API client partner.\n')
    assert.deepEqual(rows(await adminOk(db, ['client', 'list'])), [['partner', 'disabled', OTHER_CUSTOMER_ID]])
  })

  test('client grant, revoke and disable fail with exit 1 for an unknown client or customer', async (t) => {
    const db = await freshDatabase(t)
    await adminOk(db, ['customer', 'add', CUSTOMER_ID])
    await adminOk(db, ['client', 'add', 'partner', '--customers', CUSTOMER_ID])
    const noClient = 'Error: API client nobody does not exist.\n'
    await assertFails(admin(db, ['client', 'grant', 'nobody', CUSTOMER_ID]), 1, noClient)
    await assertFails(admin(db, ['client', 'revoke', 'nobody', CUSTOMER_ID]), 1, noClient)
    await assertFails(admin(db, ['client', 'disable', 'nobody']), 1, noClient)
    await assertFails(admin(db, ['client', 'grant', 'partner', 'NOPE']), 1, 'Error: Customer NOPE does not exist.\n')
    await assertFails(admin(db, ['client', 'revoke', 'partner', 'NOPE']), 1, 'Error: Customer NOPE does not exist.\n')
    assert.deepEqual(rows(await adminOk(db, ['client', 'list'])), [['partner', 'active', CUSTOMER_ID]])
  })
})

describe('admin CLI: a client\'s password, enable and remove', () => {
  const own = `/Appointment/${CUSTOMER_ID}/${USER_ID}`
  const signIn = (server: TestServer, password: string) => () => post(server, own, basicAuthorization(USERNAME, password))

  test('set-password without --password-stdin and without a terminal prints a generated one once; the old one stops working', async (t) => {
    const server = await startServer(t)
    assert.equal(await signIn(server, PASSWORD)(), 200)
    const stdout = await adminOk(server.databaseUrl, ['client', 'set-password', USERNAME])
    const password = GENERATED_PASSWORD_LINE.exec(stdout)?.[1] ?? ''
    assert.equal(stdout, `Set a new password for API client ${USERNAME}; the old one no longer works.\n`
      + `Password (shown only this once): ${password}\n`)
    assert.equal(await statusWithinLimit(signIn(server, PASSWORD), 401), 401)
    assert.equal(await signIn(server, password)(), 200)
    assert.ok(!(await listEverything(server.databaseUrl)).includes(password))
  })

  test('set-password --password-stdin takes that password, refuses a short one, and fails for an unknown client', async (t) => {
    const server = await startServer(t)
    const password = 'another passphrase'
    await assertFails(admin(server.databaseUrl, ['client', 'set-password', USERNAME, '--password-stdin'], 'short\n'), 2,
      'Error: The password must be at least 12 characters long.\n')
    assert.equal(await signIn(server, PASSWORD)(), 200)
    assert.equal(await adminOk(server.databaseUrl, ['client', 'set-password', USERNAME, '--password-stdin'], `${password}\n`),
      `Set a new password for API client ${USERNAME}; the old one no longer works.\n`)
    assert.equal(await statusWithinLimit(signIn(server, password), 200), 200)
    // stdin stays open: an unknown client fails before anything waits for a password.
    await assertFails(admin(server.databaseUrl, ['client', 'set-password', 'nobody', '--password-stdin']), 1,
      'Error: API client nobody does not exist.\n')
  })

  test('set-password on a terminal asks twice without echoing, and a disabled client is told how to enable it', async (t) => {
    if (!existsSync(SCRIPT)) return t.skip(`${SCRIPT} not found (Debian package bsdutils)`)
    const server = await startServer(t)
    await adminOk(server.databaseUrl, ['client', 'disable', USERNAME])
    const password = 'typed on a terminal'
    const typed = await onTerminal(server.databaseUrl, ['client', 'set-password', USERNAME], [password, password])
    assert.equal(typed.code, 0, typed.output)
    assert.equal(typed.output, `New password for ${USERNAME} (at least 12 characters; Enter alone generates one): \r\n`
      + 'The same password again: \r\n'
      + `Set a new password for API client ${USERNAME}; the old one no longer works.\r\n`
      + `The client is disabled: \`npm run --silent admin -- client enable ${USERNAME}\` lets it in again.\r\n`)
    await adminOk(server.databaseUrl, ['client', 'enable', USERNAME])
    assert.equal(await statusWithinLimit(signIn(server, password), 200), 200)

    const differing = await onTerminal(server.databaseUrl, ['client', 'set-password', USERNAME], [`${password}!`, 'something else'])
    assert.equal(differing.code, 2)
    assert.match(differing.output, /Error: The two passwords differ: nothing was changed\.\r\n$/)
    const generated = await onTerminal(server.databaseUrl, ['client', 'set-password', USERNAME], [''])
    assert.match(generated.output, /\r\nPassword \(shown only this once\): [A-Za-z0-9_-]{24}\r\n$/)
    assert.equal(await statusWithinLimit(signIn(server, password), 401), 401)
  })

  test('enable lets a disabled client in again; remove turns it away and lists it no more', async (t) => {
    const server = await startServer(t)
    await adminOk(server.databaseUrl, ['client', 'disable', USERNAME])
    assert.equal(await statusWithinLimit(signIn(server, PASSWORD), 401), 401)
    assert.equal(await adminOk(server.databaseUrl, ['client', 'enable', USERNAME]), `Enabled API client ${USERNAME}.\n`)
    assert.deepEqual(rows(await adminOk(server.databaseUrl, ['client', 'list'])), [[USERNAME, 'active', CUSTOMER_ID]])
    assert.equal(await statusWithinLimit(signIn(server, PASSWORD), 200), 200)
    assert.equal(await adminOk(server.databaseUrl, ['client', 'remove', USERNAME]),
      `Removed API client ${USERNAME} and its access to customers; its audit entries stay.\n`)
    assert.equal(await statusWithinLimit(signIn(server, PASSWORD), 401), 401)
    assert.deepEqual(rows(await adminOk(server.databaseUrl, ['client', 'list'])), [])
    const noClient = `Error: API client ${USERNAME} does not exist.\n`
    for (const verb of ['enable', 'remove', 'disable']) await assertFails(admin(server.databaseUrl, ['client', verb, USERNAME]), 1, noClient)
    await adminOk(server.databaseUrl, ['client', 'add', USERNAME, '--customers', CUSTOMER_ID])
  })

  test('each change to a client is in the audit log, with the customer for a grant or revoke; a failed one is not', async (t) => {
    const db = await freshDatabase(t)
    await adminOk(db, ['customer', 'add', CUSTOMER_ID])
    await adminOk(db, ['client', 'add', 'robot', '--customers', CUSTOMER_ID])
    for (const args of [['grant', 'robot', 'm30011'], ['revoke', 'robot', CUSTOMER_ID], ['disable', 'robot'], ['enable', 'robot'],
      ['set-password', 'robot'], ['remove', 'robot']]) await adminOk(db, ['client', ...args])
    await admin(db, ['client', 'enable', 'robot'])
    const listed = rows(await adminOk(db, ['audit', 'list']))
    assert.deepEqual(listed.map((row) => row.slice(1)), [
      ['robot', 'client-add'], ['robot', 'client-grant', CUSTOMER_ID], ['robot', 'client-revoke', CUSTOMER_ID],
      ['robot', 'client-disable'], ['robot', 'client-enable'], ['robot', 'client-password'], ['robot', 'client-remove'],
    ])
    assert.deepEqual(rows(await adminOk(db, ['audit', 'list', '--customer', CUSTOMER_ID])).map((row) => row[2]),
      ['client-grant', 'client-revoke'])
  })
})

describe('admin CLI: feed add\'s base URL', () => {
  const feedLink = /^Subscription URL \(shown only this once\): (\S+)\/Calendar\/feed\/[A-Za-z0-9_-]{43}\.ics$/m

  async function withUser(t: TestContext): Promise<string> {
    const db = await freshDatabase(t)
    await adminOk(db, ['customer', 'add', CUSTOMER_ID])
    await adminOk(db, ['user', 'add', CUSTOMER_ID, USER_ID])
    return db
  }

  test('without PUBLIC_BASE_URL the link is on the PORT and HOST the service listens on, and says so', async (t) => {
    const db = await withUser(t)
    const env = { PORT: '9123', HOST: '0.0.0.0', PUBLIC_BASE_URL: '' }
    const stdout = await adminOk(db, ['feed', 'add', CUSTOMER_ID, USER_ID], undefined, env)
    assert.equal(feedLink.exec(stdout)?.[1], 'http://127.0.0.1:9123')
    assert.match(stdout, /^Base URL http:\/\/127\.0\.0\.1:9123, from PORT 9123 and HOST 0\.0\.0\.0 \(any address: shown as 127\.0\.0\.1\), where the service listens; set PUBLIC_BASE_URL if calendar apps reach it at another address\.$/m)
    const ipv6 = await adminOk(db, ['feed', 'add', CUSTOMER_ID, USER_ID], undefined, { PORT: '9124', HOST: '::1', PUBLIC_BASE_URL: '' })
    assert.equal(feedLink.exec(ipv6)?.[1], 'http://[::1]:9124')
  })

  test('PUBLIC_BASE_URL wins over PORT, --base-url over both; PORT=0 without either asks for one', async (t) => {
    const db = await withUser(t)
    const env = { PORT: '9123', PUBLIC_BASE_URL: 'https://kalender.example.se' }
    const byEnv = await adminOk(db, ['feed', 'add', CUSTOMER_ID, USER_ID], undefined, env)
    assert.equal(feedLink.exec(byEnv)?.[1], 'https://kalender.example.se')
    assert.match(byEnv, /^Base URL https:\/\/kalender\.example\.se, from PUBLIC_BASE_URL\.$/m)
    const byOption = await adminOk(db, ['feed', 'add', CUSTOMER_ID, USER_ID, '--base-url', 'http://localhost:3000'], undefined, env)
    assert.equal(feedLink.exec(byOption)?.[1], 'http://localhost:3000')
    assert.match(byOption, /^Base URL http:\/\/localhost:3000, from --base-url\.$/m)
    await assertFails(admin(db, ['feed', 'add', CUSTOMER_ID, USER_ID], undefined, { PORT: '0', PUBLIC_BASE_URL: '' }), 2,
      /^Error: PORT is 0 \(any free port\), so the link's address is not known: set PUBLIC_BASE_URL or pass --base-url/)
  })
})

describe('admin CLI: usage and environment', () => {
  const usage = /^Usage: npm run --silent admin -- <command>\n[^]*client disable <username>\n/m

  test('an unknown or incomplete command exits 2 naming the word it did not know, then the usage on stderr', async (t) => {
    const db = await freshDatabase(t)
    const cases: [string[], string][] = [
      [[], ''],
      [['customer'], '"customer" needs one of: add, list.\n\n'],
      [['customer', 'remove', CUSTOMER_ID], 'Unknown customer command "remove": use one of add, list.\n\n'],
      [['frobnicate'], 'Unknown command "frobnicate".\n\n'],
      [['list', 'customer'], 'Unknown command "list".\n\n'],
      [['migrate', 'now'], '"migrate" takes no further words; got "now".\n\n'],
    ]
    for (const [args, first] of cases) {
      const run = await admin(db, args)
      assert.equal(run.code, 2, args.join(' '))
      assert.equal(run.stdout, '')
      assert.ok(run.stderr.startsWith(`${first}Usage: `), run.stderr)
      assert.match(run.stderr, usage)
    }
  })

  test('an unknown option exits 2 naming it, with the usage', async (t) => {
    const run = await admin(await freshDatabase(t), ['customer', 'add', CUSTOMER_ID, '--timezone', 'UTC'])
    assert.equal(run.code, 2)
    assert.match(run.stderr, /Unknown option '--timezone'/)
    assert.match(run.stderr, usage)
  })

  test('a wrong number of arguments exits 2 saying what was expected', async (t) => {
    const db = await freshDatabase(t)
    await assertFails(admin(db, ['customer', 'add']), 2, 'Error: Expected <customerId>, got none.\n')
    await assertFails(admin(db, ['client', 'grant', 'partner']), 2, 'Error: Expected <username> <customerId>, got partner.\n')
    await assertFails(admin(db, ['client', 'list', 'extra']), 2, 'Error: Expected no arguments, got extra.\n')
  })

  test('--help prints the usage on stdout and exits 0', async (t) => {
    const run = await admin(await freshDatabase(t), ['--help'])
    assert.deepEqual({ code: run.code, stderr: run.stderr }, { code: 0, stderr: '' })
    assert.match(run.stdout, usage)
  })

  test('an unsupported DATABASE_URL exits 1 without echoing its credentials', async () => {
    const run = await admin('mysql://admin:hunter2@db.internal/calendar', ['customer', 'list'])
    assert.equal(run.code, 1)
    assert.match(run.stderr, /^Error: Unsupported DATABASE_URL scheme in "mysql:\/\/\*\*\*@db\.internal\/calendar"/)
    assert.ok(!run.stderr.includes('hunter2'))
  })

  test('runs as documented: npm run --silent admin -- <command>', async (t) => {
    const db = await freshDatabase(t)
    const npm = (args: readonly string[]) => runProcess('npm', ['run', '--silent', 'admin', '--', ...args], db)
    assert.deepEqual(await npm(['customer', 'add', CUSTOMER_ID, '--name', 'Via npm']),
      { code: 0, stdout: `Added customer ${CUSTOMER_ID} (Europe/Stockholm).\n`, stderr: '' })
    assert.deepEqual(rows((await npm(['customer', 'list'])).stdout), [[CUSTOMER_ID, 'Europe/Stockholm', 'Via npm']])
    assert.equal((await npm(['customer', 'add', CUSTOMER_ID])).code, 1)
  })
})

describe('admin CLI: changes reach a running server without a restart', () => {
  const own = `/Appointment/${CUSTOMER_ID}/${USER_ID}`
  const other = `/Appointment/${OTHER_CUSTOMER_ID}/${USER_ID}`

  test('client disable turns the next requests away with 401', async (t) => {
    const server = await startServer(t)
    const request = () => post(server, own, server.authorization)
    assert.equal(await request(), 200)
    await adminOk(server.databaseUrl, ['client', 'disable', USERNAME])
    assert.equal(await statusWithinLimit(request, 401), 401)
  })

  test('client revoke turns 200 into 403', async (t) => {
    const server = await startServer(t)
    const request = () => post(server, own, server.authorization)
    assert.equal(await request(), 200)
    await adminOk(server.databaseUrl, ['client', 'revoke', USERNAME, CUSTOMER_ID])
    assert.equal(await statusWithinLimit(request, 403), 403)
  })

  test('client grant turns 403 into 200 for an existing user and into 404 for an unknown one', async (t) => {
    const server = await startServer(t)
    const request = () => post(server, other, server.authorization)
    const unknownUser = () => post(server, `/Appointment/${OTHER_CUSTOMER_ID}/NOBODY`, server.authorization)
    assert.equal(await request(), 403)
    assert.equal(await unknownUser(), 403)
    await adminOk(server.databaseUrl, ['client', 'grant', USERNAME, OTHER_CUSTOMER_ID])
    assert.equal(await statusWithinLimit(request, 200), 200)
    assert.equal(await unknownUser(), 404)
  })
})

describe('admin CLI: audit list', () => {
  test('lists writes through the API, oldest first, filtered by customer, from, to and limit', async (t) => {
    const server = await startServer(t)
    const own = `/Appointment/${CUSTOMER_ID}/${USER_ID}`
    const created = await send(server, own, { body: MINIMAL_BODY, headers: { 'content-type': 'application/json' } })
    const id = created.text.replace(/"/g, '')
    const deleted = await send(server, `${own}/${encodeURIComponent(id)}`, { method: 'DELETE' })
    assert.deepEqual([created.status, deleted.status], [200, 204])

    const [seeded, ...listed] = rows(await adminOk(server.databaseUrl, ['audit', 'list']))
    assert.deepEqual(seeded?.slice(1), [USERNAME, 'client-add'])
    assert.deepEqual(listed.map((row) => row.slice(1)), [
      [USERNAME, 'create', CUSTOMER_ID, USER_ID, id, created.headers.get('x-request-id')],
      [USERNAME, 'delete', CUSTOMER_ID, USER_ID, id, deleted.headers.get('x-request-id')],
    ])
    const [createdAt = '', deletedAt = ''] = listed.map((row) => row[0] ?? '')
    assert.ok(createdAt <= deletedAt && createdAt === new Date(createdAt).toISOString())
    const actions = async (args: readonly string[]) =>
      rows(await adminOk(server.databaseUrl, ['audit', 'list', ...args])).map((row) => row[2])
    assert.deepEqual(await actions(['--limit', '1']), ['delete'])
    assert.deepEqual(await actions(['--customer', OTHER_CUSTOMER_ID]), [])
    assert.deepEqual(await actions(['--customer', CUSTOMER_ID.toLowerCase(), '--from', createdAt]), ['create', 'delete'])
    assert.deepEqual(await actions(['--to', createdAt]), ['client-add'])
    assert.deepEqual(await actions(['--from', '2999-01-01']), [])
  })

  test('a bad --from, --to or --limit exits 2 saying what to send', async (t) => {
    const databaseUrl = await freshDatabase(t)
    await assertFails(admin(databaseUrl, ['audit', 'list', '--from', '2026-12-01T08:00']), 2,
      /--from "2026-12-01T08:00" must be an ISO date or date-time with Z or an offset/)
    await assertFails(admin(databaseUrl, ['audit', 'list', '--to', 'yesterday']), 2, /--to "yesterday" must be/)
    await assertFails(admin(databaseUrl, ['audit', 'list', '--limit', '0']), 2,
      /--limit "0" must be a whole number from 1 to 100000/)
  })
})
