import { writeFileSync } from 'node:fs';
import {
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
  SealCheck,
} from '@ledger/audit';
import { Language } from '@ledger/ledger';
import { CliUsageError, keyArgument, parseArgs } from '../cli-args';
import { StandaloneCliCommand } from '../cli-command';
import { ProgressBar } from '../progress-bar';
import { findingText, sayIn, sealTime } from './audit-text';

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
  language: Language = 'en',
): Promise<number> {
  const say = sayIn(language);
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
    const keyId = trusted && `${keyIdOf(trusted.key).slice(0, 16)}…`;
    say(
      `核验：${source.description}（只读）；${trusted ? `封印公钥 ${keyId}，来自 ${trusted.source}` : '尚无封印密钥（台账从未在此启动）'}`,
      `verify: ${source.description} (read-only); ${trusted ? `seal key ${keyId} from ${trusted.source}` : 'no seal key yet (the ledger never started here)'}`,
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
  printReport(report, language);
  if (report.sealsInLog === 0 && !report.findings.length)
    say(
      '尚无封印：此日志还没有任何签名覆盖（npm run ledger -- audit seal）',
      'no seal yet: nothing signed covers this log (npm run ledger -- audit seal)',
    );
  const proofOut = values.get('--proof-out');
  if (proofOut && report.since?.consistency) {
    writeFileSync(
      proofOut,
      JSON.stringify({ since: report.since.body, consistency: report.since.consistency }, null, 2) +
        '\n',
    );
    say(`一致性证明已写入 ${proofOut}`, `consistency proofs written to ${proofOut}`);
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

const SEAL_STATUS: Record<SealCheck['status'], string> = {
  ok: '一致',
  absent: '尚未发布',
  invalid: '签名无效',
  mismatch: '与日志不符',
  'beyond-log': '超出日志（日志被截短）',
};

function printReport(r: VerifyReport, language: Language): void {
  const say = sayIn(language);
  const time = (iso: string) => sealTime(iso, language);
  const upTo = r.head ? ` up to position ${r.head}` : '';
  say(
    `已核验 ${r.events} 个事件、${r.streams} 条流${r.head ? `，至日志位置 ${r.head}` : ''}；全局默克尔树根 ${r.rootHash}`,
    `verified ${r.events} events in ${r.streams} streams${upTo}; global tree root ${r.rootHash}`,
  );
  const latest = r.latestSeal;
  say(
    `日志中的封印：${r.sealsInLog} 个${latest ? `（最新一个覆盖 ${latest.treeSize} 个事件，封印于 ${time(latest.sealedAt)}）` : ''}`,
    `seals in the log: ${r.sealsInLog}${latest ? ` (latest: ${latest.treeSize} events, sealed ${latest.sealedAt})` : ''}`,
  );
  const p = r.published;
  if (p) {
    say(
      `已发布的封印 ${p.file}：${SEAL_STATUS[p.status]}${p.body ? `（${p.body.treeSize} 个事件，封印于 ${time(p.body.sealedAt)}）` : ''}`,
      `published seal ${p.file}: ${p.status === 'absent' ? 'none published yet' : p.status}${p.body ? ` (${p.body.treeSize} events, sealed ${p.body.sealedAt})` : ''}`,
    );
  }
  say(`运行中台账的核验记录：${r.sidecar}`, `record of the running ledger: ${r.sidecar}`);
  if (r.since) {
    const b = r.since.body!;
    say(
      `对照保存的封印 ${r.since.file}（${b.treeSize} 个事件，至位置 ${b.lastPosition}，封印于 ${time(b.sealedAt)}）：${SEAL_STATUS[r.since.status]}`,
      `since seal ${r.since.file} (${b.treeSize} events up to position ${b.lastPosition}, sealed ${b.sealedAt}): ${r.since.status}`,
    );
    for (const c of r.since.consistency ?? []) {
      const verdict = {
        zh: c.verified ? '已验证' : '验证不通过',
        en: c.verified ? 'verified' : 'DOES NOT VERIFY',
      };
      say(
        `  与${c.to === 'log' ? '当前日志' : '台账最新封印'}一致（${c.toTreeSize} 个事件，树根 ${c.toRoot.slice(0, 16)}…）：RFC 9162 一致性证明 ${c.proof.length} 个哈希，${verdict.zh}`,
        `  consistent with ${c.to === 'log' ? 'the log as it stands' : "the ledger's latest seal"} (${c.toTreeSize} events, root ${c.toRoot.slice(0, 16)}…): RFC 9162 consistency proof of ${c.proof.length} hashes ${verdict.en}`,
      );
    }
  }
  for (const w of r.warnings) say(`注意：${w}`, `warning: ${w}`);
  if (r.findings.length === 0) {
    say('核验通过：未发现问题 (OK: 0 problems)', 'OK: 0 problems');
    return;
  }
  const first = r.findings[0];
  say(
    `发现篡改 (TAMPERED)：第一个异常的日志位置 ${first.position ?? '?'}：${findingText(first, 'zh')}`,
    `TAMPERED: first bad log position ${first.position ?? '?'}: ${findingText(first, 'en')}`,
  );
  for (const f of r.findings.slice(0, 100)) console.log(`  ${findingText(f, language)}`);
  const more = r.findings.length - 100;
  if (more > 0) say(`  …另有 ${more} 个`, `  … and ${more} more`);
  say(`共 ${r.findings.length} 个问题`, `${r.findings.length} problems`);
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
  run: ({ positionals }, out) => verifyCommandLine(positionals, process.env, out.language),
};
