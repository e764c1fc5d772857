import { createHash, hash } from 'node:crypto';

/** SHA-256: the hash of RFC 6962 / RFC 9162 Merkle trees. */
export const HASH_SIZE = 32;

const LEAF_PREFIX = Buffer.from([0x00]);
const NODE_PREFIX = Buffer.from([0x01]);

// One-shot crypto.hash: a hash object per node or leaf cost as much as hashing its bytes.

/** RFC 9162 §2.1.1: a leaf's hash, SHA-256(0x00 ‖ data); a string is hashed as UTF-8. */
export function hashLeaf(data: Uint8Array | string): Buffer {
  if (typeof data === 'string') return hash('sha256', '\u0000' + data, 'buffer');
  return hash('sha256', Buffer.concat([LEAF_PREFIX, data]), 'buffer');
}

/** RFC 9162 §2.1.1: an interior node's hash, SHA-256(0x01 ‖ left ‖ right). */
export function hashChildren(left: Uint8Array, right: Uint8Array): Buffer {
  return hash('sha256', Buffer.concat([NODE_PREFIX, left, right]), 'buffer');
}

/** The root of the empty tree: SHA-256 of nothing. */
export const EMPTY_ROOT: Buffer = createHash('sha256').digest();

/** The largest power of two strictly below n (n ≥ 2), the split point of RFC 9162 §2.1.1. */
export function splitPoint(n: number): number {
  let k = 1;
  while (k * 2 < n) k *= 2;
  return k;
}

/** Whether n is 2^k for some k ≥ 0 (arithmetic, not bit operators: sizes may exceed 2^31). */
export function isPowerOfTwo(n: number): boolean {
  if (!Number.isSafeInteger(n) || n < 1) return false;
  while (n > 1) {
    if (n % 2 === 1) return false;
    n /= 2;
  }
  return true;
}
