import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { CommandBus } from '@nestjs/cqrs';
import { TownshipEnrollments, TownshipTable, TownshipTableDiff } from '@ledger/domain';
import {
  ImportTownshipTableCommand,
  LedgerViews,
  TownshipTableImports,
  TownshipTableRequest,
} from '@ledger/ledger';
import { readOperatorFile, TabularFile, tabularAsCsvText } from '@ledger/tabular';
import { cliContext } from '../cli-context';
import { CliArgs, LedgerCliCommand, UsageError } from '../cli-command';
import { CliOutput } from '../cli-output';

/** --map 旧乡镇=新行|keep (repeated): where a township the table leaves out goes. */
function mappingOf(args: CliArgs): Record<string, string> {
  const given = args.options.map as unknown as string[] | undefined;
  const mapping: Record<string, string> = {};
  for (const pair of given ?? []) {
    const eq = pair.indexOf('=');
    if (eq <= 0) throw new UsageError(`--map needs FROM=TO, got "${pair}"`);
    mapping[pair.slice(0, eq)] = pair.slice(eq + 1);
  }
  return mapping;
}

const people = (e: TownshipEnrollments) => ({
  zh: `参保 ${e.enrolled} 人（有效 ${e.active + e.pending}）`,
  en: `${e.enrolled} enrollments (${e.active + e.pending} active)`,
});

function printDiff(out: CliOutput, diff: TownshipTableDiff): void {
  const section = (zh: string, en: string, n: number) => out.line(`${zh}：${n}`, `${en}: ${n}`);
  const item = (zh: string, en: string) => out.line(`  ${zh}`, `  ${en}`);
  section('新增', 'added', diff.added.length);
  for (const t of diff.added)
    item(`+ ${t.name || '（空白）'} ${t.townshipId}`, `+ ${t.name || '(blank)'} ${t.townshipId}`);
  section('删除', 'removed', diff.removed.length);
  for (const t of diff.removed) {
    const p = people(t.enrollments);
    item(
      `- ${t.name || '（空白）'} ${t.townshipId} ${p.zh}`,
      `- ${t.name} ${t.townshipId} ${p.en}`,
    );
  }
  section('改名', 'renamed', diff.renamed.length);
  for (const t of diff.renamed) {
    const p = people(t.enrollments);
    item(`~ ${t.from} → ${t.to} ${t.townshipId} ${p.zh}`, `~ ${t.from} → ${t.to} ${p.en}`);
  }
  section('合并', 'merged', diff.merged.length);
  for (const t of diff.merged) {
    const p = people(t.enrollments);
    const into = `${t.into.name} ${t.into.townshipId}`;
    item(`> ${t.name} ${t.townshipId} → ${into} ${p.zh}`, `> ${t.name} → ${into} ${p.en}`);
  }
  section('保留（表中未列）', 'kept (not in the table)', diff.kept.length);
  section('数据变更', 'changed', diff.changed.length);
  for (const t of diff.changed) {
    const parts: string[] = [];
    const change = (label: string, c?: { from?: unknown; to?: unknown }) => {
      if (c) parts.push(`${label} ${String(c.from ?? '-')} → ${String(c.to ?? '-')}`);
    };
    change('基数 base', t.changes.base);
    for (const [level, c] of Object.entries(t.changes.targets ?? {})) change(`目标 ${level}`, c);
    change('片区 district', t.changes.district);
    change('代码 code', t.changes.divisionCode);
    item(`* ${t.name} ${t.townshipId}：${parts.join('；')}`, `* ${t.name}: ${parts.join('; ')}`);
  }
  section('不变', 'unchanged', diff.unchanged.length);
  const totals = (t: { base?: number; targets: Record<string, number> }) =>
    [
      ...(t.base !== undefined ? [`base ${t.base}`] : []),
      ...Object.entries(t.targets).map(([k, v]) => `${k} ${v}`),
    ].join(', ');
  const before = totals(diff.totals.before);
  const after = totals(diff.totals.after);
  out.line(`县合计：${before} → ${after}`, `county totals: ${before} → ${after}`);
  if (diff.needsMapping.length) {
    const names = diff.needsMapping
      .map((t) => `${t.name || t.townshipId} (${t.townshipId}, ${t.enrollments.enrolled})`)
      .join('、');
    out.line(
      `需要指定去向（--map 乡镇=新行 或 keep）：${names}`,
      `needs a mapping (--map township=row or keep): ${names}`,
    );
  }
}

