import { createHash } from 'node:crypto';
import { canonicalJson } from '@ledger/event-store';

/**
 * What an Idempotency-Key is bound to: the method, the path and the body (canonical JSON, so
 * key order and whitespace do not matter). The same key with another fingerprint is refused.
 */
export function requestFingerprint(method: string, path: string, body: unknown): string {
  return createHash('sha256')
    .update(`${method.toUpperCase()} ${path.split('?')[0]}\n`)
    .update(canonicalJson(body ?? null))
    .digest('hex');
}
