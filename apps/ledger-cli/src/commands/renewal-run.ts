import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { INestApplicationContext } from '@nestjs/common';
import { toCsv } from '@ledger/projections';
import { RenewalRuns } from '@ledger/ledger';

/**
 * ledger renewal-run <productId> <planYear> [--occurred-at ISO] [--concurrency N] [--deductions f.csv]
 * Renews everyone with a standing consent (续保) into the plan year: a line per person as it is
 * decided, then the summary. Safe to run again after an interruption: it continues the run.
 */
export async function renewalRun(app: INestApplicationContext, args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      'occurred-at': { type: 'string' },
      concurrency: { type: 'string' },
      deductions: { type: 'string' },
    },
  });
  const [productId, year] = positionals;
  const planYear = Number(year);
  if (!productId || !Number.isInteger(planYear))
    throw new Error(
      'usage: renewal-run <productId> <planYear> [--occurred-at ISO] [--concurrency N] [--deductions file.csv]',
    );
  const report = await app.get(RenewalRuns).run(productId, planYear, {
    ...(values['occurred-at'] ? { occurredAt: values['occurred-at'] } : {}),
    ...(values.concurrency ? { concurrency: Number(values.concurrency) } : {}),
    actor: 'cli',
    onProgress: ({ done, total, outcome }) => {
      const what =
        outcome.outcome === 'renewed'
          ? `renewed ${outcome.contributionId} ${outcome.amountFen}`
          : `not renewed ${outcome.reason} ${outcome.label.zh}`;
      console.log(
        `${done}/${total} ${outcome.personRef} ${what}${outcome.replayed ? ' (earlier)' : ''}`,
      );
    },
  });
  if (values.deductions) {
    writeFileSync(values.deductions, toCsv(report.deductions.map((d) => ({ ...d }))));
  }
  console.log(
    `renewal run ${report.runId} into ${report.planId}${report.resumed ? ' (resumed)' : ''}: ` +
      `${report.consents} consents, ${report.renewed} pending deductions, not renewed ${JSON.stringify(report.skipped)}`,
  );
  return 0;
}