/**
 * ledger import-table <planId> <file> [source] [--map FROM=TO]... [--keep-unlisted]
 * [--yes | --apply <fingerprint>]: previews the table (the diff against the plan's townships,
 * with the enrollments each affected township holds) and writes nothing, unless --yes (apply the
 * diff just shown) or --apply with a fingerprint from an earlier preview.
 */
export const importTable: LedgerCliCommand = {
  usage: '<planId> <file> [source]',
  summary: {
    zh: '导入乡镇任务表（CSV、XLSX 或 JSON）：先预览差异，确认后导入',
    en: 'import a township table (CSV, XLSX or JSON): preview the diff, then apply it',
  },
  options: {
    sheet: { type: 'string' },
    map: { type: 'string', multiple: true },
    'keep-unlisted': { type: 'boolean' },
    yes: { type: 'boolean' },
    apply: { type: 'string' },
  },
  help: [
    '--sheet NAME       XLSX: the worksheet to read (default: the first)',
    '--map 旧乡镇=新行|keep   where a township left out of the table goes (repeat per township)',
    '--keep-unlisted    keep every township the table leaves out',
    '--yes              apply the diff just shown; --apply FINGERPRINT: apply an earlier preview',
    'Headers 乡镇,代码,片区,基数,<target levels> or township,code,district,base,…; 合计/小计 rows are checked',
  ],
  check: (args) => {
    mappingOf(args);
    if (args.options.yes === true && args.options.apply !== undefined)
      throw new UsageError('give --yes or --apply, not both');
  },
  async run(app, args, out) {
    const [planId, file, source] = args.positionals;
    const bytes = await readFile(file);
    // The same text the HTTP upload produces: CSV in UTF-8 or GBK, or an XLSX sheet.
    const content: string | TownshipTable = file.endsWith('.json')
      ? (JSON.parse(bytes.toString('utf8')) as TownshipTable)
      : tabularAsCsvText(
          (await readOperatorFile(bytes, {
            fileName: file,
            accept: ['csv', 'xlsx'],
            ...(typeof args.options.sheet === 'string' ? { sheet: args.options.sheet } : {}),
          })) as TabularFile,
        );
    const mapping = mappingOf(args);
    const request: TownshipTableRequest = {
      planId,
      source: source ?? basename(file),
      content,
      ...(Object.keys(mapping).length ? { mapping } : {}),
      ...(args.options['keep-unlisted'] === true ? { keepUnlisted: true } : {}),
    };
    // The CLI drives the views itself: bring them up to the log before counting enrollments.
    await app.get(LedgerViews).catchUpOnce();
    const preview = await app.get(TownshipTableImports).preview(request);
    out.line(
      `${planId} 乡镇表预览：${preview.source}`,
      `${planId} table preview: ${preview.source}`,
    );
    printDiff(out, preview.diff);
    out.line(
      `表内合计（各行相加）：${JSON.stringify(preview.totals)}`,
      `totals of the rows: ${JSON.stringify(preview.totals)}`,
    );
    if (preview.discrepancies.length === 0) out.line('无差异', 'no discrepancies');
    for (const d of preview.discrepancies)
      out.line(`差异 ${d.kind}：${d.message}`, `DISCREPANCY ${d.kind}: ${d.message}`);
    out.line(`确认码：${preview.fingerprint}`, `fingerprint: ${preview.fingerprint}`);
    const fingerprint =
      args.options.yes === true
        ? preview.fingerprint
        : typeof args.options.apply === 'string'
          ? args.options.apply
          : undefined;
    if (!fingerprint) {
      const again = `import-table ${planId} ${file}${source ? ` ${JSON.stringify(source)}` : ''} … --apply ${preview.fingerprint}`;
      out.line(`未写入。确认无误后导入：${again}`, `nothing written. To apply: ${again}`);
      out.document({ preview, applied: false });
      return 0;
    }
    const result = await app
      .get(CommandBus)
      .execute(new ImportTownshipTableCommand(request, fingerprint, cliContext('import-table')));
    out.line(
      `${planId}：已自 ${result.source} 导入 ${result.townships} 个乡镇${result.replayed ? '（此前已导入）' : ''}`,
      `${planId}: imported ${result.townships} townships from ${result.source}${result.replayed ? ' (replayed)' : ''}`,
    );
    out.document({ preview, applied: true, result });
    return 0;
  },
};
