import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { CommandBus } from '@nestjs/cqrs';
import { formatYuan } from '@ledger/domain';
import { ImportSubsidyRosterCommand, outcomeName, RosterReport } from '@ledger/ledger';
import { parseSubsidyRoster } from '@ledger/plans';
import { readOperatorFile, TabularFile } from '@ledger/tabular';
import { LedgerCliCommand, UsageError } from '../cli-command';

const DATE = /^\d{4}-\d{2}-\d{2}$/;

/**
 * ledger import-roster <planId> <rosterId> <file> --list-date D [--received-on D]: apply a
 * full-subsidy roster at its own date, a line each (DOMAIN.md, Interpretations 003 ③ and ④).
 */
export const importRoster: LedgerCliCommand = {
  usage: '<planId> <rosterId> <file>',
  summary: {
    zh: '导入资助参保名单（CSV 或 XLSX），按名单日期核对',
    en: 'apply a full-subsidy roster (CSV or XLSX) at the list’s own date',
  },
  options: {
    'list-date': { type: 'string' },
    'received-on': { type: 'string' },
    sheet: { type: 'string' },
  },
  help: [
    '--list-date YYYY-MM-DD     the date of the list (名单日期): the rule is applied at it (required)',
    '--received-on YYYY-MM-DD   when the list reached the ledger (default: today)',
    '--sheet NAME               XLSX: the worksheet to read (default: the first)',
  ],
  check: ({ options }) => {
    if (typeof options['list-date'] !== 'string')
      throw new UsageError('--list-date YYYY-MM-DD is required: a roster carries its own date');
    for (const name of ['list-date', 'received-on']) {
      const value = options[name];
      if (value !== undefined && !DATE.test(String(value)))
        throw new UsageError(`--${name} is a date YYYY-MM-DD, not "${String(value)}"`);
    }
  },
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
    const listDate = options['list-date'] as string;
    const receivedOn = options['received-on'] as string | undefined;
    const result: RosterReport = await app
      .get(CommandBus)
      .execute(
        new ImportSubsidyRosterCommand(
          planId,
          rosterId,
          basename(file),
          parseSubsidyRoster(table),
          { listDate, ...(receivedOn ? { receivedOn } : {}) },
          ctx,
        ),
      );
    out.line(
      `名单 ${rosterId}（名单日期 ${result.listDate}，收到 ${result.receivedOn}）`,
      `roster ${rosterId} (list dated ${result.listDate}, received ${result.receivedOn})`,
    );
    for (const l of result.lines) {
      if (l.rule) {
        out.refusedLine(l.line, l.outcome, [
          { field: 'line', rule: l.rule, message: l.message ?? '' },
        ]);
        continue;
      }
      const name = outcomeName(l.outcome);
      const refunds = (l.refunds ?? []).map((r) => ({
        zh: `${r.kind === 'refunded' ? '退还' : '撤回'} ${r.source} ${formatYuan(r.amountFen)} 元`,
        en: `${r.kind === 'refunded' ? 'refund' : 'withdraw'} ${r.source} ${formatYuan(r.amountFen)} yuan`,
      }));
      out.line(
        `第 ${l.line} 行 ${name.zh} ${l.personRef ?? ''}${refunds.length ? `（${refunds.map((r) => r.zh).join('，')}）` : ''}`.trimEnd(),
        `line ${l.line} ${name.en} ${l.personRef ?? ''}${refunds.length ? ` (${refunds.map((r) => r.en).join(', ')})` : ''}`.trimEnd(),
      );
    }
    const counts = Object.entries(result.summary as unknown as Record<string, number>).filter(
      ([o]) => o !== 'lines' && o !== 'refundedFen',
    );
    out.line(
      `名单 ${rosterId}：${counts.map(([o, n]) => `${outcomeName(o).zh} ${n}`).join('，')}`,
      `roster ${rosterId}: ${counts.map(([o, n]) => `${outcomeName(o).en} ${n}`).join(', ')}`,
    );
    out.document(result);
    return result.lines.length > 0 && result.lines.every((l) => l.outcome === 'refused') ? 1 : 0;
  },
};
