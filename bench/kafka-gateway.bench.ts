/**
 * Kafka gateway throughput beside raw kafkajs sendBatch, same broker, same run, same messages.
 *
 *   npm run build && node dist/bench/kafka-gateway.bench.js [events]
 *
 * Makes a ledger of real events through the command bus (default 50,000), then
 * 1. raw: the gateway's own messages for those events, sent with an idempotent kafkajs producer,
 *    one sendBatch per 1,000 events (acks from all replicas), to a scratch topic;
 * 2. gateway: KafkaGateway from position 0 (read the log, reduce the views, build and send the
 *    messages, store checkpoints) until it has published the head.
 * Uses LEDGER_KAFKA_BROKERS when set, otherwise starts scripts/kafka/broker.sh (and stops it after).
 */
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { cpus, freemem, loadavg, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { CommandBus } from '@nestjs/cqrs';
import { Partitioners } from 'kafkajs';
import { composeResidentId } from '@ledger/domain';
import { SqliteEventStore } from '@ledger/event-store';
import {
  createKafka,
  GatewayViews,
  KAFKA_DEFAULTS,
  ledgerTopics,
  OutgoingMessage,
  parseBrokerList,
  prepareBatch,
  PUBLISHED_VIEWS,
  startLedgerGateway,
} from '@ledger/kafka';
import {
  AmendPlanCommand,
  EnrollPersonCommand,
  LedgerConfig,
  FixedClock,
  EVENT_STORE,
  DEMO_COALITION,
  openLedgerContext,
} from '@ledger/ledger';

const EVENTS = Number(process.argv[2] ?? process.env.BENCH_EVENTS ?? 50_000);
const BATCH = KAFKA_DEFAULTS.batchSize;
const BROKER_SH = join(__dirname, '..', '..', 'scripts', 'kafka', 'broker.sh');
const quiet = () => undefined;
const rate = (n: number, ms: number) => Math.round((n / ms) * 1000).toLocaleString('en-US');

function machine(): string {
  const cpu = cpus();
  return [
    `machine: ${cpu.length} cores (${cpu[0]?.model.trim() ?? '?'}), memory ${(totalmem() / 2 ** 30).toFixed(1)} GiB (${(freemem() / 2 ** 30).toFixed(1)} free)`,
    // A load average above the core count means another process shared the CPU during the run.
    `load average ${loadavg()
      .map((l) => l.toFixed(2))
      .join(' / ')} (1/5/15 min)`,
    `node ${process.version}, kafkajs ${(JSON.parse(readFileSync(require.resolve('kafkajs/package.json'), 'utf8')) as { version: string }).version}`,
  ].join('\n');
}

async function makeLedger(dir: string): Promise<SqliteEventStore> {
  const config: LedgerConfig = {
    port: 0,
    host: '127.0.0.1',
    store: 'sqlite',
    sqlitePath: join(dir, 'ledger.sqlite'),
    sqliteSynchronous: 'NORMAL',
    keysPath: join(dir, 'ledger.keys.sqlite'),
    personRefKey: randomBytes(32),
    masterKey: randomBytes(32),
    loadDemo: false,
    projections: 'external',
  };
  const app = await openLedgerContext({
    config,
    clock: new FixedClock(Date.parse('2024-01-31T12:00:00+08:00')),
    logger: false,
  });
  const commands = app.get(CommandBus);
  const ctx = (id: string) => ({ commandId: id, correlationId: 'bench', actor: 'bench' });
  await commands.execute(
    new AmendPlanCommand(
      'ganzhou-2024',
      { coalition: DEMO_COALITION },
      'bench',
      undefined,
      ctx('c'),
    ),
  );
  const store = app.get<SqliteEventStore>(EVENT_STORE);
  let n = 0;
  let head = 0;
  const worker = async () => {
    while (head < EVENTS) {
      const i = n++;
      const birth = new Date(Date.UTC(1950, 0, 1) + (i % 20_000) * 86_400_000).toISOString();
      await commands.execute(
        new EnrollPersonCommand(
          'ganzhou-2024',
          {
            person: {
              idNumber: composeResidentId('360730', birth.slice(0, 10), (i / 20_000 + 1) | 0),
            },
            basicInsurance: { scheme: 'resident', insuredRegionCode: '360730' },
            townshipId: `t${String((i % 25) + 1).padStart(2, '0')}`,
            occurredAt: new Date(
              Date.parse('2023-12-12T09:00:00+08:00') + (i % 45) * 86_400_000,
            ).toISOString(),
            contributions: [{ source: 'individual', amountFen: 10000 }],
          },
          ctx(`e${i}`),
        ),
      );
      head = Number((await store.headPosition()).commit);
    }
  };
  await Promise.all(Array.from({ length: 16 }, worker));
  await app.close();
  return new SqliteEventStore({ path: config.sqlitePath, synchronous: 'NORMAL' });
}

async function main(): Promise<void> {
  console.log(machine());
  let startedBroker = false;
  let brokers: string[];
  if (process.env.LEDGER_KAFKA_BROKERS) brokers = parseBrokerList(process.env.LEDGER_KAFKA_BROKERS);
  else {
    try {
      execFileSync('bash', [BROKER_SH, 'status'], { stdio: 'ignore' });
    } catch {
      startedBroker = true;
    }
    execFileSync('bash', [BROKER_SH, 'start'], { stdio: 'inherit' });
    brokers = [`127.0.0.1:${process.env.KAFKA_PORT ?? 19092}`];
  }
  console.log(`broker: ${brokers.join(',')}${startedBroker ? ' (started by the bench)' : ''}`);
  const dir = mkdtempSync(join(tmpdir(), 'kafka-bench-'));
  const made = Date.now();
  const store = await makeLedger(dir);
  const all = await store.readAll({ maxCount: 10_000_000 });
  console.log(
    `ledger: ${all.length} events made through the command bus in ${((Date.now() - made) / 1000).toFixed(1)} s`,
  );

  const kafka = createKafka({ brokers, clientId: 'kafka-bench', log: quiet });
  const run = Date.now().toString(36);
  const rawTopics = ledgerTopics(`bench-raw-${run}.`);
  const gatewayPrefix = `bench-gateway-${run}.`;
  const admin = kafka.admin();
  await admin.connect();
  await admin.createTopics({
    topics: [rawTopics.events, rawTopics.townshipProgress, rawTopics.coinsurance].map((topic) => ({
      topic,
      numPartitions: KAFKA_DEFAULTS.partitions,
    })),
    waitForLeaders: true,
  });

  // The gateway's own messages, prepared outside the timing: raw measures the transport only.
  const preparing = Date.now();
  const views = new GatewayViews(PUBLISHED_VIEWS);
  const batches: { events: number; messages: OutgoingMessage[] }[] = [];
  for (let i = 0; i < all.length; i += BATCH) {
    const batch = prepareBatch(all.slice(i, i + BATCH), views, rawTopics);
    batches.push({ events: batch.events, messages: batch.messages });
  }
  const prepareMs = Date.now() - preparing;
  const messages = batches.reduce((s, b) => s + b.messages.length, 0);
  const bytes = batches.reduce((s, b) => s + b.messages.reduce((t, m) => t + m.value.length, 0), 0);
  const producer = kafka.producer({
    idempotent: true,
    maxInFlightRequests: 1,
    createPartitioner: Partitioners.DefaultPartitioner,
  });
  await producer.connect();
  const rawStart = Date.now();
  for (const b of batches) {
    const byTopic = new Map<
      string,
      { key: string; value: string; headers: Record<string, string> }[]
    >();
    for (const m of b.messages) byTopic.set(m.topic, [...(byTopic.get(m.topic) ?? []), m]);
    await producer.sendBatch({
      acks: -1,
      topicMessages: [...byTopic].map(([topic, msgs]) => ({ topic, messages: msgs })),
    });
  }
  const rawMs = Date.now() - rawStart;
  await producer.disconnect();

  const gatewayStart = Date.now();
  const gateway = await startLedgerGateway({
    settings: {
      brokers,
      clientId: 'kafka-bench-gateway',
      topicPrefix: gatewayPrefix,
      partitions: KAFKA_DEFAULTS.partitions,
      replicationFactor: 1,
      batchSize: BATCH,
      checkpointIntervalMs: KAFKA_DEFAULTS.checkpointIntervalMs,
    },
    store,
    stateDb: store.db,
    pollIntervalMs: 5,
    log: quiet,
  });
  const topicsReady = Date.now();
  const head = all[all.length - 1].position.commit;
  while (gateway.status().published.commit < head) await new Promise((r) => setTimeout(r, 2));
  const gatewayMs = Date.now() - topicsReady;
  await gateway.stop();

  console.log(
    `messages: ${messages} for ${all.length} events (${(bytes / all.length).toFixed(0)} bytes of value per event on average), batches of ${BATCH} events`,
  );
  console.log(`raw kafkajs sendBatch: ${rate(all.length, rawMs)} events/s (${rawMs} ms)`);
  console.log(
    `  (building those messages from the events, not timed above: ${prepareMs} ms, ${rate(all.length, prepareMs)} events/s)`,
  );
  console.log(
    `gateway:               ${rate(all.length, gatewayMs)} events/s (${gatewayMs} ms; topic setup ${topicsReady - gatewayStart} ms not counted)`,
  );
  await admin.deleteTopics({
    topics: [...Object.values(rawTopics), ...Object.values(ledgerTopics(gatewayPrefix))],
  });
  await admin.disconnect();
  await store.close();
  rmSync(dir, { recursive: true, force: true });
  if (startedBroker) execFileSync('bash', [BROKER_SH, 'stop'], { stdio: 'inherit' });
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
