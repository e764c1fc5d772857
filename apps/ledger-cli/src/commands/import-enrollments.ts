import { INestApplicationContext } from '@nestjs/common';
import { formatYuan } from '@ledger/domain';
import { EnrollmentFileImport } from '@ledger/ledger';

/**
 * ledger import-enrollments <planId> <file.jsonl> [importId]: a channel's enrollment file, one
 * POST /enrollments body per line. Prints every line that was not enrolled now (with the field
 * and rule), then the summary; exit 1 when a line failed internally (re-run the file: lines
 * already written are replayed, nothing is written twice).
 */
export async function importEnrollments(
  app: INestApplicationContext,
  [planId, file, importId]: string[],
): Promise<number> {
  if (!planId || !file) {
    throw new Error(
      'usage: import-enrollments <planId> <file.jsonl> [importId]   (format: docs/enrollment-import.md)',
    );
  }
  let premiumFen = 0;
  const report = await app.get(EnrollmentFileImport).importFile(planId, file, {
    ...(importId ? { importId } : {}),
    actor: 'cli',
    onLine: (r) => {
      if (r.outcome === 'enrolled') {
        premiumFen += r.premiumFen ?? 0;
        return;
      }
      const detail = (r.errors ?? []).map((e) => ` ${e.field}: ${e.rule} ${e.message}`).join(';');
      console.log(`line ${r.line} ${r.outcome}${r.personRef ? ` ${r.personRef}` : ''}${detail}`);
    },
  });
  const s = report.summary;
  console.log(
    `import ${report.importId} into ${planId}: ${s.lines} lines: ${s.enrolled} enrolled (premiums ${formatYuan(premiumFen)} yuan), ${s.replayed} replayed, ${s.refused} refused, ${s.invalid} invalid, ${s.failed} failed (validated in a ${report.validatedIn})`,
  );
  return s.failed > 0 ? 1 : 0;
}
