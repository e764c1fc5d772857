import { KeyObject } from 'node:crypto';
import {
  comparePositions,
  formatPosition,
  GENESIS_HASH,
  LogPosition,
  parsePosition,
  RecordedEvent,
} from '@ledger/event-store';
import { digestEvent } from '../leaf/audit-leaf';
import { PositionList } from '../leaf/position-list';
import { LeafHashList } from '../merkle/leaf-hash-list';
import { MerkleFrontier } from '../merkle/merkle-frontier';
import { MerkleTree } from '../merkle/merkle-tree';
import { isLogSealed, sealOf } from '../seal/log-sealed-event';
import { sealProblem, SignedSeal } from '../seal/seal';
import { Finding } from './finding';
import { AllStreamHeads, StreamHeads } from './stream-heads';

/** A seal recorded in the log, and whether the log still matches it. */
export interface RecordedSeal {
  /** Leaf index and position of its LogSealed event. */
  readonly index: number;
  readonly position: LogPosition;
  readonly revision: bigint;
  readonly eventId: string;
  /** Its per-stream hash (the next seal event chains onto it). */
  readonly hash: string;
  readonly seal: SignedSeal;
  /** The recomputed tree of seal.treeSize leaves has the sealed root and last position. */
  readonly matches: boolean;
}

export interface LogWalkerOptions {
  /** Keys whose seals are trusted, by key id. */
  readonly trustedKeys: ReadonlyMap<string, KeyObject>;
  /** The embedded store's positions are 1, 2, 3… with no gaps. */
  readonly contiguousPositions: boolean;
  readonly heads?: StreamHeads;
  readonly onFinding: (finding: Finding) => void;
}

/**
 * One walk of the log in order, as both the verifier and the running ledger do it: checks each
 * event's position, its per-stream hash and link, appends its leaf to the global tree, and checks
 * every seal it meets against the tree as recomputed (its own LogSealed event comes after the
 * events it covers, so the tree is there to compare). Findings are reported as they are found.
 */
export class LogWalker {
  readonly leaves = new LeafHashList();
  readonly positions = new PositionList();
  readonly frontier = new MerkleFrontier();
  readonly tree = new MerkleTree(this.leaves);
  readonly seals: RecordedSeal[] = [];
  /** Events whose stream's previous event was forgotten (bounded heads): check them by reading it. */
  readonly unresolvedLinks: RecordedEvent[] = [];
  private readonly heads: StreamHeads;
  private last: LogPosition | undefined;

  constructor(private readonly options: LogWalkerOptions) {
    this.heads = options.heads ?? new AllStreamHeads();
  }

  get size(): number {
    return this.leaves.size;
  }

  get streams(): number {
    return this.heads.size;
  }

  get lastPosition(): LogPosition | undefined {
    return this.last;
  }

  /** Size of the longest prefix a matching seal vouches for (0 if none). */
  get sealedSize(): number {
    let size = 0;
    for (const s of this.seals)
      if (s.matches && s.seal.body.treeSize > size) size = s.seal.body.treeSize;
    return size;
  }

  positionAt(index: number): string | undefined {
    return index < this.positions.size ? formatPosition(this.positions.at(index)) : undefined;
  }

  /**
   * `known`: what this process wrote of the event (the running ledger's own writes), which spares
   * reading its data; see digestEvent.
   */
  accept(event: RecordedEvent, known?: { hash: string; scope: string | null }): void {
    const index = this.leaves.size;
    if (!this.positionAcceptable(event, index)) return;
    const digest = digestEvent(event, known);
    this.checkChain(event, index, digest.chainHash);
    this.leaves.push(digest.leaf.leafHash);
    this.positions.push(event.position);
    this.frontier.append(digest.leaf.leafHash);
    this.last = event.position;
    if (isLogSealed(event)) this.checkRecordedSeal(event, index);
  }

  /** The leaf index where the log last agreed with a seal below `treeSize` (0 if none). */
  lastGoodSealBefore(treeSize: number): number {
    let size = 0;
    for (const s of this.seals) {
      const t = s.seal.body.treeSize;
      if (s.matches && t < treeSize && t > size) size = t;
    }
    return size;
  }

  /** Whether the recomputed tree agrees with a seal: same root and same last position. */
  matchesSeal(seal: SignedSeal): boolean {
    const t = seal.body.treeSize;
    if (t > this.size) return false;
    return (
      this.tree.rootAt(t).toString('hex') === seal.body.rootHash &&
      this.positionAt(t - 1) === formatPosition(parsePosition(seal.body.lastPosition)!)
    );
  }

  private report(finding: Finding): void {
    this.options.onFinding(finding);
  }

