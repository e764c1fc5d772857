import Database from 'better-sqlite3';
import { existsSync } from 'node:fs';
import {
  EventMetadata,
  EventStore,
  LogPosition,
  RecordedEvent,
  START_POSITION,
} from '@ledger/event-store';
import { AUDIT_SEALS_STREAM } from '../seal/log-sealed-event';

/** The log as a verifier reads it: every event, in log order, from one consistent state. */
export interface LogSource {
  /** What is read, for messages ("embedded log /data/ledger.sqlite"). */
  readonly description: string;
  /**
   * The embedded store numbers its events 1, 2, 3… with no gaps: a missing number is a missing
   * event. Other stores (KurrentDB) have gaps between positions.
   */
  readonly contiguousPositions: boolean;
  /** Position of the last event of the state being read. */
  head(): Promise<LogPosition>;
  /** Every event, in log order, in batches. */
  batches(batchSize?: number): AsyncIterable<RecordedEvent[]>;
  /** The last event of the seal stream, if any. */
  latestSealEvent(): Promise<RecordedEvent | undefined>;
  close(): Promise<void>;
}

type Row = [bigint, string, bigint, string, string, string, string, string];

/**
 * The embedded log opened read-only (never written, never migrated, never checkpointed: its
 * bytes stay as they are), read in one read transaction so that a ledger appending meanwhile
 * does not change what is verified. Every row is read, including any a store would never hand
 * out (a position of 0 or below): the verifier must see what a raw edit could add.
 */
export class SqliteLogReader implements LogSource {
  readonly contiguousPositions = true;
  private readonly db: Database.Database;
  private inTransaction = false;

  constructor(readonly path: string) {
    if (!existsSync(path)) throw new Error(`no event log at ${path}`);
    this.db = new Database(path, { readonly: true, fileMustExist: true });
    this.db.defaultSafeIntegers(true);
    const table = this.db
      .prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'es_events'")
      .get();
    if (!table) {
      this.db.close();
      throw new Error(`${path} is not an event log (no es_events table)`);
    }
    // One snapshot for the whole verification (WAL readers see a fixed state until COMMIT); a
    // deferred transaction takes its snapshot at its first read, so read at once.
    this.db.prepare('BEGIN').run();
    this.inTransaction = true;
    this.db.prepare('SELECT MAX(seq) FROM es_events').get();
  }

  get description(): string {
    return `embedded log ${this.path}`;
  }

  async head(): Promise<LogPosition> {
    const max = this.db.prepare('SELECT MAX(seq) FROM es_events').pluck().get() as bigint | null;
    return max === null ? START_POSITION : { commit: max, prepare: max };
  }

  /** Number of rows (for the progress bar). */
  count(): number {
    return Number(this.db.prepare('SELECT COUNT(*) FROM es_events').pluck().get() as bigint);
  }

  async *batches(batchSize = 10_000): AsyncIterable<RecordedEvent[]> {
    const first = this.db
      .prepare(
        'SELECT seq, stream_id, revision, event_id, type, data, metadata, recorded_at FROM es_events ORDER BY seq LIMIT ?',
      )
      .raw();
    const next = this.db
      .prepare(
        'SELECT seq, stream_id, revision, event_id, type, data, metadata, recorded_at FROM es_events WHERE seq > ? ORDER BY seq LIMIT ?',
      )
      .raw();
    let rows = first.all(batchSize) as Row[];
    while (rows.length > 0) {
      yield rows.map(toEvent);
      rows = next.all(rows[rows.length - 1][0], batchSize) as Row[];
    }
  }

  async latestSealEvent(): Promise<RecordedEvent | undefined> {
    const row = this.db
      .prepare(
        'SELECT seq, stream_id, revision, event_id, type, data, metadata, recorded_at FROM es_events WHERE stream_id = ? ORDER BY revision DESC LIMIT 1',
      )
      .raw()
      .get(AUDIT_SEALS_STREAM) as Row | undefined;
    return row ? toEvent(row) : undefined;
  }

  async close(): Promise<void> {
    if (this.inTransaction) this.db.prepare('COMMIT').run();
    this.inTransaction = false;
    this.db.close();
  }
}

function parseJson(text: string, what: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return { unreadable: what, text };
  }
}

function toEvent(row: Row): RecordedEvent {
  return {
    id: row[3],
    streamId: row[1],
    revision: row[2],
    position: { commit: row[0], prepare: row[0] },
    type: row[4],
    data: parseJson(row[5], 'data'),
    metadata: parseJson(row[6], 'metadata') as EventMetadata,
    recordedAt: row[7],
  };
}

/** Any EventStore (KurrentDB), read through the port: it never appends. */
export class EventStoreLogSource implements LogSource {
  readonly contiguousPositions = false;
  private fixedHead: LogPosition | undefined;

  constructor(
    private readonly store: EventStore,
    readonly description: string,
    private readonly closeStore = true,
  ) {}

  async head(): Promise<LogPosition> {
    this.fixedHead ??= await this.store.headPosition();
    return this.fixedHead;
  }

  async *batches(batchSize = 10_000): AsyncIterable<RecordedEvent[]> {
    const head = await this.head();
    let after = START_POSITION;
    for (;;) {
      const batch = await this.store.readAll({ after, maxCount: batchSize });
      const within = batch.filter(
        (e) =>
          e.position.commit < head.commit ||
          (e.position.commit === head.commit && e.position.prepare <= head.prepare),
      );
      if (within.length > 0) yield within;
      if (within.length < batch.length || batch.length === 0) return;
      after = batch[batch.length - 1].position;
    }
  }

  async latestSealEvent(): Promise<RecordedEvent | undefined> {
    const events = await this.store.readStream(AUDIT_SEALS_STREAM);
    return events[events.length - 1];
  }

  async close(): Promise<void> {
    if (this.closeStore) await this.store.close();
  }
}
