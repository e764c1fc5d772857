import { KeyObject } from 'node:crypto';
import {
  comparePositions,
  EventStore,
  formatPosition,
  GENESIS_HASH,
  LogPosition,
  NewEvent,
  RecordedEvent,
  START_POSITION,
} from '@ledger/event-store';
import { digestEvent, scopeOf } from '../leaf/audit-leaf';
import { MerkleTree } from '../merkle/merkle-tree';
import { SealBody } from '../seal/seal';
import { LeafSidecar } from '../sidecar/leaf-sidecar';
import { Finding } from '../verify/finding';
import { LogWalker, RecordedSeal } from '../verify/log-walker';
import { RecentStreamHeads } from '../verify/stream-heads';
import { LedgerIntegrityError } from './ledger-integrity-error';
import { OwnWrite, TailReader, tailReaderFor } from './tail-reader';

export type IntegrityState = 'starting' | 'intact' | 'tampered';

/** What /health and the audit routes report. */
export interface IntegrityStatus {
  readonly state: IntegrityState;
  /** Events verified so far, and the position of the last one. */
  readonly verifiedEvents: number;
  readonly verifiedThrough?: string;
  /** Root of the global tree over the verified events, hex. */
  readonly rootHash?: string;
  readonly latestSeal?: { treeSize: number; sealedAt: string; position: string };
  /** The first problem found; the ledger stays not-ready until restarted on a sound log. */
  readonly problem?: Finding & { detectedAt: string };
  readonly lastCheckAt?: string;
}

export interface IntegrityMonitorOptions {
  readonly store: EventStore;
  readonly trustedKeys: ReadonlyMap<string, KeyObject>;
  /** The embedded store numbers events 1, 2, 3… without gaps. */
  readonly contiguousPositions: boolean;
  /** The record of verified leaves; undefined keeps it in memory only. */
  readonly sidecar?: LeafSidecar;
  /** Events re-read and compared per tick, so that all history is re-checked in turn. */
  readonly scrubEventsPerTick: number;
  /** Streams whose last event is remembered (for the link check and the load check). */
  readonly streamHeadsCapacity?: number;
  readonly log: (level: 'log' | 'warn' | 'error', message: string) => void;
  readonly now: () => Date;
}

/** The head a sealer signs, caught up to the log. */
export interface VerifiedHead {
  readonly treeSize: number;
  readonly rootHash: Buffer;
  readonly lastPosition: LogPosition;
  /** The seal stream's last event, to chain the next seal onto. */
  readonly sealStream: { revision: bigint; lastHash: string };
  readonly latestSeal?: RecordedSeal;
  /** Whether the newest event of the log is the latest seal's own event (nothing new to seal). */
  readonly onlySealSinceLatest: boolean;
}

const READ_BATCH = 5_000;
/** Own writes remembered until verified: a bound on memory if the tail check falls far behind. */
const MAX_REMEMBERED_WRITES = 1_000_000;
/** Events hashed between yields to the event loop, so a scrub never blocks requests for long. */
const SLICE = 1_000;

/**
 * The running ledger's watch over its own log. On start it walks the whole log once (chains,
 * positions, the global tree, every seal, and its own record of earlier runs); then, on each tick,
 * it verifies the tail appended since (by anyone: this process, a CLI, another replica) and
 * re-reads a window of older history with what the tail left of scrubEventsPerTick, so on a
 * ledger not busy appending an edit made under it is found within ceil(events / scrubEventsPerTick)
 * ticks. Events loaded for a decision are checked on the spot
 * against their chain and the leaf verified earlier. Any problem makes it `tampered` for good.
 */
export class IntegrityMonitor {
  private readonly walker: LogWalker;
  private readonly heads: RecentStreamHeads;
  private problem: (Finding & { detectedAt: string }) | undefined;
  private state: IntegrityState = 'starting';
  private exclusive: Promise<unknown> = Promise.resolve();
  private scrubCursor = 0;
  private recorded = 0;
  private lastCheckAt: string | undefined;
  /** Per-stream hashes of events this process appended and has not verified yet, by event id. */
  private readonly written = new Map<string, OwnWrite>();
  private readonly reader: TailReader;

