/**
 * @module Server-side request forgery guard: in production a webhook may not reach loopback,
 * private, link-local, CGNAT, multicast, reserved or unspecified addresses, IPv4 or IPv6
 * (IPv4-mapped IPv6 is judged by its IPv4 address). The check runs on the addresses a
 * connection actually uses: `guardedLookup` is the socket's DNS lookup and drops refused
 * addresses, so a name that resolves differently later (DNS rebinding) gains nothing, and an
 * address written in the URL is checked before connecting (sockets skip the lookup for those).
 */
import { lookup as dnsLookup } from 'node:dns'
import { BlockList, isIP, type LookupFunction } from 'node:net'

const REFUSED = new BlockList()
for (const [network, prefix] of [
  ['0.0.0.0', 8], ['10.0.0.0', 8], ['100.64.0.0', 10], ['127.0.0.0', 8], ['169.254.0.0', 16], ['172.16.0.0', 12],
  ['192.0.0.0', 24], ['192.168.0.0', 16], ['198.18.0.0', 15], ['224.0.0.0', 4], ['240.0.0.0', 4],
] as const) REFUSED.addSubnet(network, prefix, 'ipv4')
for (const [network, prefix] of [
  ['::', 128], ['::1', 128], ['fe80::', 10], ['fc00::', 7], ['ff00::', 8],
] as const) REFUSED.addSubnet(network, prefix, 'ipv6')

export interface AddressPolicy {
  /** Only https URLs. */
  readonly httpsOnly: boolean
  /** Refuse the addresses listed above. */
  readonly publicOnly: boolean
}

export const OPEN_POLICY: AddressPolicy = { httpsOnly: false, publicOnly: false }

/** Production refuses http and internal addresses unless WEBHOOK_ALLOW_PRIVATE_NETWORKS lifts both. */
export function addressPolicy(production: boolean, allowPrivateNetworks: boolean): AddressPolicy {
  const strict = production && !allowPrivateNetworks
  return { httpsOnly: strict, publicOnly: strict }
}

export function isRefusedAddress(address: string): boolean {
  const family = isIP(address)
  if (family === 0) return false
  return REFUSED.check(address, family === 6 ? 'ipv6' : 'ipv4')
}

/** The URL's host without IPv6 brackets. */
export function hostOf(url: URL): string {
  return url.hostname.startsWith('[') ? url.hostname.slice(1, -1) : url.hostname
}

export class RefusedAddress extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'RefusedAddress'
  }
}

/** The socket lookup: the name's addresses less the refused ones; an error when none is left. */
export const guardedLookup: LookupFunction = (hostname, options, callback) => {
  dnsLookup(hostname, { ...options, all: true }, (error, addresses) => {
    if (error) return callback(error, '', 4)
    const allowed = addresses.filter((entry) => !isRefusedAddress(entry.address))
    if (allowed.length === 0) {
      const refused = new RefusedAddress(`${hostname} resolves only to addresses webhooks may not reach `
        + `(${addresses.map((entry) => entry.address).join(', ')}).`)
      return callback(refused, '', 4)
    }
    if (options.all) return (callback as unknown as (error: null, all: typeof allowed) => void)(null, allowed)
    return callback(null, allowed[0]!.address, allowed[0]!.family)
  })
}

/**
 * Why the policy refuses the URL before any request, or undefined: http where https is
 * required, or a host that is, or resolves only to, a refused address.
 */
export async function refusalOf(url: URL, policy: AddressPolicy): Promise<string | undefined> {
  if (policy.httpsOnly && url.protocol !== 'https:') return 'Use an https:// URL: production sends webhooks over TLS only.'
  if (!policy.publicOnly) return undefined
  const host = hostOf(url)
  if (isIP(host)) {
    return isRefusedAddress(host) ? `${host} is a loopback, private, link-local or otherwise internal address; `
      + 'use a public one.' : undefined
  }
  const addresses = await resolveAll(host)
  if (addresses === undefined) return `${host} does not resolve; use a name that resolves to a public address.`
  const refused = addresses.filter(isRefusedAddress)
  if (refused.length > 0) {
    return `${host} resolves to ${refused.join(', ')}, an internal address; use a name that resolves to public ones.`
  }
  return undefined
}

async function resolveAll(host: string): Promise<string[] | undefined> {
  return new Promise((resolve) => {
    dnsLookup(host, { all: true }, (error, addresses) => resolve(error ? undefined : addresses.map((entry) => entry.address)))
  })
}
