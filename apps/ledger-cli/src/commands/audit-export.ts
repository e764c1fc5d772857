import { createHash } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  AuditExportError,
  buildAuditBundle,
  openLogForReading,
  parseSealPublicKey,
  readAuditSettings,
  serializeAuditBundle,
  SqliteLogReader,
  trustedSealKey,
} from '@ledger/audit';
import { parsePosition } from '@ledger/event-store';
import { CliUsageError, keyArgument, parseArgs } from '../cli-args';
import { ProgressBar } from '../progress-bar';
import { sayIn, sealTime } from './audit-text';
import { Language } from '@ledger/ledger';

export const EXPORT_USAGE =
  'audit export --plan <planId> [--to-position N] --out <dir|file.json>   a bundle an auditor verifies alone (tools/audit-verifier)';

/**
 * ledger audit export: read-only, like verify. Writes the plan's events (personal data still
 * sealed), the seals, the consistency proofs, every other event's leaf parts and the ledger's own
 * figures, as canonical JSON. The auditor checks it with tools/audit-verifier/verify-bundle.js.
 */
export async function auditExport(
  args: string[],
  env: NodeJS.ProcessEnv,
  language: Language = 'en',
): Promise<number> {
  const say = sayIn(language);
  const { values, positional } = parseArgs(args, {
    values: ['--plan', '--to-position', '--out', '--public-key'],
  });
  if (positional.length > 0) throw new CliUsageError(`unexpected argument ${positional[0]}`);
  const planId = values.get('--plan');
  const out = values.get('--out');
  if (!planId || !out) throw new CliUsageError(`usage: ${EXPORT_USAGE}`);
  const positionText = values.get('--to-position');
  const toPosition = positionText === undefined ? undefined : parsePosition(positionText);
  if (positionText !== undefined && !toPosition) {
    throw new CliUsageError(
      `--to-position must be a log position (e.g. 1234), got "${positionText}"`,
    );
  }
  const settings = readAuditSettings(env);
  const given = keyArgument(values.get('--public-key'));
  const trusted = given ? { key: parseSealPublicKey(given) } : trustedSealKey(settings);
  if (!trusted)
    throw new CliUsageError('no sealing key known: pass --public-key or set LEDGER_SEAL_KEY');
  const source = await openLogForReading(settings, env);
  let bytes: Buffer;
  let summary: [string, string];
  try {
    const bar = new ProgressBar('export', source instanceof SqliteLogReader ? source.count() : 0);
    let read = 0;
    const bundle = await buildAuditBundle({
      source,
      trustedKey: trusted.key,
      planId,
      toPosition,
      onProgress: (n) => {
        bar.tick(n - read);
        read = n;
      },
    });
    bar.finish();
    const full = bundle.leaves.filter((l) => !Array.isArray(l)).length;
    if (full === 0) throw new CliUsageError(`plan ${planId} has no event in the log`);
    bytes = serializeAuditBundle(bundle);
    const others = bundle.leaves.length - full;
    const anchor = bundle.seal.body;
    const earlier = bundle.earlierSeals.length;
    summary = [
      `${planId}，截至日志位置 ${bundle.toPosition}：本方案事件 ${full} 个、其他事件 ${others} 个，锚定于覆盖 ${anchor.treeSize} 个事件的封印（封印于 ${sealTime(anchor.sealedAt, 'zh')}），另有 ${earlier} 个更早的封印及其一致性证明`,
      `${planId} as of position ${bundle.toPosition}: ${full} events of the plan and ${others} others, anchored to the seal of ${anchor.treeSize} events (sealed ${anchor.sealedAt}), ${earlier} earlier seals with consistency proofs`,
    ];
  } catch (error) {
    if (error instanceof AuditExportError) {
      say(`未导出：${error.message}`, `not exported: ${error.message}`);
      return 1;
    }
    throw error;
  } finally {
    await source.close();
  }
  const file = out.endsWith('.json')
    ? out
    : join(out, `${planId}-at-${values.get('--to-position') ?? 'latest-seal'}.audit.json`);
  if (!out.endsWith('.json')) mkdirSync(out, { recursive: true });
  writeFileSync(file, bytes);
  const digest = createHash('sha256').update(bytes).digest('hex');
  say(`已导出 ${summary[0]}`, `exported ${summary[1]}`);
  say(
    `审计包 ${file}（${bytes.length} 字节，SHA-256 ${digest}）`,
    `bundle ${file} (${bytes.length} bytes, SHA-256 ${digest})`,
  );
  say(
    `核验方法：node tools/audit-verifier/verify-bundle.js ${file} --public-key <台账发布的公钥>`,
    `verify it: node tools/audit-verifier/verify-bundle.js ${file} --public-key <the ledger's published public key>`,
  );
  return 0;
}
