import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteEventStore } from '@ledger/event-store';
import { Projection } from '../projection';
import { InMemoryViewStore } from './in-memory-view-store';
import { ProjectionRunner } from './projection-runner';
import { SqliteViewStore } from './sqlite-view-store';
import { replayAsOf } from '../as-of';

/** A tiny view: how many "Counted" events per plan, and the sum of their amounts. */
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

const meta = (id: string, occurredAt: string) => ({
  eventId: id,
  correlationId: id,
  causationId: id,
  actor: 't',
  occurredAt,
  schemaVersion: 1,
});

async function seed(store: SqliteEventStore, from: number, to: number) {
  await Promise.all(
    Array.from({ length: to - from }, (_, i) => {
      const n = from + i;
      const occurredAt = new Date(Date.UTC(2024, 0, 1) + n * 60_000).toISOString();
      const id = `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
      return store.append(
        `policy-p-${n}`,
        [
          {
            id,
            type: 'Counted',
            data: { planId: 'p', amount: n, occurredAt },
            metadata: meta(id, occurredAt),
          },
        ],
        'no_stream',
      );
    }),
  );
  // A stream the view does not read: checkpoints must still move past it.
  const id = `10000000-0000-4000-8000-${String(from).padStart(12, '0')}`;
  await store.append(
    `person-${from}`,
    [
      {
        id,
        type: 'Other',
        data: { occurredAt: '2024-01-01T00:00:00Z' },
        metadata: meta(id, '2024-01-01T00:00:00Z'),
      },
    ],
    'no_stream',
  );
}

describe('Projection runner (issue 3: checkpointed projections)', () => {
  const file = join(mkdtempSync(join(tmpdir(), 'runner-')), 'ledger.sqlite');

  it('commits documents and checkpoint together; a restart resumes with nothing lost and nothing counted twice', async () => {
    const store = new SqliteEventStore({ path: file });
    await seed(store, 0, 500);
    const first = new ProjectionRunner(
      store,
      new SqliteViewStore(store.db),
      [counter as Projection<unknown>],
      { batchSize: 64 },
    );
    expect(await first.catchUp()).toBe(501);
    expect(first.documents('counter').get('p')).toEqual({ n: 500, sum: (499 * 500) / 2 });

    await seed(store, 500, 800);
    // A new runner (a restarted process) starts from the stored checkpoint.
    const second = new ProjectionRunner(
      store,
      new SqliteViewStore(store.db),
      [counter as Projection<unknown>],
      { batchSize: 64 },
    );
    expect(await second.catchUp()).toBe(301);
    expect(second.documents('counter').get('p')).toEqual({ n: 800, sum: (799 * 800) / 2 });
    expect(await second.lag()).toMatchObject({ behind: 0n });

    // Rebuild from zero gives the same figures.
    expect(await second.rebuild()).toBe(802);
    expect(second.documents('counter').get('p')).toEqual({ n: 800, sum: (799 * 800) / 2 });
    await store.close();
  });

  it('follows the log live after catching up', async () => {
    const store = new SqliteEventStore({
      path: join(mkdtempSync(join(tmpdir(), 'runner-live-')), 'l.sqlite'),
    });
    const runner = new ProjectionRunner(
      store,
      new InMemoryViewStore(),
      [counter as Projection<unknown>],
      { batchSize: 16 },
    );
    await runner.start();
    await seed(store, 0, 40);
    for (
      let i = 0;
      i < 100 && (runner.documents('counter').get('p') as { n: number } | undefined)?.n !== 40;
      i++
    )
      await new Promise((r) => setTimeout(r, 20));
    expect(runner.documents('counter').get('p')).toEqual({ n: 40, sum: (39 * 40) / 2 });
    await runner.stop();
    await store.close();
  });

  it('replays "as of" a business instant or a log position with the same reducer', async () => {
    const store = new SqliteEventStore({
      path: join(mkdtempSync(join(tmpdir(), 'runner-asof-')), 'a.sqlite'),
    });
    await seed(store, 0, 100);
    // occurredAt of event n is 2024-01-01 + n minutes: as of minute 9 → events 0..9
    const byTime = await replayAsOf(store, [counter as Projection<unknown>], {
      instant: Date.UTC(2024, 0, 1) + 9 * 60_000,
    });
    expect(byTime.documents('counter').get('p')).toEqual({ n: 10, sum: 45 });
    const byPosition = await replayAsOf(store, [counter as Projection<unknown>], {
      position: { commit: 20n, prepare: 20n },
    });
    expect((byPosition.documents('counter').get('p') as { n: number }).n).toBe(20);
    await store.close();
  });

  it('rebuilds a stored view whose reducer version changed', async () => {
    const store = new SqliteEventStore({ path: file });
    const views = new SqliteViewStore(store.db);
    const v2 = { ...counter, version: 2 } as Projection<unknown>;
    const runner = new ProjectionRunner(store, views, [v2]);
    expect(runner.status()[0].checkpoint.commit).toBe(0n);
    await runner.catchUp();
    expect(runner.documents('counter').get('p')).toEqual({ n: 800, sum: (799 * 800) / 2 });
    await store.close();
  });
});
