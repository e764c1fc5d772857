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

export const EXPORT_USAGE =
  'audit export --plan <planId> [--to-position N] --out <dir|file.json>   a bundle an auditor verifies alone (tools/audit-verifier)';

/**
 * ledger audit export: read-only, like verify. Writes the plan's events (personal data still
 * sealed), the seals, the consistency proofs, every other event's leaf parts and the ledger's own
 * figures, as canonical JSON. The auditor checks it with tools/audit-verifier/verify-bundle.js.
 */
export async function auditExport(args: string[], env: NodeJS.ProcessEnv): Promise<number> {
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
  let summary: string;
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
    summary = `${planId} as of position ${bundle.toPosition}: ${full} events of the plan and ${bundle.leaves.length - full} others, anchored to the seal of ${bundle.seal.body.treeSize} events (sealed ${bundle.seal.body.sealedAt}), ${bundle.earlierSeals.length} earlier seals with consistency proofs`;
  } catch (error) {
    if (error instanceof AuditExportError) {
      console.log(`not exported: ${error.message}`);
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
  console.log(`exported ${summary}`);
  console.log(
    `bundle ${file} (${bytes.length} bytes, SHA-256 ${createHash('sha256').update(bytes).digest('hex')})`,
  );
  console.log(
    `verify it: node tools/audit-verifier/verify-bundle.js ${file} --public-key <the ledger's published public key>`,
  );
  return 0;
}
