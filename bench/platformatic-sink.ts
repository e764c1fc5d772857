import {
  CompressionAlgorithms,
  ProduceAcks,
  Producer,
  stringSerializers,
} from '@platformatic/kafka';
import { chunkMessages, MessageSink, OutgoingMessage, splitByLane } from '@ledger/kafka';

export interface PlatformaticSinkOptions {
  brokers: string[];
  clientId: string;
  lanes?: number;
  compression?: 'none' | 'gzip' | 'lz4';
  maxRequestBytes?: number;
}

/**
 * The gateway's port (MessageSink) on @platformatic/kafka instead of kafkajs, for the benchmark:
 * the same lanes (one idempotent producer per share of the partitions, one request in flight
 * each) and the same partitions (the Java-compatible murmur2 of kafkajs, given explicitly:
 * @platformatic/kafka's own default partitioner is not Java's), acks from all replicas.
 */
export class PlatformaticSink implements MessageSink {
  private producers?: Producer<string, string, string, string>[];
  private readonly partitions = new Map<string, number>();

  constructor(private readonly options: PlatformaticSinkOptions) {}

  async send(messages: readonly OutgoingMessage[]): Promise<void> {
    const producers = this.connected();
    await this.learnPartitions(producers[0], messages);
    const lanes = splitByLane(messages, producers.length, (t) => this.partitions.get(t)!);
    const results = await Promise.allSettled(
      lanes.map(async (lane, i) => {
        for (const chunk of chunkMessages(lane, this.options.maxRequestBytes ?? 768 * 1024)) {
          await producers[i].send({
            messages: chunk.map((m) => ({
              topic: m.topic,
              key: m.key,
              value: m.value,
              headers: m.headers,
              partition: (m as { partition?: number }).partition,
            })),
          });
        }
      }),
    );
    const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    if (failed) throw failed.reason;
  }

  async reset(): Promise<void> {
    const producers = this.producers ?? [];
    this.producers = undefined;
    await Promise.all(producers.map((p) => p.close().catch(() => undefined)));
  }

  async close(): Promise<void> {
    await this.reset();
  }

  private async learnPartitions(
    producer: Producer<string, string, string, string>,
    messages: readonly OutgoingMessage[],
  ): Promise<void> {
    const unknown = [...new Set(messages.map((m) => m.topic))].filter(
      (t) => !this.partitions.has(t),
    );
    if (unknown.length === 0) return;
    const metadata = await producer.metadata({ topics: unknown });
    for (const t of unknown) this.partitions.set(t, metadata.topics.get(t)!.partitionsCount);
  }

  private connected(): Producer<string, string, string, string>[] {
    if (this.producers) return this.producers;
    const compression =
      this.options.compression === 'gzip'
        ? CompressionAlgorithms.GZIP
        : this.options.compression === 'lz4'
          ? CompressionAlgorithms.LZ4
          : CompressionAlgorithms.NONE;
    this.producers = Array.from(
      { length: this.options.lanes ?? 1 },
      (_, i) =>
        new Producer({
          clientId: `${this.options.clientId}-${i}`,
          bootstrapBrokers: this.options.brokers,
          serializers: stringSerializers,
          idempotent: true,
          acks: ProduceAcks.ALL,
          compression,
          autocreateTopics: false,
        }),
    );
    return this.producers;
  }
}
