import { OutgoingMessage } from './gateway-batch';
import { Partitioners } from 'kafkajs';
import { chunkMessages, splitByLane } from './kafka-publisher';

const message = (i: number, bytes: number): OutgoingMessage => ({
  topic: 't',
  key: `k${i}`,
  value: 'x'.repeat(bytes),
  headers: {},
});

describe('Produce requests', () => {
  it('are cut by size, in order, with an oversized message on its own', () => {
    const messages = [message(1, 300), message(2, 300), message(3, 2000), message(4, 10)];
    const chunks = chunkMessages(messages, 1000);
    expect(chunks.map((c) => c.map((m) => m.key))).toEqual([['k1', 'k2'], ['k3'], ['k4']]);
    expect(chunks.flat()).toEqual(messages);
  });
});

describe('Lanes', () => {
  it('give every partition to one lane, keep the order, and partition as Java clients do', () => {
    const messages = Array.from({ length: 60 }, (_, i) => ({
      ...message(i, 0),
      key: `k${i % 7}`,
      value: String(i),
    }));
    const lanes = splitByLane(messages, 2, () => 3);
    expect(lanes.flat()).toHaveLength(60);
    const partitioner = Partitioners.DefaultPartitioner();
    const metadata = [0, 1, 2].map((partitionId) => ({ partitionId, leader: 0 }));
    lanes.forEach((lane, i) => {
      for (const m of lane) {
        expect(m.partition).toBe(
          partitioner({ topic: 't', partitionMetadata: metadata as never, message: m }),
        );
        expect(m.partition! % 2).toBe(i);
      }
      // within a lane, messages keep the order they were given in
      const order = lane.map((m) => Number(m.value));
      expect(order).toEqual([...order].sort((a, b) => a - b));
    });
  });
});
