import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { CommandBus } from '@nestjs/cqrs';
import { TownshipTable } from '@ledger/domain';
import { ImportTownshipTableCommand } from '@ledger/ledger';
import { readOperatorFile, TabularFile, tabularAsCsvText } from '@ledger/tabular';
import { cliContext } from '../cli-context';
import { CliCommand } from '../cli-command';

/** ledger import-table <planId> <file> [source]: prints the discrepancy report. */
export const importTable: CliCommand = {
  usage: '<planId> <file> [source]',
  summary: {
    zh: '导入乡镇任务表（CSV、XLSX 或 JSON），列出差异',
    en: 'import a township table (CSV, XLSX or JSON), print the discrepancy report',
  },
  options: { sheet: { type: 'string' } },
  help: [
    '--sheet NAME     XLSX: the worksheet to read (default: the first)',
    'Headers 乡镇,片区,基数,<target levels> or township,district,base,…; 合计/小计 rows are checked',
  ],
  async run(app, { positionals: [planId, file, source], options }, out) {
    const bytes = await readFile(file);
    // The same text the HTTP upload produces: CSV in UTF-8 or GBK, or an XLSX sheet.
    const content: string | TownshipTable = file.endsWith('.json')
      ? (JSON.parse(bytes.toString('utf8')) as TownshipTable)
      : tabularAsCsvText(
          (await readOperatorFile(bytes, {
            fileName: file,
            accept: ['csv', 'xlsx'],
            ...(typeof options.sheet === 'string' ? { sheet: options.sheet } : {}),
          })) as TabularFile,
        );
    const result = await app
      .get(CommandBus)
      .execute(
        new ImportTownshipTableCommand(
          planId,
          source ?? basename(file),
          content,
          undefined,
          cliContext('import-table'),
        ),
      );
    out.line(
      `${planId}：自 ${result.source} 导入 ${result.townships} 个乡镇`,
      `${planId}: imported ${result.townships} townships from ${result.source}`,
    );
    out.line(
      `合计（各行相加）：${JSON.stringify(result.totals)}`,
      `totals (sums of the rows): ${JSON.stringify(result.totals)}`,
    );
    const discrepancies = result.discrepancies as { kind: string; message: string }[];
    if (discrepancies.length === 0) out.line('没有差异', 'no discrepancies');
    for (const d of discrepancies) {
      out.line(`差异 ${d.kind}：${d.message}`, `DISCREPANCY ${d.kind}: ${d.message}`);
    }
    out.document(result);
    return 0;
  },
};
