import { INestApplicationContext } from '@nestjs/common';
import { AuditSettingsError, SealKeyError } from '@ledger/audit';
import { audit, AUDIT_USAGE } from './commands/audit';
import { demo } from './commands/demo';
import { importClaims } from './commands/import-claims';
import { importEnrollments } from './commands/import-enrollments';
import { importRoster } from './commands/import-roster';
import { importTable } from './commands/import-table';
import { progress } from './commands/progress';
import { rebuild } from './commands/rebuild';
import { verify, VERIFY_USAGE } from './commands/verify';
import { CliUsageError } from './cli-args';

type Command =
  /** Runs on the whole ledger (stores, handlers, views): the commands that write. */
  | {
      opensLedger: true;
      run: (app: INestApplicationContext, args: string[]) => Promise<number>;
      help: string;
    }
  /** Opens only what it needs itself (the audit tools read the log read-only). */
  | { opensLedger: false; run: (args: string[]) => Promise<number>; help: string };

const COMMANDS: Record<string, Command> = {
  'import-table': {
    opensLedger: true,
    run: importTable,
    help: 'import-table <planId> <file.csv|file.json> [source]   import a township table, print the discrepancy report',
  },
  'import-claims': {
    opensLedger: true,
    run: importClaims,
    help: 'import-claims <file.csv> [importId]  batch claim import (format: docs/claims.md), a line per row',
  },
  'import-enrollments': {
    opensLedger: true,
    run: importEnrollments,
    help: 'import-enrollments <planId> <file.jsonl> [importId]   batch enrollment (批量参保), one JSON body per line',
  },
  'import-roster': {
    opensLedger: true,
    run: importRoster,
    help: 'import-roster <planId> <rosterId> <file.csv>  apply a full-subsidy roster (资助参保名单)',
  },
  rebuild: {
    opensLedger: true,
    run: rebuild,
    help: 'rebuild [view]                      replay the log into the views from zero',
  },
  progress: {
    opensLedger: true,
    run: progress,
    help: 'progress <planId> [--as-of ISO] [--as-of-position N] [--csv]   township progress',
  },
  verify: {
    opensLedger: false,
    run: verify,
    help: `${VERIFY_USAGE}\n      read-only: every hash chain, the global commitment, every seal; exit 0 clean, 1 tampered, 2 usage (auditors)`,
  },
  audit: {
    opensLedger: false,
    run: audit,
    help: AUDIT_USAGE.join('\n  '),
  },
  demo: {
    opensLedger: true,
    run: demo,
    help: 'demo [perTownship]                  load the demo campaign',
  },
};

function usage(): string {
  return (
    'usage: npm run ledger -- <command>\n' +
    Object.values(COMMANDS)
      .map((c) => `  ${c.help}`)
      .join('\n')
  );
}

/** Operators' and auditors' command line, on the same configuration as the API (LEDGER_*). */
async function main(argv: string[]): Promise<number> {
  const [name, ...args] = argv;
  const command = name ? COMMANDS[name] : undefined;
  if (!command) {
    console.log(usage());
    return name ? 2 : 0;
  }
  try {
    if (!command.opensLedger) return await command.run(args);
    // Loaded only here: the audit tools never load the application (and never publish plans).
    const { openLedger } = await import('./cli-context');
    const app = await openLedger();
    try {
      return await command.run(app, args);
    } finally {
      await app.close();
    }
  } catch (error) {
    const usageError =
      error instanceof CliUsageError ||
      error instanceof AuditSettingsError ||
      error instanceof SealKeyError;
    if (!usageError) throw error;
    console.error(`${name}: ${error.message}`);
    return 2;
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  },
);
