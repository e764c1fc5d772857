import { EventMetadata, LogPosition, RecordedEvent } from '../event-store.port';

/** A row of es_events: seq, stream_id, revision, event_id, type, data, metadata, recorded_at. */
export type StoredEventRow = [number, string, number, string, string, string, string, string];

let metadataProperty: PropertyDescriptor;

/**
 * A recorded event decoded from its row. Its `metadata` is an own enumerable property like that
 * of any RecordedEvent (JSON.stringify, spread, Object.keys and equality see it, in the usual
 * place), but an accessor that parses the stored JSON on first read and keeps the result: views
 * read only `data`, and parsing every event's metadata was a fifth of a replay's reading cost.
 */
export class StoredEvent implements RecordedEvent {
  declare readonly id: string;
  declare readonly streamId: string;
  declare readonly revision: bigint;
  declare readonly position: LogPosition;
  declare readonly type: string;
  declare readonly data: unknown;
  declare readonly metadata: EventMetadata;
  declare readonly recordedAt: string;
  /** The stored JSON until first read, then the parsed metadata. */
  #metadata: string | EventMetadata;

  constructor(row: StoredEventRow) {
    const seq = BigInt(row[0]);
    // Assigned in the order of a RecordedEvent literal, so that serializations keep it.
    const self = this as { -readonly [K in keyof RecordedEvent]: RecordedEvent[K] };
    self.id = row[3];
    self.streamId = row[1];
    self.revision = BigInt(row[2]);
    self.position = { commit: seq, prepare: seq };
    self.type = row[4];
    self.data = JSON.parse(row[5]);
    this.#metadata = row[6];
    Object.defineProperty(this, 'metadata', metadataProperty);
    self.recordedAt = row[7];
  }

  static {
    // One descriptor for every instance: instances share their hidden class.
    metadataProperty = {
      enumerable: true,
      configurable: false,
      get(this: StoredEvent): EventMetadata {
        const m = this.#metadata;
        return typeof m === 'string' ? (this.#metadata = JSON.parse(m) as EventMetadata) : m;
      },
    };
  }
}