  constructor(private readonly options: IntegrityMonitorOptions) {
    this.reader = tailReaderFor(options.store);
    this.heads = new RecentStreamHeads(options.streamHeadsCapacity ?? 100_000);
    this.walker = new LogWalker({
      trustedKeys: options.trustedKeys,
      contiguousPositions: options.contiguousPositions,
      heads: this.heads,
      onFinding: (f) => this.fail(f),
    });
  }

  status(): IntegrityStatus {
    const latest = this.walker.seals[this.walker.seals.length - 1];
    const last = this.walker.lastPosition;
    return {
      state: this.state,
      verifiedEvents: this.walker.size,
      ...(last ? { verifiedThrough: formatPosition(last) } : {}),
      ...(this.walker.size > 0 ? { rootHash: this.walker.frontier.root().toString('hex') } : {}),
      ...(latest
        ? {
            latestSeal: {
              treeSize: latest.seal.body.treeSize,
              sealedAt: latest.seal.body.sealedAt,
              position: formatPosition(latest.position),
            },
          }
        : {}),
      ...(this.problem ? { problem: this.problem } : {}),
      ...(this.lastCheckAt ? { lastCheckAt: this.lastCheckAt } : {}),
    };
  }

  get intact(): boolean {
    return this.state !== 'tampered';
  }

  /** Throws LedgerIntegrityError once a problem has been found. */
  assertIntact(): void {
    if (this.problem) throw new LedgerIntegrityError(this.problem);
  }

  /**
   * What this process just appended (chained events): when the tail reaches them they are
   * committed from what was written (confirmed by id, stream, revision, type and position), so an
   * edit between the write and its first verification is never taken for the original.
   */
  expectAppended(
    streamId: string,
    firstRevision: bigint,
    events: readonly NewEvent[],
    lastPosition: LogPosition,
  ): void {
    if (this.written.size >= MAX_REMEMBERED_WRITES) return;
    // Already verified (a tick ran since the commit, or an idempotent replay): nothing to wait for.
    const verified = this.walker.lastPosition;
    if (verified && comparePositions(lastPosition, verified) <= 0) return;
    events.forEach((e, i) => {
      const { hash, prevHash } = e.metadata;
      if (typeof hash !== 'string' || typeof prevHash !== 'string') return;
      this.written.set(e.id, {
        streamId,
        revision: firstRevision + BigInt(i),
        type: e.type,
        hash,
        prevHash,
        scope: scopeOf(e.data),
      });
    });
  }

  /** The first walk: the whole log, compared with the record of earlier runs. */
  start(): Promise<void> {
    return this.serialized(async () => {
      const alarm = this.options.sidecar?.alarms()[0];
      if (alarm) {
        this.fail(
          {
            ...(alarm.finding as Finding),
            message: `${(alarm.finding as Finding).message} (found ${alarm.detectedAt} and recorded in ${this.options.sidecar!.path}; restore the log, then move that file aside)`,
          },
          false,
        );
        return;
      }
      const earlier = this.options.sidecar?.readAll();
      const started = Date.now();
      await this.catchUp(false);
      if (earlier) this.compareWithEarlierRecord(earlier.leaves, earlier.positions);
      if (this.state === 'starting') this.state = 'intact';
      this.writeRecord();
      this.options.log(
        this.intact ? 'log' : 'error',
        `integrity: ${this.walker.size} events verified in ${Date.now() - started} ms` +
          (this.problem ? `; LOG ALTERED: ${this.problem.message}` : ''),
      );
    });
  }

  /** Verifies what was appended since the last check, then re-checks a window of history. */
  tick(): Promise<void> {
    return this.serialized(async () => {
      if (!this.intact) return;
      const before = this.walker.size;
      await this.catchUp(true);
      // The re-check of history takes what the tail left of the interval's budget: a busy ledger
      // (a bulk import) verifies its tail first, an idle one re-checks history at the full rate.
      const budget = this.options.scrubEventsPerTick - (this.walker.size - before);
      if (this.intact && budget > 0) await this.scrubWindow(budget);
      this.lastCheckAt = this.options.now().toISOString();
    });
  }

  /** Catches up with the log and returns the verified head (for sealing). */
  verifiedHead(): Promise<VerifiedHead> {
    return this.serialized(async () => {
      this.assertIntact();
      await this.catchUp(true);
      this.assertIntact();
      const last = this.walker.lastPosition ?? START_POSITION;
      const latest = this.walker.seals[this.walker.seals.length - 1];
      return {
        treeSize: this.walker.size,
        rootHash: this.walker.frontier.root(),
        lastPosition: last,
        sealStream: latest
          ? { revision: latest.revision, lastHash: latest.hash }
          : { revision: -1n, lastHash: GENESIS_HASH },
        latestSeal: latest,
        onlySealSinceLatest:
          latest !== undefined &&
          latest.index === this.walker.size - 1 &&
          latest.seal.body.treeSize === this.walker.size - 1,
      };
    });
  }

