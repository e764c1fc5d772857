import { randomUUID } from 'node:crypto';
import { IdempotencyViolationError, WrongExpectedRevisionError } from '../errors';
import {
  AppendResult,
  EventStore,
  ExpectedRevision,
  LogPosition,
  NewEvent,
  RecordedEvent,
  Subscription,
} from '../event-store.port';
import { comparePositions } from '../log-position';

export interface OpenedEventStore {
  readonly store: EventStore;
  readonly dispose: () => Promise<void>;
}

/** Generous: the same suite runs against a real server. */
const TEST_TIMEOUT_MS = 20_000;
const WAIT_TIMEOUT_MS = 10_000;
/** How long "nothing more arrives" is observed; above the SQLite adapter's test poll interval. */
const QUIET_PERIOD_MS = 300;

/**
 * The behaviour every EventStore adapter must have (KurrentDB semantics). Each test uses its own
 * random stream names and prefixes, so the suite can run against a shared, non-empty server.
 */
export function describeEventStoreContract(
  adapterName: string,
  open: () => Promise<OpenedEventStore>,
): void {
  describe(`EventStore contract: ${adapterName}`, () => {
    let store: EventStore;
    let dispose: () => Promise<void>;

    beforeEach(async () => {
      ({ store, dispose } = await open());
    });

    afterEach(async () => {
      await dispose();
    });

    describe('append: expected revision', () => {
      it('no_stream creates the stream; its first event has revision 0', async () => {
        const stream = streamName();
        const result = await store.append(stream, [newEvent()], 'no_stream');
        expect(result.nextExpectedRevision).toBe(0n);
        expect(await revisionsOf(store, stream)).toEqual([0n]);
      });

      it('no_stream on an existing stream fails with actual = its current revision', async () => {
        const stream = await streamWith(store, 2);
        const error = await rejectionOf(store.append(stream, [newEvent()], 'no_stream'));
        expectWrongRevision(error, stream, 'no_stream', 1n);
      });

      it('stream_exists on a missing stream fails with actual -1', async () => {
        const stream = streamName();
        const error = await rejectionOf(store.append(stream, [newEvent()], 'stream_exists'));
        expectWrongRevision(error, stream, 'stream_exists', -1n);
        expect(await store.readStream(stream)).toEqual([]);
      });

      it('stream_exists on an existing stream appends at any revision', async () => {
        const stream = await streamWith(store, 3);
        const result = await store.append(stream, [newEvent()], 'stream_exists');
        expect(result.nextExpectedRevision).toBe(3n);
      });

      it('any appends to a missing stream and to an existing one', async () => {
        const stream = streamName();
        expect((await store.append(stream, [newEvent()], 'any')).nextExpectedRevision).toBe(0n);
        expect((await store.append(stream, [newEvent()], 'any')).nextExpectedRevision).toBe(1n);
      });

      it('a revision equal to that of the last event appends', async () => {
        const stream = await streamWith(store, 2);
        const result = await store.append(stream, [newEvent(), newEvent()], 1n);
        expect(result.nextExpectedRevision).toBe(3n);
        expect(await revisionsOf(store, stream)).toEqual([0n, 1n, 2n, 3n]);
      });

      it('a stale or future revision fails with actual = the current revision', async () => {
        const stream = await streamWith(store, 3);
        expectWrongRevision(
          await rejectionOf(store.append(stream, [newEvent()], 1n)),
          stream,
          1n,
          2n,
        );
        expectWrongRevision(
          await rejectionOf(store.append(stream, [newEvent()], 5n)),
          stream,
          5n,
          2n,
        );
      });

      it('a revision on a missing stream fails with actual -1', async () => {
        const stream = streamName();
        expectWrongRevision(
          await rejectionOf(store.append(stream, [newEvent()], 0n)),
          stream,
          0n,
          -1n,
        );
      });

      it('a failed append writes none of its events', async () => {
        const stream = await streamWith(store, 1);
        await rejectionOf(store.append(stream, [newEvent(), newEvent(), newEvent()], 'no_stream'));
        expect(await revisionsOf(store, stream)).toEqual([0n]);
      });

      it('an append of several events returns the revision and position of the last', async () => {
        const stream = streamName();
        const result = await store.append(
          stream,
          [newEvent(), newEvent(), newEvent()],
          'no_stream',
        );
        const events = await store.readStream(stream);
        expect(result.nextExpectedRevision).toBe(2n);
        expect(result.position).toEqual(events[2].position);
      });

      it('an empty append only checks the expected revision and reports the current one', async () => {
        const stream = await streamWith(store, 2);
        expect((await store.append(stream, [], 1n)).nextExpectedRevision).toBe(1n);
        expect((await store.append(stream, [], 'any')).nextExpectedRevision).toBe(1n);
        expectWrongRevision(await rejectionOf(store.append(stream, [], 0n)), stream, 0n, 1n);
        expect(await revisionsOf(store, stream)).toEqual([0n, 1n]);
      });
    });

    describe('append: idempotency', () => {
      // Retries here use the original expected revision or 'any': with other revisions KurrentDB
      // may treat the retry as a new write (the SQLite adapter's own spec covers those).
      it('re-appending the same event ids returns the original result and writes nothing', async () => {
        const stream = streamName();
        const events = [newEvent(), newEvent()];
        const original = await store.append(stream, events, 'no_stream');
        for (const expected of ['no_stream', 'any'] as ExpectedRevision[]) {
          expect(await store.append(stream, events, expected)).toEqual(original);
        }
        expect(await revisionsOf(store, stream)).toEqual([0n, 1n]);
      });

      it('re-appending part of an earlier append returns the result of its last event', async () => {
        const stream = streamName();
        const [a, b, c] = [newEvent(), newEvent(), newEvent()];
        await store.append(stream, [a, b, c], 'no_stream');
        const recorded = await store.readStream(stream);
        expect(await store.append(stream, [a], 'no_stream')).toEqual(resultOf(recorded[0]));
        expect(await store.append(stream, [a, b], 'any')).toEqual(resultOf(recorded[1]));
        expect(await store.append(stream, [c], 'any')).toEqual(resultOf(recorded[2]));
        expect(await revisionsOf(store, stream)).toEqual([0n, 1n, 2n]);
      });

      it('a retry still returns the original result after later appends to the stream', async () => {
        const stream = streamName();
        const first = newEvent();
        const original = await store.append(stream, [first], 'no_stream');
        await store.append(stream, [newEvent()], 0n);
        expect(await store.append(stream, [first], 'no_stream')).toEqual(original);
        expect(await revisionsOf(store, stream)).toEqual([0n, 1n]);
      });

      it('an append whose ids are only partly recorded fails and writes nothing', async () => {
        const stream = streamName();
        const [a, b] = [newEvent(), newEvent()];
        await store.append(stream, [a, b], 'no_stream');
        for (const expected of ['any', 'no_stream'] as ExpectedRevision[]) {
          const error = await rejectionOf(store.append(stream, [a, b, newEvent()], expected));
          expect(error).toBeInstanceOf(IdempotencyViolationError);
          expect((error as IdempotencyViolationError).streamId).toBe(stream);
        }
        expect(await revisionsOf(store, stream)).toEqual([0n, 1n]);
      });
    });

    describe('readStream', () => {
      it('returns [] for a stream that does not exist', async () => {
        expect(await store.readStream(streamName())).toEqual([]);
      });

      it('returns the events in revision order exactly as appended', async () => {
        const stream = streamName();
        const first = newEvent('PlanPublished', { city: '杭州', tiers: [1, 2], active: true });
        const second = newEvent('PlanAmended', { note: null, nested: { premium: 12_900 } });
        const result = await store.append(stream, [first, second], 'no_stream');
        const third = newEvent('PlanClosed', {});
        await store.append(stream, [third], 1n);
        const events = await store.readStream(stream);
        expect(events.map((e) => [e.id, e.type, e.data, e.metadata])).toEqual(
          [first, second, third].map((e) => [e.id, e.type, e.data, e.metadata]),
        );
        expect(events.map((e) => [e.streamId, e.revision])).toEqual([
          [stream, 0n],
          [stream, 1n],
          [stream, 2n],
        ]);
        expect(events[1].position).toEqual(result.position);
        for (const e of events) expect(e.recordedAt).toMatch(ISO_UTC);
      });

      it('fromRevision and maxCount select a window of the stream', async () => {
        const stream = await streamWith(store, 5);
        const revisions = async (fromRevision?: bigint, maxCount?: number) =>
          (await store.readStream(stream, { fromRevision, maxCount })).map((e) => e.revision);
        expect(await revisions(1n, 2)).toEqual([1n, 2n]);
        expect(await revisions(3n)).toEqual([3n, 4n]);
        expect(await revisions(undefined, 1)).toEqual([0n]);
        expect(await revisions(5n)).toEqual([]);
      });
    });

    describe('readAll', () => {
      it('returns events in append order with strictly increasing positions', async () => {
        const prefix = uniquePrefix();
        const appended = await appendRoundRobin(store, prefix, 3, 9);
        const events = await store.readAll({ maxCount: 100, streamPrefixes: [prefix] });
        expect(events.map((e) => e.id)).toEqual(appended.map((e) => e.id));
        expectStrictlyIncreasing(events.map((e) => e.position));
      });

      it('after is exclusive: reading after an event starts with the next one', async () => {
        const prefix = uniquePrefix();
        const appended = await appendRoundRobin(store, prefix, 2, 4);
        const all = await store.readAll({ maxCount: 100, streamPrefixes: [prefix] });
        const rest = await store.readAll({
          after: all[1].position,
          maxCount: 100,
          streamPrefixes: [prefix],
        });
        expect(rest.map((e) => e.id)).toEqual(appended.slice(2).map((e) => e.id));
      });

      it('pages of maxCount cover the log without gaps or duplicates', async () => {
        const prefix = uniquePrefix();
        const appended = await appendRoundRobin(store, prefix, 3, 10);
        const pages: RecordedEvent[][] = [];
        let after: LogPosition | undefined;
        for (;;) {
          const page = await store.readAll({ after, maxCount: 3, streamPrefixes: [prefix] });
          if (page.length === 0) break;
          pages.push(page);
          after = page[page.length - 1].position;
        }
        expect(pages.map((p) => p.length)).toEqual([3, 3, 3, 1]);
        expect(pages.flat().map((e) => e.id)).toEqual(appended.map((e) => e.id));
      });

      it('streamPrefixes keeps only streams starting with one of the prefixes', async () => {
        const base = uniquePrefix();
        const [plans, policies, others] = [`${base}plan-`, `${base}policy-`, `${base}roster-`];
        await store.append(`${plans}1`, [newEvent()], 'no_stream');
        await store.append(`${others}1`, [newEvent()], 'no_stream');
        await store.append(`${policies}1`, [newEvent()], 'no_stream');
        const events = await store.readAll({ maxCount: 100, streamPrefixes: [plans, policies] });
        expect(events.map((e) => e.streamId)).toEqual([`${plans}1`, `${policies}1`]);
      });

      it('a filtered read skips any number of non-matching events to fill its batch', async () => {
        const [wanted, unwanted] = [uniquePrefix(), uniquePrefix()];
        const start = await store.headPosition();
        const filler = streamName(unwanted);
        await store.append(
          filler,
          Array.from({ length: 500 }, () => newEvent()),
          'no_stream',
        );
        await store.append(
          filler,
          Array.from({ length: 500 }, () => newEvent()),
          499n,
        );
        await store.append(`${wanted}1`, [newEvent()], 'no_stream');
        await store.append(`${wanted}2`, [newEvent()], 'no_stream');
        const events = await store.readAll({ after: start, maxCount: 2, streamPrefixes: [wanted] });
        expect(events.map((e) => e.streamId)).toEqual([`${wanted}1`, `${wanted}2`]);
      });

      it('reading after the last event returns []', async () => {
        const prefix = uniquePrefix();
        await appendRoundRobin(store, prefix, 1, 2);
        const head = await store.headPosition();
        expect(
          await store.readAll({ after: head, maxCount: 10, streamPrefixes: [prefix] }),
        ).toEqual([]);
      });
    });

    describe('headPosition', () => {
      it('moves past the position of every acknowledged append', async () => {
        const before = await store.headPosition();
        const result = await store.append(streamName(), [newEvent()], 'no_stream');
        expect(comparePositions(before, result.position)).toBeLessThan(0);
        expect(
          comparePositions(await store.headPosition(), result.position),
        ).toBeGreaterThanOrEqual(0);
      });
    });

    describe('subscribeToAll', () => {
      let subscription: Subscription | undefined;

      afterEach(async () => {
        await subscription?.close();
        subscription = undefined;
      });

      it(
        'catches up, then delivers live events, in order, with no gap or duplicate',
        async () => {
          const prefix = uniquePrefix();
          const start = await store.headPosition();
          const appended = await appendRoundRobin(store, prefix, 3, 5);
          const received: RecordedEvent[] = [];
          const batchSizes: number[] = [];
          subscription = store.subscribeToAll({
            after: start,
            streamPrefixes: [prefix],
            batchSize: 2,
            onBatch: (batch) => {
              batchSizes.push(batch.length);
              received.push(...batch);
            },
          });
          await waitFor(() => received.length === 5, 'catch-up');
          appended.push(...(await appendRoundRobin(store, prefix, 2, 4)));
          appended.push(...(await appendConcurrently(store, prefix, 6)));
          await waitFor(() => received.length >= appended.length, 'live events');
          await sleep(QUIET_PERIOD_MS);
          expect(received.map((e) => e.id)).toEqual(appended.map((e) => e.id));
          expectStrictlyIncreasing(received.map((e) => e.position));
          expect(Math.max(...batchSizes)).toBeLessThanOrEqual(2);
        },
        TEST_TIMEOUT_MS,
      );

      it(
        'delivers only events after the given position',
        async () => {
          const prefix = uniquePrefix();
          const appended = await appendRoundRobin(store, prefix, 1, 3);
          const all = await store.readAll({ maxCount: 10, streamPrefixes: [prefix] });
          const received: RecordedEvent[] = [];
          subscription = store.subscribeToAll({
            after: all[0].position,
            streamPrefixes: [prefix],
            onBatch: (batch) => void received.push(...batch),
          });
          await waitFor(() => received.length >= 2, 'events after the position');
          await sleep(QUIET_PERIOD_MS);
          expect(received.map((e) => e.id)).toEqual(appended.slice(1).map((e) => e.id));
        },
        TEST_TIMEOUT_MS,
      );

      it(
        'delivers the next batch only after the previous onBatch resolved',
        async () => {
          const prefix = uniquePrefix();
          const start = await store.headPosition();
          await appendRoundRobin(store, prefix, 2, 6);
          let inFlight = 0;
          let maxInFlight = 0;
          let delivered = 0;
          subscription = store.subscribeToAll({
            after: start,
            streamPrefixes: [prefix],
            batchSize: 1,
            onBatch: async (batch) => {
              inFlight++;
              maxInFlight = Math.max(maxInFlight, inFlight);
              await sleep(20);
              delivered += batch.length;
              inFlight--;
            },
          });
          await waitFor(() => delivered === 6, 'six batches');
          expect(maxInFlight).toBe(1);
        },
        TEST_TIMEOUT_MS,
      );

      it(
        'close() resolves only once the in-flight onBatch finished; nothing comes after',
        async () => {
          const prefix = uniquePrefix();
          const start = await store.headPosition();
          await store.append(streamName(prefix), [newEvent()], 'no_stream');
          const release = deferred();
          let batches = 0;
          let handlerDone = false;
          subscription = store.subscribeToAll({
            after: start,
            streamPrefixes: [prefix],
            onBatch: async () => {
              batches++;
              await release.promise;
              handlerDone = true;
            },
          });
          await waitFor(() => batches === 1, 'the first batch');
          let closed = false;
          const closing = subscription.close().then(() => (closed = true));
          await sleep(50);
          expect(closed).toBe(false);
          release.resolve();
          await closing;
          expect(handlerDone).toBe(true);
          await store.append(streamName(prefix), [newEvent()], 'no_stream');
          await sleep(QUIET_PERIOD_MS);
          expect(batches).toBe(1);
        },
        TEST_TIMEOUT_MS,
      );

      it(
        'an onBatch failure stops delivery and is reported once to onError',
        async () => {
          const prefix = uniquePrefix();
          const start = await store.headPosition();
          await appendRoundRobin(store, prefix, 1, 3);
          const failure = new Error('projection failed');
          const errors: unknown[] = [];
          let batches = 0;
          subscription = store.subscribeToAll({
            after: start,
            streamPrefixes: [prefix],
            batchSize: 1,
            onBatch: () => {
              batches++;
              throw failure;
            },
            onError: (error) => errors.push(error),
          });
          await waitFor(() => errors.length > 0, 'onError');
          await store.append(streamName(prefix), [newEvent()], 'no_stream');
          await sleep(QUIET_PERIOD_MS);
          expect(errors).toEqual([failure]);
          expect(batches).toBe(1);
        },
        TEST_TIMEOUT_MS,
      );
    });

    describe('concurrency', () => {
      it('of 20 concurrent no_stream appends to one stream exactly one succeeds', async () => {
        const stream = streamName();
        const outcomes = await Promise.allSettled(
          Array.from({ length: 20 }, () => store.append(stream, [newEvent()], 'no_stream')),
        );
        const failures = outcomes.flatMap((o) => (o.status === 'rejected' ? [o.reason] : []));
        expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(1);
        expect(failures).toHaveLength(19);
        for (const error of failures) expectWrongRevision(error, stream, 'no_stream', 0n);
        expect(await revisionsOf(store, stream)).toEqual([0n]);
      });

      it('concurrent appends to different streams all succeed at distinct positions', async () => {
        const prefix = uniquePrefix();
        const results = await Promise.all(
          Array.from({ length: 50 }, (_, i) =>
            store.append(`${prefix}${i}`, [newEvent(), newEvent()], 'no_stream'),
          ),
        );
        expect(results.every((r) => r.nextExpectedRevision === 1n)).toBe(true);
        const positions = new Set(results.map((r) => `${r.position.commit}/${r.position.prepare}`));
        expect(positions.size).toBe(50);
        const events = await store.readAll({ maxCount: 1_000, streamPrefixes: [prefix] });
        expect(events).toHaveLength(100);
      });
    });
  });
}

