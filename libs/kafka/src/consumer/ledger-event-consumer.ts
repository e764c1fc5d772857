import { Consumer, Kafka } from 'kafkajs';
import { decodeHeaders } from '../headers';
import { KafkaLog } from '../kafka-client';
import { decodeLedgerEvent, LedgerEventMessage } from '../schemas/ledger-event-message';
import { InboxMessage } from './sqlite-inbox';

/** One event as consumed: where it sat on the topic, and its decoded value. */
export interface ConsumedLedgerEvent extends InboxMessage {
  partition: number;
  key: string | null;
  message: LedgerEventMessage;
}

export interface LedgerEventBatch {
  topic: string;
  partition: number;
  events: ConsumedLedgerEvent[];
}

export interface LedgerEventConsumerOptions {
  kafka: Kafka;
  /** The consumer group: its committed offsets are where a restart resumes. */
  groupId: string;
  topic: string;
  /**
   * Applies one partition's batch (e.g. through SqliteInbox.accept). Offsets are committed only
   * after it returns; if the process dies in between, the batch comes again and the inbox skips it.
   */
  onBatch: (batch: LedgerEventBatch) => void | Promise<void>;
  /** The consumer stopped for good (e.g. a message of an unknown schema version). */
  onError?: (error: unknown) => void;
  log?: KafkaLog;
}

/**
 * Reads the events topic in a consumer group, from the beginning the first time and from the
 * group's committed offsets afterwards. kafkajs re-joins by itself after a broker restart.
 */
export class LedgerEventConsumer {
  private consumer?: Consumer;

  constructor(private readonly options: LedgerEventConsumerOptions) {}

  async start(): Promise<void> {
    const { kafka, groupId, topic, onBatch, onError, log } = this.options;
    const consumer = kafka.consumer({
      groupId,
      allowAutoTopicCreation: false,
      sessionTimeout: 10_000,
      heartbeatInterval: 1_000,
    });
    this.consumer = consumer;
    consumer.on(consumer.events.CRASH, ({ payload }) => {
      log?.(
        'warn',
        `consumer ${groupId} crashed: ${payload.error.message}${payload.restart ? '; restarting' : ''}`,
      );
      if (!payload.restart) onError?.(payload.error);
    });
    await consumer.connect();
    await consumer.subscribe({ topics: [topic], fromBeginning: true });
    await consumer.run({
      autoCommit: false,
      eachBatchAutoResolve: false,
      eachBatch: async ({ batch, resolveOffset, heartbeat, isRunning, isStale }) => {
        if (!isRunning() || isStale() || batch.messages.length === 0) return;
        const events = batch.messages.map((m): ConsumedLedgerEvent => {
          const headers = decodeHeaders(m.headers);
          const message = decodeLedgerEvent(m.value);
          return {
            partition: batch.partition,
            offset: m.offset,
            key: m.key?.toString() ?? null,
            eventId: message.eventId,
            eventType: message.type,
            position: headers.position,
            message,
          };
        });
        await onBatch({ topic: batch.topic, partition: batch.partition, events });
        const last = batch.messages[batch.messages.length - 1].offset;
        resolveOffset(last);
        await consumer.commitOffsets([
          {
            topic: batch.topic,
            partition: batch.partition,
            offset: (BigInt(last) + 1n).toString(),
          },
        ]);
        await heartbeat();
      },
    });
  }

  async stop(): Promise<void> {
    await this.consumer?.disconnect();
    this.consumer = undefined;
  }
}