  /** Verifies any tail left (at shutdown) and records it. */
  async stop(): Promise<void> {
    await this.serialized(async () => {
      if (this.intact) await this.catchUp(true);
    });
  }

  /**
   * Checks events just read for a decision (a stream, in revision order, from `fromRevision`):
   * each one's content against its per-stream hash and link, and, when already verified, against
   * the leaf verified at its position; a stream shorter than verified lost events. Throws
   * LedgerIntegrityError (and makes the ledger not-ready) on any difference.
   */
  checkLoaded(
    streamId: string,
    events: readonly RecordedEvent[],
    from: { revision: bigint; previousHash?: string } = { revision: 0n },
  ): void {
    this.assertIntact();
    const verifiedThrough = this.walker.lastPosition;
    let previous = from.revision === 0n ? { revision: -1n, hash: GENESIS_HASH } : undefined;
    if (from.previousHash !== undefined)
      previous = { revision: from.revision - 1n, hash: from.previousHash };
    for (const e of events) {
      const at = {
        index: undefined,
        position: formatPosition(e.position),
        streamId,
        revision: e.revision.toString(),
        eventId: e.id,
      };
      const digest = digestEvent(e);
      const wrote = this.written.get(e.id);
      if (wrote !== undefined && wrote.hash !== e.metadata.hash) {
        this.failLoaded({
          ...at,
          kind: 'recorded_differently',
          message: 'the event differs from the one this ledger wrote (altered)',
        });
      }
      if (e.metadata.hash !== digest.chainHash) {
        this.failLoaded({
          ...at,
          kind: 'hash_mismatch',
          message: 'its content does not match its per-stream hash (altered event)',
        });
      }
      if (previous) {
        if (e.revision !== previous.revision + 1n) {
          this.failLoaded({
            ...at,
            kind: 'revision_gap',
            message: `expected revision ${previous.revision + 1n} (events removed)`,
          });
        }
        if (e.metadata.prevHash !== previous.hash) {
          this.failLoaded({
            ...at,
            kind: 'prev_hash_mismatch',
            message: 'its prevHash is not the hash of the previous event of its stream',
          });
        }
      }
      if (verifiedThrough && comparePositions(e.position, verifiedThrough) <= 0) {
        const index = this.walker.positions.indexOf(e.position);
        if (index === undefined) {
          this.failLoaded({
            ...at,
            kind: 'recorded_differently',
            message: 'no event was at this position when the ledger verified the log (inserted)',
          });
        } else if (!this.walker.leaves.leafHash(index).equals(digest.leaf.leafHash)) {
          this.failLoaded({
            ...at,
            index,
            kind: 'recorded_differently',
            message:
              'the event differs from the one the ledger verified at this position (altered)',
          });
        }
      }
      previous = { revision: e.revision, hash: String(e.metadata.hash) };
    }
    const head = this.heads.get(streamId);
    const lastLoaded = events.length ? events[events.length - 1].revision : from.revision - 1n;
    if (head && lastLoaded < head.revision) {
      this.failLoaded({
        position: undefined,
        streamId,
        revision: head.revision.toString(),
        kind: 'revision_gap',
        message:
          lastLoaded < 0n
            ? `the stream was removed: the ledger verified it up to revision ${head.revision}`
            : `the stream ends at revision ${lastLoaded}, but the ledger verified it up to revision ${head.revision} (events removed)`,
      });
    }
  }

  private failLoaded(finding: Finding): never {
    this.fail(finding);
    throw new LedgerIntegrityError(this.problem!);
  }

  /** `record`: keep the alarm in the record file (not again when it was read from there). */
  private fail(finding: Finding, record = true): void {
    if (this.problem) return;
    this.problem = { ...finding, detectedAt: this.options.now().toISOString() };
    this.state = 'tampered';
    try {
      if (record) this.options.sidecar?.recordAlarm(this.problem.detectedAt, finding);
    } catch {
      // The alarm is also in the log output below; a read-only record file must not hide it.
    }
    this.options.log(
      'error',
      `LEDGER LOG ALTERED${finding.position ? ` at position ${finding.position}` : ''}: ${finding.kind}${finding.streamId ? ` ${finding.streamId}@${finding.revision}` : ''}: ${finding.message}. Commands are refused and the ledger reports not-ready until the log is restored (docs/audit.md).`,
    );
  }

