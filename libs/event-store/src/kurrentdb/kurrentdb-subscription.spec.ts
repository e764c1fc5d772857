import { PassThrough } from 'node:stream';
import { EventStoreUnavailableError } from '../errors';
import { RecordedEvent, SubscribeOptions } from '../event-store.port';
import { BatchingSubscription } from './kurrentdb-subscription';

const event = (n: number): RecordedEvent => ({
  id: `e${n}`,
  streamId: 'policy-p-1',
  revision: BigInt(n),
  position: { commit: BigInt(n * 100), prepare: BigInt(n * 100) },
  type: 'T',
  data: {},
  metadata: {} as RecordedEvent['metadata'],
  recordedAt: '2024-01-01T00:00:00.000Z',
});

function source() {
  const stream = new PassThrough({ objectMode: true, highWaterMark: 2 });
  let unsubscribed = 0;
  const server = Object.assign(stream, {
    unsubscribe: async () => {
      unsubscribed++;
      stream.destroy();
    },
  });
  return { server, unsubscribed: () => unsubscribed };
}

function subscribe(options: Partial<SubscribeOptions> & Pick<SubscribeOptions, 'onBatch'>) {
  const s = source();
  const subscription = new BatchingSubscription(
    s.server,
    options,
    (item) => item as RecordedEvent,
    500,
  );
  return { ...s, subscription };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const until = async (condition: () => boolean) => {
  for (let i = 0; i < 200 && !condition(); i++) await sleep(5);
  expect(condition()).toBe(true);
};

describe('KurrentDB subscription batching', () => {
  it('hands over what arrived together, in order, at most batchSize at a time', async () => {
    const batches: string[][] = [];
    const s = subscribe({ batchSize: 3, onBatch: (b) => void batches.push(b.map((e) => e.id)) });
    for (let n = 1; n <= 7; n++) s.server.write(event(n));
    await until(() => batches.flat().length === 7);
    expect(batches.flat()).toEqual(['e1', 'e2', 'e3', 'e4', 'e5', 'e6', 'e7']);
    expect(Math.max(...batches.map((b) => b.length))).toBeLessThanOrEqual(3);
    expect(batches[0]).toHaveLength(3);
    await s.subscription.close();
  });

  it('is exclusive of its start position and drops repeats', async () => {
    const received: string[] = [];
    const s = subscribe({
      after: event(2).position,
      onBatch: (b) => void received.push(...b.map((e) => e.id)),
    });
    for (const n of [2, 3, 3, 4]) s.server.write(event(n));
    await until(() => received.length === 2);
    await sleep(20);
    expect(received).toEqual(['e3', 'e4']);
    await s.subscription.close();
  });

  it('pauses the stream while a full batch waits for its handler (back-pressure)', async () => {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    let calls = 0;
    const s = subscribe({
      batchSize: 2,
      onBatch: async () => {
        calls++;
        await gate;
      },
    });
    for (let n = 1; n <= 4; n++) s.server.write(event(n));
    await until(() => calls === 1);
    expect(s.server.isPaused()).toBe(true);
    release();
    await until(() => calls === 2);
    await s.subscription.close();
  });

  it('a handler failure stops delivery, unsubscribes and is reported once', async () => {
    const errors: unknown[] = [];
    const failure = new Error('reducer failed');
    let calls = 0;
    const s = subscribe({
      batchSize: 1,
      onBatch: () => {
        calls++;
        throw failure;
      },
      onError: (e) => errors.push(e),
    });
    for (let n = 1; n <= 3; n++) s.server.write(event(n));
    await until(() => errors.length === 1);
    await sleep(20);
    expect([calls, errors, s.unsubscribed()]).toEqual([1, [failure], 1]);
    await s.subscription.close();
  });

  it('a subscription the server ends is an error, not a quiet stop', async () => {
    const errors: unknown[] = [];
    const s = subscribe({ onBatch: () => undefined, onError: (e) => errors.push(e) });
    s.server.end();
    s.server.resume();
    await until(() => errors.length === 1);
    expect(errors[0]).toBeInstanceOf(EventStoreUnavailableError);
  });

  it('without onError, close() reports the failure', async () => {
    const s = subscribe({ onBatch: () => undefined });
    s.server.destroy(new Error('connection reset'));
    await sleep(10);
    await expect(s.subscription.close()).rejects.toThrow('connection reset');
  });

  it('close() waits for the handler in flight; nothing is delivered after it', async () => {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    let calls = 0;
    let finished = false;
    const s = subscribe({
      onBatch: async () => {
        calls++;
        await gate;
        finished = true;
      },
    });
    s.server.write(event(1));
    await until(() => calls === 1);
    let closed = false;
    const closing = s.subscription.close().then(() => (closed = true));
    await sleep(20);
    expect(closed).toBe(false);
    release();
    await closing;
    expect([finished, calls, s.unsubscribed()]).toEqual([true, 1, 1]);
  });
});
