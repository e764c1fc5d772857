import {
  IntegrityMonitor,
  keyIdOf,
  keyring,
  LeafSidecar,
  LogSealer,
  openLogForReading,
  openStoreForSealing,
  publicKeyPem,
  publishedSealOf,
  readAuditSettings,
  readDevSealKey,
  readSealFile,
  sealingKey,
  sealOf,
  sealProblem,
  parseSealPrivateKey,
  SignedSeal,
  trustedSealKey,
} from '@ledger/audit';
import { SqliteEventStore } from '@ledger/event-store';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { CliUsageError, parseArgs } from '../cli-args';
import { StandaloneCliCommand } from '../cli-command';
import { auditExport, EXPORT_USAGE } from './audit-export';
import { Say, sayIn } from './audit-text';
import { Language } from '@ledger/ledger';

export const AUDIT_USAGE = [
  'audit public-key [--out FILE]       the public key auditors check seals with (PEM) and its id',
  'audit seal                          verify the log, then seal it now (signed tree head, recorded and published)',
  'audit latest-seal [--out FILE]      the latest seal (the published file, else the log); --out keeps a copy',
  `${EXPORT_USAGE}`,
];

/** ledger audit <public-key|seal|latest-seal|export>: auditors' and operators' seal tools. */
export async function auditTools(
  args: string[],
  env: NodeJS.ProcessEnv = process.env,
  language: Language = 'en',
): Promise<number> {
  const [sub, ...rest] = args;
  const say = sayIn(language);
  switch (sub) {
    case 'public-key':
      return publicKey(rest, env, say);
    case 'seal':
      return seal(rest, env, say);
    case 'latest-seal':
      return latestSeal(rest, env, say);
    case 'export':
      return auditExport(rest, env, language);
    default:
      throw new CliUsageError(
        sub
          ? `unknown audit command ${sub}`
          : 'audit needs a command: public-key, seal, latest-seal or export',
      );
  }
}

/** Read-only: the configured key or the development key, never created here. */
function publicKey(args: string[], env: NodeJS.ProcessEnv, say: Say): number {
  const out = parseArgs(args, { values: ['--out'] }).values.get('--out');
  const settings = readAuditSettings(env);
  const key = settings.sealKeyText
    ? parseSealPrivateKey(settings.sealKeyText)
    : readDevSealKey(settings.devSealKeyPath);
  if (!key) {
    throw new CliUsageError(
      `no sealing key yet: set LEDGER_SEAL_KEY, or start the ledger once to generate the development key (${settings.devSealKeyPath})`,
    );
  }
  say(
    `# 公钥编号（SPKI DER 的 SHA-256）：${keyIdOf(key)}`,
    `# key id (SHA-256 of the SPKI DER): ${keyIdOf(key)}`,
  );
  process.stdout.write(publicKeyPem(key));
  if (out) {
    writeFileSync(out, publicKeyPem(key));
    say(`# 已写入 ${out}`, `# written to ${out}`);
  }
  return 0;
}

/**
 * Verifies the whole log as the running ledger does on start, then records and publishes a seal
 * of it. Refuses (exit 1) on a log found altered: a seal never blesses altered history.
 */
