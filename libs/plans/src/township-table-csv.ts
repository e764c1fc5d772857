import { invalid, recogniseTotalRows, TownshipTable, TownshipTableRow } from '@ledger/domain';
import { ColumnSpec, csvRecords, readColumns, TabularFile } from '@ledger/tabular';

function integer(value: string, field: string): number | undefined {
  if (value === '') return undefined;
  const clean = value.replace(/[,\s]/g, '');
  if (!/^\d+$/.test(clean))
    throw invalid(
      field,
      'table.nonNegativeInteger',
      `${field} must be a whole number, got "${value}"`,
      { value },
    );
  return Number(clean);
}

/** A target level of the plan, as a table's header may name it. */
export interface TableLevel {
  name: string;
  description?: { zh: string; en: string };
}

/** Chinese names tables give common target levels, besides the plan's own description. */
const LEVEL_NAMES: Record<string, string[]> = {
  required: ['目标任务数', '应完成数', '任务数', '目标数'],
  stretch: ['力争数', '力争目标数'],
  task: ['参保任务数', '任务数'],
};

/**
 * The columns of a township table: Chinese or English names (docs/imports.md). Level columns
 * are the plan's: the level's name, its Chinese description as the notice prints it
 * ("2024年1月31日应达到投保人数"), or a common Chinese name.
 */
export function townshipTableColumns(levels: readonly (string | TableLevel)[]): ColumnSpec[] {
  return [
    {
      key: 'township',
      names: ['乡镇', '乡（镇）', '乡镇（街道）', '乡镇名称', '名称', '单位'],
      required: true,
    },
    // The township's statistical division code, or its id in the plan (matched before the name).
    { key: 'code', names: ['代码', '区划代码', '统计用区划代码', '乡镇代码'] },
    { key: 'district', names: ['片区'] },
    {
      key: 'base',
      names: ['基数', '参保基数', '基本医保参保人数'],
      patterns: [/^(\d{4}年度?)?基本医保参保(缴费)?人数/],
    },
    { key: 'name_en', names: ['英文名称', 'nameEn'] },
    ...levels.map((level) => {
      const l = typeof level === 'string' ? { name: level } : level;
      return {
        key: l.name,
        names: [...(l.description ? [l.description.zh] : []), ...(LEVEL_NAMES[l.name] ?? [])],
        required: true,
      };
    }),
  ];
}

/**
 * A township table as CSV text (UTF-8; see parseTownshipTable for files in other encodings and
 * XLSX): a header row, then one row per township.
 */
export function parseTownshipTableCsv(
  text: string,
  levels: readonly (string | TableLevel)[],
): TownshipTable {
  return parseTownshipTable({ format: 'csv', rows: csvRecords(text) }, levels);
}

/**
 * A township table with a header row: `township` (乡镇), optional `code` (代码: statistical
 * division code or the township's id in the plan), optional `district` (片区), optional `base`
 * (基数), optional `name_en`, then one column per target level of the plan (e.g.
 * `required,stretch` or `task`). Total and subtotal rows (合计, 总计, 小计, 片区小计, …) are
 * recognised by libs/domain (recogniseTotalRows) and become the stated total and subtotals.
 * Rows are kept as printed, blank names included, each with its line number: the import
 * reports, it never corrects.
 */
export function parseTownshipTable(
  file: TabularFile,
  levels: readonly (string | TableLevel)[],
): TownshipTable {
  if (file.rows.length < 2)
    throw invalid('file', 'table.notEmpty', 'the table needs a header row and at least one row');
  const levelNames = levels.map((l) => (typeof l === 'string' ? l : l.name));
  const { records } = readColumns(file, townshipTableColumns(levels));
  if (records.length === 0)
    throw invalid('file', 'table.notEmpty', 'the table needs a header row and at least one row');
  const rows: TownshipTableRow[] = records.map((record, i) => {
    const at = (name: string) =>
      ((record.values as Record<string, string | undefined>)[name] ?? '').trim();
    const field = (name: string) => `rows[${i}].${name}`;
    const row: TownshipTableRow = {
      name: at('township'),
      targets: Object.fromEntries(levelNames.map((l) => [l, integer(at(l), field(l))])),
      line: record.line,
      ...(at('district') ? { district: at('district') } : {}),
      ...(at('code') ? { code: at('code') } : {}),
      ...(at('name_en') ? { nameEn: at('name_en') } : {}),
    };
    const base = integer(at('base'), field('base'));
    if (base !== undefined) row.base = base;
    return row;
  });
  return recogniseTotalRows({ rows }).table;
}
