import type { EventData, JSONType, Position } from '@kurrent/kurrentdb-client';
import { IdempotencyViolationError } from '../errors';
import { EventMetadata, NewEvent, RecordedEvent } from '../event-store.port';
import { toLogPosition } from './kurrentdb-positions';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** What the adapter reads of a record from the client (stream reads and $all alike). */
export interface KurrentRecord {
  readonly streamId: string;
  readonly id: string;
  readonly revision: bigint;
  readonly type: string;
  readonly isJson: boolean;
  readonly data: unknown;
  readonly metadata?: unknown;
  readonly created: Date;
  /** Absent on servers older than 22.6 for stream reads. */
  readonly position?: Position;
}

export interface KurrentResolved {
  readonly event?: KurrentRecord;
}

/**
 * Events as the client writes them: JSON, with the ledger's own id so that KurrentDB's
 * idempotency check (by event id, per stream) recognises a retried append.
 */
export function toEventData(streamId: string, events: readonly NewEvent[]): EventData[] {
  if (typeof streamId !== 'string' || streamId.length === 0) {
    throw new TypeError('streamId must be a non-empty string');
  }
  if (streamId.startsWith('$')) {
    throw new TypeError(`stream ${streamId}: streams starting with $ belong to KurrentDB itself`);
  }
  const seen = new Set<string>();
  return events.map((event, i) => {
    if (typeof event.id !== 'string' || !UUID.test(event.id)) {
      throw new TypeError(`event ${i} of ${streamId}: id must be a UUID, got ${String(event.id)}`);
    }
    const id = event.id.toLowerCase();
    if (seen.has(id)) {
      throw new IdempotencyViolationError(streamId, 'the same event id occurs twice in the append');
    }
    seen.add(id);
    if (typeof event.type !== 'string' || event.type.length === 0 || event.type.startsWith('$')) {
      throw new TypeError(`event ${event.id}: type must be a non-empty string not starting with $`);
    }
    if (JSON.stringify(event.data) === undefined) {
      throw new TypeError(`event ${event.id}: data is not JSON`);
    }
    if (typeof event.metadata !== 'object' || event.metadata === null) {
      throw new TypeError(`event ${event.id}: metadata must be an object`);
    }
    // The client JSON-encodes data and metadata itself; its JSONType is narrower than the
    // port's `unknown`, which may also be a number, boolean or null (all valid JSON).
    return {
      id,
      contentType: 'application/json',
      type: event.type,
      data: event.data as JSONType,
      metadata: event.metadata as unknown as JSONType,
    };
  });
}

/** KurrentDB's own records ($-streams, $-types such as links and tombstones), never the ledger's. */
export function isSystemRecord(record: Pick<KurrentRecord, 'streamId' | 'type'>): boolean {
  return record.streamId.startsWith('$') || record.type.startsWith('$');
}

/** A ledger event from a client record; undefined for system records and unresolved links. */
export function toRecordedEvent(resolved: KurrentResolved): RecordedEvent | undefined {
  const record = resolved.event;
  if (!record || isSystemRecord(record)) return undefined;
  if (!record.position) {
    throw new Error(
      `event ${record.id} of ${record.streamId} carries no log position: KurrentDB 22.6 or later is required`,
    );
  }
  if (!record.isJson) {
    throw new TypeError(`event ${record.id} of ${record.streamId} is not JSON: not a ledger event`);
  }
  return {
    id: record.id,
    streamId: record.streamId,
    revision: record.revision,
    position: toLogPosition(record.position),
    type: record.type,
    data: record.data,
    metadata: (record.metadata ?? {}) as EventMetadata,
    recordedAt: record.created.toISOString(),
  };
}
