import type {
  AppendResult as ClientAppendResult,
  EventData,
  Filter,
  KurrentDBClient,
  Position,
} from '@kurrent/kurrentdb-client';
import {
  EventStoreUnavailableError,
  IdempotencyViolationError,
  WrongExpectedRevisionError,
} from '../errors';
import {
  AppendResult,
  EventStore,
  ExpectedRevision,
  LogPosition,
  NewEvent,
  ReadAllOptions,
  ReadStreamOptions,
  RecordedEvent,
  START_POSITION,
  SubscribeOptions,
  Subscription,
} from '../event-store.port';
import { LEDGER_STREAM_PREFIXES } from '../stream-names';
import { connectionStringProblem, redactConnectionString } from './kurrentdb-connection-string';
import { isStreamNotFound, isWrongExpectedVersion, unavailable } from './kurrentdb-errors';
import { KurrentResolved, toEventData, toRecordedEvent } from './kurrentdb-events';
import { ReadScope, scopeFilter } from './kurrentdb-filter';
import { compareWithRecorded, idempotencyWindowStart } from './kurrentdb-idempotency';
import { isAfter, toLogPosition, toReadPosition } from './kurrentdb-positions';
import {
  checkExpectedRevision,
  satisfiesExpected,
  toActualRevision,
  toStreamState,
} from './kurrentdb-revisions';
import { BatchingSubscription, SubscriptionSource } from './kurrentdb-subscription';

export interface KurrentDbEventStoreOptions {
  /** e.g. `kurrentdb://kurrentdb:2113?tls=false`, or a cluster's `kurrentdb+discover://...`. */
  readonly connectionString: string;
  /**
   * What reads of $all, subscriptions and headPosition see when the caller names no prefixes.
   * Default: the ledger's streams (LEDGER_STREAM_PREFIXES), so projections never see the view
   * streams they write themselves, and the head is the last ledger event.
   */
  readonly scope?: ReadScope;
  /** How long open() waits for the server's first answer. */
  readonly connectTimeoutMs?: number;
}

/** The client calls the adapter makes (a fake in unit tests, the official client otherwise). */
export type KurrentClient = Pick<
  KurrentDBClient,
  'appendToStream' | 'readStream' | 'readAll' | 'subscribeToAll' | 'dispose'
>;

/** The client's filter constructors, handed in so the client module loads only when used. */
export interface KurrentFilters {
  streamNameFilter(options: { prefixes: string[] }): Filter;
  excludeSystemEvents(): Filter;
}

const DEFAULT_BATCH_SIZE = 500;
const DEFAULT_CONNECT_TIMEOUT_MS = 5_000;
/** How far back an `any`/`stream_exists` retry's first id is looked for after a conflict. */
const LOCATE_LIMIT = 4_096;
const LOCATE_PAGE = 256;

/**
 * The EventStore port on KurrentDB (formerly EventStoreDB) through the official Node client
 * `@kurrent/kurrentdb-client`. Expected revisions, positions, wrong-expected-version and
 * idempotent event ids map one to one onto the server's own; where the server's answer does
 * not say enough for the port (which position an idempotent retry had; whether a conflict was a
 * partly recorded retry), the adapter reads the few events involved, from the leader.
 */
export class KurrentDbEventStore implements EventStore {
  private readonly subscriptions = new Set<Subscription>();
  private closed = false;

  /** Connects and waits for the server's first answer, so a wrong URL fails at start-up. */
  static async open(options: KurrentDbEventStoreOptions): Promise<KurrentDbEventStore> {
    const { connectionString } = options;
    const problem = connectionStringProblem(connectionString);
    if (problem) throw new RangeError(`invalid KurrentDB connection string: ${problem}`);
    // Loaded here, not at the top: the client and its native bridge cost ~0.4 s to load, which
    // every process and test on the embedded store would otherwise pay.
    const kurrent = await import('@kurrent/kurrentdb-client');
    let client: KurrentDBClient;
    try {
      client = kurrent.KurrentDBClient.connectionString(connectionString);
    } catch (error) {
      throw new RangeError(`invalid KurrentDB connection string: ${messageOf(error)}`);
    }
    const store = new KurrentDbEventStore(client, kurrent, options.scope);
    const timeoutMs = options.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS;
    try {
      await withTimeout(store.probe(timeoutMs), timeoutMs);
    } catch (error) {
      await client.dispose().catch(() => undefined);
      const where = redactConnectionString(connectionString);
      throw new EventStoreUnavailableError(
        `KurrentDB at ${where} is unreachable: ${whyUnreachable(error)}`,
        {
          cause: error,
        },
      );
    }
    return store;
  }

  constructor(
    private readonly client: KurrentClient,
    private readonly filters: KurrentFilters,
    private readonly scope: ReadScope = LEDGER_STREAM_PREFIXES,
  ) {}

