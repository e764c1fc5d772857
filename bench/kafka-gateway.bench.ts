/**
 * Kafka gateway throughput beside its ceilings, same broker, same run, same messages.
 *
 *   npm run build && node dist/bench/kafka-gateway.bench.js [events] [--profile]
 *
 * Makes a ledger of real events through the command bus (default 50,000) and builds the gateway's
 * messages for them, then measures on one broker:
 * 1. ceiling: Kafka's own Java producer (org.apache.kafka.tools.ProducerPerformance, the class
 *    behind kafka-producer-perf-test) sending payloads cut from those messages (key and header
 *    text prepended to each value so the bytes match; the tool cannot set keys or headers, so its
 *    records spread over the partitions by the sticky partitioner), acks=all, idempotent, with its
 *    default batching and with larger batches, uncompressed and gzip: the best is the ceiling;
 * 2. transport: the same messages through KafkaPublisher (kafkajs), one send per 1,000 events as
 *    the gateway sends them, in several set-ups (lanes = producers side by side, compression);
 * 3. gateway: KafkaGateway from position 0 (read the log, reduce the views, build and send the
 *    messages, store checkpoints) until it has published the head, with the production set-up.
 * CPU per message is given for this process and for the broker (from /proc).
 * Uses LEDGER_KAFKA_BROKERS when set, otherwise starts scripts/kafka/broker.sh (and stops it after).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CommandBus } from '@nestjs/cqrs';
import { Kafka, Partitioners } from 'kafkajs';
import { composeResidentId } from '@ledger/domain';
import { SqliteEventStore } from '@ledger/event-store';
import {
  createKafka,
  GatewayViews,
  KAFKA_DEFAULTS,
  KafkaPublisher,
  KafkaPublisherOptions,
  LedgerTopics,
  MessageSink,
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
import { benchArgs } from './args';
import { conditions, cpuSeconds, fmt, machine, processCpuSeconds } from './machine';
import { CpuProfiler } from './profile';
import { PlatformaticSink, PlatformaticSinkOptions } from './platformatic-sink';

const args = benchArgs({ profile: { type: 'boolean' } });
const EVENTS = args.positional(0, Number(process.env.BENCH_EVENTS ?? 50_000));
const BATCH = KAFKA_DEFAULTS.batchSize;
const REPO = join(__dirname, '..', '..');
const BROKER_SH = join(REPO, 'scripts', 'kafka', 'broker.sh');
const KAFKA_HOME = process.env.KAFKA_HOME_DIR ?? join(REPO, '.kafka');
const quiet = () => undefined;
const perSecond = (n: number, ms: number) => (n / ms) * 1000;

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

function brokerPid(): number {
  return Number(readFileSync(join(KAFKA_HOME, 'broker.pid'), 'utf8').trim());
}

interface Measure {
  name: string;
  messages: number;
  ms: number;
  /** CPU seconds of the sender (this process, or the Java tool including its JVM start). */
  senderCpu: number;
  brokerCpu: number;
  note?: string;
}

function line(m: Measure, ceiling?: number): string {
  const rate = perSecond(m.messages, m.ms);
  const share = ceiling ? ` = ${((100 * rate) / ceiling).toFixed(0)}% of ceiling` : '';
  return (
    `${m.name.padEnd(44)} ${fmt(rate).padStart(7)} msgs/s${share}` +
    ` | sender ${fmt((m.senderCpu * 1e6) / m.messages, 1)} µs CPU/msg` +
    `, broker ${fmt((m.brokerCpu * 1e6) / m.messages, 1)} µs CPU/msg` +
    (m.note ? ` (${m.note})` : '')
  );
}

/**
 * Kafka's own producer (ProducerPerformance, i.e. kafka-producer-perf-test) on the same classpath
 * as the broker. Its CPU comes from bash's `times` (the JVM, start-up included).
 */
