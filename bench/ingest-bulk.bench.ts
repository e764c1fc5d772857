import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CommandBus } from '@nestjs/cqrs';
import { EventStore, SqliteEventStore } from '@ledger/event-store';
import {
  EnrollPersonCommand,
  EnrollmentFileImport,
  FixedClock,
  EVENT_STORE,
  LedgerIntegrity,
  LedgerViews,
  openLedgerContext,
} from '@ledger/ledger';
import { ledgerConfig } from './ledger-builder';
import { benchArgs } from './args';
import { describeCeiling, rawInsertCeiling, readSerializedEvents } from './ceilings';
import {
  cpuSeconds,
  fmt,
  mainThreadCpuSeconds,
  peakRssMiB,
  printHeader,
  ratio,
  secondsSince,
} from './machine';
import { profiled } from './profile';
import { SyntheticCampaign } from './synthetic-campaign';

/**
 * Bulk ingest through the full command path (validate, decide, encrypt, hash, append, project,
 * verify: the running ledger's tamper-evidence checks of every appended event, docs/audit.md).
 * `--path import` (default): what `ledger import-enrollments` does — a JSON Lines file of the
 * campaign, each line validated by the API's DTO, decided in batches of `--batch` (1,000).
 * `--path bus`: single EnrollPersonCommands on the command bus, `concurrency` in flight.
 * Either way the store's group commit batches the appends. Then the raw-insert ceiling of the
 * very events it stored, and the ratio.
 *
 * Usage: node dist/bench/ingest-bulk.bench.js [enrollments=50000] [concurrency=256]
 *          [--path import|bus] [--batch 1000] [--warmup 2000] [--profile bulk.cpuprofile] [--keep]
 */
async function main() {
  const args = benchArgs({
    warmup: { type: 'string' },
    path: { type: 'string' },
    batch: { type: 'string' },
    profile: { type: 'string' },
    keep: { type: 'boolean' },
  });
  const total = args.positional(0, 50_000);
  const concurrency = args.positional(1, 256);
  const warmup = args.num('warmup', Math.min(2_000, Math.ceil(total / 10)));
  const path = args.str('path') ?? 'import';
  if (path !== 'import' && path !== 'bus') throw new Error(`--path must be import or bus`);
  const batchSize = args.num('batch', 1_000);
  printHeader();
  const dir = mkdtempSync(join(tmpdir(), 'bench-ingest-'));
  const config = ledgerConfig(dir);
  const app = await openLedgerContext({
    config,
    clock: new FixedClock(Date.parse('2024-01-31T12:00:00+08:00')),
    logger: false,
  });
  const bus = app.get(CommandBus);
  const store = app.get<EventStore>(EVENT_STORE);
  const campaign = new SyntheticCampaign();
  const requests = Array.from({ length: warmup + total }, (_, n) => campaign.enrollment(n));
  const importFile = (from: number, to: number) => {
    const file = join(dir, `enrollments-${from}.jsonl`);
    writeFileSync(
      file,
      requests
        .slice(from, to)
        .map((r) => JSON.stringify(r) + '\n')
        .join(''),
    );
    return file;
  };
  const files =
    path === 'import' ? [importFile(0, warmup), importFile(warmup, warmup + total)] : [];
  const run = async (from: number, to: number) => {
    if (path === 'import') {
      const report = await app
        .get(EnrollmentFileImport)
        .importFile('ganzhou-2024', files[from < warmup ? 0 : 1], { actor: 'bench', batchSize });
      const { lines, enrolled } = report.summary;
      if (enrolled !== lines) throw new Error(`import: ${JSON.stringify(report.summary)}`);
      return;
    }
    let next = from;
    await Promise.all(
      Array.from({ length: concurrency }, async () => {
        while (next < to) {
          const n = next++;
          await bus.execute(
            new EnrollPersonCommand('ganzhou-2024', requests[n], {
              commandId: `bench-${n}`,
              correlationId: 'bench',
              actor: 'bench',
            }),
          );
        }
      }),
    );
  };
  try {
    if (warmup > 0) {
      await run(0, warmup);
      await app.get(LedgerViews).caughtUp(undefined, 600_000);
      await app.get(LedgerIntegrity).verifyNow();
    }
    const statsBefore = store instanceof SqliteEventStore ? store.stats() : undefined;
    const cpu = cpuSeconds();
    const mainCpu = mainThreadCpuSeconds();
    const started = process.hrtime.bigint();
    let appended = 0;
    await profiled(args.str('profile'), async () => {
      await run(warmup, warmup + total);
      appended = secondsSince(started);
      await app.get(LedgerViews).caughtUp(undefined, 600_000);
      // Tamper evidence inside the measured window: every event appended is verified and
      // committed to the global tree before the clock stops (docs/audit.md, docs/performance.md).
      await app.get(LedgerIntegrity).verifyNow();
    });
    const projected = secondsSince(started);
    const cpuUsed = cpuSeconds() - cpu;
    const mainCpuUsed = mainThreadCpuSeconds() - mainCpu;
    const head = await store.headPosition();
    const stats = store instanceof SqliteEventStore ? store.stats() : undefined;
    const flushes = stats && statsBefore ? stats.flushes - statsBefore.flushes : NaN;
    const rate = total / projected;
    const how =
      path === 'import'
        ? `file import (JSON Lines, DTO validation, batches of ${fmt(batchSize)})`
        : `command bus, concurrency ${concurrency}`;
    console.log(
      `bulk ingest: ${fmt(total)} enrollments, ${how}: appended in ${fmt(appended, 2)} s (${fmt(total / appended)}/s), views caught up and log verified at ${fmt(projected, 2)} s (${fmt(rate)}/s); log head ${head.commit}`,
    );
    console.log(
      `  CPU ${fmt(cpuUsed, 2)} s = ${fmt((1e6 * cpuUsed) / total)} µs per enrollment (${fmt(total / cpuUsed)} enrollments per CPU-second), main thread ${fmt((1e6 * mainCpuUsed) / total)} µs; ${fmt(flushes)} group commits (${fmt(total / flushes, 1)} appends each); peak RSS ${fmt(peakRssMiB())} MiB`,
    );

    await app.close();
    const events = readSerializedEvents(config.sqlitePath, { streamPrefix: 'policy-' });
    const perEnrollment = events.length / (warmup + total);
    const ceiling = rawInsertCeiling(events);
    const indexed = rawInsertCeiling(events, { schema: 'es_events' });
    console.log(describeCeiling('  raw insert ceiling (bare table, same events)', ceiling));
    console.log(describeCeiling('  raw insert ceiling (es_events schema + indexes)', indexed));
    console.log(
      `  bulk ingest = ${ratio(rate * perEnrollment, ceiling.perSecond)} (bare), ${ratio(rate * perEnrollment, indexed.perSecond)} (es_events schema); target ≥ 50,000/s and ≥ 15% of ceiling: ${fmt((100 * rate) / 50_000, 1)}% of the rate target`,
    );
  } finally {
    await app.close().catch(() => undefined);
    if (args.flag('keep') || process.env.KEEP) console.log(`ledger kept in ${dir}`);
    else rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
