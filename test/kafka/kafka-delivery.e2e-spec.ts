import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { INestApplication } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { Kafka } from 'kafkajs';
import { comparePositions, SqliteEventStore } from '@ledger/event-store';
import {
  coinsuranceFromTopic,
  createKafka,
  decodeHeaders,
  InsurerBooks,
  ledgerTopics,
  readTopicToEnd,
  SqliteInbox,
  townshipProgressFromTopic,
} from '@ledger/kafka';
import {
  InMemoryViewStore,
  LEDGER_PROJECTIONS,
  ProjectionRunner,
  SqliteViewStore,
} from '@ledger/projections';
import { AmendPlanCommand, auditConfigOf, FixedClock, EVENT_STORE } from '@ledger/ledger';
import { AsyncApiValidator } from '@ledger/kafka/testing/asyncapi-validator';
import { createLedgerApp } from '../../apps/ledger-api/src/create-ledger-app';
import { testAccess, testConfig } from '../support/ledger-test-app';
import { loadEnrollments, NAME_MARK, PLAN_ID } from './support/enrollment-load';
import { INSURER, NodeProcess, PROJECTOR } from './support/node-process';
import { peek, until } from './support/sqlite-peek';
import { startTestBroker, TestBroker } from './support/test-broker';

/** Every message these suites read must follow docs/asyncapi.yaml (issue 13). */
const contract = AsyncApiValidator.load();

const TOTAL = Number(process.env.KAFKA_TEST_EVENTS ?? 50_000);
/** Shares that leave remainders, so the largest-remainder split is exercised on every premium. */
const COALITION = {
  leadInsurerId: 'picc-pc',
  members: [
    { insurerId: 'picc-pc', name: { zh: '人保财险', en: 'PICC P&C' }, shareBp: 3334 },
    { insurerId: 'cpic-pc', name: { zh: '太保财险', en: 'CPIC P&C' }, shareBp: 3333 },
    { insurerId: 'pingan-pc', name: { zh: '平安产险', en: 'Ping An P&C' }, shareBp: 3333 },
  ],
};
const quiet = () => undefined;
const seconds = (since: number) => `${((Date.now() - since) / 1000).toFixed(1)} s`;

/**
 * kill -9 while Kafka has acknowledged events that no checkpoint covers yet. The gateway is frozen
 * (SIGSTOP) right after it reports an acknowledged batch, its trace and stored checkpoint are
 * checked while it cannot move, and only then killed; if a checkpoint slipped in, it is thawed and
 * the next batch tried.
 */
async function killWithUncheckpointedEvents(gateway: NodeProcess, checkpointOf: () => bigint) {
  for (let attempt = 1; attempt <= 100; attempt++) {
    await gateway.line(
      () => gateway.lines[gateway.lines.length - 1]?.startsWith('kafka-gateway published'),
      60_000,
      gateway.lines.length,
    );
    gateway.child.kill('SIGSTOP');
    await new Promise((r) => setTimeout(r, 200)); // what it wrote before stopping arrives
    const trace = traced(gateway.lines);
    const stored = checkpointOf();
    if (trace.published > trace.checkpoint && stored === trace.checkpoint) {
      await gateway.kill('SIGKILL');
      return { ...trace, stored, attempt };
    }
    gateway.child.kill('SIGCONT');
  }
  throw new Error('no moment with acknowledged but unchecked events was found');
}

/** Trace lines of a gateway: the last acknowledged batch end and the last stored checkpoint. */
function traced(lines: string[]) {
  let published = 0n;
  let checkpoint = 0n;
  for (const line of lines) {
    const p = /^kafka-gateway published \S+\.\.(\d+)/.exec(line);
    if (p) published = BigInt(p[1]);
    const c = /^kafka-gateway checkpoint (\d+)/.exec(line);
    if (c) checkpoint = BigInt(c[1]);
  }
  return { published, checkpoint };
}

