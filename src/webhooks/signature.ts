/**
 * @module Standard Webhooks signatures: `v1,` + base64 HMAC-SHA256 over `{id}.{timestamp}.{body}`,
 * keyed with the bytes the secret's base64 (after `whsec_`) spells. Several secrets (during
 * a rotation) give several signatures, space-separated, the current secret's first.
 */
import { createHmac } from 'node:crypto'

const SECRET_PREFIX = 'whsec_'

export function secretBytes(secret: string): Buffer {
  return Buffer.from(secret.startsWith(SECRET_PREFIX) ? secret.slice(SECRET_PREFIX.length) : secret, 'base64')
}

export function signatureHeader(
  secrets: readonly string[], messageId: string, timestampSeconds: number, body: string,
): string {
  const signed = `${messageId}.${timestampSeconds}.${body}`
  return secrets.map((secret) => `v1,${createHmac('sha256', secretBytes(secret)).update(signed).digest('base64')}`)
    .join(' ')
}
