import { invalid } from '../common/domain-error';
import { divisionCodeOf } from './division-code';
import { District, TargetRule, Township } from './plan-definition';
import { targetFromRate } from './target-rounding';
import { recogniseTotalRows } from './township-table-rows';

/** One row of an imported township table, as the document states it. */
export interface TownshipTableRow {
  /** Chinese name as printed; blank when the document leaves it blank. */
  name: string;
  nameEn?: string;
  /**
   * The township's statistical division code (9 or 12 digits), or its id in the plan, when the
   * table has a code column: rows are matched by it before the name.
   */
  code?: string;
  /** District (片区) name as printed, when the table groups townships. */
  district?: string;
  base?: number;
  /** Stated target per level ("required", "stretch") or task number ("task"). */
  targets: Record<string, number | undefined>;
  /** The row's line in the file it came from, when a decoder knows it (for messages). */
  line?: number;
}

export interface TownshipTable {
  rows: TownshipTableRow[];
  /** The document's own total row, when it has one. */
  statedTotal?: { base?: number; targets: Record<string, number | undefined> };
  /** The document's district subtotal rows, by district name ("base" and target levels). */
  statedDistrictSubtotals?: Record<string, Record<string, number | undefined>>;
}

export type TableDiscrepancy =
  | { kind: 'blank_township_name'; row: number; message: string }
  /** Recorded by imports before duplicates were refused (kept for replaying old events). */
  | { kind: 'duplicate_township_name'; row: number; name: string; message: string }
  | {
      kind: 'stated_total_mismatch';
      column: string;
      stated: number;
      sumOfRows: number;
      message: string;
    }
  | {
      kind: 'stated_subtotal_mismatch';
      district: string;
      column: string;
      stated: number;
      sumOfRows: number;
      message: string;
    }
  | {
      kind: 'target_disagrees_with_rate';
      row: number;
      township: string;
      level: string;
      stated: number;
      computed: number;
      message: string;
    }
  | { kind: 'unattributed_subtotal'; row: number; line?: number; label: string; message: string }
  | { kind: 'repeated_total_row'; row: number; line?: number; message: string };

/** A township row after the checks: targets as adopted (stated, or computed from the rate). */
export interface CheckedTownshipRow {
  /** 1-based among the township rows (total and subtotal rows not counted). */
  row: number;
  line?: number;
  name: string;
  nameEn?: string;
  code?: string;
  district?: string;
  base?: number;
  targets: Record<string, number>;
}

export interface CheckedTownshipTable {
  rows: CheckedTownshipRow[];
  /** County totals: sums of the township rows, never the stated total. */
  totals: { base?: number; targets: Record<string, number> };
  discrepancies: TableDiscrepancy[];
}

export interface ImportedTownshipTable {
  townships: Township[];
  districts: District[];
  /** County totals: sums of the township rows, never the stated total. */
  totals: { base?: number; targets: Record<string, number> };
  discrepancies: TableDiscrepancy[];
}

function nonNegativeInteger(value: unknown, field: string): void {
  if (
    value !== undefined &&
    (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0)
  ) {
    throw invalid(field, 'table.nonNegativeInteger', `${field} must be a non-negative integer`);
  }
}

const label = (name: string) => name || '(blank)';
/** Names and codes enter the log, which cannot be edited: they are bounded. */
const MAX_NAME = 100;
const MAX_CODE = 64;

/**
 * Checks a table and reports, never corrects: total and subtotal rows are recognised and
 * checked against the township rows (never imported as townships), stated totals and subtotals
 * against the sums of the rows, blank names, and stated targets against base × rate under the
 * plan's rounding rule. Adopted targets are the stated ones where given, computed from the rate
 * otherwise. A table listing a township twice (by name or code) is refused: a row must say which
 * township it is.
 */
