#!/usr/bin/env node
/**
 * @module The admin command: customers, users, API clients, calendar links and webhooks in the store that DATABASE_URL
 * names. Output goes to stdout, errors to stderr with exit code 1 (2 for usage errors).
 * A running server sees every change on its next request.
 */
import { text } from 'node:stream/consumers'
import type { ReadStream } from 'node:tty'
import { parseArgs } from 'node:util'
import { loadConfig, publicBaseUrl, type BaseUrlChoice, type Config } from '../config.ts'
import { feedTokenOf, feedUrl, hashFeedToken, newFeedSecret } from '../domain/ical/feed-token.ts'
import { canonicalTimeZone } from '../domain/time/time-zone.ts'
import { CREDENTIAL_CONTROL_CHARACTER, generatePassword, hashPassword } from '../domain/password.ts'
import { migrateDatabase, openStore } from '../store/open-store.ts'
import { StoreConflict, type Store } from '../store/store.ts'
import { readHidden } from './hidden-prompt.ts'
import {
  UsageError, checkId, expectArgs, printTable, type Command, type Invocation,
} from './cli-kit.ts'
import { WEBHOOK_COMMANDS, WEBHOOK_OPTIONS, WEBHOOK_USAGE } from './webhook-commands.ts'

const USAGE = `Usage: npm run --silent admin -- <command>

  customer add <customerId> [--name N] [--time-zone IANA]   (default Europe/Stockholm)
  customer list
  user add <customerId> <userId> [--name N]
  user list <customerId>
  client add <username> --customers <id,id,…> [--password-stdin]
  client set-password <username> [--password-stdin]
                                                    (without --password-stdin: asked for on a
                                                    terminal, else generated and printed once)
  client grant <username> <customerId>
  client revoke <username> <customerId>
  client disable <username>
  client enable <username>
  client remove <username>                           (its audit entries stay)
  client list
  feed add <customerId> <userId> [--base-url URL]   (prints the secret calendar link once;
                                                    default PUBLIC_BASE_URL, else the PORT
                                                    and HOST the service listens on)
  feed list [<customerId>]                           (never shows a link or token)
  feed revoke <feedId | token | URL>                 (the link's id, or the secret link itself)
${WEBHOOK_USAGE}  audit list [--customer <id>] [--from <ISO>] [--to <ISO>] [--limit <n>]
                                                    (writes through the API and changes to
                                                    API clients: the latest n,
                                                    default 100, oldest first; --from inclusive,
                                                    --to exclusive, e.g. 2026-12-01 or
                                                    2026-12-01T08:00:00+01:00)
  migrate                                            (applies pending migrations; safe to run
                                                    several at once, e.g. in a release step)

The database is DATABASE_URL (default sqlite:data/connect.db).
`

const MIN_PASSWORD_LENGTH = 12

