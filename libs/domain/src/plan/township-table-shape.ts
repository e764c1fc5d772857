import { invalid } from '../common/domain-error';
import type { TownshipTable, TownshipTableRow } from './township-table';

/** Far above any county's table (九江 has 200-odd townships); a bound on what one request holds. */
const MAX_ROWS = 5_000;
const MAX_TEXT = 200;

type Figures = Record<string, number | undefined>;

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * A township table given as JSON (not parsed from a file) checked member by member before any
 * rule reads it: each wrong member is refused naming its path (`table.rows[1].base`) and the
 * rule `table.shape`, so a malformed table is a 422, never a crash further on.
 */
export function townshipTableOf(value: unknown, field = 'table'): TownshipTable {
  const bad = (path: string, what: string) =>
    invalid(path, 'table.shape', `${path} must be ${what}`, { path, expected: what });
  if (!isObject(value))
    throw bad(field, 'an object {rows, statedTotal?, statedDistrictSubtotals?}');
  const { rows, statedTotal, statedDistrictSubtotals } = value;
  if (!Array.isArray(rows) || rows.length === 0 || rows.length > MAX_ROWS)
    throw bad(`${field}.rows`, `a list of 1 to ${MAX_ROWS} rows`);
  const text = (v: unknown, path: string, optional: boolean): string | undefined => {
    if (v === undefined && optional) return undefined;
    if (typeof v !== 'string' || v.length > MAX_TEXT)
      throw bad(path, `text of at most ${MAX_TEXT} characters`);
    return v;
  };
  const count = (v: unknown, path: string): number | undefined => {
    if (v === undefined || v === null) return undefined;
    if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < 0)
      throw bad(path, 'a whole number ≥ 0');
    return v;
  };
  const figures = (v: unknown, path: string): Figures => {
    if (!isObject(v)) throw bad(path, 'an object of whole numbers by target level');
    return Object.fromEntries(Object.entries(v).map(([k, n]) => [k, count(n, `${path}.${k}`)]));
  };
  const checkedRows = rows.map((row: unknown, i): TownshipTableRow => {
    const at = `${field}.rows[${i}]`;
    if (!isObject(row)) throw bad(at, 'an object {name, code?, district?, base?, targets}');
    const checked: TownshipTableRow = {
      name: text(row.name, `${at}.name`, false)!,
      targets: figures(row.targets ?? {}, `${at}.targets`),
    };
    for (const key of ['nameEn', 'code', 'district'] as const) {
      const v = text(row[key], `${at}.${key}`, true);
      if (v !== undefined) checked[key] = v;
    }
    const base = count(row.base, `${at}.base`);
    if (base !== undefined) checked.base = base;
    const line = count(row.line, `${at}.line`);
    if (line !== undefined) checked.line = line;
    return checked;
  });
  const table: TownshipTable = { rows: checkedRows };
  if (statedTotal !== undefined) {
    if (!isObject(statedTotal)) throw bad(`${field}.statedTotal`, 'an object {base?, targets}');
    const base = count(statedTotal.base, `${field}.statedTotal.base`);
    table.statedTotal = {
      targets: figures(statedTotal.targets ?? {}, `${field}.statedTotal.targets`),
      ...(base !== undefined ? { base } : {}),
    };
  }
  if (statedDistrictSubtotals !== undefined) {
    const path = `${field}.statedDistrictSubtotals`;
    if (!isObject(statedDistrictSubtotals)) throw bad(path, 'an object of subtotals by district');
    table.statedDistrictSubtotals = Object.fromEntries(
      Object.entries(statedDistrictSubtotals).map(([d, v]) => [d, figures(v, `${path}.${d}`)]),
    );
  }
  return table;
}
