import { invalid } from '../common/domain-error';
import { divisionCodeOf } from './division-code';
import { PlanDefinition, TargetRule, Township } from './plan-definition';
import {
  CheckedTownshipRow,
  checkTownshipTable,
  districtsFor,
  ImportedTownshipTable,
  TownshipTable,
  townshipFromRow,
} from './township-table';
import { findTownship } from './township-ref';

/** Enrollments recorded under a township (from the township-progress view). */
export interface TownshipEnrollments {
  /** Paid in full and not ended. */
  active: number;
  /** Waiting on a personal-account deduction. */
  pending: number;
  /** Every enrollment ever recorded there, ended ones included. */
  enrolled: number;
}

/** By recorded township id (the id enrollment events carry). */
export type EnrollmentsByTownship = Readonly<Record<string, TownshipEnrollments | undefined>>;

/** Mapping value meaning "the table leaves this township out: keep it as it is". */
export const KEEP_TOWNSHIP = ['keep', '保留'] as const;

/**
 * What the operator says about townships the table would remove or rename: each key names a
 * township of the plan (id, division code or Chinese name); each value names the table row it
 * becomes (name or code), or "keep" / "保留".
 */
export type TownshipMapping = Readonly<Record<string, string>>;

export interface TownshipTableImportRequest {
  table: TownshipTable;
  /** The target rule to check the table against (the plan's when not given). */
  rule: TargetRule;
  mapping?: TownshipMapping;
  /** Keep every township the table does not list, as it is (a partial table). */
  keepUnlisted?: boolean;
}

type Named = { townshipId: string; name: string };
type WithEnrollments = Named & { enrollments: TownshipEnrollments };
type Change<T> = { from?: T; to?: T };

export interface TownshipChanges {
  name?: Change<string>;
  base?: Change<number>;
  targets?: Record<string, Change<number>>;
  district?: Change<string>;
  divisionCode?: Change<string>;
}

/** What applying a table would do to the plan's townships, shown before it is applied. */
export interface TownshipTableDiff {
  added: (Named & {
    row: number;
    line?: number;
    district?: string;
    divisionCode?: string;
    base?: number;
    targets: Record<string, number>;
  })[];
  removed: WithEnrollments[];
  /** Same township, new name: matched by its code, or named in the mapping. */
  renamed: (WithEnrollments & { from: string; to: string; row: number; by: 'code' | 'mapping' })[];
  /** Its enrollments now count under another township of the table. */
  merged: (WithEnrollments & { into: Named })[];
  /** Left out of the table and kept as it is. */
  kept: (WithEnrollments & { by: 'mapping' | 'keepUnlisted' })[];
  /** Base, targets, district or code changed (renamed townships list their other changes here too). */
  changed: (WithEnrollments & { row: number; changes: TownshipChanges })[];
  unchanged: Named[];
  /** Removed or renamed townships holding enrollments that the mapping does not cover. */
  needsMapping: (WithEnrollments & { change: 'removed' | 'renamed' })[];
  /** County sums of the plan's townships before and after. */
  totals: { before: CountyTotals; after: CountyTotals };
}

export interface CountyTotals {
  base?: number;
  targets: Record<string, number>;
}

export interface TownshipTableImportPlan {
  diff: TownshipTableDiff;
  /** The plan's townships and districts once applied; totals and discrepancies of the table. */
  imported: ImportedTownshipTable;
  /** Compact record of the changes (ids), for the event. */
  changes: TownshipTableChanges;
}

export interface TownshipTableChanges {
  added: string[];
  removed: string[];
  renamed: { townshipId: string; from: string; to: string }[];
  merged: { townshipId: string; into: string }[];
  kept: string[];
  changed: string[];
}

const NONE: TownshipEnrollments = { active: 0, pending: 0, enrolled: 0 };

function enrollmentsOf(t: Township, counts: EnrollmentsByTownship): TownshipEnrollments {
  let total = NONE;
  for (const id of [t.townshipId, ...(t.formerTownshipIds ?? [])]) {
    const c = counts[id];
    if (c)
      total = {
        active: total.active + c.active,
        pending: total.pending + c.pending,
        enrolled: total.enrolled + c.enrolled,
      };
  }
  return total;
}

