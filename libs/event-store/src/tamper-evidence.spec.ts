import { EventMetadata, NewEvent, RecordedEvent } from './event-store.port';
import { canonicalJson, chainEvents, GENESIS_HASH, verifyStreamChain } from './tamper-evidence';

const meta = (id: string): EventMetadata => ({
  eventId: id,
  correlationId: 'c',
  causationId: 'c',
  actor: 'test',
  occurredAt: '2024-01-01T00:00:00.000Z',
  schemaVersion: 1,
});
const newEvent = (id: string, data: unknown): NewEvent => ({
  id,
  type: 'Something',
  data,
  metadata: meta(id),
});

function recorded(streamId: string, events: NewEvent[]): RecordedEvent[] {
  return events.map((e, i) => ({
    ...e,
    streamId,
    revision: BigInt(i),
    position: { commit: BigInt(i + 1), prepare: BigInt(i + 1) },
    recordedAt: '2024-01-01T00:00:00.000Z',
  }));
}

describe('Tamper evidence: events hash-chained per stream (issue 2 §6)', () => {
  const chained = recorded(
    's-1',
    chainEvents('s-1', -1n, GENESIS_HASH, [
      newEvent('a', { x: 1 }),
      newEvent('b', { y: [1, 2] }),
      newEvent('c', { z: 'é' }),
    ]),
  );

  it('canonical JSON sorts keys and drops undefined members', () => {
    expect(canonicalJson({ b: 1, a: { d: [1, { f: null, e: 'x' }], c: undefined } })).toBe(
      '{"a":{"d":[1,{"e":"x","f":null}]},"b":1}',
    );
  });

  it('an untouched stream verifies', () => {
    expect(chained[0].metadata.prevHash).toBe(GENESIS_HASH);
    expect(chained[1].metadata.prevHash).toBe(chained[0].metadata.hash);
    expect(verifyStreamChain(chained)).toEqual([]);
  });

  it('an altered event is detected', () => {
    const altered = chained.map((e, i) => (i === 1 ? { ...e, data: { y: [1, 3] } } : e));
    expect(verifyStreamChain(altered).map((p) => p.problem)).toEqual(['hash_mismatch']);
  });

  it('a removed event is detected', () => {
    const removed = [chained[0], chained[2]];
    expect(verifyStreamChain(removed).map((p) => p.problem)).toEqual([
      'revision_gap',
      'prev_hash_mismatch',
    ]);
  });

  it('reordered events are detected', () => {
    const swapped = [chained[0], { ...chained[2], revision: 1n }, { ...chained[1], revision: 2n }];
    expect(verifyStreamChain(swapped).map((p) => p.problem)).toContain('prev_hash_mismatch');
  });
});