describe('Kafka delivery (issue 5): 50,000 ledger events, a broker restart and a gateway kill -9', () => {
  let broker: TestBroker;
  let kafka: Kafka;
  const prefix = `e2e-delivery-${Date.now().toString(36)}.`;
  const topics = ledgerTopics(prefix);
  const children: NodeProcess[] = [];
  let app: INestApplication | undefined;
  const dir = mkdtempSync(join(tmpdir(), 'ledger-kafka-'));
  const spawn = (script: string, env: NodeJS.ProcessEnv) => {
    const child = new NodeProcess(script, env);
    children.push(child);
    return child;
  };

  beforeAll(() => {
    broker = startTestBroker();
    kafka = createKafka({ brokers: broker.brokers, clientId: 'kafka-delivery-e2e', log: quiet });
  });

  afterAll(async () => {
    await Promise.all(children.map((c) => c.kill('SIGKILL')));
    await app?.close();
    rmSync(dir, { recursive: true, force: true }); // about 130 MB of SQLite
    if (!kafka) return;
    const admin = kafka.admin();
    await admin.connect();
    await admin.deleteTopics({ topics: Object.values(topics) }).catch(() => undefined);
    await admin.disconnect();
    broker.release();
  });

  it('the insurer’s books equal the ledger to the fen: nothing missing, nothing applied twice; the view topics reproduce the views', async () => {
    const report: Record<string, unknown> = { events: TOTAL };
    const base = testConfig(dir);
    app = await createLedgerApp({
      config: {
        ...base,
        projections: 'external',
        // NORMAL: every process here may be killed, none loses power; it halves the load's time.
        sqliteSynchronous: 'NORMAL',
        // No periodic seal: the proof runs to the head it took after the load, and a seal the
        // running ledger appends later (every 60 s by default) would be an event past it.
        audit: { ...auditConfigOf(base), sealIntervalMs: 0 },
      },
      access: testAccess(),
      clock: new FixedClock(Date.parse('2024-01-31T12:00:00+08:00')),
      logger: false,
    });
    const commands = app.get(CommandBus);
    const store = app.get<SqliteEventStore>(EVENT_STORE);
    const gatewayEnv = {
      ...process.env,
      LEDGER_DATA_DIR: dir,
      LEDGER_SQLITE_SYNCHRONOUS: 'NORMAL',
      LEDGER_KAFKA_BROKERS: broker.brokers.join(','),
      LEDGER_KAFKA_TOPIC_PREFIX: prefix,
      LEDGER_KAFKA_TRACE: '1',
      LEDGER_KAFKA_BATCH_SIZE: '500',
      LEDGER_POLL_INTERVAL_MS: '20',
      LEDGER_PROJECTOR_BATCH: '500',
    };
    const checkpointOf = () =>
      BigInt(
        peek<string>(
          join(dir, 'ledger.sqlite'),
          'SELECT commit_pos FROM kafka_gateway_checkpoint WHERE gateway = ?',
          prefix,
        ) ?? '0',
      );

    // 1. The gateway runs (as a child process) while the ledger is loaded through its commands.
    let gateway = spawn(PROJECTOR, gatewayEnv);
    let killed: Awaited<ReturnType<typeof killWithUncheckpointedEvents>> | undefined;
    const started = Date.now();
    const load = await loadEnrollments(commands, store, TOTAL, [
      {
        // Premiums recorded so far wait for a coalition; its amendment allocates them.
        atEvents: 3_000,
        run: () =>
          commands.execute(
            new AmendPlanCommand(PLAN_ID, { coalition: COALITION }, 'Kafka e2e', undefined, {
              commandId: 'kafka-e2e-coalition',
              correlationId: 'kafka-e2e',
              actor: 'test',
            }),
          ),
      },
      {
        atEvents: Math.floor(TOTAL * 0.25),
        run: async () => {
          const t = Date.now();
          await broker.restart();
          report.brokerRestart = seconds(t);
        },
      },
      {
        atEvents: Math.floor(TOTAL * 0.6),
        run: async () => {
          killed = await killWithUncheckpointedEvents(gateway, checkpointOf);
          gateway = spawn(PROJECTOR, gatewayEnv);
        },
      },
    ]);
    const head = (await store.headPosition()).commit;
    report.load = `${load.enrollments} enrollments, ${load.cancellations} cancellations, ${head} events in ${seconds(started)}`;
    expect(head).toBeGreaterThanOrEqual(BigInt(TOTAL));

    // The kill came after Kafka acknowledged events the checkpoint did not cover yet.
    expect(killed).toBeDefined();
    expect(killed!.published).toBeGreaterThan(killed!.checkpoint);
    expect(killed!.stored).toBe(killed!.checkpoint);
    report.kill = `at published ${killed!.published}, checkpoint ${killed!.checkpoint} (attempt ${killed!.attempt})`;

    // 2. The restarted gateway catches up; the projector's views too (they run as before).
    await until(
      () => checkpointOf() >= head,
      'the gateway checkpoint at the head',
      180_000,
      () => gateway.output(),
    );
    await until(
      () =>
        LEDGER_PROJECTIONS.every(
          (p) =>
            BigInt(
              peek<string>(
                join(dir, 'ledger.sqlite'),
                'SELECT commit_pos FROM view_checkpoints WHERE view = ?',
                p.name,
              ) ?? '0',
            ) >= head,
        ),
      'the views at the head',
      60_000,
    );
    report.gatewayCaughtUp = seconds(started);
    expect(await gateway.kill('SIGTERM')).toBe(0);

    // 3. The example insurer consumes from the beginning, is killed -9 part-way, resumes.
    const insurerDb = join(dir, 'insurer.sqlite');
    const insurerEnv = {
      ...process.env,
      LEDGER_KAFKA_BROKERS: broker.brokers.join(','),
      LEDGER_KAFKA_TOPIC_PREFIX: prefix,
      INSURER_IDS: '*',
      INSURER_DB_PATH: insurerDb,
      INSURER_GROUP_ID: `${prefix}insurer`,
      INSURER_REPORT_MS: '1000',
    };
    const applied = () =>
      Number(
        peek<number>(insurerDb, 'SELECT COALESCE(SUM(applied), 0) FROM inbox_watermarks') ?? 0,
      );
    const consuming = Date.now();
    let insurer = spawn(INSURER, insurerEnv);
    await until(
      () => applied() >= Number(head) * 0.4,
      '40% consumed',
      120_000,
      () => insurer.output(),
    );
    await insurer.kill('SIGKILL');
    report.insurerKilledAt = applied();
    insurer = spawn(INSURER, insurerEnv);
    await until(
      () => applied() === Number(head),
      'every event booked',
      180_000,
      () => insurer.output(),
    );
    const admin = kafka.admin();
    await admin.connect();
    const ends = await admin.fetchTopicOffsets(topics.events);
    await until(
      async () => {
        const [group] = await admin.fetchOffsets({
          groupId: `${prefix}insurer`,
          topics: [topics.events],
        });
        return ends.every(
          (e) => group.partitions.find((p) => p.partition === e.partition)?.offset === e.high,
        );
      },
      'the insurer’s offsets committed to the end',
      60_000,
    );
    await admin.disconnect();
    expect(await insurer.kill('SIGTERM')).toBe(0);
    report.insurerConsumed = seconds(consuming);

    // 4. The ledger's truth: the views recounted from zero.
    const rebuilt = new ProjectionRunner(store, new InMemoryViewStore(), LEDGER_PROJECTIONS, {
      batchSize: 10_000,
    });
    await rebuilt.catchUp();
    const persisted = new SqliteViewStore(store.db);
    for (const p of LEDGER_PROJECTIONS) {
      expect([p.name, Object.fromEntries(persisted.all(p.name))]).toEqual([
        p.name,
        Object.fromEntries(rebuilt.documents(p.name)),
      ]);
    }

    // 5. The insurer's books, to the fen; every event applied exactly once.
    const db = new Database(insurerDb);
    const books = new InsurerBooks(db, 'all');
    const inbox = new SqliteInbox(db);
    const booked = Object.fromEntries(
      books.balances().map((b) => [`${b.planId}/${b.insurerId}/${b.account}`, b.amountFen]),
    );
    const expected: Record<string, number> = {};
    for (const [planId, doc] of rebuilt.documents('coinsurance') as Map<
      string,
      { insurers: Record<string, { premiumFen: number }> }
    >) {
      for (const [insurerId, i] of Object.entries(doc.insurers))
        expected[`${planId}/${insurerId}/premium`] = i.premiumFen;
    }
    const events = await store.readAll({ maxCount: Number(head) + 10 });
    for (const e of events) {
      const account = { PayoutApproved: 'payout_approved', PayoutPaid: 'payout_paid' }[e.type];
      const data = e.data as { planId: string; parts?: { insurerId: string; amountFen: number }[] };
      for (const part of account ? (data.parts ?? []) : []) {
        const k = `${data.planId}/${part.insurerId}/${account}`;
        expected[k] = (expected[k] ?? 0) + part.amountFen;
      }
    }
    expect(booked).toEqual(expected);
    expect(Object.values(expected).reduce((s, v) => s + v, 0)).toBeGreaterThan(0);
    const stats = inbox.stats();
    const appliedIds = db.prepare('SELECT event_id FROM inbox_events').pluck().all() as string[];
    db.close();
    expect(stats.applied).toBe(events.length);
    expect(stats.outOfOrder).toBe(0);
    expect(new Set(appliedIds)).toEqual(new Set(events.map((e) => e.id)));
    report.insurer = stats;

    // 6. The events topic: every ledger event, some more than once, no personal data.
    let onTopic = 0;
    const distinct = new Set<string>();
    const leaks: string[] = [];
    const identifierLike = /\d{17}[\dX]|139\d{8}/g;
    await readTopicToEnd(kafka, topics.events, {
      timeoutMs: 120_000,
      onMessage: (m) => {
        onTopic++;
        contract.assertValid({ topic: topics.events, ...m });
        distinct.add(decodeHeaders(m.headers).eventId!);
        const text = m.value!.toString();
        if (/sealed/i.test(text) || text.includes(NAME_MARK)) leaks.push(text.slice(0, 200));
        for (const id of text.match(identifierLike) ?? [])
          if (load.identifiers.has(id)) leaks.push(id);
      },
    });
    expect(leaks).toEqual([]);
    expect(distinct.size).toBe(events.length);
    expect(onTopic).toBeGreaterThan(events.length);
    // The consumer skipped at least every re-published copy (and its own redeliveries).
    expect(stats.duplicates).toBeGreaterThanOrEqual(onTopic - events.length);
    report.topic = { messages: onTopic, republished: onTopic - events.length };

    // 7. The compacted view topics, read from the beginning, are the views.
    const township = await readTopicToEnd(kafka, topics.townshipProgress, {
      onMessage: (m) => contract.assertValid({ topic: topics.townshipProgress, ...m }),
    });
    const coinsurance = await readTopicToEnd(kafka, topics.coinsurance, {
      onMessage: (m) => contract.assertValid({ topic: topics.coinsurance, ...m }),
    });
    expect(townshipProgressFromTopic(township)).toEqual(
      new Map(rebuilt.documents('township-progress')),
    );
    expect(coinsuranceFromTopic(coinsurance)).toEqual(new Map(rebuilt.documents('coinsurance')));
    expect(comparePositions(await store.headPosition(), { commit: head, prepare: head })).toBe(0);

    console.log(`kafka delivery e2e: ${JSON.stringify(report, null, 1)}`);
    await app.close();
    app = undefined;
  }, 900_000);
});