function countyTotals(townships: readonly Township[], rule: TargetRule): CountyTotals {
  const totals: CountyTotals = { targets: {} };
  if (townships.some((t) => t.baseParticipants !== undefined))
    totals.base = townships.reduce((s, t) => s + (t.baseParticipants ?? 0), 0);
  const levels = new Set([
    ...rule.levels.map((l) => l.name),
    ...townships.flatMap((t) => Object.keys(t.targets)),
  ]);
  for (const level of levels)
    totals.targets[level] = townships.reduce((s, t) => s + (t.targets[level] ?? 0), 0);
  return totals;
}

/** Whether a code may belong to this plan's county (its first digits are the county's code). */
function inRegion(plan: PlanDefinition, code: string): boolean {
  const county =
    plan.region.targetCounty?.regionCode ?? plan.region.regionCode.replace(/(00)+$/, '');
  return code.startsWith(county);
}

const isKeep = (value: string) => (KEEP_TOWNSHIP as readonly string[]).includes(value.trim());

/**
 * Matches a table's rows to the plan's townships — by code (division code or the plan's id),
 * then by exact Chinese name, never by position — and works out the diff: added, removed,
 * renamed, merged, kept, changed. Pure: writes nothing, decides nothing about enrollments beyond
 * listing which removals and renames need the operator's mapping.
 */
