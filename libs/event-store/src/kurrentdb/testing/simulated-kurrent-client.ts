import { PassThrough } from 'node:stream';
import {
  EventData,
  Filter,
  Position,
  StreamNotFoundError,
  WrongExpectedVersionError,
} from '@kurrent/kurrentdb-client';
import { KurrentClient } from '../kurrentdb-event-store';

interface StoredRecord {
  streamId: string;
  id: string;
  revision: bigint;
  type: string;
  data: string;
  metadata: string;
  created: Date;
  position: Position;
}

type State = 'any' | 'no_stream' | 'stream_exists' | bigint;

const compare = (a: Position, b: Position) =>
  a.commit !== b.commit
    ? a.commit < b.commit
      ? -1
      : 1
    : a.prepare < b.prepare
      ? -1
      : a.prepare > b.prepare
        ? 1
        : 0;

/**
 * A model of the KurrentDB behaviour the adapter relies on, as the server documents it, for unit
 * tests of the adapter's own logic. It is not the server: the contract suite against a real
 * KurrentDB (LEDGER_KURRENTDB_URL) is what proves the adapter. Deliberate awkward spots:
 * - events of one write share the commit position, each has its own prepare position, and the
 *   append answer carries the write's transaction position, not the last event's position;
 * - an idempotent retry is answered with a log position that is no event's read position;
 * - reads of $all and subscriptions include the event at the start position;
 * - the log holds system records ($-streams, $-types) between the ledger's events.
 */
export class SimulatedKurrentClient {
  readonly log: StoredRecord[] = [];
  readonly appends: Array<{ streamId: string; count: number }> = [];
  readonly filtersSeen: Filter[] = [];
  private readonly live = new Set<{ push: (r: StoredRecord) => void }>();
  private offset = 1_000n;
  disposed = false;

  asClient(): KurrentClient {
    return this as unknown as KurrentClient;
  }

  /** A record KurrentDB writes itself (stream metadata, statistics, links). */
  systemRecord(streamId: string, type: string): void {
    this.write(
      streamId,
      [{ id: crypto.randomUUID(), type, data: {}, metadata: {} }],
      this.lastRevision(streamId),
    );
  }

  async appendToStream(
    streamName: string,
    events: EventData[],
    options: { streamState: State },
  ): Promise<{ success: true; nextExpectedRevision: bigint; position?: Position }> {
    await Promise.resolve();
    this.appends.push({ streamId: streamName, count: events.length });
    const current = this.lastRevision(streamName);
    const state = options.streamState;
    const conflict = () =>
      new WrongExpectedVersionError(undefined, {
        streamName,
        expected: state,
        current: current < 0n ? 'no_stream' : current,
      });
    const retried = (from: bigint) => {
      const stream = this.stream(streamName);
      const matches = events.map((e, i) => stream[Number(from) + i]?.id === e.id);
      if (matches.every(Boolean)) {
        const last = stream[Number(from) + events.length - 1];
        return {
          success: true as const,
          nextExpectedRevision: last.revision,
          position: { commit: last.position.prepare + 7n, prepare: last.position.prepare + 7n },
        };
      }
      throw conflict();
    };
    if (state === 'any' || state === 'stream_exists') {
      if (state === 'stream_exists' && current < 0n) throw conflict();
      const at = this.stream(streamName).findIndex((r) => r.id === events[0].id);
      if (at >= 0) return retried(BigInt(at));
      return this.write(streamName, events, current);
    }
    const expected = state === 'no_stream' ? -1n : state;
    if (expected === current) return this.write(streamName, events, current);
    if (expected > current) throw conflict();
    return retried(expected + 1n);
  }

  async *readStream(
    streamName: string,
    options: {
      fromRevision?: 'start' | 'end' | bigint;
      maxCount?: number | bigint;
      direction?: 'forwards' | 'backwards';
    },
  ): AsyncGenerator<unknown> {
    await Promise.resolve();
    const stream = this.stream(streamName);
    if (stream.length === 0) throw new StreamNotFoundError(undefined, streamName);
    const max = Number(options.maxCount ?? Number.MAX_SAFE_INTEGER);
    const from = options.fromRevision ?? 'start';
    const records =
      options.direction === 'backwards'
        ? stream.filter((r) => from === 'end' || from === 'start' || r.revision <= from).reverse()
        : stream.filter((r) => from === 'start' || (from !== 'end' && r.revision >= from));
    for (const r of records.slice(0, max)) yield this.resolved(r);
  }

