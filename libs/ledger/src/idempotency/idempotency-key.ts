import { RefusalError } from '../core/refusal';

/** Visible ASCII, no spaces, 1 to 200 characters: what clients send (UUIDs, batch ids). */
const KEY = /^[\x21-\x7e]{1,200}$/;

/**
 * The Idempotency-Key of a request, undefined when absent. A malformed or over-long key is
 * refused (400) rather than silently replaced: a replaced key makes a retry write twice.
 */
export function parseIdempotencyKey(header: string | undefined): string | undefined {
  if (header === undefined) return undefined;
  if (!KEY.test(header)) {
    throw new RefusalError(400, [
      {
        field: 'Idempotency-Key',
        rule: 'idempotency.keyFormat',
        message: 'Idempotency-Key must be 1 to 200 visible ASCII characters without spaces',
      },
    ]);
  }
  return header;
}
