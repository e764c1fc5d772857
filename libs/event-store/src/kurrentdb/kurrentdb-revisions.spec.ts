import { ANY, NO_STREAM, STREAM_EXISTS } from '@kurrent/kurrentdb-client';
import {
  checkExpectedRevision,
  satisfiesExpected,
  toActualRevision,
  toStreamState,
} from './kurrentdb-revisions';

describe('KurrentDB expected revisions', () => {
  it('maps each expected revision onto the client stream state of the same meaning', () => {
    expect(toStreamState('no_stream')).toBe(NO_STREAM);
    expect(toStreamState('stream_exists')).toBe(STREAM_EXISTS);
    expect(toStreamState('any')).toBe(ANY);
    expect(toStreamState(0n)).toBe(0n);
    expect(toStreamState(41n)).toBe(41n);
  });

  it('reports a missing stream as actual revision -1, as the SQLite store does', () => {
    expect(toActualRevision('no_stream')).toBe(-1n);
    expect(toActualRevision(7n)).toBe(7n);
    // Deleted (-5) and tombstoned (-6) streams have no events either.
    expect(toActualRevision(-5n)).toBe(-1n);
  });

  it('rejects negative revisions and unknown names before anything is sent', () => {
    expect(() => checkExpectedRevision(-1n)).toThrow(RangeError);
    expect(() => checkExpectedRevision('latest' as never)).toThrow(RangeError);
    expect(() => checkExpectedRevision(0n)).not.toThrow();
  });

  it.each([
    ['any', -1n, true],
    ['any', 3n, true],
    ['no_stream', -1n, true],
    ['no_stream', 0n, false],
    ['stream_exists', -1n, false],
    ['stream_exists', 0n, true],
    [2n, 2n, true],
    [2n, 3n, false],
    [0n, -1n, false],
  ] as const)('%s against current %s: %s', (expected, current, ok) => {
    expect(satisfiesExpected(expected, current)).toBe(ok);
  });
});