  async append(
    streamId: string,
    events: readonly NewEvent[],
    expectedRevision: ExpectedRevision,
  ): Promise<AppendResult> {
    this.assertOpen();
    checkExpectedRevision(expectedRevision);
    const data = toEventData(streamId, events);
    if (data.length === 0) return this.checkOnly(streamId, expectedRevision);
    let written: ClientAppendResult;
    try {
      written = await this.client.appendToStream(streamId, data, {
        streamState: toStreamState(expectedRevision),
      });
    } catch (error) {
      if (!isWrongExpectedVersion(error)) throw unavailable(`append to ${streamId}`, error);
      return this.afterConflict(
        streamId,
        data,
        expectedRevision,
        toActualRevision(error.actualState),
      );
    }
    return this.resultAt(streamId, written.nextExpectedRevision, written.position);
  }

  async readStream(streamId: string, options: ReadStreamOptions = {}): Promise<RecordedEvent[]> {
    this.assertOpen();
    return this.readStreamFrom(streamId, options, false);
  }

  async readAll(options: ReadAllOptions): Promise<RecordedEvent[]> {
    this.assertOpen();
    const filter = this.filterFor(options.streamPrefixes);
    const events: RecordedEvent[] = [];
    if (!filter || options.maxCount < 1) return events;
    let cursor = options.after;
    // The server's read includes the event at the start position and the adapter drops system
    // records it lets through, so one page may come back short: read on until full or at the end.
    for (;;) {
      const wanted = options.maxCount - events.length + 1;
      let seen = 0;
      let last: LogPosition | undefined;
      try {
        for await (const resolved of this.client.readAll({
          fromPosition: toReadPosition(cursor),
          maxCount: wanted,
          filter,
          direction: 'forwards',
        })) {
          seen++;
          if (resolved.event) last = toLogPosition(resolved.event.position);
          const event = toRecordedEvent(resolved as KurrentResolved);
          if (event && isAfter(event.position, cursor) && events.length < options.maxCount) {
            events.push(event);
          }
        }
      } catch (error) {
        throw unavailable('read of $all', error);
      }
      if (events.length >= options.maxCount || seen < wanted) return events;
      if (!last || !isAfter(last, cursor)) return events;
      cursor = last;
    }
  }

  subscribeToAll(options: SubscribeOptions): Subscription {
    this.assertOpen();
    const filter = this.filterFor(options.streamPrefixes);
    if (!filter) return { close: async () => undefined };
    const source = this.client.subscribeToAll({
      fromPosition: toReadPosition(options.after),
      filter,
      resolveLinkTos: false,
    }) as unknown as SubscriptionSource;
    const subscription = new BatchingSubscription(
      source,
      options,
      (item) => toRecordedEvent(item as KurrentResolved),
      DEFAULT_BATCH_SIZE,
    );
    const tracked: Subscription = {
      close: async () => {
        this.subscriptions.delete(tracked);
        await subscription.close();
      },
    };
    this.subscriptions.add(tracked);
    return tracked;
  }

  async headPosition(): Promise<LogPosition> {
    this.assertOpen();
    const filter = this.filterFor(undefined);
    if (!filter) return START_POSITION;
    let cursor: Position | 'end' = 'end';
    // Backwards from the end, skipping the (rare) system records inside the scope's streams.
    for (;;) {
      let seen = 0;
      let last: Position | undefined;
      try {
        for await (const resolved of this.client.readAll({
          fromPosition: cursor,
          maxCount: 32,
          filter,
          direction: 'backwards',
        })) {
          seen++;
          if (!resolved.event) continue;
          last = resolved.event.position;
          const event = toRecordedEvent(resolved as KurrentResolved);
          if (event && (cursor === 'end' || isAfter(toLogPosition(cursor), event.position))) {
            return event.position;
          }
        }
      } catch (error) {
        throw unavailable('read of the head of $all', error);
      }
      if (seen < 32 || !last) return START_POSITION;
      cursor = last;
    }
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await Promise.all([...this.subscriptions].map((s) => s.close().catch(() => undefined)));
    await this.client.dispose();
  }

  /** One cheap read of the log's last record: proves the server answers and lets us read $all. */
  private async probe(deadline: number): Promise<void> {
    for await (const resolved of this.client.readAll({
      fromPosition: 'end',
      direction: 'backwards',
      maxCount: 1,
      deadline,
    })) {
      void resolved;
      break;
    }
  }

  /** An empty append only checks the expected revision (the port's rule), with one read. */
  private async checkOnly(streamId: string, expected: ExpectedRevision): Promise<AppendResult> {
    const [last] = await this.readBackwards(streamId, 'end', 1);
    const current = last?.revision ?? -1n;
    if (!satisfiesExpected(expected, current)) {
      throw new WrongExpectedRevisionError(streamId, expected, current);
    }
    return { nextExpectedRevision: current, position: last?.position ?? START_POSITION };
  }

