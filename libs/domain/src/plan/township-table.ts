import { invalid } from '../common/domain-error';
import { District, TargetRule, Township } from './plan-definition';
import { targetFromRate } from './target-rounding';

/** One row of an imported township table, as the document states it. */
export interface TownshipTableRow {
  /** Chinese name as printed; blank when the document leaves it blank. */
  name: string;
  nameEn?: string;
  /** District (片区) name as printed, when the table groups townships. */
  district?: string;
  base?: number;
  /** Stated target per level ("required", "stretch") or task number ("task"). */
  targets: Record<string, number | undefined>;
}

export interface TownshipTable {
  rows: TownshipTableRow[];
  /** The document's own total row, when it has one. */
  statedTotal?: { base?: number; targets: Record<string, number | undefined> };
  /** The document's district subtotal rows, by district name. */
  statedDistrictSubtotals?: Record<string, Record<string, number | undefined>>;
}

export type TableDiscrepancy =
  | { kind: 'blank_township_name'; row: number; message: string }
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
    };

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

/**
 * Checks an imported table and reports, never corrects: stated totals and subtotals against the
 * sums of the rows, blank names, and stated targets against base × rate under the plan's rounding
 * rule. Adopted targets are the stated ones where given, computed from the rate otherwise.
 * County and district targets are sums of their townships' targets.
 */
export function importTownshipTable(
  rule: TargetRule,
  table: TownshipTable,
  ids: { townshipIdPrefix: string; existingDistricts?: District[] },
): ImportedTownshipTable {
  const discrepancies: TableDiscrepancy[] = [];
  const levels = rule.levels.map((l) => l.name);
  if (table.rows.length === 0)
    throw invalid('rows', 'table.notEmpty', 'a township table needs at least one row');
  const districtsByName = new Map<string, District>();
  for (const d of ids.existingDistricts ?? []) districtsByName.set(d.name.zh, d);
  const seenNames = new Map<string, number>();
  const townships: Township[] = table.rows.map((row, i) => {
    const rowNo = i + 1;
    nonNegativeInteger(row.base, `rows[${i}].base`);
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
    const name = (row.name ?? '').trim();
    if (name === '') {
      discrepancies.push({
        kind: 'blank_township_name',
        row: rowNo,
        message: `row ${rowNo} has no township name`,
      });
    } else if (seenNames.has(name)) {
      discrepancies.push({
        kind: 'duplicate_township_name',
        row: rowNo,
        name,
        message: `row ${rowNo} repeats township ${name} (first at row ${seenNames.get(name)})`,
      });
    } else seenNames.set(name, rowNo);
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
          message: `row ${rowNo} ${name || '(blank)'}: stated ${level.name} target ${stated} but base ${row.base} × ${level.rateBp! / 100}% rounded ${rule.rounding ?? 'half_up'} is ${computed}`,
        });
      }
      const adopted = stated ?? computed;
      if (adopted !== undefined) targets[level.name] = adopted;
    }
    let districtId: string | undefined;
    if (row.district) {
      let d = districtsByName.get(row.district);
      if (!d) {
        d = {
          districtId: `d${districtsByName.size + 1}`,
          name: { zh: row.district, en: row.district },
          promotingInsurers: [],
        };
        districtsByName.set(row.district, d);
      }
      districtId = d.districtId;
    }
    return {
      townshipId: `${ids.townshipIdPrefix}${String(rowNo).padStart(2, '0')}`,
      name: { zh: name, en: row.nameEn ?? name },
      ...(districtId !== undefined ? { districtId } : {}),
      ...(row.base !== undefined ? { baseParticipants: row.base } : {}),
      targets,
    };
  });

  const sum = (rows: Township[], col: string) =>
    rows.reduce(
      (s, t) => s + (col === 'base' ? (t.baseParticipants ?? 0) : (t.targets[col] ?? 0)),
      0,
    );
  const totals: ImportedTownshipTable['totals'] = { targets: {} };
  if (townships.some((t) => t.baseParticipants !== undefined)) totals.base = sum(townships, 'base');
  for (const level of levels) totals.targets[level] = sum(townships, level);

  const stated = table.statedTotal;
  if (stated) {
    const columns: [string, number | undefined][] = [
      ['base', stated.base],
      ...Object.entries(stated.targets),
    ];
    for (const [column, value] of columns) {
      if (value === undefined) continue;
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
  }
  for (const [districtName, subtotal] of Object.entries(table.statedDistrictSubtotals ?? {})) {
    const d = districtsByName.get(districtName);
    const members = townships.filter((t) => d !== undefined && t.districtId === d.districtId);
    for (const [column, value] of Object.entries(subtotal)) {
      if (value === undefined) continue;
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
  return { townships, districts: [...districtsByName.values()], totals, discrepancies };
}