  private serialized<T>(work: () => Promise<T>): Promise<T> {
    const run = this.exclusive.then(work, work);
    this.exclusive = run.catch(() => undefined);
    return run;
  }

  /** Reads and verifies every event after the last verified one. */
  private async catchUp(record: boolean): Promise<void> {
    const head = await this.options.store.headPosition();
    const last = this.walker.lastPosition;
    if (last && comparePositions(head, last) < 0) {
      this.fail({
        index: this.walker.size,
        position: formatPosition(head),
        kind: 'log_shorter_than_recorded',
        message: `the log now ends at position ${formatPosition(head)}, but the ledger verified events up to position ${formatPosition(last)}: events were removed from the end`,
      });
      return;
    }
    const own = (id: string) => (this.written.size === 0 ? undefined : this.written.get(id));
    for (;;) {
      const batch = await this.reader.tail(
        this.walker.lastPosition ?? START_POSITION,
        READ_BATCH,
        own,
      );
      if (batch.length === 0) break;
      for (let i = 0; i < batch.length; i++) {
        const { event, own: wrote, light } = batch[i];
        if (wrote) this.written.delete(event.id);
        // Read whole, an own write must be stored as written; read light, it is what was written.
        this.walker.accept(
          event,
          wrote && (light || this.storedAsWritten(event, wrote)) ? wrote : undefined,
        );
        if (i % SLICE === SLICE - 1) await nextTurn();
      }
      await this.resolveLinks();
      if (record) this.writeRecord();
      if (batch.length < READ_BATCH) break;
    }
  }

  /** Whether an own write read whole from the log is stored as written; an alarm if not. */
  private storedAsWritten(e: RecordedEvent, wrote: OwnWrite): boolean {
    if (wrote.hash === e.metadata.hash) return true;
    this.fail({
      index: this.walker.size,
      position: formatPosition(e.position),
      streamId: e.streamId,
      revision: e.revision.toString(),
      eventId: e.id,
      kind: 'recorded_differently',
      message:
        'the event differs from the one this ledger wrote (altered before it was first verified)',
    });
    return false;
  }

  /** Links the bounded memory could not check: read the stream's previous event. */
  private async resolveLinks(): Promise<void> {
    const pending = this.walker.unresolvedLinks.splice(0);
    for (const e of pending) {
      const [previous] = await this.options.store.readStream(e.streamId, {
        fromRevision: e.revision - 1n,
        maxCount: 1,
      });
      const at = {
        index: this.walker.positions.indexOf(e.position),
        position: formatPosition(e.position),
        streamId: e.streamId,
        revision: e.revision.toString(),
        eventId: e.id,
      };
      if (!previous || previous.revision !== e.revision - 1n) {
        this.fail({
          ...at,
          kind: 'revision_gap',
          message: `revision ${e.revision - 1n} of its stream is missing (removed)`,
        });
        continue;
      }
      const index = this.walker.positions.indexOf(previous.position);
      if (
        index === undefined ||
        !this.walker.leaves.leafHash(index).equals(digestEvent(previous).leaf.leafHash)
      ) {
        this.fail({
          ...at,
          kind: 'recorded_differently',
          message: 'the previous event of its stream is not the one the ledger verified',
        });
        continue;
      }
      if (e.metadata.prevHash !== previous.metadata.hash) {
        this.fail({
          ...at,
          kind: 'prev_hash_mismatch',
          message: 'its prevHash is not the hash of the previous event of its stream',
        });
      }
    }
  }

