import { createHmac } from 'node:crypto';

/**
 * personRef: a keyed hash (HMAC-SHA256) of the normalized ID number, so stream names, Kafka keys
 * and projections never carry the number itself and cannot be reversed by hashing guesses
 * without the key (ID numbers are a small, guessable space).
 */
export class PersonRefHasher {
  constructor(private readonly key: Buffer) {
    if (key.length < 32) throw new Error('the personRef key must be at least 32 bytes');
  }

  refOf(normalizedIdNumber: string): string {
    // 128 bits of the HMAC: collision-free at national scale, shorter stream names.
    return createHmac('sha256', this.key)
      .update(normalizedIdNumber, 'utf8')
      .digest('hex')
      .slice(0, 32);
  }
}
