import { createHash, randomBytes } from 'node:crypto';

/**
 * API keys are stored and compared as SHA-256 digests, never in clear. A fast hash is right for
 * them (unlike passwords): a key is 32 random bytes, so there is nothing to guess and no
 * dictionary to slow down; the digest only keeps a leaked file or heap dump from being a key.
 */
export const KEY_HASH_PREFIX = 'sha256:';
const KEY_HASH = /^sha256:[0-9a-f]{64}$/;

export function hashKey(clearKey: string): string {
  return KEY_HASH_PREFIX + createHash('sha256').update(clearKey, 'utf8').digest('hex');
}

export function isKeyHash(text: string): boolean {
  return KEY_HASH.test(text);
}

/** A fresh key: 32 random bytes, base64url (43 characters, safe in headers and env lists). */
export function generateKey(): string {
  return randomBytes(32).toString('base64url');
}

/** Short, non-secret label of a key for logs: the first 8 hex digits of its digest. */
export function keyLabel(keyHash: string): string {
  return keyHash.slice(KEY_HASH_PREFIX.length, KEY_HASH_PREFIX.length + 8);
}