const COMMANDS: Record<string, Command> = {
  ...WEBHOOK_COMMANDS,
  'customer add': async ({ args, options, store, print }) => {
    const [customerId] = expectArgs(args, ['customerId'])
    const timeZone = canonicalTimeZone(options['time-zone'] ?? 'Europe/Stockholm')
    if (!timeZone) throw new UsageError(`Unknown time zone "${options['time-zone']}": use an IANA name such as Europe/Stockholm.`)
    await store.addCustomer({ customerId: checkId(customerId, 'customerId'), name: options.name ?? null, timeZone })
    print(`Added customer ${customerId} (${timeZone}).`)
  },
  'customer list': async ({ args, store, print }) => {
    expectArgs(args, [])
    printTable(print, ['CUSTOMER', 'TIME ZONE', 'NAME'],
      (await store.listCustomers()).map((c) => [c.customerId, c.timeZone, c.name ?? '']))
  },
  'user add': async ({ args, options, store, print }) => {
    const [customerId, userId] = expectArgs(args, ['customerId', 'userId'])
    await store.addUser({ customerId, userId: checkId(userId, 'userId'), name: options.name ?? null })
    print(`Added user ${userId} to customer ${customerId}.`)
  },
  'user list': async ({ args, store, print }) => {
    const [customerId] = expectArgs(args, ['customerId'])
    printTable(print, ['USER', 'NAME'], (await store.listUsers(customerId)).map((u) => [u.userId, u.name ?? '']))
  },
  'client add': async (invocation) => {
    const { args, options, store, print } = invocation
    const [username] = expectArgs(args, ['username'])
    const customerIds = (options.customers ?? '').split(',').map((id) => id.trim()).filter(Boolean)
    if (customerIds.length === 0) throw new UsageError('client add needs --customers <id,id,…>.')
    if (!username) throw new UsageError('A username must not be empty.')
    if (username.includes(':')) throw new UsageError('A username cannot contain ":" (HTTP Basic separates with it).')
    const { password, generated } = await newPassword(username, invocation)
    await store.addClient({ username, passwordHash: await hashPassword(password), customerIds })
    print(`Added API client ${username} with access to ${customerIds.join(', ')}.`)
    if (generated) print(`Password (shown only this once): ${password}`)
  },
  'client set-password': async (invocation) => {
    const { args, store, print } = invocation
    const [username] = expectArgs(args, ['username'])
    const client = await store.findClientByUsername(username)
    if (!client) throw new StoreConflict('not-found', `API client ${username} does not exist.`)
    const { password, generated } = await newPassword(username, invocation)
    await store.setClientPassword(username, await hashPassword(password))
    print(`Set a new password for API client ${username}; the old one no longer works.`)
    if (generated) print(`Password (shown only this once): ${password}`)
    if (client.disabled) print(`The client is disabled: \`npm run --silent admin -- client enable ${username}\` lets it in again.`)
  },
  'client grant': async ({ args, store, print }) => {
    const [username, customerId] = expectArgs(args, ['username', 'customerId'])
    await store.grantClient(username, customerId)
    print(`Granted ${username} access to ${customerId}.`)
  },
  'client revoke': async ({ args, store, print }) => {
    const [username, customerId] = expectArgs(args, ['username', 'customerId'])
    await store.revokeClient(username, customerId)
    print(`Revoked ${username}'s access to ${customerId}.`)
  },
  'client disable': async ({ args, store, print }) => {
    const [username] = expectArgs(args, ['username'])
    await store.disableClient(username)
    print(`Disabled API client ${username}.`)
  },
  'client enable': async ({ args, store, print }) => {
    const [username] = expectArgs(args, ['username'])
    await store.enableClient(username)
    print(`Enabled API client ${username}.`)
  },
  'client remove': async ({ args, store, print }) => {
    const [username] = expectArgs(args, ['username'])
    await store.removeClient(username)
    print(`Removed API client ${username} and its access to customers; its audit entries stay.`)
  },
  'client list': async ({ args, store, print }) => {
    expectArgs(args, [])
    printTable(print, ['USERNAME', 'STATUS', 'CUSTOMERS'], (await store.listClients())
      .map((c) => [c.username, c.disabled ? 'disabled' : 'active', c.customerIds.join(',')]))
  },
  'feed add': async ({ args, options, store, config, print }) => {
    const [customerId, userId] = expectArgs(args, ['customerId', 'userId'])
    const baseUrl = feedBaseUrl(options['base-url'], config)
    const secret = newFeedSecret()
    const feed = await store.addFeedToken({ feedId: secret.feedId, tokenHash: secret.tokenHash, customerId, userId })
    print(`Added calendar link ${feed.feedId} for user ${feed.userId} in customer ${feed.customerId}.`)
    print(`Base URL ${baseUrl.url}, from ${baseUrl.source}.`)
    print(`Subscription URL (shown only this once): ${feedUrl(checkBaseUrl(baseUrl.url), secret.token)}`)
  },
  'feed list': async ({ args, store, print }) => {
    if (args.length > 1) throw new UsageError(`Expected at most <customerId>, got ${args.join(' ')}.`)
    printTable(print, ['FEED', 'CUSTOMER', 'USER', 'CREATED', 'STATUS'], (await store.listFeedTokens(args[0]))
      .map((f) => [f.feedId, f.customerId, f.userId, f.createdAt, f.revokedAt ? `revoked ${f.revokedAt}` : 'active']))
  },
  'feed revoke': async ({ args, store, print }) => {
    const [link] = expectArgs(args, ['feedId | token | URL'])
    const token = feedTokenOf(link)
    const feedId = token === undefined ? link : (await store.findFeedTokenUser(hashFeedToken(token)))?.feedId
    if (feedId === undefined || !(await store.revokeFeedToken(feedId))) {
      throw new StoreConflict('not-found', token === undefined ? `No active calendar link ${link}.`
        : 'No active calendar link has this token: it is unknown or was revoked.') // a token is a secret: never echoed
    }
    print(`Revoked calendar link ${feedId}: it answers 404 from now on.`)
  },
  'audit list': async ({ args, options, store, print }) => {
    expectArgs(args, [])
    const entries = await store.listAuditEntries({
      customerId: options.customer, from: checkInstant(options.from, '--from'), to: checkInstant(options.to, '--to'),
      limit: checkLimit(options.limit),
    })
    printTable(print, ['AT', 'CLIENT', 'ACTION', 'CUSTOMER', 'USER', 'APPOINTMENT/FEED/WEBHOOK', 'REQUEST', 'DETAIL'], entries
      .map((e) => [e.at, e.client, e.action, e.customerId ?? '', e.userId ?? '',
        e.appointmentId ?? e.feedId ?? e.webhookId ?? '', e.requestId ?? '', e.detail ?? '']))
  },
}