function perfTest(
  brokers: string[],
  topic: string,
  payloadFile: string,
  records: number,
  props: Record<string, string>,
  name: string,
): Measure {
  const producerProps = Object.entries({
    'bootstrap.servers': brokers.join(','),
    acks: 'all',
    'enable.idempotence': 'true',
    ...props,
  }).map(([k, v]) => `${k}=${v}`);
  const java = [
    'java',
    '-Xmx1g',
    `-Dlog4j.configuration=file:${join(KAFKA_HOME, 'tools-log4j.properties')}`,
    '-cp',
    `'${join(KAFKA_HOME, 'lib')}/*'`,
    'org.apache.kafka.tools.ProducerPerformance',
    `--topic ${topic}`,
    `--num-records ${records}`,
    '--throughput -1',
    `--payload-file ${payloadFile}`,
    `--producer-props ${producerProps.join(' ')}`,
  ].join(' ');
  const broker0 = processCpuSeconds(brokerPid());
  const out = spawnSync('bash', ['-c', `${java} && times`], { encoding: 'utf8' });
  const brokerCpu = processCpuSeconds(brokerPid()) - broker0;
  if (out.status !== 0) throw new Error(`ProducerPerformance failed: ${out.stderr}`);
  // last summary: "N records sent, R records/sec (M MB/sec), A ms avg latency, ..."
  const summary =
    /(\d+) records sent, ([\d.]+) records\/sec \(([\d.]+) MB\/sec\), ([\d.]+) ms avg latency, ([\d.]+) ms max latency(?:, (\d+) ms 50th, (\d+) ms 95th, (\d+) ms 99th)?/g;
  let m: RegExpExecArray | null;
  let last: RegExpExecArray | undefined;
  while ((m = summary.exec(out.stdout))) last = m;
  if (!last) throw new Error(`no summary from ProducerPerformance: ${out.stdout}`);
  const times = out.stdout.trim().split('\n').slice(-1)[0]; // children: "XmY.YYYs XmZ.ZZZs"
  const seconds = [...times.matchAll(/(\d+)m([\d.]+)s/g)].reduce(
    (s, t) => s + Number(t[1]) * 60 + Number(t[2]),
    0,
  );
  const rate = Number(last[2]);
  return {
    name,
    messages: records,
    ms: (records / rate) * 1000,
    senderCpu: seconds,
    brokerCpu,
    note: `${last[3]} MB/s, latency avg ${last[4]} ms${last[8] ? `, p99 ${last[8]} ms` : ''}`,
  };
}

/** One record per line for --payload-file: key and header text, then the value (same bytes). */
function writePayloads(file: string, messages: readonly OutgoingMessage[], max = 20_000): number {
  const lines: string[] = [];
  let bytes = 0;
  for (const m of messages.slice(0, max)) {
    const text = `${m.key} ${Object.entries(m.headers)
      .map(([k, v]) => `${k}=${v}`)
      .join(' ')} ${m.value}`.replace(/\n/g, ' ');
    lines.push(text);
    bytes += Buffer.byteLength(text);
  }
  writeFileSync(file, lines.join('\n'));
  return bytes / lines.length;
}

async function createTopics(kafka: Kafka, topics: LedgerTopics): Promise<void> {
  const admin = kafka.admin();
  await admin.connect();
  await admin.createTopics({
    topics: Object.values(topics).map((topic) => ({
      topic,
      numPartitions: KAFKA_DEFAULTS.partitions,
    })),
    waitForLeaders: true,
  });
  await admin.disconnect();
}

async function deleteTopics(kafka: Kafka, topics: string[]): Promise<void> {
  const admin = kafka.admin();
  await admin.connect();
  await admin.deleteTopics({ topics }).catch(() => undefined);
  await admin.disconnect();
}

/** The gateway's batches re-addressed to other topics. */
function retarget(
  batches: OutgoingMessage[][],
  from: LedgerTopics,
  to: LedgerTopics,
): OutgoingMessage[][] {
  const map = new Map(
    (Object.keys(from) as (keyof LedgerTopics)[]).map((k) => [from[k], to[k]] as const),
  );
  return batches.map((b) => b.map((m) => ({ ...m, topic: map.get(m.topic)! })));
}

async function transport(
  kafka: Kafka,
  batches: OutgoingMessage[][],
  topics: LedgerTopics,
  name: string,
  options: KafkaPublisherOptions | 'sendBatch-1000' | (() => MessageSink),
): Promise<Measure> {
  await createTopics(kafka, topics);
  const messages = batches.reduce((s, b) => s + b.length, 0);
  const broker0 = processCpuSeconds(brokerPid());
  const cpu0 = cpuSeconds();
  const started = Date.now();
  if (options === 'sendBatch-1000') {
    // The previous bench's "raw": one sendBatch per 1,000 events, whatever its size.
    const producer = kafka.producer({
      idempotent: true,
      maxInFlightRequests: 1,
      createPartitioner: Partitioners.DefaultPartitioner,
    });
    await producer.connect();
    for (const b of batches) {
      const byTopic = new Map<string, OutgoingMessage[]>();
      for (const m of b) byTopic.set(m.topic, [...(byTopic.get(m.topic) ?? []), m]);
      await producer.sendBatch({
        acks: -1,
        topicMessages: [...byTopic].map(([topic, msgs]) => ({ topic, messages: msgs })),
      });
    }
    await producer.disconnect();
  } else {
    const publisher =
      typeof options === 'function' ? options() : new KafkaPublisher(kafka, options);
    for (const b of batches) await publisher.send(b);
    await publisher.close();
  }
  const ms = Date.now() - started;
  return {
    name,
    messages,
    ms,
    senderCpu: cpuSeconds() - cpu0,
    brokerCpu: processCpuSeconds(brokerPid()) - broker0,
  };
}

