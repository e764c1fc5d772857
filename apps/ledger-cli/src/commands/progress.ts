import { INestApplicationContext } from '@nestjs/common';
import { formatYuan } from '@ledger/domain';
import { toCsv } from '@ledger/projections';
import { LedgerViews, asOfFrom, ViewReports } from '@ledger/ledger';

function option(args: string[], name: string): string | undefined {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
}

/** ledger progress <planId> [--as-of ISO] [--as-of-position N] [--csv]: township progress. */
export async function progress(app: INestApplicationContext, args: string[]): Promise<number> {
  const planId = args[0];
  if (!planId)
    throw new Error(
      'usage: progress <planId> [--as-of 2024-01-31T24:00:00+08:00] [--as-of-position N] [--csv]',
    );
  const asOf = asOfFrom({
    asOf: option(args, '--as-of'),
    asOfPosition: option(args, '--as-of-position'),
  });
  if (!asOf) {
    // Bring the stored views up to date first (the CLI drives them itself).
    await app.get(LedgerViews).catchUpOnce();
  }
  const report = await app.get(ViewReports).progress(planId, asOf);
  const rows = [report.county, ...report.districts, ...report.townships];
  if (args.includes('--csv')) {
    process.stdout.write(
      toCsv(
        rows.map((r) => ({
          level: r.level,
          id: r.id,
          name: r.name.zh,
          base: r.baseParticipants,
          active: r.active,
          pending: r.pending,
          rateBp: r.rateBp,
          ...Object.fromEntries(
            Object.entries(r.targets).map(([k, v]) => [`target_${k}`, v.target]),
          ),
          premiumYuan: formatYuan(r.premiumCollectedFen),
        })),
      ),
    );
    return 0;
  }
  const pct = (bp?: number) => (bp === undefined ? '' : `${(bp / 100).toFixed(2)}%`);
  console.log(
    `${planId} progress${asOf ? ` as of ${JSON.stringify(asOf, (_k, v) => (typeof v === 'bigint' ? v.toString() : v))}` : ''}`,
  );
  console.log(
    ['level', 'name', 'base', 'active', 'pending', 'rate', 'targets (gap)', 'premium (yuan)'].join(
      '\t',
    ),
  );
  for (const r of rows) {
    const targets = Object.entries(r.targets)
      .map(([k, v]) => `${k} ${v.target} (${v.gap})`)
      .join(', ');
    console.log(
      [
        r.level,
        r.name.zh || r.id,
        r.baseParticipants ?? '',
        r.active,
        r.pending,
        pct(r.rateBp),
        targets,
        formatYuan(r.premiumCollectedFen),
      ].join('\t'),
    );
  }
  return 0;
}
