/**
 * @module Outside tools some tests run for real (Chromium, PHP with curl, Mono, zsh, curl,
 * python3 modules): a test that needs one it cannot find skips with one line naming the
 * Debian package to install, so `npm install && npm test` passes on a machine with only
 * Node.js and npm; under `CI=true` (where .ci/run has installed them all) a missing tool
 * fails the test instead. Each tool is tried for real, once per process.
 *
 * ```ts
 * test('PHP sample', async (t) => {
 *   if (skipWithout(t, PHP_CURL)) return
 *   …
 * })
 * const ICALENDAR = pythonModules('icalendar', 'python3-icalendar')
 * ```
 */
import { spawnSync } from 'node:child_process'
import type { TestContext } from 'node:test'

export interface OutsideToolSpec {
  /** What the skip line calls it, e.g. `php with the curl extension`. */
  readonly name: string
  /** The Debian package or packages (space-separated) that bring it, e.g. `php-cli php-curl`. */
  readonly package: string
  /** Tries the tool for real (runs it); called at most once per process. */
  readonly available: () => boolean
}

export interface OutsideTool {
  readonly name: string
  readonly package: string
  /** Whether the tool works here, tried on first call and remembered. */
  isAvailable(): boolean
}

/** The python the oracles run: Debian's, which `apt-get install python3-…` serves. */
export const PYTHON = '/usr/bin/python3'

export function outsideTool(spec: OutsideToolSpec): OutsideTool {
  let available: boolean | undefined
  return {
    name: spec.name,
    package: spec.package,
    isAvailable: () => {
      available ??= spec.available()
      return available
    },
  }
}

/** True when `file args…` starts and exits 0 (a missing binary does neither). */
export function runsCleanly(file: string, args: readonly string[]): boolean {
  return spawnSync(file, args, { stdio: 'ignore', timeout: 60_000 }).status === 0
}

/** Debian's python3 importing `modules` (comma-separated, as after `import`). */
export function pythonModules(modules: string, debianPackage: string): OutsideTool {
  return outsideTool({
    name: `python3 with ${modules}`,
    package: debianPackage,
    available: () => runsCleanly(PYTHON, ['-c', `import ${modules}`]),
  })
}

export const CHROMIUM = outsideTool({
  name: 'Chromium', package: 'chromium', available: () => runsCleanly('/usr/bin/chromium', ['--version']),
})
export const PHP_CURL = outsideTool({
  name: 'php with the curl extension',
  package: 'php-cli php-curl',
  available: () => runsCleanly('php', ['-r', 'exit(function_exists("curl_init") ? 0 : 1);']),
})
export const MONO = outsideTool({
  name: 'mcs and mono',
  package: 'mono-devel',
  available: () => runsCleanly('mcs', ['--version']) && runsCleanly('mono', ['--version']),
})
export const ZSH = outsideTool({ name: 'zsh', package: 'zsh', available: () => runsCleanly('zsh', ['-c', 'true']) })
export const CURL = outsideTool({ name: 'curl', package: 'curl', available: () => runsCleanly('curl', ['--version']) })
/** dateutil's rrule itself: an emptied dateutil folder still imports as a namespace package. */
export const DATEUTIL = pythonModules('dateutil.rrule, zoneinfo', 'python3-dateutil')

/** Whether missing tools fail tests instead of skipping them: `CI=true`, as CI runs. */
export function missingToolsFail(env: NodeJS.ProcessEnv = process.env): boolean {
  return env.CI === 'true'
}

/**
 * The `skip` option of a test or suite that needs `tools`: the skip line when one is missing,
 * else false. Under `CI=true` it is always false, so a missing tool fails the test.
 */
export function skipOption(...tools: readonly OutsideTool[]): string | false {
  const missing = tools.filter((tool) => !tool.isAvailable())
  if (missing.length === 0 || missingToolsFail()) return false
  return missingLine(missing)
}

function missingLine(missing: readonly OutsideTool[]): string {
  const names = missing.map((tool) => tool.name).join(', ')
  const packages = missing.map((tool) => tool.package).join(' ')
  const plural = packages.includes(' ') ? 'packages' : 'package'
  return `${names} not found: install Debian ${plural} ${packages}`
}

/**
 * Skips `t` with one line naming the Debian packages when any of `tools` is missing, and
 * answers true (the test returns at once); answers false when all are here. Under
 * `CI=true` a missing tool throws instead, failing the test.
 */
export function skipWithout(t: TestContext, ...tools: readonly OutsideTool[]): boolean {
  const missing = tools.filter((tool) => !tool.isAvailable())
  if (missing.length === 0) return false
  const line = missingLine(missing)
  if (missingToolsFail()) throw new Error(`${line}; CI=true makes a missing tool a failure (.ci/run installs them)`)
  t.skip(line)
  return true
}