export function checkTownshipTable(rule: TargetRule, input: TownshipTable): CheckedTownshipTable {
  if (!input || !Array.isArray(input.rows))
    throw invalid('rows', 'table.notEmpty', 'a township table needs at least one row');
  const { table, unattributedSubtotals, repeatedTotals } = recogniseTotalRows(input);
  const discrepancies: TableDiscrepancy[] = [];
  const levels = rule.levels.map((l) => l.name);
  if (table.rows.length === 0)
    throw invalid('rows', 'table.notEmpty', 'a township table needs at least one township row');
  const seenNames = new Map<string, number>();
  const seenCodes = new Map<string, number>();
  const rows: CheckedTownshipRow[] = table.rows.map((row, i) => {
    const rowNo = i + 1;
    const where = row.line !== undefined ? `line ${row.line}` : `row ${rowNo}`;
    nonNegativeInteger(row.base, `rows[${i}].base`);
    if (row.targets === null || typeof row.targets !== 'object')
      throw invalid(`rows[${i}].targets`, 'table.targets', `${where}: targets must be an object`);
    for (const [level, v] of Object.entries(row.targets)) {
      if (!levels.includes(level)) {
        throw invalid(
          `rows[${i}].targets.${level}`,
          'table.knownLevel',
          `unknown target level ${level}; the plan has ${levels.join(', ')}`,
        );
      }
      nonNegativeInteger(v, `rows[${i}].targets.${level}`);
    }
    const name = typeof row.name === 'string' ? row.name.trim() : '';
    for (const [key, text, max] of [
      ['name', name, MAX_NAME],
      ['nameEn', row.nameEn, MAX_NAME],
      ['district', row.district, MAX_NAME],
      ['code', row.code, MAX_CODE],
    ] as const) {
      if (typeof text === 'string' && text.length > max)
        throw invalid(
          `rows[${i}].${key}`,
          'table.textLength',
          `${where}: ${key} is longer than ${max} characters`,
          { max },
        );
    }
    if (name === '') {
      discrepancies.push({
        kind: 'blank_township_name',
        row: rowNo,
        message: `row ${rowNo} has no township name`,
      });
    } else if (seenNames.has(name)) {
      throw invalid(
        `rows[${i}].name`,
        'table.duplicateTownship',
        `${where} repeats township ${name} (first at row ${seenNames.get(name)}): a table lists each township once`,
        { township: name, row: rowNo, firstRow: seenNames.get(name) },
      );
    } else seenNames.set(name, rowNo);
    const code = typeof row.code === 'string' && row.code.trim() ? row.code.trim() : undefined;
    if (code !== undefined) {
      if (seenCodes.has(code))
        throw invalid(
          `rows[${i}].code`,
          'table.duplicateTownship',
          `${where} repeats code ${code} (first at row ${seenCodes.get(code)}): a table lists each township once`,
          { township: code, row: rowNo, firstRow: seenCodes.get(code) },
        );
      seenCodes.set(code, rowNo);
    }
    const targets: Record<string, number> = {};
    for (const level of rule.levels) {
      const stated = row.targets[level.name];
      const computed =
        rule.kind === 'rate' && level.rateBp !== undefined && row.base !== undefined
          ? targetFromRate(row.base, level.rateBp, rule.rounding ?? 'half_up')
          : undefined;
      if (stated !== undefined && computed !== undefined && stated !== computed) {
        discrepancies.push({
          kind: 'target_disagrees_with_rate',
          row: rowNo,
          township: name,
          level: level.name,
          stated,
          computed,
          message: `row ${rowNo} ${label(name)}: stated ${level.name} target ${stated} but base ${row.base} × ${level.rateBp! / 100}% rounded ${rule.rounding ?? 'half_up'} is ${computed}`,
        });
      }
      const adopted = stated ?? computed;
      if (adopted !== undefined) targets[level.name] = adopted;
    }
    const district = typeof row.district === 'string' ? row.district.trim() : '';
    return {
      row: rowNo,
      ...(row.line !== undefined ? { line: row.line } : {}),
      name,
      ...(row.nameEn?.trim() ? { nameEn: row.nameEn.trim() } : {}),
      ...(code !== undefined ? { code } : {}),
      ...(district ? { district } : {}),
      ...(row.base !== undefined ? { base: row.base } : {}),
      targets,
    };
  });

  const sum = (members: CheckedTownshipRow[], col: string) =>
    members.reduce((s, t) => s + (col === 'base' ? (t.base ?? 0) : (t.targets[col] ?? 0)), 0);
  const totals: CheckedTownshipTable['totals'] = { targets: {} };
  if (rows.some((t) => t.base !== undefined)) totals.base = sum(rows, 'base');
  for (const level of levels) totals.targets[level] = sum(rows, level);

  const checkTotal = (stated: NonNullable<TownshipTable['statedTotal']>) => {
    const columns: [string, number | undefined][] = [
      ['base', stated.base],
      ...Object.entries(stated.targets ?? {}),
    ];
    for (const [column, value] of columns) {
      if (value === undefined) continue;
      nonNegativeInteger(value, `statedTotal.${column}`);
      const rowsSum = column === 'base' ? (totals.base ?? 0) : (totals.targets[column] ?? 0);
      if (value !== rowsSum) {
        discrepancies.push({
          kind: 'stated_total_mismatch',
          column,
          stated: value,
          sumOfRows: rowsSum,
          message: `stated total ${column} ${value} but the rows add up to ${rowsSum}`,
        });
      }
    }
  };
  if (table.statedTotal) checkTotal(table.statedTotal);
  for (const extra of repeatedTotals) {
    const where = extra.line !== undefined ? `line ${extra.line}` : `printed row ${extra.row}`;
    discrepancies.push({
      kind: 'repeated_total_row',
      row: extra.row,
      ...(extra.line !== undefined ? { line: extra.line } : {}),
      message: `${where} is a second total row; it is checked against the rows too`,
    });
    checkTotal(extra);
  }
  for (const [districtName, subtotal] of Object.entries(table.statedDistrictSubtotals ?? {})) {
    const members = rows.filter((t) => t.district === districtName);
    for (const [column, value] of Object.entries(subtotal)) {
      if (value === undefined) continue;
      nonNegativeInteger(value, `statedDistrictSubtotals.${districtName}.${column}`);
      const rowsSum = sum(members, column);
      if (value !== rowsSum) {
        discrepancies.push({
          kind: 'stated_subtotal_mismatch',
          district: districtName,
          column,
          stated: value,
          sumOfRows: rowsSum,
          message: `district ${districtName}: stated subtotal ${column} ${value} but its townships add up to ${rowsSum}`,
        });
      }
    }
  }
  for (const u of unattributedSubtotals) {
    const where = u.line !== undefined ? `line ${u.line}` : `printed row ${u.row}`;
    discrepancies.push({
      kind: 'unattributed_subtotal',
      row: u.row,
      ...(u.line !== undefined ? { line: u.line } : {}),
      label: u.label,
      message: `${where} (${u.label}) is a subtotal but its district cannot be told: not checked`,
    });
  }
  return { rows, totals, discrepancies };
}

