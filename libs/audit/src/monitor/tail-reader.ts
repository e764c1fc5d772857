import Database from 'better-sqlite3';
import {
  EventMetadata,
  EventStore,
  LogPosition,
  RecordedEvent,
  SqliteEventStore,
} from '@ledger/event-store';

/** What this process wrote of an event (LedgerStreams, through LedgerIntegrity.appended). */
export interface OwnWrite {
  readonly streamId: string;
  readonly revision: bigint;
  readonly type: string;
  /** Its per-stream hash, and the hash it chained onto. */
  readonly hash: string;
  readonly prevHash: string;
  /** Its plan (data.planId), as the leaf commits to it. */
  readonly scope: string | null;
}

/**
 * An event of the tail. `own`: this process wrote it. `light`: only its id, stream, revision,
 * type, position and recorded time were read from the log (the rest is what this process wrote);
 * otherwise the whole stored event was read.
 */
export interface TailEvent {
  readonly event: RecordedEvent;
  readonly own?: OwnWrite;
  readonly light: boolean;
}

/** How the monitor reads the log after a position. */
export interface TailReader {
  tail(
    after: LogPosition,
    maxCount: number,
    own: (id: string) => OwnWrite | undefined,
  ): Promise<TailEvent[]>;
  /** Whole stored events (the rolling re-check compares them). */
  events(after: LogPosition, maxCount: number): Promise<RecordedEvent[]>;
}

type Row = [number, string, number, string, string, string, string, string];
type LightRow = [number, string, number, string, string, string];

/** An event of the embedded log whose data and metadata are parsed only when read. */
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

/**
 * The fastest way to read the tail of this store. On the embedded file, the events this process
 * wrote are confirmed by id, stream, revision, type, position and recorded time without reading
 * their data or metadata (their content is what was written: the rolling re-check and every load
 * compare the stored bytes later); any other event is read whole. Elsewhere, readAll.
 */
export function tailReaderFor(store: EventStore): TailReader {
  if (!(store instanceof SqliteEventStore)) {
    const events = (after: LogPosition, maxCount: number) => store.readAll({ after, maxCount });
    return {
      events,
      async tail(after, maxCount, own) {
        return (await events(after, maxCount)).map((event) => ({
          event,
          own: own(event.id),
          light: false,
        }));
      },
    };
  }
  const db: Database.Database = store.db;
  const full = db
    .prepare(
      'SELECT seq, stream_id, revision, event_id, type, data, metadata, recorded_at FROM es_events WHERE seq > ? ORDER BY seq LIMIT ?',
    )
    .raw();
  const one = db
    .prepare(
      'SELECT seq, stream_id, revision, event_id, type, data, metadata, recorded_at FROM es_events WHERE seq = ?',
    )
    .raw();
  const light = db
    .prepare(
      'SELECT seq, stream_id, revision, event_id, type, recorded_at FROM es_events WHERE seq > ? ORDER BY seq LIMIT ?',
    )
    .raw();
  const seqOf = (p: LogPosition) => (p.commit <= 0n ? 0 : Number(p.commit));
  return {
    async events(after, maxCount) {
      return (full.all(seqOf(after), maxCount) as Row[]).map((row) => new LazyEvent(row));
    },
    async tail(after, maxCount, own) {
      return (light.all(seqOf(after), maxCount) as LightRow[]).map((row) => {
        const wrote = own(row[3]);
        if (
          wrote &&
          wrote.streamId === row[1] &&
          wrote.revision === BigInt(row[2]) &&
          wrote.type === row[4]
        ) {
          const seq = BigInt(row[0]);
          const event: RecordedEvent = {
            id: row[3],
            streamId: row[1],
            revision: wrote.revision,
            position: { commit: seq, prepare: seq },
            type: row[4],
            data: undefined,
            metadata: { hash: wrote.hash, prevHash: wrote.prevHash } as unknown as EventMetadata,
            recordedAt: row[5],
          };
          return { event, own: wrote, light: true };
        }
        const whole = one.get(row[0]) as Row | undefined;
        if (!whole) throw new Error(`event ${row[0]} vanished while the tail was read`);
        return { event: new LazyEvent(whole), own: wrote, light: false };
      });
    },
  };
}
