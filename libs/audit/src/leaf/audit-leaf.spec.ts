import fc from 'fast-check';
import { formatPosition, RecordedEvent } from '@ledger/event-store';
import { standaloneVerifier } from '../testing/standalone-verifier';
import { digestEvent } from './audit-leaf';

const event = (over: Partial<RecordedEvent> = {}): RecordedEvent => ({
  id: '6b1f6b62-2b7e-5d6a-9a43-3f0f2f7f0c11',
  streamId: 'policy-ganzhou-2024-0123456789abcdef',
  revision: 0n,
  position: { commit: 42n, prepare: 42n },
  type: 'PolicyEnrolled',
  data: {
    planId: 'ganzhou-2024',
    premiumFen: 10000,
    name: '张三',
    occurredAt: '2023-12-20T02:00:00.000Z',
  },
  metadata: {
    eventId: '6b1f6b62-2b7e-5d6a-9a43-3f0f2f7f0c11',
    correlationId: 'c',
    causationId: 'c',
    actor: 'operator:abcd…',
    occurredAt: '2023-12-20T02:00:00.000Z',
    schemaVersion: 1,
    prevHash: '0'.repeat(64),
    hash: 'f'.repeat(64),
  },
  recordedAt: '2023-12-20T02:00:01.000Z',
  ...over,
});

function bundled(e: RecordedEvent) {
  return {
    position: formatPosition(e.position),
    streamId: e.streamId,
    revision: e.revision.toString(),
    eventId: e.id,
    type: e.type,
    data: e.data,
    metadata: e.metadata,
    recordedAt: e.recordedAt,
  };
}

describe('the leaf of the global commitment (docs/audit.md)', () => {
  it('is stable: a fixed event has a fixed entry and leaf hash (golden values)', () => {
    const { leaf, chainHash } = digestEvent(event());
    expect(chainHash).toBe(GOLDEN_CONTENT);
    expect(leaf.scope).toBe('ganzhou-2024');
    expect(leaf.entryHash.toString('hex')).toBe(GOLDEN_ENTRY);
    expect(leaf.leafHash.toString('hex')).toBe(GOLDEN_LEAF);
  });

  it('the standalone verifier computes the same entry, leaf and per-stream hash for any event', () => {
    const json = fc.letrec((tie) => ({
      value: fc.oneof(
        { depthSize: 'small' },
        fc.string(),
        fc.integer(),
        fc.boolean(),
        fc.constant(null),
        fc.array(tie('value'), { maxLength: 4 }),
        fc.dictionary(fc.string(), tie('value'), { maxKeys: 4 }),
      ),
    })).value;
    fc.assert(
      fc.property(
        fc.dictionary(fc.string(), json, { maxKeys: 6 }),
        fc.option(fc.string(), { nil: undefined }),
        fc.bigInt({ min: 1n, max: 2n ** 62n }),
        fc.bigInt({ min: 0n, max: 2n ** 62n }),
        (data, planId, commit, prepare) => {
          const e = event({
            data: planId === undefined ? data : { ...data, planId },
            position: { commit, prepare },
          });
          const { leaf, chainHash } = digestEvent(e);
          const b = bundled(e);
          const entry = standaloneVerifier.entryHash(b);
          expect(entry).toBe(leaf.entryHash.toString('hex'));
          expect(
            standaloneVerifier.leafOf(b.position, leaf.scope, entry).equals(leaf.leafHash),
          ).toBe(true);
          expect(standaloneVerifier.chainHash(b)).toBe(chainHash);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('covers everything: position, recorded time, stream, revision, type, data and every metadata field', () => {
    const base = digestEvent(event()).leaf.leafHash;
    const variants: Partial<RecordedEvent>[] = [
      { position: { commit: 43n, prepare: 43n } },
      { position: { commit: 42n, prepare: 41n } },
      { recordedAt: '2023-12-20T02:00:02.000Z' },
      { streamId: 'policy-ganzhou-2024-0123456789abcdee' },
      { revision: 1n },
      { type: 'PolicyEnrolledX' },
      { id: '6b1f6b62-2b7e-5d6a-9a43-3f0f2f7f0c12' },
      { data: { ...(event().data as object), premiumFen: 1 } },
      { data: { ...(event().data as object), planId: 'yuyao-2024' } },
      { metadata: { ...event().metadata, actor: 'x' } },
      { metadata: { ...event().metadata, hash: 'e'.repeat(64) } },
      { metadata: { ...event().metadata, prevHash: '1'.repeat(64) } },
    ];
    for (const v of variants) expect(digestEvent(event(v)).leaf.leafHash.equals(base)).toBe(false);
  });
});

// Computed independently (Python's json.dumps(sort_keys=True, separators=(',', ':'),
// ensure_ascii=False) and hashlib), so the format is pinned outside this code base.
const GOLDEN_CONTENT = '705abe3c564c1cd7388ffdd8436165f3faf025edc18f4f767727c3a1eb7880ad';
const GOLDEN_ENTRY = '173f01815eea5fd4f159a8023079219d650a006070fea63ae654581404edf7cd';
const GOLDEN_LEAF = 'f5cd28a37cb2df102a5513db9057f2ba08262b987ac3c523075a59858c99220b';

describe('the per-stream hash with an own "__proto__" key in metadata', () => {
  it('is the same for the ledger and the standalone verifier, and covers that key', () => {
    const metadata = JSON.parse(
      '{"eventId":"e","correlationId":"c","causationId":"c","actor":"a","occurredAt":"x","schemaVersion":1,"__proto__":{"x":1},"prevHash":"' +
        '0'.repeat(64) +
        '"}',
    );
    const e = event({ metadata });
    const b = bundled(e);
    expect(standaloneVerifier.chainHash(b)).toBe(digestEvent(e).chainHash);
    const without = event({
      metadata: {
        ...event().metadata,
        eventId: 'e',
        correlationId: 'c',
        causationId: 'c',
        actor: 'a',
        occurredAt: 'x',
        hash: undefined,
      },
    });
    expect(digestEvent(without).chainHash).not.toBe(digestEvent(e).chainHash);
  });
});