async function main(): Promise<void> {
  console.log(`machine: ${machine()}`);
  console.log(`conditions: ${conditions()}`);
  const kafkajsVersion = (
    JSON.parse(readFileSync(require.resolve('kafkajs/package.json'), 'utf8')) as {
      version: string;
    }
  ).version;
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
  console.log(
    `broker: Kafka 3.9.1 on ${brokers.join(',')}${startedBroker ? ' (started by the bench)' : ''}; kafkajs ${kafkajsVersion}`,
  );
  // BENCH_LEDGER_DIR keeps the ledger there and reuses it on the next run (same events).
  const kept = process.env.BENCH_LEDGER_DIR;
  if (kept) mkdirSync(kept, { recursive: true });
  const dir = kept ?? mkdtempSync(join(tmpdir(), 'kafka-bench-'));
  const made = Date.now();
  const store =
    kept && existsSync(join(kept, 'ledger.sqlite'))
      ? new SqliteEventStore({ path: join(kept, 'ledger.sqlite'), synchronous: 'NORMAL' })
      : await makeLedger(dir);
  const all = await store.readAll({ maxCount: 10_000_000 });
  console.log(
    `ledger: ${all.length} events made through the command bus in ${((Date.now() - made) / 1000).toFixed(1)} s`,
  );

  const kafka = createKafka({ brokers, clientId: 'kafka-bench', log: quiet });
  const run = Date.now().toString(36);
  const base = ledgerTopics(`bench-${run}.`);
  const used: string[] = [];
  const topicsFor = (name: string) => {
    const t = ledgerTopics(`bench-${run}-${name}.`);
    used.push(...Object.values(t));
    return t;
  };

  // The gateway's own messages, built once outside the timing: the transports measure sending.
  const cpuPrep = cpuSeconds();
  const preparing = Date.now();
  const views = new GatewayViews(PUBLISHED_VIEWS);
  const batches: OutgoingMessage[][] = [];
  for (let i = 0; i < all.length; i += BATCH) {
    batches.push(prepareBatch(all.slice(i, i + BATCH), views, base).messages);
  }
  const prepareMs = Date.now() - preparing;
  const prepareCpu = cpuSeconds() - cpuPrep;
  const flat = batches.flat();
  const messages = flat.length;
  const valueBytes = flat.reduce((t, m) => t + m.value.length, 0);
  console.log(
    `messages: ${fmt(messages)} for ${fmt(all.length)} events, ${fmt(valueBytes / messages)} bytes of value per message on average; the gateway sends ${BATCH} events at a time`,
  );
  console.log(
    `building them (read nothing, reduce views, JSON, headers): ${fmt(perSecond(all.length, prepareMs))} events/s, ${fmt((prepareCpu * 1e6) / all.length, 1)} µs CPU/event`,
  );

  const payloads = join(dir, 'payloads.txt');
  const payloadBytes = writePayloads(payloads, flat);
  const perfTopic = `bench-${run}-perf-test`;
  used.push(perfTopic);
  const admin = kafka.admin();
  await admin.connect();
  await admin.createTopics({
    topics: [{ topic: perfTopic, numPartitions: KAFKA_DEFAULTS.partitions }],
    waitForLeaders: true,
  });
  await admin.disconnect();
  console.log(
    `\nceiling: ProducerPerformance (kafka-producer-perf-test), ${fmt(Math.max(messages, 100_000))} records of ${fmt(payloadBytes)} bytes on average (key + headers + value of the gateway's messages), acks=all, idempotent, no keys (the tool has none), one topic of ${KAFKA_DEFAULTS.partitions} partitions`,
  );
  const ceilings: Measure[] = [];
  // Long enough for the JVM to warm up: the tool's rate includes its first seconds.
  const perfRecords = Math.max(messages, 100_000);
  for (const [name, props] of [
    ['perf-test, producer defaults', {}],
    ['perf-test, batch.size=256K linger.ms=5', { 'batch.size': '262144', 'linger.ms': '5' }],
    [
      'perf-test, batch.size=256K linger.ms=5 gzip',
      { 'batch.size': '262144', 'linger.ms': '5', 'compression.type': 'gzip' },
    ],
    [
      'perf-test, batch.size=256K linger.ms=5 lz4',
      { 'batch.size': '262144', 'linger.ms': '5', 'compression.type': 'lz4' },
    ],
  ] as const) {
    const m = perfTest(brokers, perfTopic, payloads, perfRecords, props, name);
    ceilings.push(m);
    console.log(line(m));
  }
  const ceiling = Math.max(...ceilings.map((m) => perSecond(m.messages, m.ms)));
  console.log(`ceiling = ${fmt(ceiling)} msgs/s (the best of the above)`);

  console.log(`\nkafkajs ${kafkajsVersion}, same messages, acks=all, idempotent:`);
  const platformatic = (o: Omit<PlatformaticSinkOptions, 'brokers' | 'clientId'>) => () =>
    new PlatformaticSink({ brokers, clientId: 'kafka-bench-platformatic', ...o });
  const platformaticVersion = (
    JSON.parse(
      readFileSync(join(REPO, 'node_modules/@platformatic/kafka/package.json'), 'utf8'),
    ) as { version: string }
  ).version;
  const setups: [string, KafkaPublisherOptions | 'sendBatch-1000' | (() => MessageSink)][] = [
    ['sendBatch per 1,000 events (previous raw)', 'sendBatch-1000'],
    ['KafkaPublisher lanes=1', { lanes: 1 }],
    ['KafkaPublisher lanes=1 gzip', { lanes: 1, compression: 'gzip' }],
    ['KafkaPublisher lanes=3', { lanes: 3 }],
    ['KafkaPublisher lanes=3 gzip', { lanes: 3, compression: 'gzip' }],
    [`@platformatic/kafka ${platformaticVersion} lanes=1`, platformatic({ lanes: 1 })],
    [`@platformatic/kafka ${platformaticVersion} lanes=3`, platformatic({ lanes: 3 })],
    [
      `@platformatic/kafka ${platformaticVersion} lanes=3 gzip`,
      platformatic({ lanes: 3, compression: 'gzip' }),
    ],
    [
      `@platformatic/kafka ${platformaticVersion} lanes=3 lz4`,
      platformatic({ lanes: 3, compression: 'lz4' }),
    ],
  ];
  for (const [name, options] of setups) {
    const topics = topicsFor(name.replace(/[^a-z0-9]+/gi, '-').toLowerCase());
    const m = await transport(kafka, retarget(batches, base, topics), topics, name, options);
    console.log(line(m, ceiling));
  }

  const profiler = args.flag('profile') ? new CpuProfiler() : undefined;
  const runGateway = async (name: string, sink?: MessageSink): Promise<Measure> => {
    const prefix = `bench-${run}-${name.replace(/[^a-z0-9]+/gi, '-').toLowerCase()}.`;
    used.push(...Object.values(ledgerTopics(prefix)));
    const gatewayStart = Date.now();
    const gateway = await startLedgerGateway({
      settings: {
        brokers,
        clientId: 'kafka-bench-gateway',
        topicPrefix: prefix,
        partitions: KAFKA_DEFAULTS.partitions,
        replicationFactor: 1,
        batchSize: BATCH,
        checkpointIntervalMs: KAFKA_DEFAULTS.checkpointIntervalMs,
      },
      store,
      stateDb: store.db,
      pollIntervalMs: 5,
      log: quiet,
      sink,
    });
    if (!sink) await profiler?.start();
    const topicsReady = Date.now();
    const broker0 = processCpuSeconds(brokerPid());
    const cpu0 = cpuSeconds();
    const head = all[all.length - 1].position.commit;
    while (gateway.status().published.commit < head) await new Promise((r) => setTimeout(r, 2));
    const gatewayMs = Date.now() - topicsReady;
    const g: Measure = {
      name,
      messages,
      ms: gatewayMs,
      senderCpu: cpuSeconds() - cpu0,
      brokerCpu: processCpuSeconds(brokerPid()) - broker0,
      note: `${fmt(perSecond(all.length, gatewayMs))} events/s; topic setup ${Date.now() - gatewayStart - gatewayMs} ms not counted`,
    };
    if (profiler && !sink) {
      const file = join(tmpdir(), `kafka-gateway-${run}.cpuprofile`);
      await profiler.stop(file);
      console.log(`profile: ${file}`);
    }
    await gateway.stop();
    await sink?.close();
    return g;
  };
  console.log(
    `\ngateway (log → views → messages → Kafka), production settings (lanes ${KAFKA_DEFAULTS.lanes}, compression ${KAFKA_DEFAULTS.compression}, ${BATCH} events per batch):`,
  );
  console.log(line(await runGateway(`gateway, kafkajs ${kafkajsVersion}`), ceiling));
  console.log(
    line(
      await runGateway(
        `gateway, @platformatic/kafka ${platformaticVersion}`,
        platformatic({ lanes: KAFKA_DEFAULTS.lanes })(),
      ),
      ceiling,
    ),
  );

  await deleteTopics(kafka, used);
  await store.close();
  if (kept) rmSync(join(dir, 'payloads.txt'), { force: true });
  else rmSync(dir, { recursive: true, force: true });
  if (startedBroker) execFileSync('bash', [BROKER_SH, 'stop'], { stdio: 'inherit' });
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