  async *readAll(options: {
    fromPosition?: 'start' | 'end' | Position;
    maxCount?: number | bigint;
    direction?: 'forwards' | 'backwards';
    filter?: Filter;
  }): AsyncGenerator<unknown> {
    await Promise.resolve();
    if (options.filter) this.filtersSeen.push(options.filter);
    const from = options.fromPosition ?? 'start';
    const max = Number(options.maxCount ?? Number.MAX_SAFE_INTEGER);
    const matching = this.log.filter((r) => this.passes(r, options.filter));
    const records =
      options.direction === 'backwards'
        ? matching
            .filter((r) => from === 'end' || from === 'start' || compare(r.position, from) <= 0)
            .reverse()
        : matching.filter(
            (r) => from === 'start' || (from !== 'end' && compare(r.position, from) >= 0),
          );
    for (const r of records.slice(0, max)) yield this.resolved(r);
  }

  subscribeToAll(options: { fromPosition?: 'start' | 'end' | Position; filter?: Filter }) {
    if (options.filter) this.filtersSeen.push(options.filter);
    const from = options.fromPosition ?? 'start';
    const stream = new PassThrough({ objectMode: true, highWaterMark: 4 });
    const listener = {
      push: (r: StoredRecord) => {
        if (this.passes(r, options.filter)) stream.write(this.resolved(r));
      },
    };
    const subscription = Object.assign(stream, {
      unsubscribe: async () => {
        this.live.delete(listener);
        stream.end();
        stream.destroy();
      },
    });
    setImmediate(() => {
      for (const r of this.log) {
        if (from === 'start' || (from !== 'end' && compare(r.position, from) >= 0))
          listener.push(r);
      }
      this.live.add(listener);
    });
    return subscription;
  }

  async dispose(): Promise<void> {
    this.disposed = true;
  }

  private write(
    streamName: string,
    events: readonly { id: string; type: string; data: unknown; metadata?: unknown }[],
    current: bigint,
  ) {
    const transaction = this.offset;
    const written = events.map((e, i) => ({
      streamId: streamName,
      id: e.id,
      revision: current + 1n + BigInt(i),
      type: e.type,
      data: JSON.stringify(e.data),
      metadata: JSON.stringify(e.metadata ?? {}),
      created: new Date(),
      position: { commit: transaction, prepare: transaction + BigInt(i) * 100n },
    }));
    this.offset += BigInt(events.length) * 100n + 50n;
    this.log.push(...written);
    for (const r of written) for (const l of this.live) l.push(r);
    return {
      success: true as const,
      nextExpectedRevision: current + BigInt(events.length),
      position: { commit: transaction, prepare: transaction },
    };
  }

  private stream(streamName: string): StoredRecord[] {
    return this.log.filter((r) => r.streamId === streamName);
  }

  private lastRevision(streamName: string): bigint {
    const stream = this.stream(streamName);
    return stream.length ? stream[stream.length - 1].revision : -1n;
  }

  private passes(r: StoredRecord, filter: Filter | undefined): boolean {
    if (!filter) return true;
    const subject = filter.filterOn === 'streamName' ? r.streamId : r.type;
    if ('prefixes' in filter) return filter.prefixes.some((p) => subject.startsWith(p));
    return new RegExp(filter.regex).test(subject);
  }

  private resolved(r: StoredRecord) {
    return {
      event: {
        streamId: r.streamId,
        id: r.id,
        revision: r.revision,
        type: r.type,
        isJson: true,
        data: JSON.parse(r.data),
        metadata: JSON.parse(r.metadata),
        created: r.created,
        position: r.position,
      },
      commitPosition: r.position.commit,
    };
  }
}