async function seal(args: string[], env: NodeJS.ProcessEnv, say: Say): Promise<number> {
  parseArgs(args, {});
  const settings = readAuditSettings(env);
  const key = sealingKey(settings);
  const store = await openStoreForSealing(settings, env);
  const sidecar = LeafSidecar.open(settings.leavesPath);
  const log = (level: 'log' | 'warn' | 'error', message: string) =>
    (level === 'log' ? console.log : console.error)(message);
  try {
    const monitor = new IntegrityMonitor({
      store,
      trustedKeys: keyring([key]),
      contiguousPositions: store instanceof SqliteEventStore,
      sidecar,
      scrubEventsPerTick: 0,
      log,
      now: () => new Date(),
    });
    await monitor.start();
    const status = monitor.status();
    if (status.problem) {
      const at = status.problem.position ?? '?';
      const why = `${status.problem.kind}: ${status.problem.message}`;
      say(
        `未封印：日志在位置 ${at} 被改动（${why}）`,
        `not sealed: the log was altered at position ${at} (${why})`,
      );
      return 1;
    }
    const sealer = new LogSealer({
      store,
      monitor,
      key,
      now: () => new Date(),
      publishedSealFile: settings.publishedSealPath,
      log,
    });
    const outcome = await sealer.seal('cli');
    await monitor.stop();
    if (outcome.status === 'raced') {
      say(
        '另一个封印进程同时记录了封印，以它为准（再运行一次可在其后封印）',
        'another sealer recorded a seal at the same moment; it stands (run again to seal after it)',
      );
      return 0;
    }
    if (!outcome.published) {
      say('无可封印：日志为空', 'nothing to seal: the log is empty');
      return 0;
    }
    const { seal: signed, recordedAs } = outcome.published;
    const b = signed.body;
    say(
      `${outcome.status === 'sealed' ? '已封印' : '自最新封印以来无变化'}：${b.treeSize} 个事件，至位置 ${b.lastPosition}，树根 ${b.rootHash}，记录于位置 ${recordedAs.position}；已发布到 ${settings.publishedSealPath}`,
      `${outcome.status === 'sealed' ? 'sealed' : 'unchanged since the latest seal'}: ${b.treeSize} events up to position ${b.lastPosition}, root ${b.rootHash}, recorded at position ${recordedAs.position}; published to ${settings.publishedSealPath}`,
    );
    return 0;
  } finally {
    sidecar.close();
    await store.close();
  }
}

/** The published seal file, else the latest seal in the log (read-only), and whether it verifies. */
async function latestSeal(args: string[], env: NodeJS.ProcessEnv, say: Say): Promise<number> {
  const out = parseArgs(args, { values: ['--out'] }).values.get('--out');
  // What an auditor keeps to check later that the log still extends it (verify --since-seal).
  const keep = (document: object) => {
    if (!out) return;
    writeFileSync(out, `${JSON.stringify(document, null, 2)}\n`);
    say(
      `# 已保存到 ${out}（verify --since-seal ${out}）`,
      `# kept in ${out} (verify --since-seal ${out})`,
    );
  };
  const settings = readAuditSettings(env);
  const trusted = trustedSealKey(settings);
  // "签名已验证" or why not; the problem itself is the verifier's English detail.
  const check = (s: unknown): [string, string] => {
    if (!trusted) return ['没有可用于验证的公钥', 'no key to check it with'];
    const problem = sealProblem(s, keyring([trusted.key]));
    return problem ? [`签名验证不通过：${problem}`, problem] : ['签名已验证', 'signature verified'];
  };
  if (existsSync(settings.publishedSealPath)) {
    const { seal: s, recordedAs } = readSealFile(settings.publishedSealPath);
    console.log(JSON.stringify({ seal: s, recordedAs }, null, 2));
    const [zh, en] = check(s);
    say(
      `# 发布于 ${settings.publishedSealPath}；${zh}`,
      `# published in ${settings.publishedSealPath}; ${en}`,
    );
    keep(JSON.parse(readFileSync(settings.publishedSealPath, 'utf8')) as object);
    return 0;
  }
  const source = await openLogForReading(settings, env);
  try {
    const event = await source.latestSealEvent();
    if (!event) {
      say('尚无封印（npm run ledger -- audit seal）', 'no seal yet (npm run ledger -- audit seal)');
      return 1;
    }
    const published = publishedSealOf(sealOf(event) as SignedSeal, event);
    console.log(JSON.stringify(published, null, 2));
    const [zh, en] = check(published.seal);
    say(
      `# 取自日志（未发布到 ${settings.publishedSealPath}）；${zh}`,
      `# from the log (not published to ${settings.publishedSealPath}); ${en}`,
    );
    keep(published);
    return 0;
  } finally {
    await source.close();
  }
}

export const audit: StandaloneCliCommand = {
  standalone: true,
  rawArgs: true,
  usage: '<public-key|seal|latest-seal|export> [options]',
  summary: {
    zh: '封印工具：公钥、立即封印、最新封印、导出审计包（只读，导出包可单独核验）',
    en: 'seal tools: public key, seal now, latest seal, an audit bundle (tools/audit-verifier checks it alone)',
  },
  help: AUDIT_USAGE,
  run: ({ positionals }, out) => auditTools(positionals, process.env, out.language),
};
