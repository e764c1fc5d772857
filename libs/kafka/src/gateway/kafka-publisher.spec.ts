import { OutgoingMessage } from './gateway-batch';
import { chunkMessages } from './kafka-publisher';

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
