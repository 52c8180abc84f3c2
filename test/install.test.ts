/**
 * The machine's own Node.js and npm, as a newcomer meets them (the README: Node.js 20 or later
 * with npm): `npm install` warns about no engine, and the admin command, run through npm on
 * that Node, prints nothing but its answer, on the pinned Node 24 from the `node` dev
 * dependency. The machine's node is the first on PATH outside node_modules; where there is
 * none (only the pinned one), the tests skip with a line.
 */
import assert from 'node:assert/strict'
import { spawn } from 'node:child_process'
import { copyFile, readFile } from 'node:fs/promises'
import { existsSync, realpathSync } from 'node:fs'
import { delimiter, join } from 'node:path'
import { describe, test } from 'node:test'
import { fileURLToPath } from 'node:url'
import { makeTempDir } from './helpers/server.ts'
import { childOutput, type ChildOutput } from './helpers/child-output.ts'

const REPO_ROOT = fileURLToPath(new URL('..', import.meta.url))
/** PATH without node_modules/.bin folders: what a shell outside npm finds. */
const PLAIN_PATH = (process.env.PATH ?? '').split(delimiter).filter((dir) => !dir.includes('node_modules')).join(delimiter)
const PINNED = realpathSync(process.execPath)

function onPlainPath(name: string): string | undefined {
  return PLAIN_PATH.split(delimiter).map((dir) => join(dir, name)).find((file) => existsSync(file))
}

const SYSTEM_NODE = onPlainPath('node')
const NPM_CLI = onPlainPath('npm')
const SKIP = !SYSTEM_NODE || !NPM_CLI || realpathSync(SYSTEM_NODE) === PINNED
  ? 'no Node.js and npm of the machine\'s own on PATH besides the pinned one' : false

type Run = ChildOutput

/** npm on the machine's node, with none of the npm_* settings `npm test` passes down (a --silent would hide warnings). */
async function npm(args: readonly string[], cwd: string, env: Record<string, string> = {}): Promise<Run> {
  const inherited = Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.toLowerCase().startsWith('npm_')))
  const child = spawn(SYSTEM_NODE!, [realpathSync(NPM_CLI!), ...args], {
    cwd, env: { ...inherited, PATH: PLAIN_PATH, ...env }, timeout: 120_000,
  })
  return childOutput(child)
}

describe('on the machine\'s own Node.js and npm', { skip: SKIP }, () => {
  test('npm install of package.json and package-lock.json warns about no engine', async (t) => {
    const dir = await makeTempDir(t)
    for (const file of ['package.json', 'package-lock.json']) await copyFile(join(REPO_ROOT, file), join(dir, file))
    const run = await npm(['install', '--dry-run', '--ignore-scripts', '--no-audit', '--no-fund', '--prefer-offline'], dir)
    assert.equal(run.code, 0, run.stderr)
    assert.ok(!`${run.stdout}${run.stderr}`.includes('EBADENGINE'), run.stderr)
    assert.equal(run.stderr, '')
  })

  test('npm run --silent admin and npx node print only the answer, on the pinned Node.js', async (t) => {
    const env = { DATABASE_URL: `sqlite:${join(await makeTempDir(t), 'admin.db')}` }
    const header = 'CUSTOMER  TIME ZONE  NAME\n'
    assert.deepEqual(await npm(['run', '--silent', 'admin', '--', 'customer', 'list'], REPO_ROOT, env),
      { code: 0, stdout: header, stderr: '' })
    assert.deepEqual(await npm(['exec', '--', 'node', 'src/cli/admin.ts', 'customer', 'list'], REPO_ROOT, env),
      { code: 0, stdout: header, stderr: '' })
    const pinned = JSON.parse(await readFile(join(REPO_ROOT, 'package.json'), 'utf8')).devDependencies.node as string
    const version = await npm(['exec', '--', 'node', '--version'], REPO_ROOT)
    assert.equal(version.stdout.match(/^v(\d+)\./)?.[1], pinned.match(/\d+/)?.[0], version.stdout)
  })
})
