import type { AppendStreamState, CurrentStreamState } from '@kurrent/kurrentdb-client';
import { ExpectedRevision } from '../event-store.port';

/**
 * The port's expected revisions are KurrentDB's stream states under the same names, so the
 * mapping is one to one; it is spelled out so that a rename on either side fails to compile.
 */
export function toStreamState(expected: ExpectedRevision): AppendStreamState {
  switch (expected) {
    case 'no_stream':
      return 'no_stream';
    case 'stream_exists':
      return 'stream_exists';
    case 'any':
      return 'any';
    default:
      return expected;
  }
}

/** The port's "actual" revision: -1n when the stream does not exist, as the SQLite store says. */
export function toActualRevision(current: CurrentStreamState): bigint {
  return current === 'no_stream' || current < 0n ? -1n : current;
}

/** Rejects what neither store would accept, before anything is sent. */
export function checkExpectedRevision(expected: ExpectedRevision): void {
  const valid =
    typeof expected === 'bigint'
      ? expected >= 0n
      : expected === 'any' || expected === 'no_stream' || expected === 'stream_exists';
  if (!valid) throw new RangeError(`invalid expected revision ${String(expected)}`);
}

/** Whether a stream at `current` (-1n: no stream) satisfies the expected revision. */
export function satisfiesExpected(expected: ExpectedRevision, current: bigint): boolean {
  switch (expected) {
    case 'any':
      return true;
    case 'no_stream':
      return current < 0n;
    case 'stream_exists':
      return current >= 0n;
    default:
      return current >= 0n && current === expected;
  }
}
