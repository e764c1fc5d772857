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
): Promise<number> {
  const [sub, ...rest] = args;
  switch (sub) {
    case 'public-key':
      return publicKey(rest, env);
    case 'seal':
      return seal(rest, env);
    case 'latest-seal':
      return latestSeal(rest, env);
    case 'export':
      return auditExport(rest, env);
    default:
      throw new CliUsageError(
        sub
          ? `unknown audit command ${sub}`
          : 'audit needs a command: public-key, seal, latest-seal or export',
      );
  }
}

/** Read-only: the configured key or the development key, never created here. */
function publicKey(args: string[], env: NodeJS.ProcessEnv): number {
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
  console.log(`# key id (SHA-256 of the SPKI DER): ${keyIdOf(key)}`);
  process.stdout.write(publicKeyPem(key));
  if (out) {
    writeFileSync(out, publicKeyPem(key));
    console.log(`# written to ${out}`);
  }
  return 0;
}

/**
 * Verifies the whole log as the running ledger does on start, then records and publishes a seal
 * of it. Refuses (exit 1) on a log found altered: a seal never blesses altered history.
 */
async function seal(args: string[], env: NodeJS.ProcessEnv): Promise<number> {
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
      console.log(
        `not sealed: the log was altered at position ${status.problem.position ?? '?'} (${status.problem.kind}: ${status.problem.message})`,
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
      console.log(
        'another sealer recorded a seal at the same moment; it stands (run again to seal after it)',
      );
      return 0;
    }
    if (!outcome.published) {
      console.log('nothing to seal: the log is empty');
      return 0;
    }
    const { seal: signed, recordedAs } = outcome.published;
    console.log(
      `${outcome.status === 'sealed' ? 'sealed' : 'unchanged since the latest seal'}: ${signed.body.treeSize} events up to position ${signed.body.lastPosition}, root ${signed.body.rootHash}, recorded at position ${recordedAs.position}; published to ${settings.publishedSealPath}`,
    );
    return 0;
  } finally {
    sidecar.close();
    await store.close();
  }
}

/** The published seal file, else the latest seal in the log (read-only), and whether it verifies. */
async function latestSeal(args: string[], env: NodeJS.ProcessEnv): Promise<number> {
  const out = parseArgs(args, { values: ['--out'] }).values.get('--out');
  // What an auditor keeps to check later that the log still extends it (verify --since-seal).
  const keep = (document: object) => {
    if (!out) return;
    writeFileSync(out, `${JSON.stringify(document, null, 2)}\n`);
    console.log(`# kept in ${out} (verify --since-seal ${out})`);
  };
  const settings = readAuditSettings(env);
  const trusted = trustedSealKey(settings);
  const check = (s: unknown) =>
    trusted
      ? (sealProblem(s, keyring([trusted.key])) ?? 'signature verified')
      : 'no key to check it with';
  if (existsSync(settings.publishedSealPath)) {
    const { seal: s, recordedAs } = readSealFile(settings.publishedSealPath);
    console.log(JSON.stringify({ seal: s, recordedAs }, null, 2));
    console.log(`# published in ${settings.publishedSealPath}; ${check(s)}`);
    keep(JSON.parse(readFileSync(settings.publishedSealPath, 'utf8')) as object);
    return 0;
  }
  const source = await openLogForReading(settings, env);
  try {
    const event = await source.latestSealEvent();
    if (!event) {
      console.log('no seal yet (ledger audit seal)');
      return 1;
    }
    const published = publishedSealOf(sealOf(event) as SignedSeal, event);
    console.log(JSON.stringify(published, null, 2));
    console.log(
      `# from the log (not published to ${settings.publishedSealPath}); ${check(published.seal)}`,
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
  run: ({ positionals }) => auditTools(positionals),
};
