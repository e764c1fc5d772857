import Database from 'better-sqlite3';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { INestApplication } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ConfigResourceTypes, Kafka } from 'kafkajs';
import {
  comparePositions,
  LogPosition,
  parsePosition,
  SqliteEventStore,
} from '@ledger/event-store';
import {
  createKafka,
  decodeHeaders,
  decodeLedgerEvent,
  KAFKA_DEFAULTS,
  KafkaSettings,
  ledgerTopics,
  readTopicToEnd,
  RunningGateway,
  startLedgerGateway,
} from '@ledger/kafka';
import {
  AmendPlanCommand,
  ConfigError,
  loadConfig,
  DEMO_COALITION,
  FixedClock,
  EVENT_STORE,
} from '@ledger/ledger';
import { AsyncApiValidator } from '@ledger/kafka/testing/asyncapi-validator';
import { createLedgerApp } from '../../apps/ledger-api/src/create-ledger-app';
import { testAccess, testConfig } from '../support/ledger-test-app';
import { loadEnrollments, PLAN_ID } from './support/enrollment-load';
import { NodeProcess, PROJECTOR } from './support/node-process';
import { startTestBroker, TestBroker } from './support/test-broker';

/** Every message these suites read must follow docs/asyncapi.yaml (issue 13). */
const contract = AsyncApiValidator.load();

const quiet = () => undefined;

describe('Kafka is configuration only: off by default, validated when set', () => {
  it('without LEDGER_KAFKA_BROKERS there is no Kafka; a bad Kafka variable fails naming it', () => {
    expect(loadConfig({ LEDGER_DATA_DIR: mkdtempSync(join(tmpdir(), 'cfg-')) }).kafka).toBe(
      undefined,
    );
    const dir = mkdtempSync(join(tmpdir(), 'cfg-'));
    const on = loadConfig({
      LEDGER_DATA_DIR: dir,
      LEDGER_KAFKA_BROKERS: '127.0.0.1:19092,kafka-2:9092',
    }).kafka;
    expect(on).toEqual({ ...KAFKA_DEFAULTS, brokers: ['127.0.0.1:19092', 'kafka-2:9092'] });
    for (const [variable, value] of [
      ['LEDGER_KAFKA_BROKERS', 'kafka-without-port'],
      ['LEDGER_KAFKA_TOPIC_PREFIX', 'bad prefix/'],
      ['LEDGER_KAFKA_CLIENT_ID', 'a b'],
      ['LEDGER_KAFKA_PARTITIONS', '0'],
      ['LEDGER_KAFKA_REPLICATION_FACTOR', 'three'],
      ['LEDGER_KAFKA_BATCH_SIZE', '-5'],
      ['LEDGER_KAFKA_CHECKPOINT_INTERVAL_MS', '1.5'],
    ]) {
      // Checked even while Kafka is off, so a typo shows at start-up rather than when it is on.
      let error: unknown;
      try {
        loadConfig({ LEDGER_DATA_DIR: dir, [variable]: value });
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(ConfigError);
      expect((error as ConfigError).variable).toBe(variable);
    }
  });

  it('the projector runs its views without Kafka by default, and refuses to start with a bad broker list', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'projector-nokafka-'));
    const env: NodeJS.ProcessEnv = { ...process.env, LEDGER_DATA_DIR: dir };
    delete env.LEDGER_KAFKA_BROKERS;
    const plain = new NodeProcess(PROJECTOR, env);
    await plain.line((l) => l.includes('views at'), 30_000);
    expect(await plain.kill('SIGTERM')).toBe(0);
    const db = new Database(join(dir, 'ledger.sqlite'), { readonly: true });
    const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").pluck().all();
    db.close();
    expect(tables).toContain('view_checkpoints');
    expect(tables).not.toContain('kafka_gateway_checkpoint');

    const bad = new NodeProcess(PROJECTOR, { ...env, LEDGER_KAFKA_BROKERS: 'nonsense' });
    expect(await bad.exited).toBe(1);
    expect(bad.stderr.join('')).toMatch(/LEDGER_KAFKA_BROKERS: "nonsense" is not host:port/);
  });
});

