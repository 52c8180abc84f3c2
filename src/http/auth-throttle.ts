/**
 * @module Throttling of failed Basic-auth attempts, per username and per client address,
 * decided before any password hash runs. Each key counts failures in a fixed window that
 * opens at its first failure; at the limit, further attempts are refused until the window
 * closes, and refused attempts are not counted, so a flood never extends a window: the
 * owner gets in at most one window after the flood stops. Verifications still running
 * count against the limit too, so concurrent requests cannot buy more hashes than the
 * limit allows. State lives in memory, per instance, in two bounded maps (oldest window
 * dropped first when full); the clock is passed in. IPv6 clients count per /64, the block
 * one subscriber usually holds.
 */
import { createHash } from 'node:crypto'
import { isIPv6 } from 'node:net'

export interface ThrottleLimits {
  /** Failures one username may have per window. */
  readonly perUsername: number
  /** Failures one client address (IPv6: one /64) may have per window, over all usernames. */
  readonly perAddress: number
  readonly windowMs: number
  /** Keys tracked per kind (usernames, addresses); the oldest window is forgotten past it. */
  readonly maxTracked: number
}

export const DEFAULT_THROTTLE_LIMITS: ThrottleLimits = {
  perUsername: 10,
  perAddress: 50,
  windowMs: 60_000,
  maxTracked: 10_000,
}

export interface AuthThrottle {
  /** Whole seconds to wait when this username or address may not try now; undefined: go ahead. */
  retryAfter(username: string, address: string): number | undefined
  /** A password hash starts running: it counts against both limits until it ends. */
  startCheck(username: string, address: string): void
  endCheck(username: string, address: string): void
  /** A request was refused for its credentials: counted in both windows. */
  recordFailure(username: string, address: string): void
  /** How many usernames and addresses are tracked now (bounded by `maxTracked`). */
  tracked(): { readonly usernames: number, readonly addresses: number }
}

interface Window {
  openedAt: number
  failures: number
  running: number
}

export function createAuthThrottle(now: () => number, limits: ThrottleLimits = DEFAULT_THROTTLE_LIMITS): AuthThrottle {
  const usernames = createWindows(now, limits.perUsername, limits)
  const addresses = createWindows(now, limits.perAddress, limits)
  return {
    retryAfter(username, address) {
      const waits = [usernames.retryAfter(digestKey(username)), addresses.retryAfter(addressKey(address))]
        .filter((wait) => wait !== undefined)
      return waits.length === 0 ? undefined : Math.max(...waits)
    },
    startCheck(username, address) {
      usernames.start(digestKey(username))
      addresses.start(addressKey(address))
    },
    endCheck(username, address) {
      usernames.end(digestKey(username))
      addresses.end(addressKey(address))
    },
    recordFailure(username, address) {
      usernames.fail(digestKey(username))
      addresses.fail(addressKey(address))
    },
    tracked: () => ({ usernames: usernames.size(), addresses: addresses.size() }),
  }
}

/** Usernames (and stray addresses) come from headers of up to 16 KB: a digest keeps each key small. */
function digestKey(text: string): string {
  return createHash('sha256').update(text).digest('base64url')
}

const IPV4_MAPPED = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/i
const LONGEST_ADDRESS = 45

/**
 * IPv4 (also IPv4-mapped IPv6) counts per address, IPv6 per /64 (`2001:db8:0:1::/64`); anything
 * else (an X-Forwarded-For entry a proxy let through) as itself, digested when long.
 */
export function addressKey(address: string): string {
  const mapped = IPV4_MAPPED.exec(address)
  if (mapped?.[1]) return mapped[1]
  if (isIPv6(address)) return `${ipv6Groups(address).slice(0, 4).join(':')}::/64`
  return address.length <= LONGEST_ADDRESS ? address : digestKey(address)
}

/** The eight groups of a valid IPv6 address, lowercase without leading zeros; its last 32 bits may be dotted. */
function ipv6Groups(address: string): string[] {
  const [head = '', tail] = (address.split('%')[0] ?? '').split('::')
  const headGroups = head ? head.split(':') : []
  const tailGroups = tail ? tail.split(':') : []
  const missing = Math.max(0, 8 - headGroups.length - tailGroups.length)
  const groups = tail === undefined ? headGroups : [...headGroups, ...Array<string>(missing).fill('0'), ...tailGroups]
  return groups.map((group) => group.toLowerCase().replace(/^0+(?=.)/, ''))
}

function createWindows(now: () => number, limit: number, { windowMs, maxTracked }: ThrottleLimits) {
  const windows = new Map<string, Window>()

  function current(key: string): Window | undefined {
    const window = windows.get(key)
    if (window && now() - window.openedAt >= windowMs) {
      window.openedAt = now()
      window.failures = 0
      windows.delete(key) // re-inserted last: the map stays ordered by window start
      windows.set(key, window)
    }
    return window
  }

  function open(key: string): Window {
    const existing = current(key)
    if (existing) return existing
    if (windows.size >= maxTracked) windows.delete(windows.keys().next().value as string)
    const window = { openedAt: now(), failures: 0, running: 0 }
    windows.set(key, window)
    return window
  }

  return {
    retryAfter(key: string): number | undefined {
      const window = current(key)
      if (!window || window.failures + window.running < limit) return undefined
      if (window.failures < limit) return 1 // only checks in flight fill it: they end within moments
      return Math.max(1, Math.ceil((window.openedAt + windowMs - now()) / 1000))
    },
    start(key: string): void {
      open(key).running++
    },
    end(key: string): void {
      const window = windows.get(key)
      if (window) window.running = Math.max(0, window.running - 1)
    },
    fail(key: string): void {
      open(key).failures++
    },
    size: () => windows.size,
  }
}