  /** Re-reads the next window of verified history and compares it, leaf by leaf. */
  private async scrubWindow(events: number): Promise<void> {
    const size = this.walker.size;
    if (size === 0 || events <= 0) return;
    let index = this.scrubCursor >= size ? 0 : this.scrubCursor;
    let budget = Math.min(events, size);
    while (budget > 0 && this.intact) {
      const after = index === 0 ? START_POSITION : this.walker.positions.at(index - 1);
      const batch = await this.reader.events(after, Math.min(budget, READ_BATCH, size - index));
      if (batch.length === 0) {
        this.fail({
          index,
          position: formatPosition(this.walker.positions.at(index)),
          kind: 'log_shorter_than_recorded',
          message: `the events from position ${formatPosition(this.walker.positions.at(index))} on, verified earlier, are no longer in the log (removed)`,
        });
        return;
      }
      for (let i = 0; i < batch.length && this.intact; i++) {
        this.compareVerified(batch[i], index);
        index++;
        budget--;
        if (i % SLICE === SLICE - 1) await nextTurn();
      }
      if (index >= size) index = 0;
    }
    this.scrubCursor = index;
  }

  private compareVerified(event: RecordedEvent, index: number): void {
    const expected = this.walker.positions.at(index);
    const order = comparePositions(event.position, expected);
    const at = {
      index,
      streamId: event.streamId,
      revision: event.revision.toString(),
      eventId: event.id,
    };
    if (order > 0) {
      this.fail({
        ...at,
        index,
        position: formatPosition(expected),
        kind: 'recorded_differently',
        message: `the event the ledger verified at position ${formatPosition(expected)} is no longer in the log (removed)`,
      });
    } else if (order < 0) {
      this.fail({
        ...at,
        position: formatPosition(event.position),
        kind: 'recorded_differently',
        message: 'an event is at a position where the ledger verified none (inserted)',
      });
    } else if (!digestEvent(event).leaf.leafHash.equals(this.walker.leaves.leafHash(index))) {
      this.fail({
        ...at,
        position: formatPosition(expected),
        kind: 'recorded_differently',
        message: 'the event differs from the one the ledger verified at this position (altered)',
      });
    }
  }

  /**
   * The record of an earlier run, if it agrees with the seals the log matches, must agree with
   * the log: a difference is a change made while the ledger was not watching. A record that does
   * not match the seals is not this log's (a restored or copied file) and is rewritten.
   */
  private compareWithEarlierRecord(
    leaves: import('../merkle/leaf-hash-list').LeafHashList,
    positions: import('../leaf/position-list').PositionList,
  ): void {
    const sidecar = this.options.sidecar!;
    const tree = new MerkleTree(leaves);
    const authentic = this.walker.seals.every(
      (s) =>
        !s.matches ||
        s.seal.body.treeSize > leaves.size ||
        tree.rootAt(s.seal.body.treeSize).toString('hex') === (s.seal.body as SealBody).rootHash,
    );
    if (!authentic) {
      this.options.log(
        'warn',
        `integrity: ${sidecar.path} does not match the seals: rewritten from the log`,
      );
      sidecar.clear();
      this.recorded = 0;
      return;
    }
    const common = Math.min(leaves.size, this.walker.size);
    for (let i = 0; i < common; i++) {
      if (
        comparePositions(positions.at(i), this.walker.positions.at(i)) !== 0 ||
        !leaves.leafHash(i).equals(this.walker.leaves.leafHash(i))
      ) {
        this.fail({
          index: i,
          position: formatPosition(this.walker.positions.at(i)),
          kind: 'recorded_differently',
          message: `the log changed while the ledger was stopped: the ${i + 1}th event is not the one verified and recorded in ${sidecar.path} (position ${formatPosition(positions.at(i))} then)`,
        });
        return;
      }
    }
    if (leaves.size > this.walker.size) {
      this.fail({
        index: this.walker.size,
        position: formatPosition(positions.at(this.walker.size)),
        kind: 'log_shorter_than_recorded',
        message: `the log changed while the ledger was stopped: it verified events up to position ${formatPosition(positions.at(leaves.size - 1))} (${sidecar.path}), the log now ends ${this.walker.lastPosition ? `at position ${formatPosition(this.walker.lastPosition)}` : 'empty'}`,
      });
      return;
    }
    this.recorded = leaves.size;
  }

  /** Records newly verified leaves (never while the log is found altered: the record is evidence). */
  private writeRecord(): void {
    const sidecar = this.options.sidecar;
    if (!sidecar || !this.intact || this.recorded >= this.walker.size) return;
    const records = [];
    for (let i = this.recorded; i < this.walker.size; i++) {
      records.push({
        position: this.walker.positions.at(i),
        leafHash: this.walker.leaves.leafHash(i),
      });
    }
    sidecar.append(this.recorded, records);
    this.recorded = this.walker.size;
  }
}

function nextTurn(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
