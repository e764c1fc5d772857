/** The answer a request with an Idempotency-Key received, kept so a retry gets the same one. */
export interface IdempotencyRecord {
  key: string;
  fingerprint: string;
  method: string;
  path: string;
  status: number;
  /** The answer's body as sent (JSON text). */
  body: string;
  /** ISO-8601 instant. */
  recordedAt: string;
}

/**
 * Where answers to idempotent requests are kept: a table beside the embedded log, or streams in
 * KurrentDB when API replicas share the store. The first record for a key wins.
 */
export interface IdempotencyRecords {
  find(key: string): Promise<IdempotencyRecord | undefined>;
  /** Keeps the record unless the key already has one; returns the record kept for the key. */
  keep(record: IdempotencyRecord): Promise<IdempotencyRecord>;
  /** Forgets records older than the instant (ISO-8601); returns how many. */
  forgetBefore(instant: string): Promise<number>;
}

export const IDEMPOTENCY_RECORDS = Symbol('IdempotencyRecords');
