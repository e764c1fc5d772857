import { invalid, recogniseTotalRows, TownshipTable, TownshipTableRow } from '@ledger/domain';
import { splitCsvLine } from './csv-line';

function integer(value: string, field: string): number | undefined {
  if (value === '') return undefined;
  const clean = value.replace(/[,\s]/g, '');
  if (!/^\d+$/.test(clean))
    throw invalid(
      field,
      'table.nonNegativeInteger',
      `${field} must be a whole number, got "${value}"`,
    );
  return Number(clean);
}

/**
 * A township table as CSV with a header row: `township`, optional `code` (statistical division
 * code or the township's id in the plan), optional `district`, optional `base`, optional
 * `name_en`, then one column per target level of the plan (e.g. `required,stretch` or `task`).
 * Total and subtotal rows (合计, 总计, 小计, 片区小计, …) are recognised by libs/domain
 * (recogniseTotalRows) and become the stated total and subtotals. Rows are kept as printed,
 * blank names included, each with its line number: the import reports, it never corrects.
 */
export function parseTownshipTableCsv(text: string, levels: readonly string[]): TownshipTable {
  const lines = text
    .replace(/^\uFEFF/, '')
    .split(/\r?\n/)
    .map((line, i) => ({ line, number: i + 1 }))
    .filter((l) => l.line.trim() !== '');
  if (lines.length < 2)
    throw invalid('file', 'table.notEmpty', 'the table needs a header row and at least one row');
  const header = splitCsvLine(lines[0].line).map((h) => h.trim().toLowerCase());
  const col = (name: string) => header.indexOf(name);
  if (col('township') < 0)
    throw invalid('file', 'table.header', 'the header must have a "township" column');
  const missing = levels.filter((l) => col(l) < 0);
  if (missing.length)
    throw invalid(
      'file',
      'table.header',
      `the header lacks target columns: ${missing.join(', ')} (the plan's levels)`,
      { columns: missing.join(', ') },
    );
  const rows: TownshipTableRow[] = lines.slice(1).map(({ line, number }, i) => {
    const cells = splitCsvLine(line);
    const at = (name: string) => (col(name) >= 0 ? (cells[col(name)] ?? '').trim() : '');
    const field = (name: string) => `rows[${i}].${name}`;
    const row: TownshipTableRow = {
      name: at('township'),
      targets: Object.fromEntries(levels.map((l) => [l, integer(at(l), field(l))])),
      line: number,
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
