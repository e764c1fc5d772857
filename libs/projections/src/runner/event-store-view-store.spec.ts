import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  EventStore,
  EventStoreUnavailableError,
  NewEvent,
  ReadStreamOptions,
  SqliteEventStore,
} from '@ledger/event-store';
import { Projection } from '../projection';
import {
  EventStoreViewStore,
  VIEW_EVENT_TYPES,
  ViewStoreFencedError,
  viewStream,
} from './event-store-view-store';
import { InMemoryViewStore } from './in-memory-view-store';
import { ProjectionRunner } from './projection-runner';
import { ViewCommit } from './view-store.port';

/** A tiny view: per plan, how many "Counted" events and the sum of their amounts. */
const counter: Projection<{ n: number; sum: number }> = {
  name: 'counter',
  version: 1,
  streamPrefixes: ['policy-'],
  apply(event, docs) {
    if (event.type !== 'Counted') return;
    const doc = docs.edit(event.data.planId, () => ({ n: 0, sum: 0 }));
    doc.n += 1;
    doc.sum += event.data.amount as number;
  },
};

const counted = (n: number): NewEvent => {
  const id = `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
  const occurredAt = new Date(Date.UTC(2024, 0, 1) + n * 60_000).toISOString();
  return {
    id,
    type: 'Counted',
    data: { planId: `p${n % 3}`, amount: n, occurredAt },
    metadata: {
      eventId: id,
      correlationId: id,
      causationId: id,
      actor: 't',
      occurredAt,
      schemaVersion: 1,
    },
  };
};

const commitOf = (n: number, docs: Array<[string, unknown]>): ViewCommit => ({
  view: 'counter',
  version: 1,
  docs,
  checkpoint: { commit: BigInt(n), prepare: BigInt(n) },
});

/**
 * The ledger's streams only, as the KurrentDB adapter's default scope reads them: a runner that
 * saw its own view streams would commit again for every commit it wrote.
 */
function ledgerOnly(store: EventStore): EventStore {
  const prefixes = ['policy-', 'person-'];
  return {
    append: (s, e, x) => store.append(s, e, x),
    readStream: (s, o) => store.readStream(s, o),
    readAll: (o) => store.readAll({ ...o, streamPrefixes: o.streamPrefixes ?? prefixes }),
    subscribeToAll: (o) =>
      store.subscribeToAll({ ...o, streamPrefixes: o.streamPrefixes ?? prefixes }),
    headPosition: () => store.headPosition(),
    close: () => store.close(),
  };
}

/** Counts the events each readStream returns. */
function counting(store: EventStore): EventStore & { read: number } {
  const wrapper = {
    ...ledgerOnly(store),
    read: 0,
    readStream: async (s: string, o?: ReadStreamOptions) => {
      const events = await store.readStream(s, o);
      wrapper.read += events.length;
      return events;
    },
  };
  return wrapper;
}

describe('EventStoreViewStore: views on the event store (production mode), on the SQLite adapter', () => {
  let dir: string;
  let store: SqliteEventStore;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'view-store-'));
    store = new SqliteEventStore({ path: join(dir, 'ledger.sqlite'), pollIntervalMs: 20 });
  });

  afterEach(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  async function opened(options = {}) {
    const views = new EventStoreViewStore(store, options);
    await views.load(['counter']);
    return views;
  }

  it('each committed batch is one event holding documents and checkpoint, at the expected revision', async () => {
    const views = await opened();
    await views.commit([commitOf(10, [['a', 1]])]);
    await views.commit([commitOf(20, [['b', 2]])]);
    const events = await store.readStream(viewStream('counter'));
    expect(events.map((e) => [e.revision, e.type])).toEqual([
      [0n, VIEW_EVENT_TYPES.committed],
      [1n, VIEW_EVENT_TYPES.committed],
    ]);
    expect(events[1].data).toMatchObject({
      docs: [['b', 2]],
      checkpoint: { commit: '20', prepare: '20' },
    });

    const reloaded = await opened();
    expect(reloaded.all('counter')).toEqual([
      ['a', 1],
      ['b', 2],
    ]);
    expect(reloaded.checkpoint('counter')).toEqual({
      position: { commit: 20n, prepare: 20n },
      version: 1,
    });
  });

  it('a second active projector is fenced: its commit fails and writes nothing', async () => {
    const active = await opened();
    const second = await opened();
    await active.commit([commitOf(10, [['a', 1]])]);
    await expect(second.commit([commitOf(10, [['a', 99]])])).rejects.toThrow(ViewStoreFencedError);
    expect(second.get('counter', 'a')).toBeUndefined();
    expect(await store.readStream(viewStream('counter'))).toHaveLength(1);
    expect((await opened()).get('counter', 'a')).toBe(1);
  });

  it('a crash between batches neither skips nor double-counts: the restart resumes from the stream', async () => {
    for (let n = 0; n < 300; n++) await store.append(`policy-${n}`, [counted(n)], 'no_stream');
    const log = ledgerOnly(store);

    const crashing = await opened({ snapshotEvery: 4 });
    let commits = 0;
    const commit = crashing.commit.bind(crashing);
    crashing.commit = async (c) => {
      if (++commits === 7) throw new Error('killed');
      return commit(c);
    };
    const first = new ProjectionRunner(log, crashing, [counter as Projection<unknown>], {
      batchSize: 16,
    });
    await expect(first.catchUp()).rejects.toThrow('killed');

    const restarted = await opened({ snapshotEvery: 4 });
    const stored = restarted.checkpoint('counter');
    expect(stored?.position.commit).toBe(96n); // 6 batches of 16 made it, the 7th did not
    const second = new ProjectionRunner(log, restarted, [counter as Projection<unknown>], {
      batchSize: 16,
    });
    expect(await second.catchUp()).toBe(300 - 96);

    const clean = new InMemoryViewStore();
    await new ProjectionRunner(log, clean, [counter as Projection<unknown>]).catchUp();
    expect(restarted.all('counter')).toEqual(clean.all('counter').sort());
    expect((await opened()).all('counter')).toEqual(restarted.all('counter'));
  });

  it('snapshots bound start-up: loading reads from the latest snapshot, not from revision 0', async () => {
    const views = await opened({ snapshotEvery: 5, snapshotPartSize: 2 });
    for (let n = 1; n <= 23; n++) await views.commit([commitOf(n, [[`k${n % 7}`, n]])]);
    const events = await store.readStream(viewStream('counter'));
    const snapshots = events.filter((e) => e.type === VIEW_EVENT_TYPES.snapshot);
    // After commits 5, 10, 15, 20: 5 documents in 3 parts of 2, then 7 documents in 4 parts.
    expect(snapshots.length).toBe(3 + 4 + 4 + 4);

    const reading = counting(store);
    const loaded = new EventStoreViewStore(reading);
    await loaded.load(['counter']);
    // The tail event, then the last snapshot's 4 parts and the 3 commits after it.
    expect(reading.read).toBe(1 + 4 + 3);
    expect(loaded.all('counter')).toEqual(views.all('counter'));
    expect(loaded.checkpoint('counter')?.position.commit).toBe(23n);
  });

  it('reset empties the view at once, and durably with the next commit', async () => {
    const views = await opened();
    await views.commit([commitOf(10, [['a', 1]])]);
    views.reset('counter');
    expect([views.all('counter'), views.checkpoint('counter')]).toEqual([[], undefined]);
    expect((await opened()).get('counter', 'a')).toBe(1); // not durable yet
    await views.commit([commitOf(5, [['b', 2]])]);
    const reloaded = await opened();
    expect(reloaded.all('counter')).toEqual([['b', 2]]);
    expect(reloaded.checkpoint('counter')?.position.commit).toBe(5n);
  });

  it('a follower (the API beside a projector) sees new commits and the documents they changed', async () => {
    const writer = await opened({ snapshotEvery: 2 });
    const reader = await opened();
    const changes: unknown[] = [];
    reader.follow({ intervalMs: 10, onChanges: (c) => changes.push(...c) });
    try {
      await writer.commit([commitOf(10, [['a', 1]])]);
      await writer.commit([commitOf(20, [['b', 2]])]); // and a snapshot
      await writer.commit([commitOf(30, [['a', 3]])]);
      for (let i = 0; i < 200 && reader.checkpoint('counter')?.position.commit !== 30n; i++) {
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
      expect(reader.all('counter')).toEqual([
        ['a', 3],
        ['b', 2],
      ]);
      expect(changes).toEqual([
        { view: 'counter', key: 'a', doc: 1 },
        { view: 'counter', key: 'b', doc: 2 },
        { view: 'counter', key: 'a', doc: 3 },
      ]);
    } finally {
      await reader.stopFollowing();
    }
  });

  it('a failed snapshot is reported and costs only start-up speed; the commit stands', async () => {
    const failing: EventStore = {
      ...ledgerOnly(store),
      append: (s, events, x) =>
        events.some((e) => e.type === VIEW_EVENT_TYPES.snapshot)
          ? Promise.reject(new EventStoreUnavailableError('append too large'))
          : store.append(s, events, x),
    };
    const failures: string[] = [];
    const views = new EventStoreViewStore(failing, {
      snapshotEvery: 1,
      onSnapshotFailed: (view, error) => failures.push(`${view}: ${(error as Error).message}`),
    });
    await views.load(['counter']);
    await views.commit([commitOf(10, [['a', 1]])]);
    await views.commit([commitOf(20, [['a', 2]])]);
    expect(failures).toEqual(['counter: append too large', 'counter: append too large']);
    expect((await opened()).get('counter', 'a')).toBe(2);
  });

  it('a view that was not loaded is an error, never an empty view', async () => {
    const views = await opened();
    expect(() => views.all('coinsurance')).toThrow(/not loaded/);
  });
});
