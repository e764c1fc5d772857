import { RecordedEvent } from '../event-store.port';
import { compareWithRecorded, idempotencyWindowStart } from './kurrentdb-idempotency';

const recorded = (ids: string[], from = 0n): RecordedEvent[] =>
  ids.map((id, i) => ({
    id,
    streamId: 's',
    revision: from + BigInt(i),
    position: { commit: 100n, prepare: 100n + BigInt(i) },
    type: 'T',
    data: {},
    metadata: {} as RecordedEvent['metadata'],
    recordedAt: '2024-01-01T00:00:00.000Z',
  }));

describe('KurrentDB idempotency after a wrong expected version', () => {
  it('looks where the server compared the retry: after the expected revision, or at 0', () => {
    expect(idempotencyWindowStart('no_stream')).toBe(0n);
    expect(idempotencyWindowStart(4n)).toBe(5n);
    expect(idempotencyWindowStart('any')).toBe('locate');
    expect(idempotencyWindowStart('stream_exists')).toBe('locate');
  });

  it('every id recorded in order: the original append, answered with its last event', () => {
    const window = recorded(['a', 'b', 'c'], 3n);
    const result = compareWithRecorded(['A', 'b'], window);
    expect(result).toEqual({ kind: 'all', last: window[1] });
  });

  it('no id recorded: a real conflict', () => {
    expect(compareWithRecorded(['x'], recorded(['a']))).toEqual({ kind: 'none' });
    expect(compareWithRecorded(['x'], [])).toEqual({ kind: 'none' });
  });

  it('some ids recorded, or recorded out of order: a corrupted retry', () => {
    expect(compareWithRecorded(['a', 'b', 'x'], recorded(['a', 'b']))).toEqual({ kind: 'some' });
    expect(compareWithRecorded(['b', 'a'], recorded(['a', 'b']))).toEqual({ kind: 'some' });
  });
});
