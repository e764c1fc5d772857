import { writeFileSync } from 'node:fs';
import { toCsv } from '@ledger/projections';
import { RenewalRuns } from '@ledger/ledger';
import { LedgerCliCommand, UsageError } from '../cli-command';

/**
 * ledger renewal-run <productId> <planYear> [--occurred-at ISO] [--concurrency N] [--deductions f.csv]
 * Renews everyone with a standing consent (续保) into the plan year: a line per person as it is
 * decided, then the summary. Safe to run again after an interruption: it continues the run.
 */
export const renewalRun: LedgerCliCommand = {
  usage: '<productId> <planYear>',
  summary: {
    zh: '续保：为同意续保的人登记下一年度参保（可中断后续跑）',
    en: 'renew consenting people into the plan year (resumable)',
  },
  options: {
    'occurred-at': { type: 'string' },
    concurrency: { type: 'string' },
    deductions: { type: 'string' },
  },
  help: [
    '--occurred-at ISO     business time of the run (default: now)',
    '--concurrency N       people decided at once',
    '--deductions FILE     write the pending deductions as CSV (for the account office)',
  ],
  check: ({ positionals: [, year], options }) => {
    if (!/^\d{4}$/.test(year)) throw new UsageError(`planYear is a year like 2025, not "${year}"`);
    if (options.concurrency !== undefined && !/^[1-9]\d{0,3}$/.test(String(options.concurrency)))
      throw new UsageError('--concurrency is a whole number from 1 to 9999');
  },
  async run(app, { positionals: [productId, year], options }, out) {
    const occurredAt = options['occurred-at'];
    const report = await app.get(RenewalRuns).run(productId, Number(year), {
      ...(typeof occurredAt === 'string' ? { occurredAt } : {}),
      ...(options.concurrency ? { concurrency: Number(options.concurrency) } : {}),
      actor: 'cli',
      onProgress: ({ done, total, outcome }) => {
        const earlier = outcome.replayed ? '（此前已办）' : '';
        if (outcome.outcome === 'renewed')
          out.line(
            `${done}/${total} ${outcome.personRef} 已续保，待划扣 ${outcome.contributionId} ${outcome.amountFen} 分${earlier}`,
            `${done}/${total} ${outcome.personRef} renewed ${outcome.contributionId} ${outcome.amountFen}${outcome.replayed ? ' (earlier)' : ''}`,
          );
        else
          out.line(
            `${done}/${total} ${outcome.personRef} 未续保：${outcome.label.zh}${earlier}`,
            `${done}/${total} ${outcome.personRef} not renewed ${outcome.reason}${outcome.replayed ? ' (earlier)' : ''}`,
          );
      },
    });
    if (typeof options.deductions === 'string') {
      writeFileSync(options.deductions, toCsv(report.deductions.map((d) => ({ ...d }))));
    }
    out.line(
      `续保 ${report.runId} → ${report.planId}${report.resumed ? '（续跑）' : ''}：同意 ${report.consents} 人，待划扣 ${report.renewed} 人，未续保 ${JSON.stringify(report.skipped)}`,
      `renewal run ${report.runId} into ${report.planId}${report.resumed ? ' (resumed)' : ''}: ${report.consents} consents, ${report.renewed} pending deductions, not renewed ${JSON.stringify(report.skipped)}`,
    );
    out.document(report);
    return 0;
  },
};
