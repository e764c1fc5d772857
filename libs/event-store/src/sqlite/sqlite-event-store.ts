import Database from 'better-sqlite3';
import { FileHandle, open } from 'node:fs/promises';
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
import { positionOf } from '../log-position';
import { applyLogFileSettings } from './sqlite-file-settings';
import { StoredEvent } from './stored-event';

export interface SqliteEventStoreOptions {
  /** Database file; created with the es_* tables when missing. */
  readonly path: string;
  /** FULL survives power loss; NORMAL (WAL) survives a process crash but may lose the last
   * commits on power loss. FULL is kept without blocking the event loop: see WalSync. */
  readonly synchronous?: 'FULL' | 'NORMAL';
  /** How often subscriptions look for events written by other processes. */
  readonly pollIntervalMs?: number;
  /** The store's clock, for recordedAt. */
  readonly now?: () => Date;
}

/** Counters for tests and diagnostics: how well appends are grouped into transactions. */
export interface SqliteEventStoreStats {
  /** Transactions committed by the group commit. */
  readonly flushes: number;
  /** Append requests settled by those transactions (succeeded or rejected). */
  readonly requests: number;
  /** Events written. */
  readonly events: number;
}

/** 2: es_streams dropped (a stream's revision is read from the es_events index instead). */
const SCHEMA_VERSION = 2;
/** Requests flushed together at most; a full queue flushes without waiting for the next tick. */
const MAX_BATCH_REQUESTS = 1_000;
/** Positions scanned per statement by a filtered read, so one statement stays short. */
const FILTER_WINDOW = 4_096;
/** Positions a subscription scans per page before yielding, so filtered catch-up stays fair. */
const SUBSCRIPTION_SCAN_BUDGET = 65_536;
const DEFAULT_BATCH_SIZE = 500;

/** seq, stream_id, revision, event_id, type, data, metadata, recorded_at */
type EventRow = [number, string, number, string, string, string, string, string];
const EVENT_COLUMNS = 'seq, stream_id, revision, event_id, type, data, metadata, recorded_at';

interface PendingAppend {
  readonly streamId: string;
  readonly expected: ExpectedRevision;
  readonly ids: readonly string[];
  readonly types: readonly string[];
  readonly data: readonly string[];
  readonly metadata: readonly string[];
  readonly resolve: (result: AppendResult) => void;
  readonly reject: (error: unknown) => void;
  /** Set inside the flush transaction; handed out only after COMMIT. */
  result?: AppendResult;
  error?: unknown;
}

/** State of one flush transaction. */
interface FlushState {
  lastSeq: number;
  readonly recordedAt: string;
  /** Current revision of each stream looked up in this flush (-1: no stream). */
  readonly revisions: Map<string, number>;
}

interface Page {
  readonly events: RecordedEvent[];
  /** Every position up to here has been looked at. */
  readonly scannedTo: number;
}

/**
 * The embedded event store: one SQLite file in WAL mode, appends grouped into one transaction
 * per tick (group commit) so that throughput does not pay one fsync per append.
 */
export class SqliteEventStore implements EventStore {
  /** Shared with projections that commit their state in the same file and transaction. */
  readonly db: Database.Database;

  private readonly now: () => Date;
  private readonly pollIntervalMs: number;
  private queue: PendingAppend[] = [];
  private scheduledFlush: NodeJS.Immediate | undefined;
  private readonly subscriptions = new Set<SqliteSubscription>();
  private closed = false;
  private flushes = 0;
  private requests = 0;
  private eventsWritten = 0;
  /** With synchronous FULL: the fsync of the WAL, off the event loop; undefined with NORMAL. */
  private readonly walSync: WalSync | undefined;

  private readonly writeBatch: Database.Transaction<(batch: PendingAppend[]) => number>;
  private readonly insertEvent: Database.Statement;
  private readonly deleteEventsFrom: Database.Statement<[number]>;
  private readonly selectStreamRevision: Database.Statement<[string]>;
  private readonly selectEventById: Database.Statement<[string]>;
  private readonly selectStreamEventSeq: Database.Statement<[string, number]>;
  private readonly selectMaxSeq: Database.Statement<[]>;
  private readonly selectStreamEvents: Database.Statement<[string, number, number]>;
  private readonly selectAll: Database.Statement<[number, number, number]>;
  private readonly filteredSelects = new Map<number, Database.Statement>();