const INSTANT_PATTERN = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2}))?$/
const DEFAULT_AUDIT_LIMIT = 100
const MAX_AUDIT_LIMIT = 100_000

/** An ISO date (UTC midnight) or date-time with Z or an offset, as the audit log's UTC text. */
function checkInstant(value: string | undefined, option: string): string | undefined {
  if (value === undefined) return undefined
  const ms = INSTANT_PATTERN.test(value) ? Date.parse(value) : Number.NaN
  if (Number.isNaN(ms)) {
    throw new UsageError(`${option} "${value}" must be an ISO date or date-time with Z or an offset, `
      + 'such as 2026-12-01 or 2026-12-01T08:00:00+01:00.')
  }
  return new Date(ms).toISOString()
}

function checkLimit(value: string | undefined): number {
  if (value === undefined) return DEFAULT_AUDIT_LIMIT
  const limit = /^\d+$/.test(value) ? Number(value) : 0
  if (limit < 1 || limit > MAX_AUDIT_LIMIT) {
    throw new UsageError(`--limit "${value}" must be a whole number from 1 to ${MAX_AUDIT_LIMIT}.`)
  }
  return limit
}

interface NewPassword {
  readonly password: string
  readonly generated: boolean
}

/** From stdin with --password-stdin; else asked for on a terminal (Enter alone generates one); else generated. */
async function newPassword(username: string, { options, stdin }: Invocation): Promise<NewPassword> {
  if (options['password-stdin']) return { password: checkPassword((await text(stdin)).replace(/\r?\n$/, '')), generated: false }
  if (!isTerminal(stdin)) return { password: generatePassword(), generated: true }
  const typed = await readHidden(stdin, process.stderr,
    `New password for ${username} (at least ${MIN_PASSWORD_LENGTH} characters; Enter alone generates one): `)
  if (typed === '') return { password: generatePassword(), generated: true }
  checkPassword(typed)
  if (await readHidden(stdin, process.stderr, 'The same password again: ') !== typed) {
    throw new UsageError('The two passwords differ: nothing was changed.')
  }
  return { password: typed, generated: false }
}

function isTerminal(stream: NodeJS.ReadableStream): stream is ReadStream {
  return (stream as Partial<ReadStream>).isTTY === true
}

function checkPassword(password: string): string {
  if (password.length < MIN_PASSWORD_LENGTH) {
    throw new UsageError(`The password must be at least ${MIN_PASSWORD_LENGTH} characters long.`)
  }
  if (CREDENTIAL_CONTROL_CHARACTER.test(password)) {
    throw new UsageError('The password holds a control character (a NUL, tab or line break inside it), which HTTP '
      + 'Basic auth cannot send: choose one without, or let the command generate one.')
  }
  return password
}

