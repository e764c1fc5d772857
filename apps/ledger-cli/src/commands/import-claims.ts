import { formatYuan } from '@ledger/domain';
import { ClaimCsvImport, claimResultLine } from '@ledger/ledger';
import { CliCommand } from '../cli-command';
import { ProgressBar } from '../progress-bar';
import { checkResultsPath, writeResults } from '../results-output';

/** ledger import-claims <file> [importId]: batch claim import, one report line per row. */
export const importClaims: CliCommand = {
  usage: '<file> [importId]',
  summary: {
    zh: '导入理赔文件（CSV 或 XLSX，格式见 docs/claims.md）',
    en: 'import a claim file (CSV or XLSX, format: docs/claims.md)',
  },
  options: { sheet: { type: 'string' }, results: { type: 'string' } },
  help: [
    '--sheet NAME     XLSX: the worksheet to read (default: the first)',
    '--results FILE   write every row with its outcome and message to FILE (.csv or .xlsx)',
    'importId         names the run (default: a fresh id: claims accepted before come back as duplicates,',
    '                 rejected ones are decided again)',
  ],
  check: ({ options }) => checkResultsPath(options.results),
  async run(app, { positionals: [file, importId], options }, out) {
    let bar: ProgressBar | undefined;
    const report = await app.get(ClaimCsvImport).importFile(file, {
      ...(importId ? { importId } : {}),
      ...(typeof options.sheet === 'string' ? { sheet: options.sheet } : {}),
      actor: 'cli',
      onProgress: (done, total) => {
        bar ??= new ProgressBar('claims', total);
        bar.to(done);
      },
    });
    bar?.finish();
    if (typeof options.results === 'string') {
      await writeResults(options.results, report.rows.map(claimResultLine));
    }
    for (const r of report.rows) {
      const who = `${r.planId ?? ''} ${r.claimId ?? ''}`.trim();
      if (r.rule) {
        out.refusedLine(
          r.row,
          r.outcome,
          [
            {
              field: r.field ?? 'row',
              rule: r.rule,
              message: r.message ?? '',
              ...(r.params ? { params: r.params } : {}),
            },
          ],
          who,
        );
      } else {
        const payout = r.claimPayoutFen === undefined ? '' : formatYuan(r.claimPayoutFen);
        out.line(
          `第 ${r.row} 行 ${who} 已理算，赔付 ${payout} 元`,
          `row ${r.row} ${who} ${r.outcome} payout ${payout} yuan`,
        );
      }
    }
    const s = report.summary;
    out.line(
      `导入 ${report.importId}：共 ${s.rows} 行、${s.claims} 笔理赔：已理算 ${s.adjudicated}，不予赔付 ${s.rejected}，重复提交 ${s.duplicate}，未受理 ${s.refused}，格式有误 ${s.invalid}，系统错误 ${s.failed}；赔付 ${formatYuan(s.payoutFen)} 元`,
      `import ${report.importId}: ${s.rows} rows, ${s.claims} claims: ${s.adjudicated} adjudicated, ${s.rejected} rejected, ${s.duplicate} duplicate, ${s.refused} refused, ${s.invalid} invalid, ${s.failed} failed; payouts ${formatYuan(s.payoutFen)} yuan`,
    );
    out.document(report);
    const accepted = s.adjudicated + s.rejected + s.duplicate;
    return s.failed > 0 || accepted === 0 ? 1 : 0;
  },
};
