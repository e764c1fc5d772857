import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chainEvents, lastHashOf, positionOf, SqliteEventStore } from '@ledger/event-store';
import {
  CoinsuranceDoc,
  coinsuranceProjection,
  Projection,
  townshipProgressProjection,
} from '@ledger/projections';
import { SqliteInbox } from '../consumer/sqlite-inbox';
import { decodeHeaders } from '../headers';
import { InsurerBooks } from '../insurer/insurer-books';
import { decodeLedgerEvent } from '../schemas/ledger-event-message';
import { coinsuranceFromTopic, townshipProgressFromTopic } from '../schemas/view-messages';
import { appendAll, FixtureEvent, sampleLedger } from '../testing/ledger-fixture';
import { MemoryTopics } from '../testing/memory-topics';
import { ledgerTopics } from '../topics';
import { SqliteGatewayStateStore } from './gateway-state-store';
import { GatewayViews } from './gateway-views';
import { KafkaGateway, KafkaGatewayOptions, PUBLISHED_VIEWS } from './kafka-gateway';
import Database from 'better-sqlite3';
import { generateKeyPairSync, randomUUID } from 'node:crypto';
import {
  AUDIT_SEALS_STREAM,
  IntegrityMonitor,
  keyring,
  LogSealer,
  PublishedSeal,
  sealProblem,
} from '@ledger/audit';

const topics = ledgerTopics('t.');

async function until(condition: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 500; i++) {
    if (condition()) return;
    await new Promise((r) => setTimeout(r, 5));
  }
  throw new Error(`timed out waiting for ${what}`);
}