  /**
   * The port promises the position of the last event as recorded, the one readers and
   * checkpoints compare against. The server's answer carries the write's transaction position,
   * and for an idempotent retry some log position of the original write: neither is that event's
   * own position in general. So the event is read back, from the leader.
   */
  private async resultAt(
    streamId: string,
    revision: bigint,
    fallback: Position | undefined,
  ): Promise<AppendResult> {
    const [last] = await this.readStreamFrom(
      streamId,
      { fromRevision: revision, maxCount: 1 },
      true,
    );
    if (last && last.revision === revision) {
      return { nextExpectedRevision: revision, position: last.position };
    }
    if (!fallback) {
      throw new EventStoreUnavailableError(`append to ${streamId}: revision ${revision} not found`);
    }
    return { nextExpectedRevision: revision, position: toLogPosition(fallback) };
  }

  /** WrongExpectedVersion: a real conflict, a retry recorded where we did not look, or a partial one. */
  private async afterConflict(
    streamId: string,
    data: readonly EventData[],
    expected: ExpectedRevision,
    actual: bigint,
  ): Promise<AppendResult> {
    const conflict = new WrongExpectedRevisionError(streamId, expected, actual);
    if (actual < 0n) throw conflict;
    const ids = data.map((e) => e.id);
    let start = idempotencyWindowStart(expected);
    if (start === 'locate') {
      const located = await this.locate(streamId, ids[0]);
      if (located === undefined) throw conflict;
      start = located;
    }
    const window =
      start > actual
        ? []
        : await this.readStreamFrom(streamId, { fromRevision: start, maxCount: ids.length }, true);
    const recorded = compareWithRecorded(ids, window);
    if (recorded.kind === 'all') {
      return { nextExpectedRevision: recorded.last.revision, position: recorded.last.position };
    }
    if (recorded.kind === 'some') {
      throw new IdempotencyViolationError(streamId, 'only some of the event ids are recorded');
    }
    throw conflict;
  }

  /** Revision of the event with this id among the stream's last LOCATE_LIMIT events. */
  private async locate(streamId: string, id: string): Promise<bigint | undefined> {
    let from: bigint | 'end' = 'end';
    for (let scanned = 0; scanned < LOCATE_LIMIT; scanned += LOCATE_PAGE) {
      const page = await this.readBackwards(streamId, from, LOCATE_PAGE);
      const found = page.find((e) => e.id.toLowerCase() === id.toLowerCase());
      if (found) return found.revision;
      const oldest = page[page.length - 1];
      if (page.length < LOCATE_PAGE || !oldest || oldest.revision === 0n) return undefined;
      from = oldest.revision - 1n;
    }
    return undefined;
  }

  private async readStreamFrom(
    streamId: string,
    options: ReadStreamOptions,
    requiresLeader: boolean,
  ): Promise<RecordedEvent[]> {
    const from = options.fromRevision ?? 0n;
    if (options.maxCount !== undefined && options.maxCount < 1) return [];
    const events: RecordedEvent[] = [];
    try {
      for await (const resolved of this.client.readStream(streamId, {
        fromRevision: from < 0n ? 'start' : from,
        maxCount: options.maxCount ?? Number.MAX_SAFE_INTEGER,
        direction: 'forwards',
        requiresLeader,
      })) {
        const event = toRecordedEvent(resolved as KurrentResolved);
        if (event) events.push(event);
      }
    } catch (error) {
      if (isStreamNotFound(error)) return [];
      throw unavailable(`read of ${streamId}`, error);
    }
    return events;
  }

  private async readBackwards(
    streamId: string,
    from: bigint | 'end',
    maxCount: number,
  ): Promise<RecordedEvent[]> {
    const events: RecordedEvent[] = [];
    try {
      for await (const resolved of this.client.readStream(streamId, {
        fromRevision: from,
        maxCount,
        direction: 'backwards',
        requiresLeader: true,
      })) {
        const event = toRecordedEvent(resolved as KurrentResolved);
        if (event) events.push(event);
      }
    } catch (error) {
      if (isStreamNotFound(error)) return [];
      throw unavailable(`read of ${streamId}`, error);
    }
    return events;
  }

  /** The server-side filter for a read of $all; undefined when nothing can match. */
  private filterFor(requested: readonly string[] | undefined): Filter | undefined {
    const filter = scopeFilter(requested, this.scope);
    switch (filter.kind) {
      case 'nothing':
        return undefined;
      case 'exclude-system-events':
        return this.filters.excludeSystemEvents();
      case 'prefixes':
        return this.filters.streamNameFilter({ prefixes: filter.prefixes });
    }
  }

  private assertOpen(): void {
    if (this.closed) throw new EventStoreUnavailableError('the store is closed');
  }
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message || error.name : String(error);
}

/** The client's connection errors often carry only their class name: say what it means. */
function whyUnreachable(error: unknown): string {
  const type = typeof error === 'object' && error ? (error as { type?: unknown }).type : undefined;
  const message = messageOf(error);
  if (type === 'unavailable' && (message === 'UnavailableError' || message === '')) {
    return 'no server answered (wrong host or port, server down, or tls=true/false mismatch)';
  }
  if (type === 'access-denied') return `access denied (${message}): check the credentials`;
  return message;
}

function withTimeout<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}
