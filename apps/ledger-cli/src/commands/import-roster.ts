import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { CommandBus } from '@nestjs/cqrs';
import { ImportSubsidyRosterCommand, outcomeName, RosterLineReport } from '@ledger/ledger';
import { parseSubsidyRoster } from '@ledger/plans';
import { readOperatorFile, TabularFile } from '@ledger/tabular';
import { CliCommand } from '../cli-command';

/** ledger import-roster <planId> <rosterId> <file>: apply a full-subsidy roster, a line each. */
export const importRoster: CliCommand = {
  usage: '<planId> <rosterId> <file>',
  summary: {
    zh: '导入资助参保名单（CSV 或 XLSX）',
    en: 'apply a full-subsidy roster (CSV or XLSX)',
  },
  options: { sheet: { type: 'string' } },
  help: ['--sheet NAME     XLSX: the worksheet to read (default: the first)'],
  async run(app, { positionals: [planId, rosterId, file], options }, out) {
    const table = (await readOperatorFile(await readFile(file), {
      fileName: file,
      accept: ['csv', 'xlsx'],
      ...(typeof options.sheet === 'string' ? { sheet: options.sheet } : {}),
    })) as TabularFile;
    const ctx = {
      commandId: `roster:${planId}:${rosterId}`,
      correlationId: `cli:import-roster`,
      actor: 'cli',
    };
    const result = await app
      .get(CommandBus)
      .execute(
        new ImportSubsidyRosterCommand(
          planId,
          rosterId,
          basename(file),
          parseSubsidyRoster(table),
          ctx,
        ),
      );
    const lines = result.lines as RosterLineReport[];
    for (const l of lines) {
      if (l.rule) {
        out.refusedLine(l.line, l.outcome, [
          { field: 'line', rule: l.rule, message: l.message ?? '' },
        ]);
      } else {
        const name = outcomeName(l.outcome);
        out.line(
          `第 ${l.line} 行 ${name.zh} ${l.personRef ?? ''}`.trimEnd(),
          `line ${l.line} ${name.en} ${l.personRef ?? ''}`.trimEnd(),
        );
      }
    }
    const counts = Object.entries(result.summary as Record<string, number>);
    out.line(
      `名单 ${rosterId}：${counts.map(([o, n]) => `${outcomeName(o).zh} ${n}`).join('，')}`,
      `roster ${rosterId}: ${counts.map(([o, n]) => `${outcomeName(o).en} ${n}`).join(', ')}`,
    );
    out.document(result);
    return lines.length > 0 && lines.every((l) => l.outcome === 'refused') ? 1 : 0;
  },
};
