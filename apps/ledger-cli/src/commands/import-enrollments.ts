import { formatYuan } from '@ledger/domain';
import {
  EnrollmentFileImport,
  EnrollmentLineResult,
  enrollmentResultLines,
  ResultLine,
} from '@ledger/ledger';
import { CliCommand } from '../cli-command';
import { ProgressBar } from '../progress-bar';
import { checkResultsPath, writeResults } from '../results-output';

/**
 * ledger import-enrollments <planId> <file> [importId]: a channel's enrollment file (JSON Lines,
 * or CSV/XLSX with Chinese or English headers). Prints each line that was not accepted, with its
 * field, rule and message; lines an earlier run of the same file already wrote are counted, not
 * listed. Exit 1 when nothing was accepted or a line failed internally (run the file again).
 */
export const importEnrollments: CliCommand = {
  usage: '<planId> <file> [importId]',
  summary: {
    zh: '导入参保名单（CSV、XLSX 或 JSON Lines，中文或英文表头）',
    en: 'import an enrollment file (CSV, XLSX or JSON Lines; Chinese or English headers)',
  },
  options: { sheet: { type: 'string' }, results: { type: 'string' } },
  help: [
    '--sheet NAME     XLSX: the worksheet to read (default: the first)',
    '--results FILE   write every line with its outcome and message to FILE (.csv or .xlsx)',
    'importId         names the run (default: the SHA-256 of the file: a re-run writes nothing twice)',
    'Columns, formats and encodings: docs/imports.md',
  ],
  check: ({ options }) => checkResultsPath(options.results),
  async run(app, { positionals: [planId, file, importId], options }, out) {
    const importer = app.get(EnrollmentFileImport);
    await importer.plan(planId); // an unknown plan fails here, before the file is read
    let premiumFen = 0;
    let bar: ProgressBar | undefined;
    const refused: EnrollmentLineResult[] = [];
    const results: ResultLine[] = [];
    const report = await importer.importFile(planId, file, {
      ...(importId ? { importId } : {}),
      ...(typeof options.sheet === 'string' ? { sheet: options.sheet } : {}),
      actor: 'cli',
      onProgress: (done, total) => {
        bar ??= new ProgressBar('import', total);
        bar.to(done);
      },
      onLine: (r) => {
        if (options.results) results.push(...enrollmentResultLines(r));
        if (r.outcome === 'enrolled') premiumFen += r.premiumFen ?? 0;
        if (r.outcome === 'enrolled' || r.outcome === 'replayed') return;
        if (out.json) refused.push(r);
        else out.refusedLine(r.line, r.outcome, r.errors ?? [], r.personRef ?? '');
      },
    });
    bar?.finish();
    if (typeof options.results === 'string') await writeResults(options.results, results);
    const s = report.summary;
    if (s.replayed > 0) {
      out.line(
        `${s.replayed} 行此前已导入（导入编号 ${report.importId}），本次未重复写入`,
        `${s.replayed} lines already imported by an earlier run (import ${report.importId}): nothing written twice`,
      );
    }
    out.line(
      `导入 ${report.importId} 至 ${planId}：共 ${s.lines} 条，新参保 ${s.enrolled} 条（保费 ${formatYuan(premiumFen)} 元），此前已导入 ${s.replayed} 条，未受理 ${s.refused} 条，格式有误 ${s.invalid} 条，系统错误 ${s.failed} 条`,
      `import ${report.importId} into ${planId}: ${s.lines} lines: ${s.enrolled} enrolled (premiums ${formatYuan(premiumFen)} yuan), ${s.replayed} already imported, ${s.refused} refused, ${s.invalid} invalid, ${s.failed} failed (${report.format}${report.encoding ? ` ${report.encoding}` : ''}, validated in a ${report.validatedIn})`,
    );
    out.document({ ...report, premiumFen, lines: refused });
    return s.failed > 0 || s.enrolled + s.replayed === 0 ? 1 : 0;
  },
};
