import Database from 'better-sqlite3';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { benchArgs } from './args';
import {
  closedLoop,
  errorLine,
  latencyLine,
  LoadResult,
  once,
  openLoop,
  RequestSpec,
} from './http-load';
import { buildSeedLedger, cloneLedger, ledgerPathIn } from './ledger-builder';
import { IncomingHttpHeaders } from 'node:http';
import { get, startLedgerServer } from './ledger-server';
import { fmt, percentile, printHeader } from './machine';
import { SyntheticCampaign } from './synthetic-campaign';

/**
 * Progress query latency: GET /plans/ganzhou-2024/progress (township, district and county
 * progress joined with the plan's targets) on a ledger holding a realistic campaign (default
 * 50,000 enrollments over Ningdu's 25 townships), the API in its own process. Open-loop load at a
 * fixed rate (1,000/s, then 2,000/s and 5,000/s to show where it bends), latency measured from
 * each request's scheduled instant; a rate the server cannot follow is given up once it is 5 s
 * behind (reported as such). Optionally with enrollments arriving at the same time.
 *
 * Each rate is run in each mode (--modes, default plain,conditional):
 *   - plain: GET without validators or Accept-Encoding — the whole JSON body every time;
 *   - gzip / br: GET with Accept-Encoding: gzip, or gzip, deflate, br (a browser's first load);
 *   - conditional: GET with If-None-Match of the latest ETag seen (what a polling dashboard sends:
 *     304 while the report is unchanged, 200 with a new ETag after a view commit changed it).
 * The load generator shares the machine: its CPU per request and how late it sent requests
 * (scheduled → sent) are printed next to the server's CPU.
 *
 * Usage: node dist/bench/query.bench.js [enrollments=50000] [--rates 1000,2000,5000]
 *          [--modes plain,conditional,gzip,br] [--seconds 20] [--with-ingest 200] [--ledger dir]
 *          [--profile server.cpuprofile] [--keep]
 */
