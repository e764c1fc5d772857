import Database from 'better-sqlite3';
import {
  EventMetadata,
  EventStore,
  LogPosition,
  RecordedEvent,
  SqliteEventStore,
} from '@ledger/event-store';

/** How the monitor reads the log after a position (the store's readAll, or a faster path). */
export type TailReader = (after: LogPosition, maxCount: number) => Promise<RecordedEvent[]>;

type Row = [number, string, number, string, string, string, string, string];

/**
 * An event of the embedded log whose data and metadata are parsed only when read: the monitor
 * never reads the data of the events this process wrote (it knows their content digest), and
 * parsing it was most of the cost of verifying the tail.
 */
class LazyEvent implements RecordedEvent {
  readonly id: string;
  readonly streamId: string;
  readonly revision: bigint;
  readonly position: LogPosition;
  readonly type: string;
  readonly recordedAt: string;
  #data: string | { value: unknown };
  #metadata: string | EventMetadata;

  constructor(row: Row) {
    const seq = BigInt(row[0]);
    this.id = row[3];
    this.streamId = row[1];
    this.revision = BigInt(row[2]);
    this.position = { commit: seq, prepare: seq };
    this.type = row[4];
    this.#data = row[5];
    this.#metadata = row[6];
    this.recordedAt = row[7];
  }

  get data(): unknown {
    if (typeof this.#data === 'string') this.#data = { value: JSON.parse(this.#data) };
    return this.#data.value;
  }

  get metadata(): EventMetadata {
    if (typeof this.#metadata === 'string')
      this.#metadata = JSON.parse(this.#metadata) as EventMetadata;
    return this.#metadata;
  }
}

/** The fastest way to read the tail of this store: raw rows on the embedded file, else readAll. */
export function tailReaderFor(store: EventStore): TailReader {
  if (!(store instanceof SqliteEventStore)) {
    return (after, maxCount) => store.readAll({ after, maxCount });
  }
  const db: Database.Database = store.db;
  const select = db
    .prepare(
      'SELECT seq, stream_id, revision, event_id, type, data, metadata, recorded_at FROM es_events WHERE seq > ? ORDER BY seq LIMIT ?',
    )
    .raw();
  return async (after, maxCount) =>
    (select.all(after.commit <= 0n ? 0 : Number(after.commit), maxCount) as Row[]).map(
      (row) => new LazyEvent(row),
    );
}
