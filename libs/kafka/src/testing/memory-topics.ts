import { OutgoingMessage } from '../gateway/gateway-batch';
import { MessageSink } from '../gateway/kafka-publisher';

export interface StoredRecord extends OutgoingMessage {
  partition: number;
  offset: string;
}

/**
 * Topics in memory behind the gateway's MessageSink, with the failures a broker and a crash
 * produce: sends that fail, and a "kill -9" that lets part of a send land and then never answers.
 */
export class MemoryTopics implements MessageSink {
  private readonly partitions = new Map<string, StoredRecord[][]>();
  private failures = 0;
  private kill?: { send: number; afterMessages: number };
  sends = 0;

  constructor(private readonly partitionCount = 3) {}

  /** The next n sends fail without writing anything. */
  failNext(n: number): void {
    this.failures = n;
  }

  /** Send number `send` (1-based, counting all sends) writes its first messages and never returns, as if the process were killed mid-send. */
  killDuringSend(send: number, afterMessages: number): void {
    this.kill = { send, afterMessages };
  }

  async send(messages: readonly OutgoingMessage[]): Promise<void> {
    this.sends++;
    if (this.failures > 0) {
      this.failures--;
      throw new Error('broker not available');
    }
    const limit = this.kill?.send === this.sends ? this.kill.afterMessages : undefined;
    for (const [i, m] of messages.entries()) {
      if (limit !== undefined && i >= limit) return new Promise(() => undefined);
      const partitions = this.topic(m.topic);
      const partition = partitionOf(m.key, this.partitionCount);
      const log = partitions[partition];
      log.push({ ...m, partition, offset: String(log.length) });
    }
  }

  async reset(): Promise<void> {}
  async close(): Promise<void> {}

  /** Every record of a topic, partition by partition, in offset order. */
  records(topic: string): StoredRecord[][] {
    return this.topic(topic);
  }

  /** Last value per key, as a compacted topic read from the beginning. */
  contents(topic: string): Map<string, string> {
    const last = new Map<string, { offset: number; value: string }>();
    for (const log of this.topic(topic)) {
      for (const r of log) last.set(r.key, { offset: Number(r.offset), value: r.value });
    }
    return new Map([...last].map(([k, v]) => [k, v.value]));
  }

  private topic(name: string): StoredRecord[][] {
    let p = this.partitions.get(name);
    if (!p) {
      p = Array.from({ length: this.partitionCount }, () => []);
      this.partitions.set(name, p);
    }
    return p;
  }
}

function partitionOf(key: string, count: number): number {
  let h = 0;
  for (const ch of key) h = (h * 31 + ch.charCodeAt(0)) >>> 0;
  return h % count;
}