async function main() {
  const args = benchArgs({
    rates: { type: 'string' },
    modes: { type: 'string' },
    seconds: { type: 'string' },
    'with-ingest': { type: 'string' },
    ledger: { type: 'string' },
    seed: { type: 'string' },
    profile: { type: 'string' },
    keep: { type: 'boolean' },
  });
  const enrollments = args.positional(0, 50_000);
  const rates = (args.str('rates') ?? '1000,2000,5000').split(',').map(Number);
  const modes = (args.str('modes') ?? 'plain,conditional').split(',') as Mode[];
  for (const m of modes) if (!(m in MODES)) throw new Error(`unknown mode ${m}`);
  const seconds = args.num('seconds', 20);
  const ingestRate = args.num('with-ingest', 0);
  printHeader();

  const kept = args.str('ledger');
  const dataDir = kept ?? mkdtempSync(join(tmpdir(), 'bench-query-'));
  mkdirSync(dataDir, { recursive: true });
  const path = ledgerPathIn(dataDir);
  const log = (line: string) => console.log(`  ${line}`);
  if (!existsSync(path)) {
    const seed = Math.min(enrollments, args.num('seed', 10_000));
    const built = await buildSeedLedger(dataDir, { enrollments: seed, log });
    // Clone the seed's policy streams until the ledger holds ~`enrollments` enrollments.
    const db = new Database(path, { readonly: true });
    const seedPolicyEvents = db
      .prepare("SELECT COUNT(*) FROM es_events WHERE stream_id LIKE 'policy-%'")
      .pluck()
      .get() as number;
    const head = db.prepare('SELECT MAX(seq) FROM es_events').pluck().get() as number;
    db.close();
    const perEnrollment = seedPolicyEvents / built.enrollments;
    // The API is started on this file: its clones must be chained like written events.
    cloneLedger(path, Math.round(head + (enrollments - built.enrollments) * perEnrollment), log, {
      rehash: true,
    });
  }
  const db = new Database(path, { readonly: true });
  const enrolled = db
    .prepare("SELECT COUNT(*) FROM es_events WHERE type = 'PolicyEnrolled'")
    .pluck()
    .get() as number;
  const events = db.prepare('SELECT MAX(seq) FROM es_events').pluck().get() as number;
  db.close();
  console.log(`ledger: ${fmt(enrolled)} enrollments, ${fmt(events)} events`);

  const started = Date.now();
  const server = await startLedgerServer({ dataDir, cpuProfileFile: args.str('profile') });
  console.log(`API up and views caught up in ${fmt((Date.now() - started) / 1000, 1)} s`);
  const target = { host: server.host, port: server.port };
  const progressPath = '/plans/ganzhou-2024/progress';
  try {
    const first = await once(target, { method: 'GET', path: progressPath });
    const body = JSON.parse(first.body) as {
      county: { active: number; pending: number; rateBp: number };
      townships: unknown[];
    };
    console.log(
      `GET ${progressPath}: ${first.status}, ${fmt(first.bytes)} bytes, ${body.townships.length} townships, county active ${fmt(body.county.active)} + pending ${fmt(body.county.pending)} (rate ${fmt(body.county.rateBp / 100, 2)}%), ETag ${first.headers.etag ?? 'none'}`,
    );
    // Conditional GETs carry the latest ETag seen, as a polling client would.
    let etag = first.headers.etag ?? '';
    const keepEtag = (status: number, headers: IncomingHttpHeaders) => {
      if (status === 200 && headers.etag) etag = headers.etag;
    };
    const queryIn = (mode: Mode) => (): RequestSpec => ({
      method: 'GET',
      path: progressPath,
      headers:
        mode === 'conditional'
          ? { 'if-none-match': etag }
          : MODES[mode]
            ? { 'accept-encoding': MODES[mode] }
            : undefined,
      onAnswer: mode === 'conditional' ? keepEtag : undefined,
    });
    const query = queryIn('plain');
    // Warm-up (JIT, caches): 2 s at the first rate in each mode.
    for (const mode of modes)
      await openLoop(target, { ratePerSecond: rates[0], seconds: 2, request: queryIn(mode) });

    const campaign = new SyntheticCampaign(99);
    let enrollmentNo = 0;
    const enroll = (): RequestSpec => {
      const n = enrollmentNo++;
      return {
        method: 'POST',
        path: '/plans/ganzhou-2024/enrollments',
        headers: { 'idempotency-key': `bench-query-ingest-${n}` },
        body: Buffer.from(JSON.stringify(campaign.enrollment(900_000 + n))),
      };
    };

    server.toggleProfile();
    for (const rate of rates)
      for (const mode of modes) {
        // A saturated run leaves requests behind in the server: start each rate on an idle server.
        await idle(server.host, server.port);
        const cpu = server.cpuSeconds();
        const load = loadavg()[0];
        const [r, ingest] = await Promise.all([
          openLoop(target, { ratePerSecond: rate, seconds, request: queryIn(mode) }),
          ingestRate > 0
            ? openLoop(target, { ratePerSecond: ingestRate, seconds, request: enroll })
            : Promise.resolve(undefined as LoadResult | undefined),
        ]);
        const used = server.cpuSeconds() - cpu;
        const achieved = r.ok / r.seconds;
        const statuses = [...r.statuses.entries()].map(([k, v]) => `${k}×${fmt(v)}`).join(', ');
        console.log(
          `progress query, ${mode} GETs, at ${fmt(rate)}/s for ${seconds} s${ingestRate > 0 ? ` with ${fmt(ingestRate)} enrollments/s` : ''} (load average ${fmt(load, 2)} → ${fmt(loadavg()[0], 2)}): ${r.abandoned ? 'SATURATED, answered' : 'achieved'} ${fmt(achieved)}/s (${fmt((100 * achieved) / rate, 1)}%; ${statuses}; ${fmt(r.bodyBytes / Math.max(1, r.ok))} body bytes per answer); ${errorLine(r)}`,
        );
        console.log(`  latency from schedule ${latencyLine(r.latenciesMs)}`);
        console.log(`  service time (send → answer) ${latencyLine(r.serviceMs!)}`);
        console.log(`  send lag (schedule → send, load generator) ${latencyLine(r.sendLagMs!)}`);
        // Per request only when every request was answered (a saturated run's server also worked on
        // requests whose answers were cancelled).
        const perRequest = r.abandoned
          ? ''
          : ` = ${fmt((1000 * used) / (r.ok + (ingest?.ok ?? 0)), 3)} ms per request`;
        const clientCpu = r.clientCpuSeconds + (ingest?.clientCpuSeconds ?? 0);
        console.log(
          `  server CPU ${fmt(used, 2)} s${perRequest} (${fmt((100 * used) / r.seconds)}% of a core); load-generator CPU ${fmt(clientCpu, 2)} s = ${fmt((1000 * clientCpu) / Math.max(1, r.sent - (r.abandoned ?? 0)), 3)} ms per request sent (${fmt((100 * clientCpu) / r.seconds)}% of a core)`,
        );
        if (ingest) {
          console.log(
            `  enrollments alongside: ${fmt(ingest.ok / ingest.seconds)}/s, ${latencyLine(ingest.latenciesMs)}; ${errorLine(ingest)}`,
          );
        }
        if (rate === 1000) {
          const p99 = percentile(r.latenciesMs, 99);
          console.log(
            `  target p99 ≤ 10 ms at 1,000/s (${mode} GETs): p99 ${fmt(p99, 2)} ms — ${p99 <= 10 ? 'met' : `missed by ${fmt(p99 - 10, 1)} ms`}`,
          );
        }
      }
    server.toggleProfile();
    // Capacity: as many answers per second as 16 clients waiting for each answer get.
    await idle(server.host, server.port);
    const cpu = server.cpuSeconds();
    const capacity = await closedLoop(target, { concurrency: 16, total: 3_000, request: query });
    const used = server.cpuSeconds() - cpu;
    console.log(
      `progress query capacity (closed loop, 16 clients, ${fmt(capacity.sent)} requests): ${fmt(capacity.ok / capacity.seconds)}/s, ${latencyLine(capacity.latenciesMs)}; server CPU ${fmt((1000 * used) / capacity.ok, 2)} ms per request; ${errorLine(capacity)}`,
    );
    console.log(`server peak RSS ${fmt(server.peakRssMiB())} MiB`);
  } finally {
    await server.stop();
    if (kept || args.flag('keep')) console.log(`ledger kept in ${dataDir}`);
    else rmSync(dataDir, { recursive: true, force: true });
  }
}

/** Accept-Encoding of each mode (br: a browser's). */
const MODES = { plain: '', conditional: '', gzip: 'gzip', br: 'gzip, deflate, br' } as const;
type Mode = keyof typeof MODES;

/** Waits (at most 60 s) until /health/ready answers within 20 ms three times in a row. */
async function idle(host: string, port: number): Promise<void> {
  const deadline = Date.now() + 60_000;
  let fast = 0;
  while (fast < 3 && Date.now() < deadline) {
    const t0 = process.hrtime.bigint();
    await get(host, port, '/health/ready').catch(() => undefined);
    fast = Number(process.hrtime.bigint() - t0) / 1e6 < 20 ? fast + 1 : 0;
    await new Promise((r) => setTimeout(r, 200));
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
