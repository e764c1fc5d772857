import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { INestApplicationContext } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { TownshipEnrollments, TownshipTable, TownshipTableDiff } from '@ledger/domain';
import {
  ImportTownshipTableCommand,
  LedgerViews,
  TownshipTableImports,
  TownshipTableRequest,
} from '@ledger/ledger';
import { cliContext } from '../cli-context';
import { printRefusal } from '../refusal-output';

const USAGE =
  'usage: import-table <planId> <file.csv|file.json> [source] [--map 旧乡镇=新行|keep]... [--keep-unlisted] [--yes | --apply <fingerprint>]';

interface TableArgs {
  positional: string[];
  mapping: Record<string, string>;
  keepUnlisted: boolean;
  yes: boolean;
  apply?: string;
}

function parseArgs(args: string[]): TableArgs {
  const out: TableArgs = { positional: [], mapping: {}, keepUnlisted: false, yes: false };
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === '--keep-unlisted') out.keepUnlisted = true;
    else if (a === '--yes') out.yes = true;
    else if (a === '--apply') out.apply = args[++i];
    else if (a === '--map') {
      const pair = args[++i] ?? '';
      const eq = pair.indexOf('=');
      if (eq <= 0) throw new Error(`--map needs FROM=TO, got "${pair}"\n${USAGE}`);
      out.mapping[pair.slice(0, eq)] = pair.slice(eq + 1);
    } else out.positional.push(a);
  }
  return out;
}

const people = (e: TownshipEnrollments) =>
  `参保 ${e.enrolled} 人（有效 ${e.active + e.pending}）/ ${e.enrolled} enrollments (${e.active + e.pending} active)`;

function printDiff(diff: TownshipTableDiff): void {
  const section = (zh: string, en: string, n: number) => console.log(`${zh} ${en}: ${n}`);
  section('新增', 'added', diff.added.length);
  for (const t of diff.added) console.log(`  + ${t.name || '(空白)'} ${t.townshipId}`);
  section('删除', 'removed', diff.removed.length);
  for (const t of diff.removed)
    console.log(`  - ${t.name || '(空白)'} ${t.townshipId} ${people(t.enrollments)}`);
  section('改名', 'renamed', diff.renamed.length);
  for (const t of diff.renamed)
    console.log(`  ~ ${t.from} → ${t.to} ${t.townshipId} ${people(t.enrollments)}`);
  section('合并', 'merged', diff.merged.length);
  for (const t of diff.merged)
    console.log(
      `  > ${t.name} ${t.townshipId} → ${t.into.name} ${t.into.townshipId} ${people(t.enrollments)}`,
    );
  section('保留（表中未列）', 'kept (not in the table)', diff.kept.length);
  section('数据变更', 'changed', diff.changed.length);
  for (const t of diff.changed) {
    const parts: string[] = [];
    if (t.changes.base)
      parts.push(`基数 base ${t.changes.base.from ?? '-'} → ${t.changes.base.to ?? '-'}`);
    for (const [level, c] of Object.entries(t.changes.targets ?? {}))
      parts.push(`目标 ${level} ${c.from ?? '-'} → ${c.to ?? '-'}`);
    if (t.changes.district)
      parts.push(
        `片区 district ${t.changes.district.from ?? '-'} → ${t.changes.district.to ?? '-'}`,
      );
    if (t.changes.divisionCode)
      parts.push(
        `代码 code ${t.changes.divisionCode.from ?? '-'} → ${t.changes.divisionCode.to ?? '-'}`,
      );
    console.log(`  * ${t.name} ${t.townshipId}: ${parts.join('; ')}`);
  }
  section('不变', 'unchanged', diff.unchanged.length);
  const totals = (t: { base?: number; targets: Record<string, number> }) =>
    [
      ...(t.base !== undefined ? [`base ${t.base}`] : []),
      ...Object.entries(t.targets).map(([k, v]) => `${k} ${v}`),
    ].join(', ');
  console.log(`县合计 county totals: ${totals(diff.totals.before)} → ${totals(diff.totals.after)}`);
  if (diff.needsMapping.length) {
    console.log(
      `需要指定去向 needs a mapping (--map 乡镇=新行 或 keep): ${diff.needsMapping
        .map((t) => `${t.name || t.townshipId} (${t.townshipId}, ${t.enrollments.enrolled})`)
        .join('、')}`,
    );
  }
}

/**
 * ledger import-table <planId> <file> [source] [--map FROM=TO]... [--keep-unlisted]
 * [--yes | --apply <fingerprint>]: previews the table (the diff against the plan's townships,
 * with the enrollments each affected township holds) and writes nothing, unless --yes (apply
 * the diff just shown) or --apply with a fingerprint from an earlier preview.
 */
export async function importTable(app: INestApplicationContext, args: string[]): Promise<number> {
  const parsed = parseArgs(args);
  const [planId, file, source] = parsed.positional;
  if (!planId || !file) throw new Error(USAGE);
  const text = readFileSync(file, 'utf8');
  const content: string | TownshipTable = file.endsWith('.json')
    ? (JSON.parse(text) as TownshipTable)
    : text;
  const request: TownshipTableRequest = {
    planId,
    source: source ?? basename(file),
    content,
    ...(Object.keys(parsed.mapping).length ? { mapping: parsed.mapping } : {}),
    ...(parsed.keepUnlisted ? { keepUnlisted: true } : {}),
  };
  // The CLI drives the views itself: bring them up to the log before counting enrollments.
  await app.get(LedgerViews).catchUpOnce();
  try {
    const preview = await app.get(TownshipTableImports).preview(request);
    console.log(`${planId} 乡镇表预览 table preview: ${preview.source}`);
    printDiff(preview.diff);
    console.log(`表内合计（各行相加） totals of the rows: ${JSON.stringify(preview.totals)}`);
    if (preview.discrepancies.length === 0) console.log('无差异 no discrepancies');
    for (const d of preview.discrepancies) console.log(`DISCREPANCY ${d.kind}: ${d.message}`);
    console.log(`确认码 fingerprint: ${preview.fingerprint}`);
    const fingerprint = parsed.yes ? preview.fingerprint : parsed.apply;
    if (!fingerprint) {
      console.log(
        `未写入 nothing written. 确认无误后导入 to apply: import-table ${planId} ${file}${source ? ` ${source}` : ''} … --apply ${preview.fingerprint}`,
      );
      return 0;
    }
    const result = await app
      .get(CommandBus)
      .execute(new ImportTownshipTableCommand(request, fingerprint, cliContext('import-table')));
    console.log(
      `${planId}: 已导入 imported ${result.townships} townships from ${result.source}${result.replayed ? ' (replayed)' : ''}`,
    );
    return 0;
  } catch (error) {
    if (printRefusal(error)) return 1;
    throw error;
  }
}
