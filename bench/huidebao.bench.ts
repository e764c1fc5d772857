import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { formatYuan } from '@ledger/domain';
import { EventStore } from '@ledger/event-store';
import {
  EVENT_STORE,
  FixedClock,
  HuidebaoDemo,
  LedgerViews,
  openLedgerContext,
  ProductViews,
  scaledShape,
} from '@ledger/ledger';
import { benchArgs } from './args';
import { ledgerConfig } from './ledger-builder';
import { cpuSeconds, peakRssMiB, percentile, printHeader } from './machine';

const PRODUCT = 'jiujiang-huidebao';

const secondsSince = (t0: bigint) => Number(process.hrtime.bigint() - t0) / 1e9;
const pct = (bp: number | null) => (bp === null ? '—' : `${(bp / 100).toFixed(2)}%`);

/**
 * The SYNTHETIC two-year 惠得保 campaign (004's shape: 830,000 distinct people, 62.55 million
 * yuan paid; the data is made up) loaded through the ledger's own commands on the embedded store,
 * then the cumulative view: load time, the figures, and the time to answer it (from the current
 * views, and "as of" the end of year 1, which replays the log). Prints figures; asserts nothing.
 *
 * Usage: node dist/bench/huidebao.bench.js [scale=1] [--concurrency 64] [--queries 50] [--keep]
 */
async function main() {
  const args = benchArgs({
    concurrency: { type: 'string' },
    queries: { type: 'string' },
    keep: { type: 'boolean' },
  });
  const scale = args.positional(0, 1);
  if (!(scale > 0 && scale <= 1)) throw new Error('scale must be in (0, 1]');
  const concurrency = args.num('concurrency', 64);
  const queries = args.num('queries', 50);
  printHeader();
  const shape = scaledShape(scale);
  console.log(
    `synthetic 惠得保 campaign at scale ${scale}: ${shape.year1People} people in 2023, ` +
      `${shape.consents} renewal consents, ${shape.reEnrolled} re-enrolling, ` +
      `${shape.year2NewPeople} new in 2024; payouts ${formatYuan(shape.paidFen[0] + shape.paidFen[1])} yuan`,
  );
  const dir = mkdtempSync(join(tmpdir(), 'bench-huidebao-'));
  const app = await openLedgerContext({
    config: { ...ledgerConfig(dir), projections: 'external' },
    clock: new FixedClock(Date.parse('2025-06-01T10:00:00+08:00')),
    logger: false,
  });
  const store = app.get<EventStore>(EVENT_STORE);
  const t0 = process.hrtime.bigint();
  const cpu0 = cpuSeconds();
  const phases = new Map<string, bigint>();
  let lastPhase = '';
  const summary = await app.get(HuidebaoDemo).load({
    scale,
    concurrency,
    onPhase: (phase, done, total) => {
      if (!phases.has(phase)) phases.set(phase, process.hrtime.bigint());
      if (done === total) {
        const s = secondsSince(phases.get(phase)!);
        console.log(`  ${phase}: ${total} in ${s.toFixed(1)} s (${Math.round(total / s)}/s)`);
      } else if (phase !== lastPhase) lastPhase = phase;
    },
  });
  const loadSeconds = secondsSince(t0);
  const loadCpu = cpuSeconds() - cpu0;
  const head = await store.headPosition();
  console.log(
    `load (commands): ${loadSeconds.toFixed(1)} s, ${loadCpu.toFixed(1)} s CPU, ${head.commit} events in the log`,
  );
  console.log(`  ${JSON.stringify(summary)}`);

  const views = app.get(LedgerViews);
  const t1 = process.hrtime.bigint();
  const projected = await views.catchUpOnce();
  const viewSeconds = secondsSince(t1);
  console.log(
    `views from zero: ${projected} events in ${viewSeconds.toFixed(1)} s (${Math.round(projected / viewSeconds)} events/s)`,
  );
  console.log(`load total (commands + views): ${(loadSeconds + viewSeconds).toFixed(1)} s`);

  const products = app.get(ProductViews);
  const times: number[] = [];
  let view = await products.cumulative(PRODUCT);
  for (let i = 0; i < queries; i++) {
    const q = process.hrtime.bigint();
    view = await products.cumulative(PRODUCT);
    times.push(Number(process.hrtime.bigint() - q) / 1e6);
  }
  times.sort((a, b) => a - b);
  const o = view.overall;
  console.log('cumulative view (synthetic data):');
  console.log(
    `  distinct people ${o.distinctPeople}, enrollments ${o.enrollments}, premium ${formatYuan(o.premiumFen)} yuan, ` +
      `paid ${formatYuan(o.paidPayoutFen)} yuan, loss ratio ${pct(o.lossRatioBp)} (paid ${pct(o.paidLossRatioBp)})`,
  );
  for (const y of view.years) {
    console.log(
      `  ${y.planYear}: ${y.enrollments} enrolled (${y.newPeople} new, ${y.continuing} continuing, renewal rate ${pct(y.renewalRateBp)}), ` +
        `renewal run ${JSON.stringify(y.renewals)}, premium ${formatYuan(y.premiumFen)}, paid ${formatYuan(y.paidPayoutFen)} yuan ` +
        `(${y.paidClaims} claims), loss ratio ${pct(y.lossRatioBp)}`,
    );
  }
  const counties = [...view.byCounty].sort((a, b) => b.distinctPeople - a.distinctPeople);
  console.log(
    `  by county (${counties.length}): ` +
      counties
        .slice(0, 4)
        .map((c) => `${c.name?.zh ?? c.regionCode} ${c.distinctPeople}`)
        .join(', ') +
      ', …',
  );
  for (const t of view.insurerRanking.byTerm) {
    console.log(
      `  term ${t.termId}: ` +
        t.insurers.map((i) => `${i.rank}. ${i.name} ${formatYuan(i.premiumFen)}`).join(', '),
    );
  }
  console.log(
    `time to answer (current views, ${queries} queries): p50 ${percentile(times, 50).toFixed(1)} ms, ` +
      `p99 ${percentile(times, 99).toFixed(1)} ms, max ${times[times.length - 1].toFixed(1)} ms`,
  );
  const t2 = process.hrtime.bigint();
  const asOf = await products.cumulative(PRODUCT, {
    instant: Date.parse('2023-12-31T23:59:59+08:00'),
  });
  console.log(
    `time to answer as of 2023-12-31 (replays the log): ${secondsSince(t2).toFixed(1)} s — ` +
      `${asOf.overall.distinctPeople} distinct people, ${asOf.years.length} year(s), paid ${formatYuan(asOf.overall.paidPayoutFen)} yuan`,
  );
  console.log(`peak RSS ${peakRssMiB().toFixed(0)} MiB`);
  await app.close();
  if (args.flag('keep')) console.log(`ledger kept in ${dir}`);
  else rmSync(dir, { recursive: true, force: true });
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
