import { ChildProcess, execFileSync, spawn } from 'node:child_process';
import { createWriteStream, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import Database from 'better-sqlite3';
import { SqliteEventStore } from '@ledger/event-store';
import { ledgerTopics } from '@ledger/kafka';
import {
  InMemoryViewStore,
  LEDGER_PROJECTIONS,
  ProjectionRunner,
  SqliteViewStore,
} from '@ledger/projections';
import { benchArgs } from './args';
import { describeCeiling, rawInsertCeiling, readSerializedEvents } from './ceilings';
import { errorLine, latencyLine, openLoop } from './http-load';
import { SHIPPED_NODE_FLAGS, startLedgerServer } from './ledger-server';
import {
  conditions,
  cpuSeconds,
  fmt,
  machine,
  percentile,
  processCpuSeconds,
  processPeakRssMiB,
} from './machine';
import { SyntheticCampaign } from './synthetic-campaign';

/**
 * Deadline day: enrollments arrive at a sustained rate while the views and the Kafka feed follow.
 *
 *   node dist/bench/deadline-day.bench.js [enrollments=2000000] [--rate 2000] [--batch 100]
 *        [--full-window] [--keep]
 *
 * The processes of the production run mode (docs/production.md), each its own:
 *   - the API (`dist/apps/ledger-api`, LEDGER_PROJECTIONS=external, embedded SQLite store), which
 *     the bench calls over HTTP: POST /plans/ganzhou-2024/enrollment-batches, `--batch`
 *     enrollments per request, sent open loop at `--rate` enrollments per second whatever the
 *     server answers (a batch is what a channel uploads; the command path is the same as a
 *     single enrollment's);
 *   - the projector (`dist/apps/projector`): the views and, beside them in the same process as in
 *     production, the Kafka gateway (LEDGER_KAFKA_BROKERS set, LEDGER_KAFKA_TRACE=1);
 *   - the Kafka broker (scripts/kafka/broker.sh; started if it is not running, stopped after).
 * Every 250 ms the bench reads the ledger file (read-only) and the projector's trace: the log's
 * head, each view's checkpoint and the gateway's last acknowledged batch. Lag = now − the time
 * the oldest event not yet reflected was appended (its recorded_at), 0 when caught up. After the
 * last answer it waits until the views and the topics have the head, stops the processes, and
 * rebuilds every view from zero in memory (ProjectionRunner) to compare with the projector's
 * documents, one by one.
 * `--full-window` sets 7,390,000 enrollments (Shanghai 2021, one enrollment window).
 */

const REPO = join(__dirname, '..', '..');
const BROKER_SH = join(REPO, 'scripts', 'kafka', 'broker.sh');
const KAFKA_HOME = process.env.KAFKA_HOME_DIR ?? join(REPO, '.kafka');
const PROJECTOR = join(__dirname, '../apps/projector/src/main.js');
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function rssMiB(pid: number): number {
  try {
    const kb = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return kb ? Number(kb[1]) / 1024 : NaN;
  } catch {
    return NaN;
  }
}

interface Sample {
  at: number;
  head: number;
  views: number;
  gateway: number;
  viewLagMs: number;
  gatewayLagMs: number;
  rss: Record<string, number>;
}

/** The ledger as seen from outside: head, view checkpoints, append times (read-only). */
class LedgerProbe {
  private readonly db: Database.Database;
  private readonly head: Database.Statement;
  private readonly recordedAt: Database.Statement;
  private checkpoints?: Database.Statement;

  constructor(path: string) {
    this.db = new Database(path, { readonly: true, fileMustExist: true });
    this.head = this.db.prepare('SELECT MAX(seq) FROM es_events').pluck();
    this.recordedAt = this.db
      .prepare('SELECT recorded_at FROM es_events WHERE seq > ? ORDER BY seq LIMIT 1')
      .pluck();
  }

  headSeq(): number {
    return Number(this.head.get() ?? 0);
  }

  /** The slowest view's checkpoint (0 before the projector's first commit). */
  viewsAt(): number {
    try {
      // prepared once the projector has created its table
      this.checkpoints ??= this.db
        .prepare('SELECT COALESCE(MIN(CAST(commit_pos AS INTEGER)), 0) FROM view_checkpoints')
        .pluck();
      return Number(this.checkpoints.get() ?? 0);
    } catch {
      return 0;
    }
  }

  /** ms since the first event after `seq` was appended; 0 if there is none. */
  lagMs(seq: number, head: number, now: number): number {
    if (seq >= head) return 0;
    const at = this.recordedAt.get(seq) as string | undefined;
    return at ? Math.max(0, now - Date.parse(at)) : 0;
  }

  count(sql: string): number {
    return Number(this.db.prepare(sql).pluck().get());
  }

  close(): void {
    this.db.close();
  }
}

/** The projector as production runs it, its stdout followed for the gateway's trace. */
function startProjector(env: NodeJS.ProcessEnv, logFile: string) {
  const child: ChildProcess = spawn(process.execPath, [...SHIPPED_NODE_FLAGS, PROJECTOR], {
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const log = createWriteStream(logFile);
  let published = 0;
  let rest = '';
  child.stdout!.on('data', (chunk: Buffer) => {
    const text = rest + chunk.toString();
    const lines = text.split('\n');
    rest = lines.pop() ?? '';
    for (const line of lines) {
      const m = /kafka-gateway published \S+\.\.(\d+)/.exec(line);
      if (m) published = Math.max(published, Number(m[1]));
      else log.write(`${line}\n`);
    }
  });
  child.stderr!.pipe(log);
  return {
    pid: child.pid!,
    published: () => published,
    exited: () => child.exitCode !== null,
    stop: async () => {
      if (child.exitCode !== null) return;
      child.kill('SIGTERM');
      await new Promise((r) => child.once('exit', r));
      log.end();
    },
  };
}

function brokerPid(): number {
  return Number(readFileSync(join(KAFKA_HOME, 'broker.pid'), 'utf8').trim());
}

/** The projector's views against a rebuild from zero of the same log: returns differences. */
async function compareWithRebuild(sqlitePath: string): Promise<{
  events: number;
  seconds: number;
  documents: number;
  differences: string[];
}> {
  const started = Date.now();
  const store = new SqliteEventStore({ path: sqlitePath });
  const rebuilt = new InMemoryViewStore();
  const events = await new ProjectionRunner(store, rebuilt, LEDGER_PROJECTIONS).catchUp();
  const kept = new SqliteViewStore(store.db);
  const differences: string[] = [];
  let documents = 0;
  for (const p of LEDGER_PROJECTIONS) {
    const mine = new Map(kept.all(p.name));
    const fresh = rebuilt.all(p.name);
    documents += fresh.length;
    if (mine.size !== fresh.length) {
      differences.push(`${p.name}: ${mine.size} documents, rebuilt ${fresh.length}`);
    }
    for (const [key, doc] of fresh) {
      // the store holds JSON: compare with the rebuilt document as JSON would keep it
      if (!isDeepStrictEqual(mine.get(key), JSON.parse(JSON.stringify(doc)) as unknown)) {
        const a = (mine.get(key) ?? {}) as Record<string, unknown>;
        const b = JSON.parse(JSON.stringify(doc)) as Record<string, unknown>;
        const fields = Object.keys({ ...a, ...b }).filter((f) => !isDeepStrictEqual(a[f], b[f]));
        const show = (v: unknown) => JSON.stringify(v)?.slice(0, 200);
        differences.push(
          `${p.name}/${key} differs in ${fields.map((f) => `${f}: ${show(a[f])} vs rebuilt ${show(b[f])}`).join(', ')}`,
        );
        if (differences.length > 20) break;
      }
    }
  }
  await store.close();
  return { events, seconds: (Date.now() - started) / 1000, documents, differences };
}

async function main(): Promise<void> {
  const args = benchArgs({
    rate: { type: 'string' },
    batch: { type: 'string' },
    'full-window': { type: 'boolean' },
    keep: { type: 'boolean' },
  });
  const total = args.flag('full-window') ? 7_390_000 : args.positional(0, 2_000_000);
  const rate = args.num('rate', 2_000);
  const batch = args.num('batch', 100);
  if (total % batch !== 0) throw new Error(`enrollments (${total}) must be a multiple of --batch`);
  console.log(`machine: ${machine()}`);
  console.log(`conditions at start: ${conditions()}`);

  let startedBroker = false;
  try {
    execFileSync('bash', [BROKER_SH, 'status'], { stdio: 'ignore' });
  } catch {
    startedBroker = true;
  }
  execFileSync('bash', [BROKER_SH, 'start'], { stdio: 'inherit' });
  const brokers = `127.0.0.1:${process.env.KAFKA_PORT ?? 19092}`;
  const prefix = `deadline-${Date.now().toString(36)}.`;

  const dataDir = mkdtempSync(join(tmpdir(), 'bench-deadline-'));
  const server = await startLedgerServer({
    dataDir,
    env: { LEDGER_PROJECTIONS: 'external', NODE_OPTIONS: '--max-old-space-size=4096' },
  });
  const projector = startProjector(
    {
      ...process.env,
      NODE_ENV: 'production',
      NODE_OPTIONS: '--max-old-space-size=4096',
      LEDGER_DATA_DIR: dataDir,
      LEDGER_SQLITE_PATH: server.sqlitePath,
      LEDGER_STORE: 'sqlite',
      LEDGER_PROJECTIONS: 'external',
      LEDGER_OPEN_MODE: '1',
      LEDGER_DEMO: '',
      LEDGER_KAFKA_BROKERS: brokers,
      LEDGER_KAFKA_TOPIC_PREFIX: prefix,
      LEDGER_KAFKA_TRACE: '1',
    },
    join(dataDir, 'projector.log'),
  );
  const pids: Record<string, number> = {
    api: server.pid,
    projector: projector.pid,
    broker: brokerPid(),
  };
  const probe = new LedgerProbe(server.sqlitePath);
  const samples: Sample[] = [];
  const peakRss: Record<string, number> = {};
  const sample = (): Sample => {
    const now = Date.now();
    const head = probe.headSeq();
    const views = probe.viewsAt();
    const gateway = projector.published();
    const rss: Record<string, number> = {};
    for (const [name, pid] of Object.entries(pids)) {
      rss[name] = rssMiB(pid);
      if (Number.isFinite(rss[name])) peakRss[name] = Math.max(peakRss[name] ?? 0, rss[name]);
    }
    return {
      at: now,
      head,
      views,
      gateway,
      viewLagMs: probe.lagMs(views, head, now),
      gatewayLagMs: probe.lagMs(gateway, head, now),
      rss,
    };
  };
  // Both running and caught up with the (small) ledger the API starts with.
  const ready = Date.now();
  for (;;) {
    const s = sample();
    if (s.views >= s.head && s.gateway >= s.head && s.head > 0) break;
    if (projector.exited()) throw new Error(`the projector exited: see ${dataDir}/projector.log`);
    if (Date.now() - ready > 120_000) throw new Error('the projector did not start publishing');
    await sleep(100);
  }
  const startHead = probe.headSeq();
  const cpu0 = Object.fromEntries(
    Object.entries(pids).map(([name, pid]) => [name, processCpuSeconds(pid)]),
  );
  const benchCpu0 = cpuSeconds();

  const campaign = new SyntheticCampaign(11);
  const seconds = total / rate;
  console.log(
    `ingest: ${fmt(total)} enrollments at ${fmt(rate)}/s open loop, ${fmt(batch)} per POST /plans/ganzhou-2024/enrollment-batches (${fmt(rate / batch, 1)} requests/s) for ${fmt(seconds)} s; projector + gateway (topics ${prefix}*) in their own process`,
  );
  let printed = Date.now();
  const timer = setInterval(() => {
    const s = sample();
    samples.push(s);
    if (s.at - printed >= 60_000) {
      printed = s.at;
      console.log(
        `  ${fmt((s.at - samples[0].at) / 1000)} s: head ${fmt(s.head)}, view lag ${fmt(s.viewLagMs)} ms, gateway lag ${fmt(s.gatewayLagMs)} ms, RSS api ${fmt(s.rss.api)} / projector ${fmt(s.rss.projector)} / broker ${fmt(s.rss.broker)} MiB`,
      );
    }
  }, 250);
  const result = await openLoop(
    { host: server.host, port: server.port },
    {
      ratePerSecond: rate / batch,
      seconds,
      maxSockets: 64,
      // Deadline day keeps coming: give up only when the API is 10 minutes behind.
      giveUpAfterMs: 600_000,
      request: (n) => ({
        method: 'POST',
        path: '/plans/ganzhou-2024/enrollment-batches',
        headers: { 'idempotency-key': `deadline-${n}` },
        body: Buffer.from(
          JSON.stringify({
            enrollments: Array.from({ length: batch }, (_, i) =>
              campaign.enrollment(n * batch + i),
            ),
          }),
        ),
      }),
    },
  );
  const ingestEnded = Date.now();
  const ingestSamples = samples.slice();
  const ingestCpu = Object.fromEntries(
    Object.entries(pids).map(([name, pid]) => [name, processCpuSeconds(pid) - cpu0[name]]),
  );
  const loadDuringIngest = conditions();

  // The API is stopped now (it finishes the requests it has; after a give-up those include
  // requests the bench no longer waits for), so the head it leaves is final. Caught up: every
  // view and the topics have that head.
  const apiCpuAtEnd = processCpuSeconds(pids.api) - cpu0.api;
  let apiStopped = false;
  const stoppingApi = server.stop().then(() => (apiStopped = true));
  let viewsCaughtAt: number | undefined;
  let topicsCaughtAt: number | undefined;
  let finalHead = 0;
  while (viewsCaughtAt === undefined || topicsCaughtAt === undefined) {
    const stopped = apiStopped;
    const s = sample();
    samples.push(s);
    finalHead = s.head;
    if (stopped && viewsCaughtAt === undefined && s.views >= s.head) viewsCaughtAt = s.at;
    if (stopped && topicsCaughtAt === undefined && s.gateway >= s.head) topicsCaughtAt = s.at;
    if (projector.exited()) throw new Error(`the projector exited: see ${dataDir}/projector.log`);
    if (Date.now() - ingestEnded > 3_600_000) throw new Error('not caught up within an hour');
    await sleep(50);
  }
  await stoppingApi;
  clearInterval(timer);
  // The loop above also waited for the API to shut down (seconds after a long run): the catch-up
  // times are when the first sample had the final head, not when the loop noticed.
  const firstWith = (reached: (s: Sample) => boolean) =>
    samples.find((s) => s.at >= ingestEnded && reached(s))?.at ?? ingestEnded;
  viewsCaughtAt = firstWith((s) => s.views >= finalHead);
  topicsCaughtAt = firstWith((s) => s.gateway >= finalHead);
  const apiStoppedAfter = (Date.now() - ingestEnded) / 1000;
  const totalCpu: Record<string, number> = Object.fromEntries(
    Object.entries(pids).map(([name, pid]) => [name, processCpuSeconds(pid) - cpu0[name]]),
  );
  totalCpu.api = apiCpuAtEnd; // its process is gone; it did nothing but shut down since
  const benchCpu = cpuSeconds() - benchCpu0;
  const policies = probe.count(
    "SELECT COUNT(*) FROM es_events WHERE stream_id LIKE 'policy-%' AND revision = 0",
  );
  const events = finalHead - startHead;
  probe.close();
  await projector.stop();

  const enrolled = result.ok * batch;
  const achieved = enrolled / result.seconds;
  const lags = (pick: (s: Sample) => number) => Float64Array.from(ingestSamples.map(pick)).sort();
  const viewLag = lags((s) => s.viewLagMs);
  const gatewayLag = lags((s) => s.gatewayLagMs);
  const ms = (a: Float64Array, p: number) => `${fmt(percentile(a, p))} ms`;
  console.log(`conditions during ingest: ${loadDuringIngest}`);
  console.log(
    `ingest achieved: ${fmt(enrolled)} enrollments answered in ${fmt(result.seconds, 1)} s = ${fmt(achieved)}/s (${fmt((100 * achieved) / rate, 1)}% of the ${fmt(rate)}/s target); ${errorLine(result)}`,
  );
  console.log(`  batch latency (scheduled → answer): ${latencyLine(result.latenciesMs)}`);
  if (result.abandoned) {
    console.log(
      `  the API fell 10 minutes behind: ${fmt(result.abandoned)} requests never sent; those sent but unanswered were cancelled by the bench (the API may still have recorded them)`,
    );
  }
  console.log(
    `  ${fmt(events)} events appended (${fmt(events / enrolled, 2)} per answered enrollment); ${fmt(policies)} policies in the ledger`,
  );
  console.log(
    `projection lag while ingesting (${fmt(ingestSamples.length)} samples, slowest view): p50 ${ms(viewLag, 50)}, p99 ${ms(viewLag, 99)}, max ${ms(viewLag, 100)} (goal p99 ≤ 1,000 ms)`,
  );
  console.log(
    `gateway lag while ingesting (last acknowledged batch): p50 ${ms(gatewayLag, 50)}, p99 ${ms(gatewayLag, 99)}, max ${ms(gatewayLag, 100)}`,
  );
  console.log(
    `caught up after the last answer: views ${fmt((viewsCaughtAt - ingestEnded) / 1000, 2)} s, topics ${fmt((topicsCaughtAt - ingestEnded) / 1000, 2)} s (samples every 50 ms; the API's graceful shutdown ended ${fmt(apiStoppedAfter, 1)} s after the last answer)`,
  );
  const rssAtEnd = ingestSamples[ingestSamples.length - 1]?.rss ?? {};
  for (const name of Object.keys(pids)) {
    const cpu = totalCpu[name];
    console.log(
      `  ${name.padEnd(9)} CPU ${fmt(ingestCpu[name], 1)} s while ingesting, ${fmt(cpu, 1)} s until caught up = ${fmt((cpu * 1e6) / enrolled, 1)} µs per enrollment; RSS at the end of ingest ${fmt(rssAtEnd[name])} MiB, peak ${fmt(name === 'broker' ? processPeakRssMiB(pids.broker) : peakRss[name])} MiB`,
    );
  }
  console.log(
    `  bench (load generator + probe) CPU ${fmt(benchCpu, 1)} s = ${fmt((benchCpu * 1e6) / enrolled, 1)} µs per enrollment`,
  );

  const check = await compareWithRebuild(server.sqlitePath);
  console.log(
    `views vs a from-zero rebuild (${fmt(check.events)} events in ${fmt(check.seconds, 1)} s, ${fmt(check.documents)} documents in ${LEDGER_PROJECTIONS.length} views): ${check.differences.length === 0 ? 'all equal' : `DIFFERENT: ${check.differences.join('; ')}`}`,
  );
  // Ceilings in the same run: a raw insert of the same events (bare table, synchronous=FULL,
  // 1,000 rows per commit; the first 200,000) for the ingest, and the rebuild above for the views.
  const sampleEvents = readSerializedEvents(server.sqlitePath, { limit: 200_000 });
  const ceiling = rawInsertCeiling(sampleEvents);
  console.log(describeCeiling('ceiling, raw insert of the same events', ceiling));
  const perEnrollment = events / enrolled;
  console.log(
    `  ingest = ${fmt((100 * achieved * perEnrollment) / ceiling.perSecond, 1)}% of the raw-insert ceiling; view rebuild from zero ${fmt(check.events / check.seconds)} events/s = ${fmt(check.events / check.seconds / perEnrollment / rate, 1)}× the target rate`,
  );
  console.log(`conditions at end: ${conditions()}`);

  try {
    const { createKafka } = await import('@ledger/kafka');
    const admin = createKafka({
      brokers: [brokers],
      clientId: 'deadline-bench',
      log: () => undefined,
    }).admin();
    await admin.connect();
    await admin
      .deleteTopics({ topics: Object.values(ledgerTopics(prefix)) })
      .catch(() => undefined);
    await admin.disconnect();
  } catch {
    /* the topics are scratch; a leftover is harmless */
  }
  if (startedBroker) execFileSync('bash', [BROKER_SH, 'stop'], { stdio: 'inherit' });
  if (args.flag('keep')) console.log(`ledger kept in ${dataDir}`);
  else if (existsSync(dataDir)) rmSync(dataDir, { recursive: true, force: true });
  if (check.differences.length > 0) process.exit(1);
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
