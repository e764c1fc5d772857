import type { TownshipTable, TownshipTableRow } from './township-table';

/**
 * What a row of a township table is, by its label: a township, the document's total row
 * (合计, 总计, 全县合计 …) or a district's subtotal row (小计, 片区小计, 第一片区小计 …).
 */
export type TableRowKind =
  { kind: 'township' } | { kind: 'total' } | { kind: 'subtotal'; district?: string };

// Spaces inside labels are common ("合  计", full-width spaces) because Excel users pad them.
const compact = (s: string | undefined) => (s ?? '').replace(/[\s\u3000]/g, '');

const TOTAL = /^(?:全(?:县|市|区|旗|镇)?)?(?:合计|总计|总合计|共计|总数)$|^(?:grand)?total$|^sum$/i;
const SUBTOTAL_SUFFIX = /^(.*?)(?:小计|合计|subtotal)$/i;

/**
 * Classifies one row by its township and district labels. "小计" alone, or "片区小计", is a
 * subtotal whose district comes from the district cell or the rows just above it; "第一片区小计"
 * names its district; "合计"/"总计" (optionally "全县…") is the total, whichever cell holds it
 * (a merged label cell often lands in the district column).
 */
export function classifyTableRow(row: Pick<TownshipTableRow, 'name' | 'district'>): TableRowKind {
  const name = compact(row.name);
  const district = compact(row.district);
  for (const label of [name, name === '' ? district : '']) {
    if (label === '') continue;
    if (TOTAL.test(label)) return { kind: 'total' };
    const sub = SUBTOTAL_SUFFIX.exec(label);
    if (sub) {
      const prefix = sub[1];
      // "第一片区小计" names the district; a bare "片区小计"/"小计" leaves it to the context.
      if (prefix !== '' && prefix !== '片区') return { kind: 'subtotal', district: prefix };
      if (label === name && district !== '') return { kind: 'subtotal', district };
      return { kind: 'subtotal' };
    }
  }
  return { kind: 'township' };
}

/** A row the recognition could not attribute, reported with the table's discrepancies. */
export interface UnattributedSubtotal {
  /** 1-based among the rows as printed; `line` is the file's line when the decoder gave it. */
  row: number;
  line?: number;
  label: string;
}

export interface RecognisedTable {
  table: TownshipTable;
  /** Subtotal rows whose district could not be told (no district cell, mixed rows above). */
  unattributedSubtotals: UnattributedSubtotal[];
  /** Total rows after the first (checked too, reported). */
  repeatedTotals: {
    row: number;
    line?: number;
    base?: number;
    targets: Record<string, number | undefined>;
  }[];
}

/**
 * Takes total and subtotal rows out of a table as printed: they become the stated total and
 * district subtotals, checked against the township rows, never townships. A blank district
 * under a district (a merged Excel cell exported as one value) inherits the district above it
 * until the next subtotal. Idempotent: a recognised table passes through unchanged.
 */
export function recogniseTotalRows(input: TownshipTable): RecognisedTable {
  const table: TownshipTable = {
    rows: [],
    ...(input.statedTotal ? { statedTotal: input.statedTotal } : {}),
    ...(input.statedDistrictSubtotals
      ? { statedDistrictSubtotals: { ...input.statedDistrictSubtotals } }
      : {}),
  };
  const unattributedSubtotals: UnattributedSubtotal[] = [];
  const repeatedTotals: RecognisedTable['repeatedTotals'] = [];
  // Township rows since the last subtotal: their districts attribute a bare "小计".
  let group: TownshipTableRow[] = [];
  let districtAbove: string | undefined;
  (input.rows ?? []).forEach((raw, i) => {
    const kind = classifyTableRow(raw);
    const at = { row: i + 1, ...(raw.line !== undefined ? { line: raw.line } : {}) };
    if (kind.kind === 'total') {
      const stated = {
        ...(raw.base !== undefined ? { base: raw.base } : {}),
        targets: raw.targets,
      };
      if (table.statedTotal) repeatedTotals.push({ ...at, ...stated });
      else table.statedTotal = stated;
      group = [];
      districtAbove = undefined;
      return;
    }
    if (kind.kind === 'subtotal') {
      const districts = new Set(group.map((r) => r.district ?? ''));
      const district =
        kind.district ??
        (districts.size === 1 && !districts.has('') ? [...districts][0] : undefined);
      if (district === undefined) {
        unattributedSubtotals.push({ ...at, label: compact(raw.name) || compact(raw.district) });
      } else {
        table.statedDistrictSubtotals = {
          ...table.statedDistrictSubtotals,
          [district]: {
            ...raw.targets,
            ...(raw.base !== undefined ? { base: raw.base } : {}),
          },
        };
      }
      group = [];
      districtAbove = undefined;
      return;
    }
    const district = raw.district?.trim() ? raw.district.trim() : districtAbove;
    const row: TownshipTableRow = { ...raw, ...(district !== undefined ? { district } : {}) };
    if (district === undefined) delete row.district;
    districtAbove = district;
    group.push(row);
    table.rows.push(row);
  });
  return { table, unattributedSubtotals, repeatedTotals };
}
