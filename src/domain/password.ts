/**
 * @module Salted, slow password hashes (scrypt) and their constant-time check.
 * Format: `scrypt$N$r$p$salt$hash`, base64url parts, so parameters can rise later.
 */
import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto'

/**
 * RFC 7617 forbids control characters in a Basic user-id and password. Auth refuses them
 * before any check (scrypt's PBKDF2 pads its HMAC key with zero bytes, so a password with NULs
 * appended would otherwise verify as the password), so the admin command must not store one.
 */
export const CREDENTIAL_CONTROL_CHARACTER = /\p{Cc}/u

const COST = 16_384
const BLOCK_SIZE = 8
const PARALLELISM = 1
const KEY_LENGTH = 32

function deriveKey(password: string, salt: Buffer, options: ScryptOptions): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    scrypt(password, salt, KEY_LENGTH, { ...options, maxmem: 64 * 1024 * 1024 }, (error, key) => {
      if (error) reject(error)
      else resolve(key)
    })
  })
}

export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16)
  const key = await deriveKey(password, salt, { N: COST, r: BLOCK_SIZE, p: PARALLELISM })
  return ['scrypt', COST, BLOCK_SIZE, PARALLELISM, salt.toString('base64url'), key.toString('base64url')].join('$')
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [scheme, cost, blockSize, parallelism, salt, hash] = stored.split('$')
  if (scheme !== 'scrypt' || !salt || !hash) return false
  const expected = Buffer.from(hash, 'base64url')
  const key = await deriveKey(password, Buffer.from(salt, 'base64url'),
    { N: Number(cost), r: Number(blockSize), p: Number(parallelism) })
  return key.length === expected.length && timingSafeEqual(key, expected)
}

/** A strong random password for generated API clients (24 URL-safe characters, 144 bits). */
export function generatePassword(): string {
  return randomBytes(18).toString('base64url')
}
