import { randomUUID } from 'node:crypto';
import { Kafka, KafkaMessage } from 'kafkajs';
import { TopicContents } from '../schemas/view-messages';

/**
 * Reads a topic from its beginning to its current end and returns the last value per key (null
 * for a tombstone): for a compacted view topic, the view as the topic holds it. `onMessage` sees
 * every message on the way (e.g. to scan the events topic). The end is the last stable offset
 * from ListOffsets (what a read_committed reader can reach), and a partition counts as read when
 * a batch ends at or past it, even if that batch held only control records (see
 * scripts/kafka/NOTES-kafkajs.md §2).
 */
export async function readTopicToEnd(
  kafka: Kafka,
  topic: string,
  options: {
    timeoutMs?: number;
    onMessage?: (message: KafkaMessage, partition: number) => void;
  } = {},
): Promise<TopicContents> {
  const admin = kafka.admin();
  await admin.connect();
  let ends: { partition: number; low: string; high: string }[];
  try {
    ends = await admin.fetchTopicOffsets(topic);
  } finally {
    await admin.disconnect();
  }
  const pending = new Map(
    ends.filter((p) => BigInt(p.high) > BigInt(p.low)).map((p) => [p.partition, BigInt(p.high)]),
  );
  const contents = new Map<string, Buffer | null>();
  if (pending.size === 0) return contents;
  const consumer = kafka.consumer({
    groupId: `snapshot-${randomUUID()}`,
    allowAutoTopicCreation: false,
  });
  let finish!: () => void;
  const done = new Promise<void>((resolve) => (finish = resolve));
  consumer.on(consumer.events.END_BATCH_PROCESS, ({ payload }) => {
    const high = pending.get(payload.partition);
    if (high !== undefined && BigInt(payload.lastOffset) + 1n >= high)
      pending.delete(payload.partition);
    if (pending.size === 0) finish();
  });
  const timeoutMs = options.timeoutMs ?? 60_000;
  let timer: NodeJS.Timeout | undefined;
  try {
    await consumer.connect();
    await consumer.subscribe({ topics: [topic], fromBeginning: true });
    await consumer.run({
      autoCommit: false,
      eachMessage: async ({ message, partition }) => {
        options.onMessage?.(message, partition);
        if (message.key !== null) contents.set(message.key.toString(), message.value);
      },
    });
    await Promise.race([
      done,
      new Promise((_, reject) => {
        timer = setTimeout(
          () => reject(new Error(`reading ${topic} did not reach its end within ${timeoutMs} ms`)),
          timeoutMs,
        );
      }),
    ]);
  } finally {
    clearTimeout(timer);
    await consumer.disconnect();
  }
  return contents;
}
