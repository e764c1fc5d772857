import { INestApplicationContext } from '@nestjs/common';
import { ParseArgsConfig } from 'node:util';
import { CliOutput } from './cli-output';

/** A usage error: the command line itself is wrong (exit 2, nothing opened or written). */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

export interface CliArgs {
  positionals: string[];
  options: Record<string, string | boolean | undefined>;
}

interface CliCommandBase {
  /** "<planId> <file> [importId]": required in <>, optional in []. */
  usage: string;
  summary: { zh: string; en: string };
  options?: ParseArgsConfig['options'];
  /** Lines of help beside the usage (options, formats). */
  help?: string[];
  /** Checks the arguments before the ledger is opened (throw UsageError). */
  check?: (args: CliArgs) => void;
}

/** A command that works on the ledger: it opens the configured stores (and may write). */
export interface LedgerCliCommand extends CliCommandBase {
  run: (app: INestApplicationContext, args: CliArgs, out: CliOutput) => Promise<number>;
}

/**
 * A command that must not open the ledger: it needs none of it (a new access key), or it must
 * not change anything by opening it (an auditor's read-only checks open the files themselves).
 */
export interface StandaloneCliCommand extends CliCommandBase {
  standalone: true;
  /**
   * The command reads its own arguments (the audit tools, with subcommands and their own
   * options): `positionals` is the whole argument list as given; only --help is looked at.
   */
  rawArgs?: true;
  run: (args: CliArgs, out: CliOutput) => Promise<number>;
}

/** A command of the CLI: its arguments, its help, and what it does (exit code). */
export type CliCommand = LedgerCliCommand | StandaloneCliCommand;

/** Required positionals of a usage string. */
export function requiredCount(usage: string): number {
  return (usage.match(/<[^>]+>/g) ?? []).length;
}

/** Positionals a usage string allows at most. */
export function allowedCount(usage: string): number {
  return (usage.match(/<[^>]+>|\[[^\]-][^\]]*\]/g) ?? []).length;
}
