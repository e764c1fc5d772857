import { invalid, TownshipTable, TownshipTableRow } from '@ledger/domain';
import { ColumnSpec, csvRecords, readColumns, TabularFile } from '@ledger/tabular';

const TOTAL = /^(合计|总计|total)$/i;
const SUBTOTAL = /^(小计|subtotal)$/i;

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
 * A township table with a header row: `township` (乡镇), optional `district` (片区), optional
 * `base` (基数), then one column per target level of the plan (e.g. `required,stretch` or
 * `task`). A row whose township is 合计/total is the stated total; 小计/subtotal with a district
 * is a stated subtotal. Rows are kept as printed, blank names included: the import reports, it
 * never corrects.
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
  const table: TownshipTable = { rows: [] };
  records.forEach((record, i) => {
    const at = (name: string) => (record.values as Record<string, string | undefined>)[name] ?? '';
    const field = (name: string) => `rows[${i}].${name}`;
    const targets = Object.fromEntries(levelNames.map((l) => [l, integer(at(l), field(l))]));
    const name = at('township');
    const district = at('district');
    if (TOTAL.test(name)) {
      table.statedTotal = { base: integer(at('base'), field('base')), targets };
    } else if (SUBTOTAL.test(name)) {
      if (!district)
        throw invalid(
          field('district'),
          'table.subtotalDistrict',
          'a subtotal row must name its district',
        );
      table.statedDistrictSubtotals = { ...table.statedDistrictSubtotals, [district]: targets };
    } else {
      const row: TownshipTableRow = {
        name,
        targets,
        ...(district ? { district } : {}),
        ...(at('name_en') ? { nameEn: at('name_en') } : {}),
      };
      const base = integer(at('base'), field('base'));
      if (base !== undefined) row.base = base;
      table.rows.push(row);
    }
  });
  return table;
}
