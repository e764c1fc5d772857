import { invalid, TownshipTable, TownshipTableRow } from '@ledger/domain';
import { splitCsvLine } from './csv-line';

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
    );
  return Number(clean);
}

/**
 * A township table as CSV with a header row: `township`, optional `district`, optional `base`,
 * then one column per target level of the plan (e.g. `required,stretch` or `task`). A row whose
 * township is 合计/total is the stated total; 小计/subtotal with a district is a stated subtotal.
 * Rows are kept as printed, blank names included: the import reports, it never corrects.
 */
export function parseTownshipTableCsv(text: string, levels: readonly string[]): TownshipTable {
  const lines = text
    .replace(/^\uFEFF/, '')
    .split(/\r?\n/)
    .filter((l) => l.trim() !== '');
  if (lines.length < 2)
    throw invalid('file', 'table.notEmpty', 'the table needs a header row and at least one row');
  const header = splitCsvLine(lines[0]).map((h) => h.toLowerCase());
  const col = (name: string) => header.indexOf(name);
  if (col('township') < 0)
    throw invalid('file', 'table.header', 'the header must have a "township" column');
  const missing = levels.filter((l) => col(l) < 0);
  if (missing.length)
    throw invalid(
      'file',
      'table.header',
      `the header lacks target columns: ${missing.join(', ')} (the plan's levels)`,
    );
  const table: TownshipTable = { rows: [] };
  lines.slice(1).forEach((line, i) => {
    const cells = splitCsvLine(line);
    const at = (name: string) => (col(name) >= 0 ? (cells[col(name)] ?? '') : '');
    const field = (name: string) => `rows[${i}].${name}`;
    const targets = Object.fromEntries(levels.map((l) => [l, integer(at(l), field(l))]));
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
