import { parseArgs } from 'node:util';
import { AuditSettingsError, SealKeyError } from '@ledger/audit';
import { CliUsageError } from './cli-args';
import {
  allowedCount,
  CliArgs,
  CliCommand,
  LedgerCliCommand,
  requiredCount,
  StandaloneCliCommand,
  UsageError,
} from './cli-command';
import { cliLanguage, CliOutput } from './cli-output';
import { accessKey } from './commands/access-key';
import { audit } from './commands/audit';
import { demo } from './commands/demo';
import { demoHuidebao } from './commands/demo-huidebao';
import { groupPurchase, groupRemittance } from './commands/group-purchase';
import { importClaims } from './commands/import-claims';
import { importEnrollments } from './commands/import-enrollments';
import { importRoster } from './commands/import-roster';
import { importTable } from './commands/import-table';
import { progress } from './commands/progress';
import { rebuild } from './commands/rebuild';
import { renewalRun } from './commands/renewal-run';
import { verify } from './commands/verify';

const COMMANDS: Record<string, CliCommand> = {
  'import-enrollments': importEnrollments,
  'import-table': importTable,
  'import-roster': importRoster,
  'import-claims': importClaims,
  'group-purchase': groupPurchase,
  'group-remittance': groupRemittance,
  'renewal-run': renewalRun,
  progress,
  rebuild,
  verify,
  audit,
  'access-key': accessKey,
  demo,
  'demo-huidebao': demoHuidebao,
};

/** Options every command takes. */
const GLOBAL_OPTIONS = {
  help: { type: 'boolean', short: 'h' },
  json: { type: 'boolean' },
  lang: { type: 'string' },
} as const;

const GLOBAL_HELP = [
  '  -h, --help      this help (exit 0)',
  '  --json          machine-readable output: one JSON document on stdout',
  '  --lang zh|en    language of messages (default: LEDGER_LANG, then LANG; Chinese otherwise)',
  'Exit status: 0 done; 1 nothing accepted, a line failed, or the run was refused (unknown plan,',
  'unreadable file, verify found an altered event); 2 the command line is wrong.',
];

function usage(): string {
  const width = Math.max(...Object.entries(COMMANDS).map(([n, c]) => n.length + c.usage.length));
  return [
    'usage: npm run ledger -- <command> [options]   (docs/imports.md, README.md)',
    ...Object.entries(COMMANDS).map(
      ([name, c]) => `  ${`${name} ${c.usage}`.padEnd(width + 3)}${c.summary.zh} / ${c.summary.en}`,
    ),
    ...GLOBAL_HELP,
  ].join('\n');
}

function commandHelp(name: string, c: CliCommand): string {
  return [
    `usage: npm run ledger -- ${name} ${c.usage}`,
    `  ${c.summary.zh} / ${c.summary.en}`,
    ...(c.help ?? []).map((l) => `  ${l}`),
    ...GLOBAL_HELP,
  ].join('\n');
}

/** Parses the command line; a wrong one is a UsageError (exit 2), before the ledger opens. */
function parse(name: string, command: CliCommand, argv: string[]): CliArgs & { help: boolean } {
  if ('rawArgs' in command) {
    const help = argv.includes('--help') || argv.includes('-h');
    // The language is the CLI's, whatever the command's own options are.
    const at = argv.indexOf('--lang');
    const lang = at >= 0 ? argv[at + 1] : undefined;
    if (at >= 0 && lang !== 'zh' && lang !== 'en')
      throw new UsageError(`--lang takes zh or en, not "${String(lang)}"`);
    const positionals = at >= 0 ? [...argv.slice(0, at), ...argv.slice(at + 2)] : argv;
    return { positionals, options: { lang }, help };
  }
  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs({
      args: argv,
      options: { ...GLOBAL_OPTIONS, ...command.options },
      allowPositionals: true,
      strict: true,
    });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const options = parsed.values as CliArgs['options'];
  const args = { positionals: parsed.positionals, options, help: options.help === true };
  if (args.help) return args;
  const lang = options.lang;
  if (lang !== undefined && lang !== 'zh' && lang !== 'en') {
    throw new UsageError(`--lang takes zh or en, not "${String(lang)}"`);
  }
  const required = requiredCount(command.usage);
  if (args.positionals.length < required) {
    throw new UsageError(`${name} needs ${command.usage}`);
  }
  if (args.positionals.length > allowedCount(command.usage)) {
    throw new UsageError(
      `${name} takes ${command.usage}; unexpected: ${args.positionals.slice(allowedCount(command.usage)).join(' ')}`,
    );
  }
  command.check?.(args);
  return args;
}

/** Operators' and auditors' command line, on the same configuration as the API (LEDGER_*). */
async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === '--help' || name === '-h' || name === 'help') {
    console.log(usage());
    return 0;
  }
  if (name === undefined) {
    console.error(`a command is needed\n${usage()}`);
    return 2;
  }
  const command = COMMANDS[name];
  if (!command) {
    console.error(`unknown command "${name}"\n${usage()}`);
    return 2;
  }
  let args: ReturnType<typeof parse>;
  try {
    args = parse(name, command, rest);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    console.error(`${error.message}\n${commandHelp(name, command)}`);
    return 2;
  }
  if (args.help) {
    console.log(commandHelp(name, command));
    return 0;
  }
  const out = new CliOutput(
    cliLanguage(args.options.lang as string | undefined, process.env),
    args.options.json === true,
  );
  // A standalone command never opens the ledger: the audit tools read the log files themselves
  // (read-only), and nothing is booted, published or written by running them.
  const app =
    'standalone' in command ? undefined : await (await import('./cli-context')).openLedger();
  try {
    return app === undefined
      ? await (command as StandaloneCliCommand).run(args, out)
      : await (command as LedgerCliCommand).run(app, args, out);
  } catch (error) {
    const usage =
      error instanceof UsageError ||
      error instanceof CliUsageError ||
      error instanceof AuditSettingsError ||
      error instanceof SealKeyError;
    if (usage) {
      console.error(`${name}: ${(error as Error).message}\n${commandHelp(name, command)}`);
      return 2;
    }
    const refusal = out.refusal(error);
    if (refusal === undefined) throw error;
    console.error(refusal);
    return 1;
  } finally {
    await app?.close();
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  },
);
