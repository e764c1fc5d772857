import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { benchArgs } from './args';
import { describeCeiling, rawInsertCeiling, readSerializedEvents } from './ceilings';
import { closedLoop, errorLine, latencyLine, RequestSpec } from './http-load';
import { startLedgerServer, viewsCaughtUp } from './ledger-server';
import { fmt, percentile, printHeader, ratio } from './machine';
import { SyntheticCampaign } from './synthetic-campaign';

/**
 * HTTP enroll: the API in its own process (`node dist/apps/ledger-api/src/main.js`, embedded
 * store, projections in-process), `concurrency` keep-alive clients each posting its next
 * enrollment when the previous answer arrived (POST /plans/ganzhou-2024/enrollments with an
 * Idempotency-Key). Prints throughput, latency percentiles, CPU time of server and client, then
 * the raw-insert ceiling of the very events the server stored, and the ratio.
 *
 * With `--batch N`, each request carries N enrollments (POST /plans/ganzhou-2024/enrollment-batches,
 * a channel's upload); latency is then per batch.
 *
 * Usage: node dist/bench/ingest-http.bench.js [enrollments=20000] [concurrency=64]
 *          [--batch N] [--warmup 2000] [--profile server.cpuprofile] [--keep]
 */
async function main() {
  const args = benchArgs({
    warmup: { type: 'string' },
    batch: { type: 'string' },
    profile: { type: 'string' },
    keep: { type: 'boolean' },
  });
  const total = args.positional(0, 20_000);
  const concurrency = args.positional(1, 64);
  const batch = args.num('batch', 1);
  const warmup = args.num('warmup', Math.min(2_000, Math.ceil(total / 10)));
  if (total % batch !== 0 || warmup % batch !== 0) {
    throw new Error(`enrollments (${total}) and --warmup (${warmup}) must be multiples of --batch`);
  }
  printHeader();

  const dataDir = mkdtempSync(join(tmpdir(), 'bench-http-'));
  const server = await startLedgerServer({ dataDir, cpuProfileFile: args.str('profile') });
  const campaign = new SyntheticCampaign(7);
  const requests = (warmup + total) / batch;
  const bodies = Array.from({ length: requests }, (_, r) =>
    Buffer.from(
      batch === 1
        ? JSON.stringify(campaign.enrollment(r))
        : JSON.stringify({
            enrollments: Array.from({ length: batch }, (_, i) =>
              campaign.enrollment(r * batch + i),
            ),
          }),
    ),
  );
  const enroll =
    (offset: number) =>
    (n: number): RequestSpec => ({
      method: 'POST',
      path:
        batch === 1 ? '/plans/ganzhou-2024/enrollments' : '/plans/ganzhou-2024/enrollment-batches',
      headers: { 'idempotency-key': `bench-http-${offset + n}` },
      body: bodies[offset + n],
    });
  const target = { host: server.host, port: server.port };
  try {
    if (warmup > 0) {
      const w = await closedLoop(target, {
        concurrency,
        total: warmup / batch,
        request: enroll(0),
      });
      console.log(
        `warm-up: ${fmt(warmup)} enrollments at ${fmt(w.ok / w.seconds)}/s, ${errorLine(w)}`,
      );
      await viewsCaughtUp(server);
    }
    const serverCpu = server.cpuSeconds();
    const serverMainCpu = server.mainThreadCpuSeconds();
    server.toggleProfile();
    const r = await closedLoop(target, {
      concurrency,
      total: total / batch,
      request: enroll(warmup / batch),
    });
    server.toggleProfile();
    const cpu = server.cpuSeconds() - serverCpu;
    const mainCpu = server.mainThreadCpuSeconds() - serverMainCpu;
    const caughtUp = await viewsCaughtUp(server);
    const rate = (r.ok * batch) / r.seconds;
    const how = batch === 1 ? '' : ` in batches of ${fmt(batch)} (latency per batch)`;
    console.log(
      `HTTP enroll: ${fmt(total)} enrollments${how}, ${concurrency} keep-alive clients: ${fmt(r.seconds, 2)} s, ${fmt(rate)} enrollments/s; ${errorLine(r)}`,
    );
    console.log(`  latency ${latencyLine(r.latenciesMs)}`);
    console.log(
      `  server CPU ${fmt(cpu, 2)} s = ${fmt((1000 * cpu) / total, 1)} ms per enrollment (${fmt(total / cpu)} enrollments per CPU-second), main thread ${fmt((1000 * mainCpu) / total, 2)} ms; load-generator CPU ${fmt(r.clientCpuSeconds, 2)} s; server peak RSS ${fmt(server.peakRssMiB())} MiB`,
    );
    console.log(`  views caught up ${fmt(caughtUp, 2)} s after the last answer`);
    await server.stop();

    const events = readSerializedEvents(server.sqlitePath, { streamPrefix: 'policy-' });
    // A batch answers 200 even when items are refused: every enrollment must have its event.
    if (events.length < warmup + total) {
      throw new Error(`only ${events.length} policy events for ${warmup + total} enrollments`);
    }
    const ceiling = rawInsertCeiling(events);
    const indexed = rawInsertCeiling(events, { schema: 'es_events' });
    console.log(describeCeiling('  raw insert ceiling (bare table, same events)', ceiling));
    console.log(describeCeiling('  raw insert ceiling (es_events schema + indexes)', indexed));
    const perEvent = events.length / (warmup + total);
    console.log(
      `  HTTP enroll = ${ratio(rate * perEvent, ceiling.perSecond)} (bare), ${ratio(rate * perEvent, indexed.perSecond)} (es_events schema); target ≥ 5,000/s with p99 ≤ 50 ms: ${fmt(rate)}/s (${fmt((100 * rate) / 5000, 1)}% of target), p99 ${fmt(percentile(r.latenciesMs, 99), 1)} ms`,
    );
  } finally {
    await server.stop();
    if (args.flag('keep')) console.log(`ledger kept in ${dataDir}`);
    else rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
