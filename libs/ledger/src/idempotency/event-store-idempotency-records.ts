import { createHash } from 'node:crypto';
import { EventStore, WrongExpectedRevisionError } from '@ledger/event-store';
import { NameBasedIds } from '../core/name-based-id';
import { IdempotencyRecord, IdempotencyRecords } from './idempotency-records';

const RECORD_IDS = new NameBasedIds('3d0b5a8e-4c7f-4e21-9b6d-2f8a1c5e7d90');

/**
 * Records as one-event streams `idempotency-{sha256(key)}` appended with no_stream, so API
 * replicas sharing a KurrentDB agree on the first answer without a lock. The prefix is outside
 * the ledger's stream prefixes: projections and the Kafka feed never read them. Old records are
 * not pruned here (KurrentDB's $maxAge on the streams can).
 */
export class EventStoreIdempotencyRecords implements IdempotencyRecords {
  constructor(private readonly store: EventStore) {}

  private stream(key: string): string {
    return `idempotency-${createHash('sha256').update(key).digest('hex')}`;
  }

  async find(key: string): Promise<IdempotencyRecord | undefined> {
    const [event] = await this.store.readStream(this.stream(key), { maxCount: 1 });
    return event ? (event.data as IdempotencyRecord) : undefined;
  }

  async keep(record: IdempotencyRecord): Promise<IdempotencyRecord> {
    const stream = this.stream(record.key);
    const id = RECORD_IDS.of(stream);
    try {
      await this.store.append(
        stream,
        [
          {
            id,
            type: 'IdempotentRequestAnswered',
            data: record,
            metadata: {
              eventId: id,
              correlationId: record.key,
              causationId: record.key,
              actor: 'system:idempotency',
              occurredAt: record.recordedAt,
              schemaVersion: 1,
            },
          },
        ],
        'no_stream',
      );
    } catch (error) {
      if (!(error instanceof WrongExpectedRevisionError)) throw error;
    }
    // Whoever appended first, the stream now holds the answer every replica gives.
    return (await this.find(record.key)) ?? record;
  }

  async forgetBefore(): Promise<number> {
    return 0;
  }
}