/**
 * A table imported into a plan without townships (how a bundled plan gets its table): every row
 * a new township, in table order (t01, t02, …). Re-imports match rows to the plan's townships
 * instead (township-table-import.ts).
 */
export function importTownshipTable(
  rule: TargetRule,
  table: TownshipTable,
  ids: { townshipIdPrefix: string; existingDistricts?: District[] },
): ImportedTownshipTable {
  const checked = checkTownshipTable(rule, table);
  const districts = districtsFor(checked.rows, ids.existingDistricts ?? []);
  const townships = checked.rows.map((row, i) =>
    townshipFromRow(row, `${ids.townshipIdPrefix}${String(i + 1).padStart(2, '0')}`, districts),
  );
  return {
    townships,
    districts: districts.list,
    totals: checked.totals,
    discrepancies: checked.discrepancies,
  };
}

/** The plan's districts by Chinese name, with a new one (d1, d2, …) for each new name. */
export function districtsFor(
  rows: readonly { district?: string }[],
  existing: readonly District[],
): { list: District[]; idOf: (name: string | undefined) => string | undefined } {
  const byName = new Map<string, District>();
  for (const d of existing) byName.set(d.name.zh, d);
  let next = existing.reduce((n, d) => {
    const m = /^d(\d+)$/.exec(d.districtId);
    return m ? Math.max(n, Number(m[1])) : n;
  }, 0);
  for (const row of rows) {
    if (row.district && !byName.has(row.district)) {
      next += 1;
      byName.set(row.district, {
        districtId: `d${next}`,
        name: { zh: row.district, en: row.district },
        promotingInsurers: [],
      });
    }
  }
  return {
    list: [...byName.values()],
    idOf: (name) => (name ? byName.get(name)?.districtId : undefined),
  };
}

function nameOf(row: CheckedTownshipRow, previous: Township | undefined): Township['name'] {
  // A row without a name (matched by its code) keeps the township's name; a table without
  // English names keeps the English name the township has.
  const zh = row.name || previous?.name.zh || '';
  const en = row.nameEn ?? (previous && previous.name.zh === zh ? previous.name.en : zh);
  return { zh, en };
}

/** The township a checked row describes, under the given id. */
export function townshipFromRow(
  row: CheckedTownshipRow,
  townshipId: string,
  districts: { idOf: (name: string | undefined) => string | undefined },
  previous?: Township,
): Township {
  const districtId = districts.idOf(row.district);
  const divisionCode = divisionCodeOf(row.code) ?? previous?.divisionCode;
  return {
    townshipId,
    // Keep the English name a table without one would otherwise overwrite with the Chinese.
    name: nameOf(row, previous),
    ...(divisionCode !== undefined ? { divisionCode } : {}),
    ...(previous?.formerTownshipIds?.length
      ? { formerTownshipIds: [...previous.formerTownshipIds] }
      : {}),
    ...(districtId !== undefined ? { districtId } : {}),
    ...(row.base !== undefined ? { baseParticipants: row.base } : {}),
    targets: row.targets,
  };
}
