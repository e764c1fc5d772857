import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { cpSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
export const CLI = join(__dirname, '..', '..', 'dist', 'apps', 'ledger-cli', 'src', 'main.js');
export const BUNDLE_VERIFIER = join(
  __dirname,
  '..',
  '..',
  'tools',
  'audit-verifier',
  'verify-bundle.js',
);

export interface CliResult {
  code: number;
  stdout: string;
}

/** Runs a node script; stdout and stderr together, and the exit code. */
export async function runNode(
  script: string,
  args: string[],
  env: NodeJS.ProcessEnv,
): Promise<CliResult> {
  try {
    const { stdout, stderr } = await run(process.execPath, [script, ...args], {
      env,
      maxBuffer: 64 * 1024 * 1024,
    });
    return { code: 0, stdout: stdout + stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout + e.stderr };
  }
}

/** A data directory for the compiled CLI (`npm run build` first), with its own keys. */
export class CliLedger {
  constructor(
    readonly dir: string,
    readonly env: NodeJS.ProcessEnv,
  ) {}

  static create(prefix = 'ledger-cli-'): CliLedger {
    const dir = mkdtempSync(join(tmpdir(), prefix));
    return new CliLedger(dir, {
      ...process.env,
      LEDGER_DATA_DIR: dir,
      LEDGER_PERSON_REF_KEY: randomBytes(32).toString('base64'),
      LEDGER_MASTER_KEY: randomBytes(32).toString('base64'),
      LEDGER_SEAL_INTERVAL_MS: '0',
      // The lines these tests read are the English ones.
      LEDGER_LANG: 'en',
    });
  }

  get logPath(): string {
    return join(this.dir, 'ledger.sqlite');
  }

  cli(...args: string[]): Promise<CliResult> {
    return runNode(CLI, args, this.env);
  }

  /** A copy of the whole data directory (log, keys, record, published seal) to tamper with. */
  copy(prefix = 'ledger-copy-'): CliLedger {
    const dir = mkdtempSync(join(tmpdir(), prefix));
    cpSync(this.dir, dir, { recursive: true });
    return new CliLedger(dir, { ...this.env, LEDGER_DATA_DIR: dir });
  }
}