const ISO_UTC = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/;

function uniquePrefix(): string {
  return `contract${randomUUID().slice(0, 8)}-`;
}

function streamName(prefix = uniquePrefix()): string {
  return `${prefix}${randomUUID().slice(0, 8)}`;
}

function newEvent(type = 'ContractTested', data: unknown = { n: 1 }): NewEvent {
  const id = randomUUID();
  return {
    id,
    type,
    data,
    metadata: {
      eventId: id,
      correlationId: 'contract-correlation',
      causationId: 'contract-causation',
      actor: 'contract-test',
      occurredAt: '2024-01-01T00:00:00.000Z',
      schemaVersion: 1,
      channel: 'test',
    },
  };
}

async function streamWith(store: EventStore, count: number): Promise<string> {
  const stream = streamName();
  await store.append(
    stream,
    Array.from({ length: count }, () => newEvent()),
    'no_stream',
  );
  return stream;
}

/** count events, one append each, spread over streamCount streams of the prefix, sequentially. */
async function appendRoundRobin(
  store: EventStore,
  prefix: string,
  streamCount: number,
  count: number,
): Promise<NewEvent[]> {
  const streams = Array.from({ length: streamCount }, () => streamName(prefix));
  const appended: NewEvent[] = [];
  for (let i = 0; i < count; i++) {
    const event = newEvent();
    await store.append(streams[i % streamCount], [event], 'any');
    appended.push(event);
  }
  return appended;
}

