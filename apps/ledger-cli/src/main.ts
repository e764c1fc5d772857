import { accessKey } from './commands/access-key';
import { demo } from './commands/demo';
import { groupPurchase, groupRemittance } from './commands/group-purchase';
import { demoHuidebao } from './commands/demo-huidebao';
import { importClaims } from './commands/import-claims';
import { importEnrollments } from './commands/import-enrollments';
import { importRoster } from './commands/import-roster';
import { importTable } from './commands/import-table';
import { progress } from './commands/progress';
import { rebuild } from './commands/rebuild';
import { renewalRun } from './commands/renewal-run';
import { verify } from './commands/verify';
import { openLedger } from './cli-context';

const COMMANDS: Record<
  string,
  {
    run: (app: Awaited<ReturnType<typeof openLedger>>, args: string[]) => Promise<number>;
    help: string;
  }
> = {
  'import-table': {
    run: importTable,
    help: 'import-table <planId> <file.csv|file.json> [source] [--map FROM=TO]... [--keep-unlisted] [--yes | --apply <fingerprint>]   preview a township table (diff, enrollments affected, discrepancies); apply it with --yes or --apply',
  },
  'import-claims': {
    run: importClaims,
    help: 'import-claims <file.csv> [importId]  batch claim import (format: docs/claims.md), a line per row',
  },
  'import-enrollments': {
    run: importEnrollments,
    help: 'import-enrollments <planId> <file.jsonl> [importId]   batch enrollment (批量参保), one JSON body per line',
  },
  'import-roster': {
    run: importRoster,
    help: 'import-roster <planId> <rosterId> <file.csv> --list-date YYYY-MM-DD [--received-on YYYY-MM-DD]  apply a full-subsidy roster (资助参保名单) at its own date',
  },
  'group-purchase': {
    run: groupPurchase,
    help: 'group-purchase <planId> <employerId> <batchId> <staff.csv> --name 单位名称 [--union] (--share-percent 60 | --share-yuan 60) [--rest individual|personal_account] [--remitted-yuan N] [--received-on D]   employer or union group purchase (团体参保)',
  },
  'group-remittance': {
    run: groupRemittance,
    help: 'group-remittance <planId> <employerId> <batchId> <amountYuan> [--received-on D]   the remittance of a group-purchase batch, reconciled',
  },
  'renewal-run': {
    run: renewalRun,
    help: 'renewal-run <productId> <planYear> [--occurred-at ISO] [--deductions f.csv]  续保: renew consenting people (resumable)',
  },
  rebuild: {
    run: rebuild,
    help: 'rebuild [view]                      replay the log into the views from zero',
  },
  progress: {
    run: progress,
    help: 'progress <planId> [--as-of ISO] [--as-of-position N] [--csv]   township progress',
  },
  verify: {
    run: (app) => verify(app),
    help: 'verify                              recompute every hash chain (auditors)',
  },
  demo: { run: demo, help: 'demo [perTownship]                  load the demo campaign' },
  'demo-huidebao': {
    run: demoHuidebao,
    help: 'demo-huidebao [scale]               a synthetic two-year 惠得保 campaign (004 shape; scale 1 = 830,000 people)',
  },
};

/** Commands that do not open the ledger. */
const OFFLINE: Record<string, { run: (args: string[]) => number; help: string }> = {
  'access-key': {
    run: accessKey,
    help: 'access-key <id> <role> [scope JSON]   a new API key and its access-file entry (digest only)',
  },
};

/** Operators' and auditors' command line, on the same configuration as the API (LEDGER_*). */
async function main(argv: string[]): Promise<number> {
  const [name, ...args] = argv;
  if (name && Object.hasOwn(OFFLINE, name)) return OFFLINE[name].run(args);
  const command = name ? COMMANDS[name] : undefined;
  if (!command) {
    console.log(
      'usage: npm run ledger -- <command>\n' +
        [...Object.values(COMMANDS), ...Object.values(OFFLINE)]
          .map((c) => `  ${c.help}`)
          .join('\n'),
    );
    return name ? 2 : 0;
  }
  const app = await openLedger();
  try {
    return await command.run(app, args);
  } finally {
    await app.close();
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  },
);