  constructor(options: SqliteEventStoreOptions) {
    const synchronous = options.synchronous ?? 'FULL';
    if (synchronous !== 'FULL' && synchronous !== 'NORMAL') {
      throw new RangeError(`synchronous must be FULL or NORMAL, got ${String(synchronous)}`);
    }
    this.now = options.now ?? (() => new Date());
    this.pollIntervalMs = options.pollIntervalMs ?? 200;
    this.db = new Database(options.path);
    // FULL: SQLite commits without its own fsync (NORMAL) and WalSync makes each group durable
    // on libuv's thread pool before any append of it is acknowledged.
    applyLogFileSettings(this.db, 'NORMAL');
    migrate(this.db);
    if (synchronous === 'FULL') {
      this.walSync = new WalSync(
        `${options.path}-wal`,
        () => this.headSeq(),
        () => {
          for (const subscription of this.subscriptions) subscription.wake();
        },
      );
    }

    const db = this.db;
    this.insertEvent = db.prepare(
      `INSERT INTO es_events (${EVENT_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    this.deleteEventsFrom = db.prepare('DELETE FROM es_events WHERE seq >= ?');
    this.selectStreamRevision = db
      .prepare('SELECT MAX(revision) FROM es_events WHERE stream_id = ?')
      .pluck();
    this.selectEventById = db
      .prepare('SELECT stream_id, revision, seq FROM es_events WHERE event_id = ?')
      .raw();
    this.selectStreamEventSeq = db
      .prepare('SELECT seq FROM es_events WHERE stream_id = ? AND revision = ?')
      .pluck();
    this.selectMaxSeq = db.prepare('SELECT MAX(seq) FROM es_events').pluck();
    this.selectStreamEvents = db
      .prepare(
        `SELECT ${EVENT_COLUMNS} FROM es_events
         WHERE stream_id = ? AND revision >= ? ORDER BY revision LIMIT ?`,
      )
      .raw();
    this.selectAll = db
      .prepare(
        `SELECT ${EVENT_COLUMNS} FROM es_events WHERE seq > ? AND seq <= ? ORDER BY seq LIMIT ?`,
      )
      .raw();
    this.writeBatch = db.transaction((batch: PendingAppend[]) => this.applyBatch(batch));
  }

  append(
    streamId: string,
    events: readonly NewEvent[],
    expectedRevision: ExpectedRevision,
  ): Promise<AppendResult> {
    if (this.closed) return Promise.reject(new EventStoreUnavailableError('the store is closed'));
    if (this.walSync?.failure !== undefined) {
      return Promise.reject(
        new EventStoreUnavailableError(
          `the log could not be synced: ${messageOf(this.walSync.failure)}`,
        ),
      );
    }
    return new Promise<AppendResult>((resolve, reject) => {
      // A throw here (invalid input) rejects this append only.
      this.queue.push(toPendingAppend(streamId, events, expectedRevision, resolve, reject));
      if (this.queue.length >= MAX_BATCH_REQUESTS) this.flush();
      else this.scheduledFlush ??= setImmediate(() => this.flush());
    });
  }

  async readStream(streamId: string, options: ReadStreamOptions = {}): Promise<RecordedEvent[]> {
    const from = options.fromRevision ?? 0n;
    // Most reads before a decision are of streams that do not exist yet (a first enrollment):
    // one index probe answers that several times cheaper than the range query.
    if (this.selectStreamRevision.get(streamId) === null) return [];
    const rows = this.selectStreamEvents.all(
      streamId,
      from < 0n ? 0 : Number(from),
      options.maxCount ?? -1,
    ) as EventRow[];
    return rows.map(toRecordedEvent);
  }

  async readAll(options: ReadAllOptions): Promise<RecordedEvent[]> {
    let after = seqOf(options.after ?? START_POSITION);
    // Nothing leaves through the global log (projector, Kafka gateway) before it is durable.
    const head = this.walSync ? await this.walSync.durableHead() : this.headSeq();
    const events: RecordedEvent[] = [];
    // A filtered read keeps scanning until the batch is full or the head is reached, so that a
    // long run of filtered-out events never yields an empty batch before the end of the log.
    while (events.length < options.maxCount && after < head) {
      const page = this.readPage(after, head, options.maxCount - events.length, {
        prefixes: options.streamPrefixes,
        scanBudget: Number.POSITIVE_INFINITY,
      });
      for (const event of page.events) events.push(event);
      after = page.scannedTo;
    }
    return events;
  }

  async headPosition(): Promise<LogPosition> {
    const head = this.headSeq();
    return head === 0 ? START_POSITION : positionOf(head);
  }

  subscribeToAll(options: SubscribeOptions): Subscription {
    if (this.closed) throw new EventStoreUnavailableError('the store is closed');
    const { batchSize = DEFAULT_BATCH_SIZE } = options;
    if (!Number.isInteger(batchSize) || batchSize < 1) {
      throw new RangeError(`batchSize must be a positive integer, got ${batchSize}`);
    }
    const subscription = new SqliteSubscription(
      {
        // Delivered only once durable; a commit not yet synced wakes the loop after its sync.
        headSeq: () => this.walSync?.durableSeqNow() ?? this.headSeq(),
        readPage: (after, upTo, maxCount) =>
          this.readPage(after, upTo, maxCount, {
            prefixes: options.streamPrefixes,
            scanBudget: SUBSCRIPTION_SCAN_BUDGET,
          }),
        forget: (s) => this.subscriptions.delete(s),
      },
      options,
      this.pollIntervalMs,
    );
    this.subscriptions.add(subscription);
    return subscription;
  }

  /**
   * Resolves once everything committed to the file so far is durable: for writers sharing the
   * log's connection that acknowledge something outside (e.g. idempotency records).
   */
  durable(): Promise<void> {
    return this.walSync ? this.walSync.sync() : Promise.resolve();
  }

  stats(): SqliteEventStoreStats {
    return { flushes: this.flushes, requests: this.requests, events: this.eventsWritten };
  }

  /** Flushes pending appends, stops subscriptions, then closes the file. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.flush();
    await this.walSync?.close();
    await Promise.all([...this.subscriptions].map((s) => s.close().catch(() => undefined)));
    this.db.close();
  }

  private flush(): void {
    if (this.scheduledFlush) {
      clearImmediate(this.scheduledFlush);
      this.scheduledFlush = undefined;
    }
    const batch = this.queue;
    if (batch.length === 0) return;
    this.queue = [];
    let written: number;
    try {
      written = this.writeBatch.immediate(batch);
    } catch (cause) {
      // The transaction was rolled back: nothing of this batch is recorded.
      const error = new EventStoreUnavailableError(`append failed: ${messageOf(cause)}`, {
        cause,
      });
      for (const request of batch) request.reject(error);
      return;
    }
    this.flushes++;
    this.requests += batch.length;
    this.eventsWritten += written;
    const settle = () => {
      for (const request of batch) {
        if (request.result) request.resolve(request.result);
        else request.reject(request.error);
      }
    };
    if (!this.walSync) {
      settle();
      if (written > 0) for (const subscription of this.subscriptions) subscription.wake();
      return;
    }
    // Acknowledged only once durable; refused appends were decided inside the same transaction.
    this.walSync.sync().then(settle, (cause: unknown) => {
      const error = new EventStoreUnavailableError(`append not durable: ${messageOf(cause)}`, {
        cause,
      });
      for (const request of batch) request.reject(error);
    });
  }

  /** Runs inside the flush transaction; returns the number of events written. */
  private applyBatch(batch: PendingAppend[]): number {
    const state: FlushState = {
      lastSeq: (this.selectMaxSeq.get() as number | null) ?? 0,
      recordedAt: this.now().toISOString(),
      revisions: new Map(),
    };
    const firstSeq = state.lastSeq + 1;
    for (const request of batch) {
      try {
        request.result = this.applyAppend(request, state);
      } catch (error) {
        // Only a request's own rule violations are its own; anything else fails the flush.
        const own =
          error instanceof WrongExpectedRevisionError || error instanceof IdempotencyViolationError;
        if (!own) throw error;
        request.error = error;
      }
    }
    return state.lastSeq - firstSeq + 1;
  }

  private applyAppend(request: PendingAppend, state: FlushState): AppendResult {
    const { streamId, expected, ids } = request;
    let current = state.revisions.get(streamId);
    if (current === undefined && expected === 'no_stream' && ids.length > 0) {
      // Most appends start a stream (a first enrollment): the (stream, revision) unique index
      // refuses revision 0 of a stream that exists, so the revision probe — one random-key
      // B-tree lookup per append — is needed only when it does.
      const result = this.insertNewStream(request, state);
      if (result) return result;
      current = state.revisions.get(streamId);
    }
    if (current === undefined) {
      current = (this.selectStreamRevision.get(streamId) as number | null) ?? -1;
      state.revisions.set(streamId, current);
    }
    if (!satisfies(expected, current)) {
      // A retry of an append that did commit arrives with a stale expected revision.
      const original = ids.length > 0 ? this.findRecordedAppend(request) : undefined;
      if (original) return original;
      throw new WrongExpectedRevisionError(streamId, expected, BigInt(current));
    }
    if (ids.length === 0) return this.currentState(streamId, current);

    const firstSeq = state.lastSeq + 1;
    try {
      for (let i = 0; i < ids.length; i++) {
        const seq = state.lastSeq + 1;
        this.insertEvent.run(
          seq,
          streamId,
          current + 1 + i,
          ids[i],
          request.types[i],
          request.data[i],
          request.metadata[i],
          state.recordedAt,
        );
        state.lastSeq = seq;
      }
    } catch (error) {
      if (!isDuplicateEventId(error)) throw error;
      // Checking ids only when the unique index objects keeps the common path at one statement
      // per event; undo this request's earlier rows (the failed statement undid itself).
      if (state.lastSeq >= firstSeq) {
        this.deleteEventsFrom.run(firstSeq);
        state.lastSeq = firstSeq - 1;
      }
      const original = this.findRecordedAppend(request);
      if (original) return original;
      throw new IdempotencyViolationError(streamId, 'the same event id occurs twice in the append');
    }
    const revision = current + ids.length;
    state.revisions.set(streamId, revision);
    return { nextExpectedRevision: BigInt(revision), position: positionOf(state.lastSeq) };
  }

  /**
   * Inserts a new stream's events from revision 0 without looking the stream up; undefined
   * (nothing of the request written, the stream's revision noted) when it exists already.
   */
  private insertNewStream(request: PendingAppend, state: FlushState): AppendResult | undefined {
    const { streamId, ids } = request;
    const firstSeq = state.lastSeq + 1;
    try {
      for (let i = 0; i < ids.length; i++) {
        const seq = state.lastSeq + 1;
        this.insertEvent.run(
          seq,
          streamId,
          i,
          ids[i],
          request.types[i],
          request.data[i],
          request.metadata[i],
          state.recordedAt,
        );
        state.lastSeq = seq;
      }
    } catch (error) {
      const duplicateRevision = isDuplicateStreamRevision(error);
      if (!duplicateRevision && !isDuplicateEventId(error)) throw error;
      // Undo this request's earlier rows (the failed statement undid itself); the general path
      // then decides, with the stream's revision read, as for any other append.
      if (state.lastSeq >= firstSeq) {
        this.deleteEventsFrom.run(firstSeq);
        state.lastSeq = firstSeq - 1;
      }
      state.revisions.set(
        streamId,
        (this.selectStreamRevision.get(streamId) as number | null) ?? -1,
      );
      return undefined;
    }
    const revision = ids.length - 1;
    state.revisions.set(streamId, revision);
    return { nextExpectedRevision: BigInt(revision), position: positionOf(state.lastSeq) };
  }

  /**
   * The result of the earlier append when all ids are recorded, consecutively and in order, in
   * this stream; undefined when none is recorded; IdempotencyViolationError otherwise.
   */
  private findRecordedAppend(request: PendingAppend): AppendResult | undefined {
    const { streamId, ids } = request;
    const rows = ids.map(
      (id) => this.selectEventById.get(id) as [string, number, number] | undefined,
    );
    const first = rows[0];
    if (!first) {
      if (rows.some((row) => row !== undefined)) {
        throw new IdempotencyViolationError(streamId, 'only some of the event ids are recorded');
      }
      return undefined;
    }
    for (let i = 0; i < rows.length; i++) {
      const row = rows[i];
      if (!row) {
        throw new IdempotencyViolationError(streamId, 'only some of the event ids are recorded');
      }
      if (row[0] !== streamId) {
        throw new IdempotencyViolationError(
          streamId,
          `event id ${ids[i]} is recorded in stream ${row[0]}`,
        );
      }
      if (row[1] !== first[1] + i) {
        throw new IdempotencyViolationError(
          streamId,
          'the event ids are recorded, but not consecutively in this order',
        );
      }
    }
    const last = rows[rows.length - 1] as [string, number, number];
    return { nextExpectedRevision: BigInt(last[1]), position: positionOf(last[2]) };
  }

  private currentState(streamId: string, revision: number): AppendResult {
    if (revision < 0) return { nextExpectedRevision: -1n, position: START_POSITION };
    const seq = this.selectStreamEventSeq.get(streamId, revision) as number;
    return { nextExpectedRevision: BigInt(revision), position: positionOf(seq) };
  }

  private headSeq(): number {
    return (this.selectMaxSeq.get() as number | null) ?? 0;
  }

  /** Events in (after, upTo], at most maxCount, scanning at most scanBudget positions. */
  private readPage(
    after: number,
    upTo: number,
    maxCount: number,
    filter: { prefixes?: readonly string[]; scanBudget: number },
  ): Page {
    const { prefixes } = filter;
    if (!prefixes) {
      const rows = this.selectAll.all(after, upTo, maxCount) as EventRow[];
      const scannedTo = rows.length === maxCount ? rows[rows.length - 1][0] : upTo;
      return { events: rows.map(toRecordedEvent), scannedTo };
    }
    const statement = this.filteredSelect(prefixes.length);
    const window = Math.max(FILTER_WINDOW, maxCount);
    const scanLimit = Math.min(upTo, after + filter.scanBudget);
    const events: RecordedEvent[] = [];
    let from = after;
    while (from < scanLimit) {
      const to = Math.min(scanLimit, from + window);
      const rows = statement.all(from, to, ...prefixes, maxCount - events.length) as EventRow[];
      for (const row of rows) events.push(toRecordedEvent(row));
      if (events.length === maxCount) return { events, scannedTo: rows[rows.length - 1][0] };
      from = to;
    }
    return { events, scannedTo: from };
  }

  private filteredSelect(prefixCount: number): Database.Statement {
    let statement = this.filteredSelects.get(prefixCount);
    if (!statement) {
      const match = Array.from({ length: prefixCount }, () => 'instr(stream_id, ?) = 1').join(
        ' OR ',
      );
      statement = this.db
        .prepare(
          `SELECT ${EVENT_COLUMNS} FROM es_events
           WHERE seq > ? AND seq <= ? AND (${match || '0'}) ORDER BY seq LIMIT ?`,
        )
        .raw();
      this.filteredSelects.set(prefixCount, statement);
    }
    return statement;
  }
}

/**
 * The log's fsync, off the event loop. SQLite commits in WAL mode with synchronous=NORMAL (the
 * frames are written to the WAL file, not yet synced) and this fdatasyncs the WAL file on libuv's
 * thread pool; appends are acknowledged only after the sync that began after their COMMIT
 * returned, so what was acknowledged survives power loss as with synchronous=FULL. Commits that
 * arrive while a sync runs share the next one (one fsync per group of groups, and the views' and
 * idempotency records' commits in the same WAL ride along). The event loop meanwhile decides the
 * next group instead of waiting for the disk.
 *
 * Reads through the global log (subscriptions, readAll) stop at the durable head, so nothing is
 * handed on (projector, Kafka gateway) that a power loss could take back. A sync makes every
 * frame then in the file durable, whichever process wrote it.
 */
class WalSync {
  private file: FileHandle | undefined;
  private running: Promise<void> | undefined;
  /** Waiters for a sync that has not started yet. */
  private next: { resolve: () => void; reject: (e: unknown) => void }[] = [];
  private durableSeq = 0;
  /** Set by a failed sync: nothing more is acknowledged. */
  failure: unknown;
  private closed = false;

  constructor(
    private readonly walPath: string,
    private readonly headSeq: () => number,
    private readonly onDurable: () => void,
  ) {}

  /** Resolves after a sync that began after this call (everything committed before is durable). */
  sync(): Promise<void> {
    if (this.failure) return Promise.reject(this.failure);
    return new Promise((resolve, reject) => {
      this.next.push({ resolve, reject });
      if (!this.running) this.start();
    });
  }

  /** The durable head now; when commits lie beyond it, a sync is started (waking on the end). */
  durableSeqNow(): number {
    const head = this.headSeq();
    if (head > this.durableSeq && !this.running && !this.failure && !this.closed) {
      this.sync().catch(() => undefined);
    }
    return Math.min(head, this.durableSeq);
  }

  /** The head, once durable. */
  async durableHead(): Promise<number> {
    const head = this.headSeq();
    if (head > this.durableSeq) await this.sync();
    return head;
  }

  async close(): Promise<void> {
    this.closed = true;
    while (this.running) await this.running.catch(() => undefined);
    await this.file?.close().catch(() => undefined);
    this.file = undefined;
  }

  private start(): void {
    const waiters = this.next;
    this.next = [];
    const upTo = this.headSeq();
    this.running = this.fdatasync().then(
      () => {
        this.running = undefined;
        if (upTo > this.durableSeq) this.durableSeq = upTo;
        for (const w of waiters) w.resolve();
        this.onDurable();
        if (this.next.length > 0) this.start();
      },
      (error: unknown) => {
        // After a failed fsync the state of the written pages is unknown (a retry may report
        // success without writing them): nothing more is acknowledged by this store.
        this.running = undefined;
        this.failure = error;
        for (const w of [...waiters, ...this.next]) w.reject(error);
        this.next = [];
      },
    );
  }

  private async fdatasync(): Promise<void> {
    // The WAL file exists while a connection is open in WAL mode; it is opened once written.
    this.file ??= await open(this.walPath, 'r');
    await this.file.datasync();
  }
}

interface SubscriptionSource {
  headSeq(): number;
  readPage(after: number, upTo: number, maxCount: number): Page;
  forget(subscription: SqliteSubscription): void;
}

/** One reader loop: catch up page by page, then sleep until woken by a commit or the poll timer. */
class SqliteSubscription implements Subscription {
  private closing = false;
  private wakeUp: (() => void) | undefined;
  private readonly stopped: Promise<void>;

  constructor(
    private readonly source: SubscriptionSource,
    private readonly options: SubscribeOptions,
    private readonly pollIntervalMs: number,
  ) {
    this.stopped = this.run();
    // Without onError the failure is reported by close(); do not let it crash the process first.
    this.stopped.catch(() => undefined);
  }

  /** Called after a commit of this store; the loop re-reads the head. */
  wake(): void {
    const wakeUp = this.wakeUp;
    this.wakeUp = undefined;
    wakeUp?.();
  }

  /** Inside onBatch, call close() without awaiting it: it waits for that very onBatch. */
  async close(): Promise<void> {
    this.closing = true;
    this.wake();
    await this.stopped;
  }

  private async run(): Promise<void> {
    const { onBatch, onError, batchSize = DEFAULT_BATCH_SIZE } = this.options;
    let cursor = seqOf(this.options.after ?? START_POSITION);
    try {
      // Let subscribeToAll return before the first delivery, and yield between pages so a long
      // catch-up does not starve appends and timers.
      await nextMacrotask();
      while (!this.closing) {
        const head = this.source.headSeq();
        if (cursor >= head) {
          // No await between reading the head and sleeping: an in-process commit cannot slip by.
          await this.sleep();
          continue;
        }
        const page = this.source.readPage(cursor, head, batchSize);
        cursor = page.scannedTo;
        if (page.events.length > 0) await onBatch(page.events);
        await nextMacrotask();
      }
    } catch (error) {
      if (!onError) throw error;
      try {
        onError(error);
      } catch {
        // An onError that throws has nowhere left to report to.
      }
    } finally {
      this.source.forget(this);
    }
  }

  private sleep(): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.wakeUp = undefined;
        resolve();
      }, this.pollIntervalMs);
      this.wakeUp = () => {
        clearTimeout(timer);
        resolve();
      };
    });
  }
}

function migrate(db: Database.Database): void {
  db.transaction(() => {
    db.exec(`
      CREATE TABLE IF NOT EXISTS es_schema_version (version INTEGER NOT NULL);
      CREATE TABLE IF NOT EXISTS es_events (
        seq INTEGER PRIMARY KEY,
        stream_id TEXT NOT NULL,
        revision INTEGER NOT NULL,
        event_id TEXT NOT NULL UNIQUE,
        type TEXT NOT NULL,
        data TEXT NOT NULL,
        metadata TEXT NOT NULL,
        recorded_at TEXT NOT NULL
      );
      CREATE UNIQUE INDEX IF NOT EXISTS es_events_stream_revision ON es_events (stream_id, revision);
    `);
    const version = db.prepare('SELECT MAX(version) FROM es_schema_version').pluck().get() as
      number | null;
    if (version === null) {
      db.prepare('INSERT INTO es_schema_version (version) VALUES (?)').run(SCHEMA_VERSION);
    } else if (version > SCHEMA_VERSION) {
      throw new Error(`event store schema ${version} is newer than this code (${SCHEMA_VERSION})`);
    } else if (version < 2) {
      // Version 1 kept each stream's revision in es_streams too: a third random-key B-tree
      // written per new stream (40% of an append's SQLite time at 200,000 events), holding
      // nothing the (stream_id, revision) index does not.
      db.exec('DROP TABLE IF EXISTS es_streams');
      db.prepare('UPDATE es_schema_version SET version = ?').run(SCHEMA_VERSION);
    }
  }).immediate();
}

/** Validates and stringifies up front: no JSON work inside the write transaction, and bad input
 * rejects its own append instead of failing the whole flush. */
function toPendingAppend(
  streamId: string,
  events: readonly NewEvent[],
  expected: ExpectedRevision,
  resolve: (result: AppendResult) => void,
  reject: (error: unknown) => void,
): PendingAppend {
  if (typeof streamId !== 'string' || streamId.length === 0) {
    throw new TypeError('streamId must be a non-empty string');
  }
  if (typeof expected === 'bigint' ? expected < 0n : !isNamedRevision(expected)) {
    throw new RangeError(`invalid expected revision ${String(expected)}`);
  }
  const ids = new Array<string>(events.length);
  const types = new Array<string>(events.length);
  const data = new Array<string>(events.length);
  const metadata = new Array<string>(events.length);
  for (let i = 0; i < events.length; i++) {
    const event = events[i];
    if (typeof event.id !== 'string' || event.id.length === 0) {
      throw new TypeError(`event ${i} of ${streamId}: id must be a non-empty string`);
    }
    if (typeof event.type !== 'string' || event.type.length === 0) {
      throw new TypeError(`event ${event.id}: type must be a non-empty string`);
    }
    const json = JSON.stringify(event.data);
    if (json === undefined) throw new TypeError(`event ${event.id}: data is not JSON`);
    const metadataJson = JSON.stringify(event.metadata);
    if (metadataJson === undefined || metadataJson[0] !== '{') {
      throw new TypeError(`event ${event.id}: metadata must be an object`);
    }
    ids[i] = event.id;
    types[i] = event.type;
    data[i] = json;
    metadata[i] = metadataJson;
  }
  return { streamId, expected, ids, types, data, metadata, resolve, reject };
}

function isNamedRevision(expected: unknown): boolean {
  return expected === 'any' || expected === 'no_stream' || expected === 'stream_exists';
}

function satisfies(expected: ExpectedRevision, current: number): boolean {
  switch (expected) {
    case 'any':
      return true;
    case 'no_stream':
      return current < 0;
    case 'stream_exists':
      return current >= 0;
    default:
      return current >= 0 && expected === BigInt(current);
  }
}

/** Metadata is parsed on first read (see StoredEvent): views never read it. */
function toRecordedEvent(row: EventRow): RecordedEvent {
  return new StoredEvent(row);
}

/** The embedded store's positions have commit = prepare = seq. */
function seqOf(position: LogPosition): number {
  return position.commit <= 0n ? 0 : Number(position.commit);
}

/**
 * By code and message, not `instanceof Database.SqliteError`: better-sqlite3's native addon keeps
 * the error class of the first copy of the module a process loaded, so under a module registry
 * that loads it again (jest, one per test file) the class differs and instanceof fails.
 */
function isDuplicateEventId(error: unknown): boolean {
  return isUniqueViolationOf(error, 'es_events.event_id');
}

/** The (stream, revision) unique index refused a row: that revision of the stream exists. */
function isDuplicateStreamRevision(error: unknown): boolean {
  return isUniqueViolationOf(error, 'es_events.stream_id, es_events.revision');
}

/** A UNIQUE constraint of these columns refused the row (SQLite names them in its message). */
function isUniqueViolationOf(error: unknown, columns: string): boolean {
  const e = error as { code?: unknown; message?: unknown } | null;
  return (
    typeof e === 'object' &&
    e !== null &&
    e.code === 'SQLITE_CONSTRAINT_UNIQUE' &&
    typeof e.message === 'string' &&
    e.message.includes(columns)
  );
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function nextMacrotask(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