/** count events appended at once to their own streams, returned in log order. */
async function appendConcurrently(
  store: EventStore,
  prefix: string,
  count: number,
): Promise<NewEvent[]> {
  const events = Array.from({ length: count }, () => newEvent());
  const results = await Promise.all(
    events.map((e) => store.append(streamName(prefix), [e], 'no_stream')),
  );
  return events
    .map((event, i) => ({ event, position: results[i].position }))
    .sort((a, b) => comparePositions(a.position, b.position))
    .map(({ event }) => event);
}

async function revisionsOf(store: EventStore, stream: string): Promise<bigint[]> {
  return (await store.readStream(stream)).map((e) => e.revision);
}

function resultOf(event: RecordedEvent): AppendResult {
  return { nextExpectedRevision: event.revision, position: event.position };
}

async function rejectionOf(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected the append to be rejected');
}

function expectWrongRevision(
  error: unknown,
  streamId: string,
  expected: ExpectedRevision,
  actual: bigint,
): void {
  expect(error).toBeInstanceOf(WrongExpectedRevisionError);
  const wrong = error as WrongExpectedRevisionError;
  expect([wrong.streamId, wrong.expected, wrong.actual]).toEqual([streamId, expected, actual]);
}

function expectStrictlyIncreasing(positions: readonly LogPosition[]): void {
  for (let i = 1; i < positions.length; i++) {
    expect(comparePositions(positions[i - 1], positions[i])).toBeLessThan(0);
  }
}

async function waitFor(condition: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + WAIT_TIMEOUT_MS;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(10);
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function deferred(): { promise: Promise<void>; resolve: () => void } {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}
