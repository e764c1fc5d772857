import { demo } from './commands/demo';
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
    help: 'import-table <planId> <file.csv|file.json> [source]   import a township table, print the discrepancy report',
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
    help: 'import-roster <planId> <rosterId> <file.csv>  apply a full-subsidy roster (资助参保名单)',
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

/** Operators' and auditors' command line, on the same configuration as the API (LEDGER_*). */
async function main(argv: string[]): Promise<number> {
  const [name, ...args] = argv;
  const command = name ? COMMANDS[name] : undefined;
  if (!command) {
    console.log(
      'usage: npm run ledger -- <command>\n' +
        Object.values(COMMANDS)
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
