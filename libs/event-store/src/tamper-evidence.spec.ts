import { EventMetadata, NewEvent, RecordedEvent } from './event-store.port';
import {
  canonicalJson,
  chainEvents,
  eventHash,
  GENESIS_HASH,
  verifyStreamChain,
} from './tamper-evidence';

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

describe('Tamper evidence: hashes of recorded events never change (existing ledgers verify)', () => {
  // Golden values computed by the first implementation (generic canonicalJson of the envelope);
  // a faster hash must reproduce them byte for byte.
  const enrolled = {
    data: {
      planId: 'ganzhou-2024',
      personRef: '67fa75f948900077afb7db1695d3aaf7',
      enrollmentId: '7e452676-571b-5ed2-99a6-e119788f61ce',
      insured: {
        idKind: 'mainland_resident_id',
        birthYear: 1940,
        sex: 'male',
        sealedIdentity: {
          v: 1,
          alg: 'A256GCM',
          ref: '67fa75f948900077afb7db1695d3aaf7',
          iv: '0jd0cT6HqiQiqoSX',
          ct: '8Cl30JjoMcVkZXesoWNvjobG5Zs9gthRNsLLpIN9KdtpCOFoMkITJyKitbPKMpk1m/DKrjLZNvJ984oudS8JWI/NLq+BQLQ=',
          tag: 'kSIjfStSr9T45bnpV3rWLQ==',
        },
      },
      basicInsurance: {
        scheme: 'resident',
        insuredRegionCode: '360730',
      },
      eligibility: 'insured_in_region',
      townshipId: 't05',
      premiumFen: 10000,
      premiumRuleId: 'default',
      contributions: [
        {
          contributionId: '7e452676-571b-5ed2-99a6-e119788f61ce/c1',
          source: 'individual',
          amountFen: 10000,
          status: 'paid',
        },
      ],
      occurredAt: '2023-12-16T06:55:38.547Z',
    },
    metadata: {
      eventId: '20ad8169-e3fc-5600-897b-f526f3231b6a',
      correlationId: 'bench',
      causationId: 'bench-0',
      actor: 'bench',
      occurredAt: '2023-12-16T06:55:38.547Z',
      schemaVersion: 1,
      prevHash: '0000000000000000000000000000000000000000000000000000000000000000',
      hash: 'efd53cc388cdaff7a9c89840e6b5aaac78a04fbf2b4c08074e9f1df32154b6e4',
    },
    streamId: 'policy-ganzhou-2024-67fa75f948900077afb7db1695d3aaf7',
  };

  it('hashes a recorded PolicyEnrolled event as when it was appended', () => {
    const { streamId, data, metadata } = enrolled;
    expect(
      eventHash(
        metadata.prevHash,
        streamId,
        0n,
        metadata.eventId,
        'PolicyEnrolled',
        data,
        metadata,
      ),
    ).toBe('efd53cc388cdaff7a9c89840e6b5aaac78a04fbf2b4c08074e9f1df32154b6e4');
  });

  it('covers escapes, non-ASCII keys, nested key order, undefined members and extra metadata', () => {
    const metadata = {
      eventId: 'e',
      actor: 'a',
      schemaVersion: 1,
      hash: 'zz',
      extra: { y: 1, x: 2 },
    } as unknown as EventMetadata;
    const data = { b: [1, { z: null, é: 'x\n' }], a: undefined };
    expect(eventHash('ab', 's-1', 7n, 'e"1', 'T', data, metadata)).toBe(
      'fc20c46b8527520cd05f117d001d5ac6383451e454df0e944d8abdf61a0bf35f',
    );
  });

  it('leaves out absent data as the canonical form drops undefined members', () => {
    const metadata = { eventId: 'e', actor: 'a', schemaVersion: 1 } as unknown as EventMetadata;
    expect(eventHash('ab', 's-1', 7n, 'e1', 'T', undefined, metadata)).toBe(
      'c29809a556a02912f63caec404f31f2376913c3b9f2fd37e129b56dda77c540a',
    );
  });
});
