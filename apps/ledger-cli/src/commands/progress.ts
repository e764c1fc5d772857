import { DomainError, formatShanghai, formatYuan } from '@ledger/domain';
import { formatPosition } from '@ledger/event-store';
import { AsOf } from '@ledger/projections';
import {
  AsOfQuery,
  asOfFrom,
  LedgerViews,
  outputColumns,
  progressTable,
  ViewReports,
} from '@ledger/ledger';
import { toCsvText } from '@ledger/tabular';
import { CliArgs, CliCommand, UsageError } from '../cli-command';

function asOfOf({ options }: CliArgs): AsOf | undefined {
  const query: AsOfQuery = {
    ...(typeof options['as-of'] === 'string' ? { asOf: options['as-of'] } : {}),
    ...(typeof options['as-of-position'] === 'string'
      ? { asOfPosition: options['as-of-position'] }
      : {}),
  };
  try {
    return asOfFrom(query);
  } catch (error) {
    if (error instanceof DomainError) throw new UsageError(`${error.field}: ${error.message}`);
    throw error;
  }
}

/**
 * ledger progress <planId> [--as-of 2024-01-31] [--as-of-position N] [--csv]: township
 * progress now, at the end of a Shanghai day (a plain date), at an instant, or as the log stood.
 */
export const progress: CliCommand = {
  usage: '<planId>',
  summary: { zh: '乡镇参保进度', en: 'township progress' },
  options: {
    'as-of': { type: 'string' },
    'as-of-position': { type: 'string' },
    csv: { type: 'boolean' },
  },
  help: [
    '--as-of 2024-01-31            as of the end of that day (Asia/Shanghai), or an instant',
    '                              2024-01-31T18:00:00+08:00',
    '--as-of-position N            as the log stood at position N',
    '--csv                         CSV on stdout (headers in the chosen language)',
  ],
  check: (args) => void asOfOf(args),
  async run(app, args, out) {
    const planId = args.positionals[0];
    const asOf = asOfOf(args);
    // Without an as-of, bring the stored views up to date first (the CLI drives them itself).
    if (!asOf) await app.get(LedgerViews).catchUpOnce();
    const reports = app.get(ViewReports);
    const report = await reports.progress(planId, asOf);
    if (args.options.csv === true) {
      const table = progressTable(report, await reports.definition(planId));
      process.stdout.write(toCsvText(outputColumns(table.columns, out.language), table.rows));
      return 0;
    }
    out.document({ ...(asOf ? { asOf: asOfText(asOf).en } : {}), ...report });
    const when = asOf ? asOfText(asOf) : undefined;
    out.line(
      `${planId} 参保进度${when ? `，截至 ${when.zh}` : ''}`,
      `${planId} progress${when ? ` as of ${when.en}` : ''}`,
    );
    out.line(
      [
        '层级',
        '名称',
        '基数',
        '有效参保',
        '待缴费',
        '参保率',
        '目标（差额）',
        '已收保费（元）',
      ].join('\t'),
      [
        'level',
        'name',
        'base',
        'active',
        'pending',
        'rate',
        'targets (gap)',
        'premium (yuan)',
      ].join('\t'),
    );
    const pct = (bp?: number) => (bp === undefined ? '' : `${(bp / 100).toFixed(2)}%`);
    for (const r of [report.county, ...report.districts, ...report.townships]) {
      const targets = Object.entries(r.targets)
        .map(([k, v]) => `${k} ${v.target} (${v.gap})`)
        .join(', ');
      const cells = (level: string) =>
        [
          level,
          r.name.zh || r.id,
          r.baseParticipants ?? '',
          r.active,
          r.pending,
          pct(r.rateBp),
          targets,
          formatYuan(r.premiumCollectedFen),
        ].join('\t');
      out.line(
        cells({ county: '县', district: '片区', township: '乡镇' }[r.level]),
        cells(r.level),
      );
    }
    return 0;
  },
};

/** "2024-01-31 23:59:59（北京时间）" / "2024-01-31 23:59:59 Asia/Shanghai", or a log position. */
function asOfText(asOf: AsOf): { zh: string; en: string } {
  if ('instant' in asOf) {
    const at = formatShanghai(asOf.instant);
    return { zh: `${at}（北京时间）`, en: `${at} Asia/Shanghai` };
  }
  const position = formatPosition(asOf.position);
  return { zh: `台账位置 ${position}`, en: `log position ${position}` };
}