describe('Kafka topics and messages on a real broker', () => {
  let broker: TestBroker;
  let kafka: Kafka;
  let app: INestApplication | undefined;
  let gateway: RunningGateway | undefined;
  const run = Date.now().toString(36);
  const prefixes = [`e2e-topics-${run}.`, `e2e-refused-${run}.`];

  beforeAll(() => {
    broker = startTestBroker();
    kafka = createKafka({ brokers: broker.brokers, clientId: 'kafka-gateway-e2e', log: quiet });
  });

  afterAll(async () => {
    await gateway?.stop();
    await app?.close();
    if (!kafka) return;
    const admin = kafka.admin();
    await admin.connect();
    const topics = prefixes.flatMap((p) => Object.values(ledgerTopics(p)));
    const existing = new Set(await admin.listTopics());
    await admin.deleteTopics({ topics: topics.filter((t) => existing.has(t)) });
    await admin.disconnect();
    broker.release();
  });

  const settings = (topicPrefix: string): KafkaSettings => ({
    ...KAFKA_DEFAULTS,
    brokers: broker.brokers,
    topicPrefix,
  });

  it('creates the topics (events kept forever, views compacted); keys, headers and positions are as documented', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ledger-kafka-topics-'));
    app = await createLedgerApp({
      config: testConfig(dir),
      access: testAccess(),
      clock: new FixedClock(Date.parse('2024-01-31T12:00:00+08:00')),
      logger: false,
    });
    const commands = app.get(CommandBus);
    const store = app.get<SqliteEventStore>(EVENT_STORE);
    await commands.execute(
      new AmendPlanCommand(PLAN_ID, { coalition: DEMO_COALITION }, 'e2e', undefined, {
        commandId: 'topics-coalition',
        correlationId: 'e2e',
        actor: 'test',
      }),
    );
    await loadEnrollments(commands, store, 600, [], 4);
    const head = await store.headPosition();

    const topics = ledgerTopics(prefixes[0]);
    gateway = await startLedgerGateway({
      settings: settings(prefixes[0]),
      store,
      stateDb: store.db,
      pollIntervalMs: 10,
      log: quiet,
    });
    while (comparePositions(gateway.status().published, head) < 0)
      await new Promise((r) => setTimeout(r, 20));
    await gateway.stop();
    gateway = undefined;

    const admin = kafka.admin();
    await admin.connect();
    const metadata = await admin.fetchTopicMetadata({ topics: Object.values(topics) });
    expect(metadata.topics.map((t) => t.partitions.length)).toEqual([3, 3, 3, 3]);
    const configs = await admin.describeConfigs({
      includeSynonyms: false,
      resources: Object.values(topics).map((name) => ({
        type: ConfigResourceTypes.TOPIC,
        name,
        configNames: ['cleanup.policy', 'retention.ms'],
      })),
    });
    const config = Object.fromEntries(
      configs.resources.map((r) => [
        r.resourceName,
        Object.fromEntries(r.configEntries.map((e) => [e.configName, e.configValue])),
      ]),
    );
    expect(config[topics.events]).toMatchObject({
      'cleanup.policy': 'delete',
      'retention.ms': '-1',
    });
    expect(config[topics.seals]).toMatchObject({
      'cleanup.policy': 'delete',
      'retention.ms': '-1',
    });
    expect(config[topics.townshipProgress]['cleanup.policy']).toBe('compact');
    expect(config[topics.coinsurance]['cleanup.policy']).toBe('compact');
    await admin.disconnect();

    const lastByPartition = new Map<number, LogPosition>();
    let count = 0;
    await readTopicToEnd(kafka, topics.events, {
      onMessage: (m, partition) => {
        count++;
        contract.assertValid({ topic: topics.events, ...m });
        const headers = decodeHeaders(m.headers);
        const value = decodeLedgerEvent(m.value);
        expect(m.key?.toString()).toBe(value.streamId);
        expect(headers).toEqual({
          schema: 'ledger.event',
          schemaVersion: 1,
          eventId: value.eventId,
          eventType: value.type,
          position: parsePosition(value.position),
        });
        // In log order within a partition: what consumers de-duplicate on.
        const before = lastByPartition.get(partition);
        if (before) expect(comparePositions(headers.position, before)).toBeGreaterThan(0);
        lastByPartition.set(partition, headers.position);
      },
    });
    expect(count).toBe(Number(head.commit));

    const coinsurance = await readTopicToEnd(kafka, topics.coinsurance, {
      onMessage: (m) => contract.assertValid({ topic: topics.coinsurance, ...m }),
    });
    expect([...coinsurance.keys()].filter((k) => k.startsWith(PLAN_ID)).sort()).toEqual([
      PLAN_ID,
      ...DEMO_COALITION.members.map((m) => `${PLAN_ID}/${m.insurerId}`).sort(),
    ]);
    const progress = await readTopicToEnd(kafka, topics.townshipProgress, {
      onMessage: (m) => contract.assertValid({ topic: topics.townshipProgress, ...m }),
    });
    expect([...progress.keys()].filter((k) => k.startsWith(`${PLAN_ID}/`)).length).toBe(25);
  });

  it('refuses a view topic that exists without compaction (auto-created, say)', async () => {
    const topics = ledgerTopics(prefixes[1]);
    const admin = kafka.admin();
    await admin.connect();
    await admin.createTopics({
      topics: [
        { topic: topics.coinsurance, configEntries: [{ name: 'cleanup.policy', value: 'delete' }] },
      ],
      waitForLeaders: true,
    });
    await admin.disconnect();
    const dir = mkdtempSync(join(tmpdir(), 'ledger-kafka-refused-'));
    const store = new SqliteEventStore({ path: join(dir, 'ledger.sqlite') });
    await expect(
      startLedgerGateway({ settings: settings(prefixes[1]), store, stateDb: store.db, log: quiet }),
    ).rejects.toThrow(/cleanup.policy=delete; view topics must be compacted/);
    await store.close();
  });
});