function feedBaseUrl(option: string | undefined, config: Config): BaseUrlChoice {
  if (option !== undefined) return { url: option, source: '--base-url' }
  const choice = publicBaseUrl(config)
  if (!choice) {
    throw new UsageError('PORT is 0 (any free port), so the link\'s address is not known: '
      + 'set PUBLIC_BASE_URL or pass --base-url, e.g. --base-url http://127.0.0.1:8080.')
  }
  return choice
}

function checkBaseUrl(value: string): string {
  const url = URL.parse(value)
  if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:')) {
    throw new UsageError(`Base URL "${value}" must be an http:// or https:// URL, such as https://calendar.example.se.`)
  }
  return value
}

export async function runAdmin(argv: readonly string[], env: NodeJS.ProcessEnv, stdin: NodeJS.ReadableStream): Promise<number> {
  let parsed
  try {
    parsed = parseArgs({
      args: [...argv],
      allowPositionals: true,
      options: {
        name: { type: 'string' },
        'time-zone': { type: 'string' },
        customers: { type: 'string' },
        'password-stdin': { type: 'boolean' },
        'base-url': { type: 'string' },
        customer: { type: 'string' },
        from: { type: 'string' },
        to: { type: 'string' },
        limit: { type: 'string' },
        ...WEBHOOK_OPTIONS,
        help: { type: 'boolean', short: 'h' },
      },
    })
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n\n${USAGE}`)
    return 2
  }
  const [resource = '', verb = '', ...args] = parsed.positionals
  if (resource === 'migrate' && !verb && !parsed.values.help) return runMigrate(env)
  const command = COMMANDS[`${resource} ${verb}`]
  if (parsed.values.help) {
    process.stdout.write(USAGE)
    return 0
  }
  if (!command) {
    process.stderr.write(`${unknownCommand(resource, verb)}${USAGE}`)
    return 2
  }
  return runCommand(command, { args, options: parsed.values, stdin, print: (line) => process.stdout.write(`${line}\n`) }, env)
}

/** Which word was not known, for the line before the usage; nothing when no command was given. */
function unknownCommand(resource: string, verb: string): string {
  if (!resource) return ''
  if (resource === 'migrate') return `"migrate" takes no further words; got "${verb}".\n\n`
  const verbs = Object.keys(COMMANDS).filter((name) => name.startsWith(`${resource} `)).map((name) => name.split(' ')[1])
  if (verbs.length === 0) return `Unknown command "${resource}".\n\n`
  if (!verb) return `"${resource}" needs one of: ${verbs.join(', ')}.\n\n`
  return `Unknown ${resource} command "${verb}": use one of ${verbs.join(', ')}.\n\n`
}

async function runCommand(command: Command, invocation: Omit<Invocation, 'store' | 'config'>, env: NodeJS.ProcessEnv): Promise<number> {
  let store: Store | undefined
  try {
    const config = loadConfig(env)
    store = await openStore(config.databaseUrl)
    await command({ ...invocation, store, config })
    return 0
  } catch (error) {
    if (error instanceof UsageError || error instanceof StoreConflict) {
      process.stderr.write(`Error: ${error.message}\n`)
      return error instanceof UsageError ? 2 : 1
    }
    process.stderr.write(`Error: ${(error as Error).message}\n`)
    return 1
  } finally {
    await store?.close()
  }
}

/** Without opening a store: opening one would migrate it, and this reports what it applied. */
async function runMigrate(env: NodeJS.ProcessEnv): Promise<number> {
  try {
    const applied = await migrateDatabase(loadConfig(env).databaseUrl)
    process.stdout.write(applied.length === 0 ? 'The database is up to date: no migrations to apply.\n'
      : `Applied migration${applied.length === 1 ? '' : 's'} ${applied.join(', ')}.\n`)
    return 0
  } catch (error) {
    process.stderr.write(`Error: ${(error as Error).message}\n`)
    return 1
  }
}

if (import.meta.main) {
  process.exitCode = await runAdmin(process.argv.slice(2), process.env, process.stdin)
}