  private positionAcceptable(event: RecordedEvent, index: number): boolean {
    const at = {
      index,
      position: formatPosition(event.position),
      streamId: event.streamId,
      revision: event.revision.toString(),
      eventId: event.id,
    };
    const p = event.position;
    if (this.options.contiguousPositions) {
      if (p.commit < 1n || p.commit !== p.prepare) {
        this.report({
          ...at,
          kind: 'position_invalid',
          message:
            'the embedded log numbers events from 1; a row at this position is hidden from log reads but served by stream reads (a forged row)',
        });
        return false;
      }
      const expected = this.last ? this.last.commit + 1n : 1n;
      if (p.commit > expected) {
        this.report({
          ...at,
          position: formatPosition({ commit: expected, prepare: expected }),
          kind: 'position_missing',
          message:
            p.commit - expected === 1n
              ? `no event at position ${expected}: the embedded log has no gaps, so it was deleted`
              : `no events at positions ${expected}..${p.commit - 1n}: the embedded log has no gaps, so they were deleted`,
        });
      }
    }
    if (this.last && comparePositions(p, this.last) <= 0) {
      this.report({ ...at, kind: 'position_order', message: 'positions must grow in log order' });
      return false;
    }
    return true;
  }

  private checkChain(event: RecordedEvent, index: number, recomputed: string): void {
    const at = {
      index,
      position: formatPosition(event.position),
      streamId: event.streamId,
      revision: event.revision.toString(),
      eventId: event.id,
    };
    const m = event.metadata;
    const hash = typeof m.hash === 'string' ? m.hash : undefined;
    if (hash === undefined) {
      this.report({ ...at, kind: 'missing_hash', message: 'the event carries no per-stream hash' });
    } else if (recomputed !== hash) {
      this.report({
        ...at,
        kind: 'hash_mismatch',
        message: 'its content does not match its per-stream hash (altered event)',
      });
    }
    const head = this.heads.get(event.streamId);
    if (head) {
      if (event.revision !== head.revision + 1n) {
        this.report({
          ...at,
          kind: 'revision_gap',
          message: `follows revision ${head.revision} of its stream: expected revision ${head.revision + 1n} (events removed or reordered)`,
        });
      }
      if (m.prevHash !== head.hash) {
        this.report({
          ...at,
          kind: 'prev_hash_mismatch',
          message:
            'its prevHash is not the hash of the previous event of its stream (an event removed, reordered or altered before it)',
        });
      }
    } else if (event.revision === 0n) {
      if (m.prevHash !== GENESIS_HASH) {
        this.report({
          ...at,
          kind: 'prev_hash_mismatch',
          message: 'the first event of a stream must have prevHash 0…0',
        });
      }
    } else if (this.heads.complete) {
      this.report({
        ...at,
        kind: 'revision_gap',
        message: `the stream starts at revision ${event.revision}: its earlier events are missing`,
      });
    } else {
      this.unresolvedLinks.push(event);
    }
    this.heads.set(event.streamId, { revision: event.revision, hash: hash ?? recomputed });
  }

  private recordedAs(event: RecordedEvent, index: number) {
    return {
      index,
      position: event.position,
      revision: event.revision,
      eventId: event.id,
      hash: String(event.metadata.hash),
    };
  }

  private checkRecordedSeal(event: RecordedEvent, index: number): void {
    const seal = sealOf(event);
    const at = {
      index,
      position: formatPosition(event.position),
      streamId: event.streamId,
      revision: event.revision.toString(),
      eventId: event.id,
    };
    const problem = sealProblem(seal, this.options.trustedKeys);
    if (problem) {
      this.report({
        ...at,
        kind: 'seal_invalid',
        message: `a recorded seal cannot be trusted: ${problem}`,
      });
      return;
    }
    const signed = seal as SignedSeal;
    if (signed.body.treeSize > index) {
      this.report({
        ...at,
        kind: 'seal_invalid',
        message: `the seal covers ${signed.body.treeSize} events but is itself event ${index + 1} of the log: events before it are missing`,
      });
      this.seals.push({ ...this.recordedAs(event, index), seal: signed, matches: false });
      return;
    }
    const matches = this.matchesSeal(signed);
    this.seals.push({ ...this.recordedAs(event, index), seal: signed, matches });
    if (!matches) {
      const from = this.lastGoodSealBefore(signed.body.treeSize);
      this.report({
        index: from,
        position: this.positionAt(from),
        kind: 'seal_mismatch',
        message: `the log no longer matches the seal of ${signed.body.treeSize} events recorded at position ${formatPosition(event.position)} (sealed ${signed.body.sealedAt}): an event at one of positions ${this.positionAt(from)}..${signed.body.lastPosition} was altered, removed, inserted or moved`,
      });
    }
  }
}
