import { Kafka, Partitioners, Producer, TopicMessages } from 'kafkajs';
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

function byTopic(messages: readonly OutgoingMessage[]): TopicMessages[] {
  const topics = new Map<string, TopicMessages>();
  for (const m of messages) {
    let t = topics.get(m.topic);
    if (!t) topics.set(m.topic, (t = { topic: m.topic, messages: [] }));
    t.messages.push({ key: m.key, value: m.value, headers: m.headers });
  }
  return [...topics.values()];
}

/**
 * An idempotent kafkajs producer (acks from all in-sync replicas, one request in flight): the
 * broker drops the producer's own retries, and messages of one partition stay in order. The
 * Java-compatible murmur2 partitioner puts a key where Java clients would.
 */
export class KafkaPublisher implements MessageSink {
  private producer?: Producer;

  constructor(
    private readonly kafka: Kafka,
    private readonly maxRequestBytes = DEFAULT_MAX_REQUEST_BYTES,
  ) {}

  async send(messages: readonly OutgoingMessage[]): Promise<void> {
    const producer = await this.connected();
    for (const chunk of chunkMessages(messages, this.maxRequestBytes)) {
      await producer.sendBatch({ acks: -1, topicMessages: byTopic(chunk) });
    }
  }

  async reset(): Promise<void> {
    const producer = this.producer;
    this.producer = undefined;
    await producer?.disconnect().catch(() => undefined);
  }

  async close(): Promise<void> {
    await this.reset();
  }

  private async connected(): Promise<Producer> {
    if (this.producer) return this.producer;
    const producer = this.kafka.producer({
      idempotent: true,
      maxInFlightRequests: 1,
      allowAutoTopicCreation: false,
      createPartitioner: Partitioners.DefaultPartitioner,
    });
    try {
      await producer.connect();
    } catch (error) {
      await producer.disconnect().catch(() => undefined);
      throw error;
    }
    this.producer = producer;
    return producer;
  }
}
