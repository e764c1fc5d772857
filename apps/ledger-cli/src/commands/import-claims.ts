import { INestApplicationContext } from '@nestjs/common';
import { formatYuan } from '@ledger/domain';
import { ClaimCsvImport } from '@ledger/ledger';

/** ledger import-claims <file.csv> [importId]: batch claim import, one report line per row. */
export async function importClaims(
  app: INestApplicationContext,
  [file, importId]: string[],
): Promise<number> {
  if (!file)
    throw new Error('usage: import-claims <file.csv> [importId]   (format: docs/claims.md)');
  const report = await app
    .get(ClaimCsvImport)
    .importFile(file, { ...(importId ? { importId } : {}), actor: 'cli' });
  for (const r of report.rows) {
    const detail = r.rule
      ? ` ${r.field}: ${r.rule} ${r.message ?? ''}`
      : r.claimPayoutFen !== undefined
        ? ` payout ${formatYuan(r.claimPayoutFen)} yuan`
        : '';
    console.log(`row ${r.row} ${r.planId ?? ''} ${r.claimId ?? ''} ${r.outcome}${detail}`);
  }
  const s = report.summary;
  console.log(
    `import ${report.importId}: ${s.rows} rows, ${s.claims} claims: ${s.adjudicated} adjudicated, ${s.rejected} rejected, ${s.duplicate} duplicate, ${s.refused} refused, ${s.invalid} invalid, ${s.failed} failed; payouts ${formatYuan(s.payoutFen)} yuan`,
  );
  return s.failed > 0 ? 1 : 0;
}
