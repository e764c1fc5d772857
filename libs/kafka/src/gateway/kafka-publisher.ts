import { Admin, CompressionTypes, Kafka, Partitioners, Producer, TopicMessages } from 'kafkajs';
import { OutgoingMessage } from './gateway-batch';

/** Where the gateway hands its messages; resolves once every message is acknowledged. */
export interface MessageSink {
  send(messages: readonly OutgoingMessage[]): Promise<void>;
  /** After a failed send: drop the producer, so the next send starts on a fresh one. */
  reset(): Promise<void>;
  close(): Promise<void>;
}

/**
 * Bytes per produce request. Each partition's part of a request is one record batch, and a
 * broker refuses batches over message.max.bytes (1 MB by default): a request under 768 KB keeps
 * even a batch that all lands on one partition below it. Fewer, larger requests are faster.
 */
const DEFAULT_MAX_REQUEST_BYTES = 768 * 1024;

export type PublisherCompression = 'none' | 'gzip';

export interface KafkaPublisherOptions {
  /** Bytes per produce request (uncompressed), default 768 KB. */
  maxRequestBytes?: number;
  /**
   * Producers sending side by side, each owning the partitions p with p % lanes = its number, so
   * every partition still has one sender with one request in flight: per-partition order (which
   * consumers rely on to drop re-published events by position) is kept. Default 1.
   */
  lanes?: number;
  /** kafkajs ships gzip only; every Kafka consumer reads it. Default none. */
  compression?: PublisherCompression;
}

function sizeOf(m: OutgoingMessage): number {
  let size = Buffer.byteLength(m.key) + Buffer.byteLength(m.value) + 64;
  for (const [k, v] of Object.entries(m.headers)) size += k.length + v.length;
  return size;
}

/** Splits messages, in order, into runs of at most maxBytes (a larger message goes alone). */
export function chunkMessages(
  messages: readonly OutgoingMessage[],
  maxBytes: number,
): OutgoingMessage[][] {
  const chunks: OutgoingMessage[][] = [];
  let current: OutgoingMessage[] = [];
  let bytes = 0;
  for (const m of messages) {
    const size = sizeOf(m);
    if (current.length > 0 && bytes + size > maxBytes) {
      chunks.push(current);
      current = [];
      bytes = 0;
    }
    current.push(m);
    bytes += size;
  }
  if (current.length > 0) chunks.push(current);
  return chunks;
}

type Partitioned = OutgoingMessage & { partition?: number };

function byTopic(messages: readonly Partitioned[]): TopicMessages[] {
  const topics = new Map<string, TopicMessages>();
  for (const m of messages) {
    let t = topics.get(m.topic);
    if (!t) topics.set(m.topic, (t = { topic: m.topic, messages: [] }));
    t.messages.push({ key: m.key, value: m.value, headers: m.headers, partition: m.partition });
  }
  return [...topics.values()];
}

/**
 * Splits messages among `lanes` by the partition the Java-compatible murmur2 partitioner gives
 * their key (the same partition kafkajs or a Java producer would choose), keeping their order
 * within each lane.
 */
export function splitByLane(
  messages: readonly OutgoingMessage[],
  lanes: number,
  partitionsOf: (topic: string) => number,
): Partitioned[][] {
  const partitioner = Partitioners.DefaultPartitioner();
  const metadata = new Map<string, { partitionId: number; leader: number }[]>();
  const out: Partitioned[][] = Array.from({ length: lanes }, () => []);
  for (const m of messages) {
    let partitionMetadata = metadata.get(m.topic);
    if (!partitionMetadata) {
      partitionMetadata = Array.from({ length: partitionsOf(m.topic) }, (_, i) => ({
        partitionId: i,
        leader: 0,
      }));
      metadata.set(m.topic, partitionMetadata);
    }
    const partition = partitioner({
      topic: m.topic,
      partitionMetadata: partitionMetadata as never,
      message: { key: m.key, value: m.value },
    });
    out[partition % lanes].push({ ...m, partition });
  }
  return out;
}

/**
 * Idempotent kafkajs producers (acks from all in-sync replicas, one request in flight each): the
 * broker drops a producer's own retries, and messages of one partition stay in order. The
 * Java-compatible murmur2 partitioner puts a key where Java clients would. With several lanes,
 * each producer owns a share of the partitions and they send at the same time.
 */
export class KafkaPublisher implements MessageSink {
  private producers?: Producer[];
  private readonly partitions = new Map<string, number>();
  private readonly maxRequestBytes: number;
  private readonly lanes: number;
  private readonly compression: CompressionTypes;

  constructor(
    private readonly kafka: Kafka,
    options: KafkaPublisherOptions | number = {},
  ) {
    const o = typeof options === 'number' ? { maxRequestBytes: options } : options;
    this.maxRequestBytes = o.maxRequestBytes ?? DEFAULT_MAX_REQUEST_BYTES;
    this.lanes = Math.max(1, Math.floor(o.lanes ?? 1));
    this.compression = o.compression === 'gzip' ? CompressionTypes.GZIP : CompressionTypes.None;
  }

  async send(messages: readonly OutgoingMessage[]): Promise<void> {
    const producers = await this.connected();
    if (producers.length === 1) return this.sendLane(producers[0], messages);
    await this.learnPartitions(messages);
    const lanes = splitByLane(messages, producers.length, (t) => this.partitions.get(t)!);
    // Every lane runs to its end even if another fails, so no lane has a request in flight when
    // the caller resets the producers and sends the batch again.
    const results = await Promise.allSettled(
      lanes.map((lane, i) => (lane.length > 0 ? this.sendLane(producers[i], lane) : undefined)),
    );
    const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    if (failed) throw failed.reason;
  }

  async reset(): Promise<void> {
    const producers = this.producers ?? [];
    this.producers = undefined;
    this.partitions.clear();
    await Promise.all(producers.map((p) => p.disconnect().catch(() => undefined)));
  }

  async close(): Promise<void> {
    await this.reset();
  }

  private async sendLane(producer: Producer, messages: readonly Partitioned[]): Promise<void> {
    for (const chunk of chunkMessages(messages, this.maxRequestBytes)) {
      await producer.sendBatch({
        acks: -1,
        compression: this.compression,
        topicMessages: byTopic(chunk),
      });
    }
  }

  /** Partition counts of topics not seen yet (the lanes split by partition). */
  private async learnPartitions(messages: readonly OutgoingMessage[]): Promise<void> {
    const unknown = [...new Set(messages.map((m) => m.topic))].filter(
      (t) => !this.partitions.has(t),
    );
    if (unknown.length === 0) return;
    const admin: Admin = this.kafka.admin();
    await admin.connect();
    try {
      const { topics } = await admin.fetchTopicMetadata({ topics: unknown });
      for (const t of topics) this.partitions.set(t.name, t.partitions.length);
    } finally {
      await admin.disconnect().catch(() => undefined);
    }
  }

  private async connected(): Promise<Producer[]> {
    if (this.producers) return this.producers;
    const producers: Producer[] = [];
    try {
      for (let i = 0; i < this.lanes; i++) {
        const producer = this.kafka.producer({
          idempotent: true,
          maxInFlightRequests: 1,
          allowAutoTopicCreation: false,
          createPartitioner: Partitioners.DefaultPartitioner,
        });
        producers.push(producer);
        await producer.connect();
      }
    } catch (error) {
      await Promise.all(producers.map((p) => p.disconnect().catch(() => undefined)));
      throw error;
    }
    this.producers = producers;
    return producers;
  }
}
