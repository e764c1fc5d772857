import { randomUUID } from 'node:crypto';
import { excludeSystemEvents, streamNameFilter } from '@kurrent/kurrentdb-client';
import {
  EventStoreUnavailableError,
  IdempotencyViolationError,
  WrongExpectedRevisionError,
} from '../errors';
import { NewEvent, RecordedEvent, START_POSITION } from '../event-store.port';
import { KurrentDbEventStore } from './kurrentdb-event-store';
import { ReadScope } from './kurrentdb-filter';
import { SimulatedKurrentClient } from './testing/simulated-kurrent-client';

const newEvent = (): NewEvent => {
  const id = randomUUID();
  return {
    id,
    type: 'PolicyEnrolled',
    data: { planId: 'p' },
    metadata: {
      eventId: id,
      correlationId: 'c',
      causationId: 'c',
      actor: 'test',
      occurredAt: '2024-01-01T00:00:00.000Z',
      schemaVersion: 1,
    },
  };
};

function open(scope?: ReadScope) {
  const server = new SimulatedKurrentClient();
  const store = new KurrentDbEventStore(
    server.asClient(),
    { streamNameFilter, excludeSystemEvents },
    scope,
  );
  return { server, store };
}

describe('KurrentDbEventStore: its own logic, over a simulated client (not the server)', () => {
  describe('append', () => {
    it("answers with the last event's recorded position, not the write's transaction position", async () => {
      const { store } = open();
      const result = await store.append('policy-p-1', [newEvent(), newEvent()], 'no_stream');
      const events = await store.readStream('policy-p-1');
      expect(result).toEqual({ nextExpectedRevision: 1n, position: events[1].position });
      expect(events[1].position.commit).not.toBe(events[1].position.prepare);
    });

    it('an idempotent retry gets the original answer, though the server answers another position', async () => {
      const { store, server } = open();
      const events = [newEvent(), newEvent()];
      const original = await store.append('policy-p-1', events, 'no_stream');
      expect(await store.append('policy-p-1', events, 'no_stream')).toEqual(original);
      expect(await store.append('policy-p-1', events, 'any')).toEqual(original);
      expect(server.log).toHaveLength(2);
    });

    it('a conflict keeps the server’s actual revision; -1 for a missing stream', async () => {
      const { store } = open();
      await store.append('policy-p-1', [newEvent(), newEvent()], 'no_stream');
      const conflict = await store.append('policy-p-1', [newEvent()], 0n).catch((e: unknown) => e);
      expect(conflict).toBeInstanceOf(WrongExpectedRevisionError);
      expect((conflict as WrongExpectedRevisionError).actual).toBe(1n);
      const missing = await store
        .append('policy-p-2', [newEvent()], 'stream_exists')
        .catch((e) => e);
      expect((missing as WrongExpectedRevisionError).actual).toBe(-1n);
    });

    it('a partly recorded retry is an idempotency violation and writes nothing', async () => {
      const { store, server } = open();
      const [a, b] = [newEvent(), newEvent()];
      await store.append('policy-p-1', [a, b], 'no_stream');
      for (const expected of ['no_stream', 'any', 'stream_exists'] as const) {
        await expect(store.append('policy-p-1', [a, b, newEvent()], expected)).rejects.toThrow(
          IdempotencyViolationError,
        );
      }
      expect(server.log).toHaveLength(2);
    });

    it('an empty append checks the expected revision with a read and sends no write', async () => {
      const { store, server } = open();
      expect(await store.append('policy-p-1', [], 'any')).toEqual({
        nextExpectedRevision: -1n,
        position: START_POSITION,
      });
      await store.append('policy-p-1', [newEvent()], 'no_stream');
      expect((await store.append('policy-p-1', [], 0n)).nextExpectedRevision).toBe(0n);
      await expect(store.append('policy-p-1', [], 'no_stream')).rejects.toThrow(
        WrongExpectedRevisionError,
      );
      expect(server.appends).toHaveLength(1);
    });

    it('invalid input is refused before anything is sent', async () => {
      const { store, server } = open();
      await expect(store.append('p', [{ ...newEvent(), id: 'not-a-uuid' }], 'any')).rejects.toThrow(
        TypeError,
      );
      await expect(store.append('p', [newEvent()], -2n)).rejects.toThrow(RangeError);
      expect(server.appends).toHaveLength(0);
    });
  });

  describe('reading $all', () => {
    async function mixedLog(scope?: ReadScope) {
      const opened = open(scope);
      const { store, server } = opened;
      await store.append('plan-p', [newEvent()], 'no_stream');
      server.systemRecord('$$policy-p-1', '$metadata');
      await store.append('view-township-progress', [newEvent()], 'no_stream');
      await store.append('policy-p-1', [newEvent(), newEvent()], 'no_stream');
      server.systemRecord('policy-p-1', '$>');
      await store.append('contract-x', [newEvent()], 'no_stream');
      return opened;
    }

    const streams = (events: RecordedEvent[]) => events.map((e) => e.streamId);

    it("by default sees the ledger's streams only: no view streams, no system records", async () => {
      const { store, server } = await mixedLog();
      const events = await store.readAll({ maxCount: 100 });
      expect(streams(events)).toEqual(['plan-p', 'policy-p-1', 'policy-p-1']);
      expect(server.filtersSeen[0]).toMatchObject({
        filterOn: 'streamName',
        // access-: the access log is part of the ledger (verify covers it), never published.
        prefixes: [
          'plan-',
          'policy-',
          'person-',
          'roster-',
          'assessment-',
          'access-',
          'employer-',
          'product-',
          'renewal-',
          'audit-',
        ],
      });
      expect(await store.headPosition()).toEqual(events[2].position);
    });

    it('with the all-user-streams scope, the server leaves out system events', async () => {
      const { store, server } = await mixedLog('all-user-streams');
      const events = await store.readAll({ maxCount: 100 });
      expect(streams(events)).toEqual([
        'plan-p',
        'view-township-progress',
        'policy-p-1',
        'policy-p-1',
        'contract-x',
      ]);
      expect(server.filtersSeen[0]).toMatchObject({ filterOn: 'eventType', regex: '^[^$].*' });
    });

    it('pages are exclusive of `after` and fill up past dropped system records', async () => {
      const { store } = await mixedLog();
      const [first, ...rest] = await store.readAll({ maxCount: 100 });
      const page = await store.readAll({ after: first.position, maxCount: 2 });
      expect(page.map((e) => e.id)).toEqual(rest.map((e) => e.id));
    });

    it('the head of an empty scope is START_POSITION', async () => {
      const { store } = open();
      expect(await store.headPosition()).toEqual(START_POSITION);
    });

    it('subscriptions deliver strictly after `after`, though the server repeats it', async () => {
      const { store } = await mixedLog();
      const [first] = await store.readAll({ maxCount: 1 });
      const received: string[] = [];
      const subscription = store.subscribeToAll({
        after: first.position,
        onBatch: (batch) => void received.push(...streams([...batch])),
      });
      await store.append('policy-p-2', [newEvent()], 'no_stream');
      for (let i = 0; i < 100 && received.length < 3; i++)
        await new Promise((r) => setTimeout(r, 5));
      await subscription.close();
      expect(received).toEqual(['policy-p-1', 'policy-p-1', 'policy-p-2']);
    });
  });

  it('close() ends subscriptions, then the client; later calls fail as unavailable', async () => {
    const { store, server } = open();
    store.subscribeToAll({ onBatch: () => undefined });
    await store.close();
    expect(server.disposed).toBe(true);
    await expect(store.readStream('plan-p')).rejects.toThrow(EventStoreUnavailableError);
  });

  describe('open()', () => {
    it('fails fast, naming the server, when nothing listens at the URL', async () => {
      const started = Date.now();
      const failure = KurrentDbEventStore.open({
        connectionString: 'kurrentdb://admin:secret@127.0.0.1:1?tls=false',
        connectTimeoutMs: 3_000,
      });
      await expect(failure).rejects.toThrow(EventStoreUnavailableError);
      await expect(failure).rejects.toThrow(
        /KurrentDB at kurrentdb:\/\/admin:\*\*\*@127\.0\.0\.1:1/,
      );
      expect(Date.now() - started).toBeLessThan(3_500);
    });

    it('refuses a malformed connection string without connecting', async () => {
      await expect(
        KurrentDbEventStore.open({ connectionString: 'http://db:2113' }),
      ).rejects.toThrow(/invalid KurrentDB connection string: unknown scheme/);
    });
  });
});
