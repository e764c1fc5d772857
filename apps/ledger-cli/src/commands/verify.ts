import { writeFileSync } from 'node:fs';
import {
  describeFinding,
  keyring,
  keyIdOf,
  loadVerifyInputs,
  LogSource,
  openLogForReading,
  readAuditSettings,
  SealKeyError,
  SqliteLogReader,
  trustedSealKey,
  UsageError,
  verifyLog,
  VerifyReport,
} from '@ledger/audit';
import { CliUsageError, keyArgument, parseArgs } from '../cli-args';
import { StandaloneCliCommand } from '../cli-command';
import { ProgressBar } from '../progress-bar';

export const VERIFY_USAGE =
  '[--since-seal <file>] [--public-key <file>] [--published-seal <file>] [--proof-out <file>]';

/**
 * ledger verify: strictly read-only. Opens the log read-only (never the application, never a
 * write), checks every per-stream chain and position, recomputes the global commitment and
 * compares it with every seal in the log, the latest published seal and, given --since-seal, an
 * earlier one (RFC 9162 consistency proof). Exit 0 clean, 1 tampered, 2 usage.
 */
export async function verifyCommandLine(
  args: string[],
  env: NodeJS.ProcessEnv = process.env,
): Promise<number> {
  const { values, positional } = parseArgs(args, {
    values: ['--since-seal', '--public-key', '--published-seal', '--proof-out'],
  });
  if (positional.length > 0) throw new CliUsageError(`unexpected argument ${positional[0]}`);
  const settings = readAuditSettings(env);
  let trusted;
  try {
    trusted = trustedSealKey(settings, keyArgument(values.get('--public-key')));
  } catch (error) {
    if (error instanceof SealKeyError) throw new CliUsageError(`--public-key: ${error.message}`);
    throw error;
  }
  const noKey =
    'no sealing public key known: pass --public-key <file> (what `ledger audit public-key` prints) or set LEDGER_SEAL_PUBLIC_KEY';
  let report: VerifyReport;
  // The seal files and the record first, the log after (see loadVerifyInputs).
  const inputs = loadVerifyInputsOrUsage({
    publishedSealFile: values.get('--published-seal') ?? settings.publishedSealPath,
    sinceSealFile: values.get('--since-seal'),
    recordFile: settings.leavesPath,
  });
  // Without a key only a log never sealed can be verified (chains, positions, commitment): a seal
  // that cannot be checked is a usage problem, never reported as tampering nor passed over.
  if (!trusted && (inputs.since || (inputs.published && !('absent' in inputs.published))))
    throw new CliUsageError(noKey);
  let source: LogSource;
  try {
    source = await openLogForReading(settings, env);
  } catch (error) {
    throw new CliUsageError(
      `cannot read the log: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
  try {
    const total =
      source instanceof SqliteLogReader ? source.count() : Number((await source.head()).commit);
    const bar = new ProgressBar('verify', total);
    let read = 0;
    console.log(
      `verify: ${source.description} (read-only); ${trusted ? `seal key ${keyIdOf(trusted.key).slice(0, 16)}… from ${trusted.source}` : 'no seal key yet (the ledger never started here)'}`,
    );
    report = await verifyLog({
      source,
      trustedKeys: keyring(trusted ? [trusted.key] : []),
      inputs,
      onProgress: (n) => {
        bar.tick(n - read);
        read = n;
      },
    });
    bar.finish();
  } catch (error) {
    if (error instanceof UsageError) throw new CliUsageError(error.message);
    throw error;
  } finally {
    await source.close();
  }
  if (!trusted && report.sealsInLog > 0)
    throw new CliUsageError(`${noKey} (the log holds ${report.sealsInLog} seals)`);
  printReport(report);
  if (report.sealsInLog === 0 && !report.findings.length)
    console.log('no seal yet: nothing signed covers this log (npm run ledger -- audit seal)');
  const proofOut = values.get('--proof-out');
  if (proofOut && report.since?.consistency) {
    writeFileSync(
      proofOut,
      JSON.stringify({ since: report.since.body, consistency: report.since.consistency }, null, 2) +
        '\n',
    );
    console.log(`consistency proofs written to ${proofOut}`);
  }
  return report.findings.length > 0 ? 1 : 0;
}

function loadVerifyInputsOrUsage(files: Parameters<typeof loadVerifyInputs>[0]) {
  try {
    return loadVerifyInputs(files);
  } catch (error) {
    if (error instanceof UsageError) throw new CliUsageError(error.message);
    throw error;
  }
}

function printReport(r: VerifyReport): void {
  console.log(
    `verified ${r.events} events in ${r.streams} streams${r.head ? ` up to position ${r.head}` : ''}; global tree root ${r.rootHash}`,
  );
  const latest = r.latestSeal
    ? ` (latest: ${r.latestSeal.treeSize} events, sealed ${r.latestSeal.sealedAt})`
    : '';
  console.log(`seals in the log: ${r.sealsInLog}${latest}`);
  if (r.published) {
    console.log(
      `published seal ${r.published.file}: ${r.published.status === 'absent' ? 'none published yet' : r.published.status}${r.published.body ? ` (${r.published.body.treeSize} events, sealed ${r.published.body.sealedAt})` : ''}`,
    );
  }
  console.log(`record of the running ledger: ${r.sidecar}`);
  if (r.since) {
    const b = r.since.body!;
    console.log(
      `since seal ${r.since.file} (${b.treeSize} events up to position ${b.lastPosition}, sealed ${b.sealedAt}): ${r.since.status}`,
    );
    for (const c of r.since.consistency ?? []) {
      console.log(
        `  consistent with ${c.to === 'log' ? 'the log as it stands' : "the ledger's latest seal"} (${c.toTreeSize} events, root ${c.toRoot.slice(0, 16)}…): RFC 9162 consistency proof of ${c.proof.length} hashes ${c.verified ? 'verified' : 'DOES NOT VERIFY'}`,
      );
    }
  }
  for (const w of r.warnings) console.log(`warning: ${w}`);
  if (r.findings.length === 0) {
    console.log('OK: 0 problems');
    return;
  }
  const first = r.findings[0];
  console.log(
    `TAMPERED: first bad log position ${first.position ?? '?'}: ${describeFinding(first)}`,
  );
  for (const f of r.findings.slice(0, 100)) console.log(`  ${describeFinding(f)}`);
  if (r.findings.length > 100) console.log(`  … and ${r.findings.length - 100} more`);
  console.log(`${r.findings.length} problems`);
}

export const verify: StandaloneCliCommand = {
  standalone: true,
  rawArgs: true,
  usage: VERIFY_USAGE,
  summary: {
    zh: '只读核验台账：每条哈希链、全局承诺与每个封印；无改动退出码 0，有改动 1（审计）',
    en: 'read-only: every hash chain, the global commitment, every seal; exit 0 clean, 1 tampered (auditors)',
  },
  help: ['docs/audit.md: what is checked, and what cannot be detected'],
  run: ({ positionals }) => verifyCommandLine(positionals),
};
