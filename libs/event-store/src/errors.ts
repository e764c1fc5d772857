import { ExpectedRevision } from './event-store.port';

/** The stream's actual revision differs from the expected one (KurrentDB: WrongExpectedVersion). */
export class WrongExpectedRevisionError extends Error {
  override readonly name = 'WrongExpectedRevisionError';
  constructor(
    readonly streamId: string,
    readonly expected: ExpectedRevision,
    /** -1n when the stream does not exist. */
    readonly actual: bigint,
  ) {
    super(
      `stream ${streamId}: expected revision ${String(expected)}, actual ${actual < 0n ? 'no stream' : actual.toString()}`,
    );
  }
}

/** Some but not all of an append's event ids are already recorded, or recorded elsewhere. */
export class IdempotencyViolationError extends Error {
  override readonly name = 'IdempotencyViolationError';
  constructor(
    readonly streamId: string,
    message: string,
  ) {
    super(`stream ${streamId}: ${message}`);
  }
}

/** The store cannot be reached or rejected the request for a reason other than concurrency. */
export class EventStoreUnavailableError extends Error {
  override readonly name = 'EventStoreUnavailableError';
}
