/** How the ledger reaches Kafka. Absent (undefined) means Kafka is off: the embedded default. */
export interface KafkaSettings {
  /** host:port of one or more brokers to bootstrap from. */
  brokers: string[];
  clientId: string;
  /** Prepended to every topic name, e.g. "huiminbao.ledger." → "huiminbao.ledger.events". */
  topicPrefix: string;
  /** Used when the gateway creates the topics; existing topics keep theirs. */
  partitions: number;
  replicationFactor: number;
  /** Ledger events read and published per batch. */
  batchSize: number;
  /** The gateway stores its checkpoint at most this often (0: after every batch). */
  checkpointIntervalMs: number;
  /**
   * Idempotent producers sending side by side, each owning a share of the partitions (default 1:
   * kafkajs encodes on the one event-loop thread, so more lanes did not send faster on a 2-core
   * machine; docs/performance.md has the measurements).
   */
  lanes?: number;
  /** Compression of produce requests: none (default) or gzip, the only codec kafkajs ships. */
  compression?: 'none' | 'gzip';
}

export const KAFKA_DEFAULTS = {
  clientId: 'huiminbao-ledger',
  topicPrefix: 'huiminbao.ledger.',
  partitions: 3,
  replicationFactor: 1,
  batchSize: 1_000,
  checkpointIntervalMs: 1_000,
  lanes: 1,
  compression: 'none',
} as const;

/**
 * "host:port,host:port" → ["host:port", ...]. Throws a RangeError saying what is wrong, for the
 * caller to name its variable.
 */
export function parseBrokerList(text: string): string[] {
  const entries = text
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  if (entries.length === 0) throw new RangeError('needs at least one host:port');
  for (const entry of entries) {
    const m = /^([A-Za-z0-9.-]+|\[[0-9A-Fa-f:.]+\]):(\d{1,5})$/.exec(entry);
    if (!m || Number(m[2]) < 1 || Number(m[2]) > 65535) {
      throw new RangeError(`"${entry}" is not host:port (e.g. 127.0.0.1:19092)`);
    }
  }
  return entries;
}

/** Kafka topic names allow [A-Za-z0-9._-], at most 249 characters; the suffixes need room. */
export function checkTopicPrefix(prefix: string): string {
  if (!/^[A-Za-z0-9._-]{0,200}$/.test(prefix)) {
    throw new RangeError(`"${prefix}" may only use letters, digits, ".", "_" and "-" (≤ 200)`);
  }
  return prefix;
}

export function checkClientId(clientId: string): string {
  if (!/^[A-Za-z0-9._-]{1,200}$/.test(clientId)) {
    throw new RangeError(`"${clientId}" may only use letters, digits, ".", "_" and "-"`);
  }
  return clientId;
}