describe('Kafka gateway (at-least-once, checkpoint after the acknowledgement)', () => {
  let store: SqliteEventStore;
  let sink: MemoryTopics;
  const fixture = sampleLedger(40);

  beforeEach(() => {
    store = new SqliteEventStore({
      path: join(mkdtempSync(join(tmpdir(), 'kafka-gw-')), 'l.sqlite'),
    });
    sink = new MemoryTopics();
  });
  afterEach(() => store.close());

  const gateway = (options: Partial<KafkaGatewayOptions> = {}) =>
    new KafkaGateway({
      store,
      sink,
      state: new SqliteGatewayStateStore(store.db, 't.'),
      topics,
      batchSize: 10,
      pollIntervalMs: 2,
      retryDelayMs: { initial: 1, max: 4 },
      ...options,
    });

  async function views() {
    const v = new GatewayViews(PUBLISHED_VIEWS);
    for (const e of await store.readAll({ maxCount: 100_000 })) v.apply(e);
    return v;
  }

  /** What an insurer reading every partition from the beginning ends up with. */
  function consume() {
    const db = new Database(':memory:');
    const inbox = new SqliteInbox(db);
    const books = new InsurerBooks(db, 'all');
    sink.records(topics.events).forEach((records, partition) => {
      const events = records.map((r) => {
        const message = decodeLedgerEvent(r.value);
        return {
          ...r,
          eventId: message.eventId,
          eventType: message.type,
          position: decodeHeaders(r.headers).position,
          message,
        };
      });
      inbox.accept(topics.events, partition, events, (e) => books.apply(e.message));
    });
    const ids = db.prepare('SELECT event_id FROM inbox_events').pluck().all() as string[];
    return { stats: inbox.stats(), books, ids };
  }

  it('publishes every event and view change, then checkpoints; a restart with nothing new publishes nothing', async () => {
    await appendAll(store, fixture);
    const checkpoints: bigint[] = [];
    const g = gateway({ onCheckpoint: (p) => checkpoints.push(p.commit) });
    await g.start();
    await until(() => g.status().published.commit === BigInt(fixture.length), 'all published');
    await g.stop();
    expect(g.status().checkpoint).toEqual(positionOf(fixture.length));
    expect(checkpoints[checkpoints.length - 1]).toBe(BigInt(fixture.length));
    const v = await views();
    expect(townshipProgressFromTopic(sink.contents(topics.townshipProgress))).toEqual(
      new Map(v.documents(townshipProgressProjection.name)),
    );
    expect(coinsuranceFromTopic(sink.contents(topics.coinsurance))).toEqual(
      new Map(v.documents(coinsuranceProjection.name)),
    );
    const sends = sink.sends;
    const again = gateway();
    await again.start();
    await new Promise((r) => setTimeout(r, 30));
    await again.stop();
    expect(sink.sends).toBe(sends);
  });

  /** The fixture with per-stream hashes, as LedgerStreams writes it (the sealer checks them). */
  async function appendChained(events: readonly FixtureEvent[]) {
    for (const e of events) {
      const existing = await store.readStream(e.streamId);
      const revision = existing.length ? existing[existing.length - 1].revision : -1n;
      const id = randomUUID();
      const [event] = chainEvents(e.streamId, revision, lastHashOf(existing), [
        {
          id,
          type: e.type,
          data: e.data,
          metadata: {
            eventId: id,
            correlationId: 'test',
            causationId: id,
            actor: 'test',
            occurredAt: e.data.occurredAt,
            schemaVersion: 1,
          },
        },
      ]);
      await store.append(e.streamId, [event], revision < 0n ? 'no_stream' : revision);
    }
  }

  it('publishes each seal of the log on the seals topic, in order, as the published-seal document', async () => {
    await appendChained(fixture);
    const key = generateKeyPairSync('ed25519').privateKey;
    const monitor = new IntegrityMonitor({
      store,
      trustedKeys: keyring([key]),
      contiguousPositions: true,
      scrubEventsPerTick: 0,
      log: () => undefined,
      now: () => new Date(),
    });
    await monitor.start();
    const sealer = new LogSealer({
      store,
      monitor,
      key,
      now: () => new Date(),
      log: () => undefined,
    });
    expect((await sealer.seal('test')).status).toBe('sealed');
    const more = sampleLedger(3).map((e) => ({ ...e, streamId: `${e.streamId}-more` }));
    await appendChained(more);
    expect((await sealer.seal('test')).status).toBe('sealed');
    const head = await store.headPosition();
    const g = gateway();
    await g.start();
    await until(() => g.status().published.commit === head.commit, 'all published');
    await g.stop();
    const seals = sink.records(topics.seals).flat();
    expect(seals).toHaveLength(2);
    const values = seals.map((r) => JSON.parse(r.value) as PublishedSeal);
    expect(seals.every((r) => r.key === 'ledger')).toBe(true);
    expect(decodeHeaders(seals[0].headers)).toMatchObject({
      schema: 'ledger.seal',
      schemaVersion: 1,
    });
    expect(values.map((v) => v.seal.body.treeSize)).toEqual([
      fixture.length,
      fixture.length + 1 + more.length,
    ]);
    expect(values.every((v) => sealProblem(v.seal, keyring([key])) === undefined)).toBe(true);
    expect(values[1].recordedAs).toMatchObject({ streamId: AUDIT_SEALS_STREAM, revision: '1' });
  });

  it('while Kafka refuses, the batch is retried and nothing past the acknowledged events is checkpointed', async () => {
    await appendAll(store, fixture.slice(0, 10));
    sink.failNext(5);
    const g = gateway();
    await g.start();
    await until(() => g.status().published.commit === 10n, 'published after failures');
    expect(sink.sends).toBe(6);
    await g.stop();
    expect(new SqliteGatewayStateStore(store.db, 't.').load().position).toEqual(positionOf(10));
  });

  it('killed mid-batch: the restart publishes the unchecked events again, and a consumer applies each exactly once', async () => {
    await appendAll(store, fixture);
    // Batches of 10; a long checkpoint interval, so only the first batch is checkpointed; the
    // process dies four messages into its third send.
    sink.killDuringSend(3, 4);
    const first = gateway({ checkpointIntervalMs: 60_000 });
    await first.start();
    await until(() => sink.records(topics.events).flat().length === 24, 'the kill');
    expect(first.status()).toMatchObject({ published: positionOf(20), checkpoint: positionOf(10) });

    const second = gateway();
    await second.start();
    await until(() => second.status().published.commit === BigInt(fixture.length), 'caught up');
    await second.stop();

    const published = sink.records(topics.events).flat().length;
    expect(published).toBe(fixture.length + 14);
    const { stats, books, ids } = consume();
    expect(stats).toEqual({ applied: fixture.length, duplicates: 14, outOfOrder: 0 });
    const all = (await store.readAll({ maxCount: 1_000 })).map((e) => e.id);
    expect(new Set(ids)).toEqual(new Set(all));
    const v = await views();
    const coinsurance = v.documents(coinsuranceProjection.name).get('test-2024') as CoinsuranceDoc;
    expect(Object.fromEntries([...books.totals()].map(([id, t]) => [id, t.premiumFen]))).toEqual(
      Object.fromEntries(Object.entries(coinsurance.insurers).map(([id, i]) => [id, i.premiumFen])),
    );
    expect(books.totals().get('picc')?.payoutApprovedFen).toBe(4117);
    expect(townshipProgressFromTopic(sink.contents(topics.townshipProgress))).toEqual(
      new Map(v.documents(townshipProgressProjection.name)),
    );
    expect(coinsuranceFromTopic(sink.contents(topics.coinsurance))).toEqual(
      new Map(v.documents(coinsuranceProjection.name)),
    );
  });

  it('a view whose reducer changed meaning is recounted from the log and published whole', async () => {
    await appendAll(store, fixture);
    const g = gateway();
    await g.start();
    await until(() => g.status().published.commit === BigInt(fixture.length), 'all published');
    await g.stop();
    const recounted: Projection<unknown> = {
      ...townshipProgressProjection,
      version: 2,
    } as Projection<unknown>;
    const before = sink.records(topics.townshipProgress).map((p) => p.length);
    const next = gateway({
      projections: [recounted, coinsuranceProjection as Projection<unknown>],
    });
    await next.start();
    await next.stop();
    const republished = sink
      .records(topics.townshipProgress)
      .flatMap((records, partition) => records.slice(before[partition]));
    const docs = (await views()).documents(townshipProgressProjection.name);
    expect(republished.map((r) => r.key).sort()).toEqual(
      [...docs.keys()].map((k) => (k.startsWith('plan:') ? k.slice(5) : k)).sort(),
    );
    expect(republished.every((r) => JSON.parse(r.value).viewVersion === 2)).toBe(true);
    const stored = new SqliteGatewayStateStore(store.db, 't.').load();
    expect(stored.views.get(townshipProgressProjection.name)?.version).toBe(2);
    expect(stored.position).toEqual(positionOf(fixture.length));
  });

  it('a restart resumes from the stored documents, without recounting (a view with no documents included)', async () => {
    await appendAll(store, fixture.slice(0, 1)); // the plan only: no coinsurance document yet
    const g = gateway();
    await g.start();
    await until(() => g.status().published.commit === 1n, 'the plan published');
    await g.stop();
    const lines: string[] = [];
    const again = gateway({ log: (_level, message) => lines.push(message) });
    await again.start();
    await again.stop();
    expect(lines.filter((l) => l.startsWith('recounted'))).toEqual([]);
  });
});