export function planTownshipTableImport(
  plan: PlanDefinition,
  assignedTownshipIds: readonly string[],
  request: TownshipTableImportRequest,
  counts: EnrollmentsByTownship = {},
): TownshipTableImportPlan {
  const checked = checkTownshipTable(request.rule, request.table);
  const current = plan.townships;
  const rows = checked.rows;
  const rowOf = new Map<number, Township>(); // row index → matched township
  const matchedBy = new Map<string, { index: number; by: 'code' | 'name' }>();
  const blankRows = rows.filter((r) => r.name === '').length;
  const blankTownships = current.filter((t) => t.name.zh.trim() === '');

  const claim = (index: number, t: Township, by: 'code' | 'name', field: string) => {
    const earlier = matchedBy.get(t.townshipId);
    if (earlier) {
      throw invalid(
        field,
        'table.duplicateTownship',
        `rows ${rows[earlier.index].row} and ${rows[index].row} are both township ${t.name.zh || t.townshipId}`,
        {
          township: t.name.zh || t.townshipId,
          row: rows[index].row,
          firstRow: rows[earlier.index].row,
        },
      );
    }
    rowOf.set(index, t);
    matchedBy.set(t.townshipId, { index, by });
  };

  rows.forEach((row, i) => {
    const field = `rows[${row.row - 1}]`;
    let byCode: Township | undefined;
    if (row.code !== undefined) {
      const code = divisionCodeOf(row.code);
      byCode = current.find(
        (t) =>
          t.townshipId === row.code ||
          (code !== undefined && (t.divisionCode === code || t.townshipId === code)),
      );
      if (!byCode && code === undefined) {
        throw invalid(
          `${field}.code`,
          'table.townshipCode',
          `row ${row.row}: code ${row.code} is neither a statistical division code (9 or 12 digits) nor a township id of plan ${plan.planId}`,
          { code: row.code, row: row.row },
        );
      }
      if (!byCode && code !== undefined && !inRegion(plan, code)) {
        throw invalid(
          `${field}.code`,
          'table.divisionCodeInCounty',
          `row ${row.row}: division code ${code} is outside ${plan.region.targetCounty?.name.zh ?? plan.region.name.zh}`,
          { code, row: row.row },
        );
      }
    }
    const sameName =
      row.name !== ''
        ? current.filter((t) => t.name.zh.trim() === row.name)
        : blankRows === 1 && blankTownships.length === 1
          ? blankTownships
          : [];
    if (byCode) {
      const other = sameName.find((t) => t.townshipId !== byCode!.townshipId);
      if (other) {
        throw invalid(
          `${field}.code`,
          'table.codeNameConflict',
          `row ${row.row}: code ${row.code} is township ${byCode.name.zh} but the name ${row.name} is township ${other.townshipId}`,
          { code: row.code!, township: row.name, row: row.row },
        );
      }
      claim(i, byCode, 'code', `${field}.code`);
    } else if (sameName.length === 1) {
      claim(i, sameName[0], 'name', `${field}.name`);
    }
  });

  // The operator's mapping: where removed or renamed townships go.
  const mappedTo = new Map<string, number | 'keep'>(); // townshipId → row index | keep
  const findRow = (value: string) => {
    const text = value.trim();
    const code = divisionCodeOf(text);
    let index = rows.findIndex(
      (r) =>
        r.code !== undefined &&
        (r.code === text || (code !== undefined && divisionCodeOf(r.code) === code)),
    );
    if (index < 0) index = rows.findIndex((r) => r.name !== '' && r.name === text);
    if (index < 0) {
      // A row matched to a township may be named by that township's id or code too.
      const t = findTownship(current, text);
      if (t && matchedBy.has(t.townshipId)) index = matchedBy.get(t.townshipId)!.index;
    }
    return index;
  };
  for (const [key, value] of Object.entries(request.mapping ?? {})) {
    const field = `mapping.${key}`;
    const t = findTownship(current, key);
    if (!t) {
      throw invalid(
        field,
        'table.mappingFrom',
        `the mapping names ${key}, which is not a township of plan ${plan.planId}`,
        { township: key },
      );
    }
    if (typeof value !== 'string' || value.trim() === '') {
      throw invalid(
        field,
        'table.mappingTo',
        `say where ${key} goes: a row of the table, or "keep"`,
        {
          township: key,
          target: String(value),
        },
      );
    }
    const matched = matchedBy.get(t.townshipId);
    if (isKeep(value)) {
      if (matched) {
        throw invalid(
          field,
          'table.mappingConflict',
          `${key} is in the table (row ${rows[matched.index].row}); "keep" is for townships the table leaves out`,
          { township: key, target: value },
        );
      }
      mappedTo.set(t.townshipId, 'keep');
      continue;
    }
    const index = findRow(value);
    if (index < 0) {
      throw invalid(
        field,
        'table.mappingTo',
        `the mapping sends ${key} to ${value}, which is not a row of the table`,
        { township: key, target: value },
      );
    }
    if (matched) {
      if (matched.index !== index) {
        throw invalid(
          field,
          'table.mappingConflict',
          `${key} is row ${rows[matched.index].row} of the table, not ${value}`,
          { township: key, target: value },
        );
      }
      mappedTo.set(t.townshipId, index); // confirms a rename by code
      continue;
    }
    mappedTo.set(t.townshipId, index);
  }

  // Unmatched townships mapped to a row: the first (plan order) to an unmatched row takes it
  // (a rename, its id kept); the others merge into whoever holds the row.
  const takenBy = new Map<number, Township>();
  const mergedInto = new Map<string, Township>(); // merged townshipId → surviving township
  const renamedByMapping = new Set<string>();
  for (const t of current) {
    const target = mappedTo.get(t.townshipId);
    if (target === undefined || target === 'keep' || matchedBy.has(t.townshipId)) continue;
    const holder = rowOf.get(target) ?? takenBy.get(target);
    if (holder) mergedInto.set(t.townshipId, holder);
    else {
      takenBy.set(target, t);
      renamedByMapping.add(t.townshipId);
    }
  }
  for (const [index, t] of takenBy) rowOf.set(index, t);

  const districts = districtsFor(rows, plan.districts);
  const districtName = (id: string | undefined) =>
    id === undefined ? undefined : plan.districts.find((d) => d.districtId === id)?.name.zh;
  const used = new Set([...assignedTownshipIds, ...current.map((t) => t.townshipId)]);
  let nextNumber = [...used].reduce((n, id) => {
    const m = /^t(\d+)$/.exec(id);
    return m ? Math.max(n, Number(m[1])) : n;
  }, 0);
  const newId = (row: CheckedTownshipRow) => {
    const code = divisionCodeOf(row.code);
    if (code !== undefined && !used.has(code)) {
      used.add(code);
      return code;
    }
    nextNumber += 1;
    const id = `t${String(nextNumber).padStart(2, '0')}`;
    used.add(id);
    return id;
  };

  const diff: TownshipTableDiff = {
    added: [],
    removed: [],
    renamed: [],
    merged: [],
    kept: [],
    changed: [],
    unchanged: [],
    needsMapping: [],
    totals: { before: countyTotals(current, request.rule), after: { targets: {} } },
  };
  const changes: TownshipTableChanges = {
    added: [],
    removed: [],
    renamed: [],
    merged: [],
    kept: [],
    changed: [],
  };
  const formerOf = new Map<string, string[]>();
  for (const [id, holder] of mergedInto) {
    const gone = current.find((t) => t.townshipId === id)!;
    formerOf.set(holder.townshipId, [
      ...(formerOf.get(holder.townshipId) ?? []),
      id,
      ...(gone.formerTownshipIds ?? []),
    ]);
  }

  const townships: Township[] = rows.map((row, i) => {
    const previous = rowOf.get(i);
    if (!previous) {
      const township = townshipFromRow(row, newId(row), districts);
      diff.added.push({
        townshipId: township.townshipId,
        name: row.name,
        row: row.row,
        ...(row.line !== undefined ? { line: row.line } : {}),
        ...(row.district ? { district: row.district } : {}),
        ...(township.divisionCode ? { divisionCode: township.divisionCode } : {}),
        ...(row.base !== undefined ? { base: row.base } : {}),
        targets: row.targets,
      });
      changes.added.push(township.townshipId);
      return township;
    }
    const township = townshipFromRow(row, previous.townshipId, districts, previous);
    const formers = formerOf.get(previous.townshipId);
    if (formers) township.formerTownshipIds = [...(township.formerTownshipIds ?? []), ...formers];
    const enrollments = enrollmentsOf(previous, counts);
    const named = { townshipId: previous.townshipId, name: row.name };
    // A row without a name (matched by its code) keeps the township's name.
    const renamed = row.name !== '' && previous.name.zh.trim() !== row.name;
    if (renamed) {
      const by = renamedByMapping.has(previous.townshipId) ? 'mapping' : 'code';
      diff.renamed.push({
        ...named,
        from: previous.name.zh,
        to: row.name,
        row: row.row,
        by,
        enrollments,
      });
      changes.renamed.push({
        townshipId: previous.townshipId,
        from: previous.name.zh,
        to: row.name,
      });
      if (by === 'code' && enrollments.enrolled > 0 && !mappedTo.has(previous.townshipId))
        diff.needsMapping.push({
          ...named,
          name: previous.name.zh,
          change: 'renamed',
          enrollments,
        });
    }
    const delta: TownshipChanges = {};
    if (previous.baseParticipants !== township.baseParticipants)
      delta.base = { from: previous.baseParticipants, to: township.baseParticipants };
    for (const level of new Set([
      ...Object.keys(previous.targets),
      ...Object.keys(township.targets),
    ])) {
      if (previous.targets[level] !== township.targets[level])
        delta.targets = {
          ...delta.targets,
          [level]: { from: previous.targets[level], to: township.targets[level] },
        };
    }
    if (previous.districtId !== township.districtId)
      delta.district = { from: districtName(previous.districtId), to: row.district };
    if (previous.divisionCode !== township.divisionCode)
      delta.divisionCode = { from: previous.divisionCode, to: township.divisionCode };
    if (Object.keys(delta).length) {
      diff.changed.push({ ...named, row: row.row, changes: delta, enrollments });
      changes.changed.push(previous.townshipId);
    } else if (!renamed && !formers) diff.unchanged.push(named);
    return township;
  });

  const kept: Township[] = [];
  for (const t of current) {
    if (matchedBy.has(t.townshipId) || renamedByMapping.has(t.townshipId)) continue;
    const enrollments = enrollmentsOf(t, counts);
    const named = { townshipId: t.townshipId, name: t.name.zh };
    const holder = mergedInto.get(t.townshipId);
    if (holder) {
      const into = townships.find((x) => x.townshipId === holder.townshipId)!;
      diff.merged.push({
        ...named,
        into: { townshipId: into.townshipId, name: into.name.zh },
        enrollments,
      });
      changes.merged.push({ townshipId: t.townshipId, into: into.townshipId });
      continue;
    }
    if (mappedTo.get(t.townshipId) === 'keep' || request.keepUnlisted) {
      kept.push(t);
      diff.kept.push({
        ...named,
        by: mappedTo.has(t.townshipId) ? 'mapping' : 'keepUnlisted',
        enrollments,
      });
      changes.kept.push(t.townshipId);
      continue;
    }
    diff.removed.push({ ...named, enrollments });
    changes.removed.push(t.townshipId);
    if (enrollments.enrolled > 0)
      diff.needsMapping.push({ ...named, change: 'removed', enrollments });
  }
  const all = [...townships, ...kept];
  diff.totals.after = countyTotals(all, request.rule);
  return {
    diff,
    changes,
    imported: {
      townships: all,
      districts: districts.list,
      totals: checked.totals,
      discrepancies: checked.discrepancies,
    },
  };
}
