import { LocalizedName, PlanDefinition } from '@ledger/domain';
import { TownshipCounts } from '../views/township-progress.projection';

export interface TargetStatus {
  target: number;
  /** Enrollments still needed (0 once reached). */
  gap: number;
  reached: boolean;
}

export interface ProgressRow {
  level: 'township' | 'district' | 'county';
  id: string;
  name: LocalizedName;
  districtId?: string;
  baseParticipants?: number;
  active: number;
  pending: number;
  enrolled: number;
  cancelled: number;
  lapsed: number;
  /** active ÷ base in basis points, rounded half-up (2013 = 20.13%). */
  rateBp?: number;
  targets: Record<string, TargetStatus>;
  bySource: Record<string, number>;
  byCategory: Record<string, number>;
  premiumCollectedFen: number;
  perDay: Record<string, { enrolled: number; ended: number }>;
  atDeadline?: {
    deadline: string;
    active: number;
    pending: number;
    premiumCollectedFen: number;
    rateBp?: number;
    targets: Record<string, TargetStatus>;
  };
}

export interface ProgressReport {
  planId: string;
  targetRule?: PlanDefinition['targets'];
  county: ProgressRow;
  districts: ProgressRow[];
  townships: ProgressRow[];
  /** Enrollments without a township of the table. */
  unassigned?: ProgressRow;
}

const rateBp = (active: number, base?: number) =>
  base ? Math.floor((active * 10_000 * 2 + base) / (2 * base)) : undefined;

function targetsOf(targets: Record<string, number>, active: number): Record<string, TargetStatus> {
  return Object.fromEntries(
    Object.entries(targets).map(([level, target]) => [
      level,
      { target, gap: Math.max(target - active, 0), reached: active >= target },
    ]),
  );
}

const sumRecords = (records: Record<string, number>[]) => {
  const out: Record<string, number> = {};
  for (const r of records) for (const [k, v] of Object.entries(r)) out[k] = (out[k] ?? 0) + v;
  return out;
};

function rollUp(
  level: ProgressRow['level'],
  id: string,
  name: LocalizedName,
  rows: ProgressRow[],
  targets: Record<string, number>,
  base: number | undefined,
): ProgressRow {
  const sum = (f: (r: ProgressRow) => number) => rows.reduce((s, r) => s + f(r), 0);
  const active = sum((r) => r.active);
  const perDay: ProgressRow['perDay'] = {};
  for (const r of rows) {
    for (const [d, v] of Object.entries(r.perDay))
      perDay[d] = {
        enrolled: (perDay[d]?.enrolled ?? 0) + v.enrolled,
        ended: (perDay[d]?.ended ?? 0) + v.ended,
      };
  }
  const withDeadline = rows.filter((r) => r.atDeadline);
  const deadline = withDeadline[0]?.atDeadline?.deadline;
  const atActive = withDeadline.reduce((s, r) => s + r.atDeadline!.active, 0);
  return {
    level,
    id,
    name,
    ...(base !== undefined ? { baseParticipants: base } : {}),
    active,
    pending: sum((r) => r.pending),
    enrolled: sum((r) => r.enrolled),
    cancelled: sum((r) => r.cancelled),
    lapsed: sum((r) => r.lapsed),
    ...(base ? { rateBp: rateBp(active, base) } : {}),
    targets: targetsOf(targets, active),
    bySource: sumRecords(rows.map((r) => r.bySource)),
    byCategory: sumRecords(rows.map((r) => r.byCategory)),
    premiumCollectedFen: sum((r) => r.premiumCollectedFen),
    perDay,
    ...(deadline
      ? {
          atDeadline: {
            deadline,
            active: atActive,
            pending: withDeadline.reduce((s, r) => s + r.atDeadline!.pending, 0),
            premiumCollectedFen: withDeadline.reduce(
              (s, r) => s + r.atDeadline!.premiumCollectedFen,
              0,
            ),
            ...(base ? { rateBp: rateBp(atActive, base) } : {}),
            targets: targetsOf(targets, atActive),
          },
        }
      : {}),
  };
}

function addRecords(a: Record<string, number>, b: Record<string, number>) {
  const out = { ...a };
  for (const [k, v] of Object.entries(b)) out[k] = (out[k] ?? 0) + v;
  return out;
}

/** Two townships' counts as one (a township and one merged into it by a table import). */
function addCounts(a: TownshipCounts, b: TownshipCounts): TownshipCounts {
  const perDay = { ...a.perDay };
  for (const [d, v] of Object.entries(b.perDay))
    perDay[d] = {
      enrolled: (perDay[d]?.enrolled ?? 0) + v.enrolled,
      ended: (perDay[d]?.ended ?? 0) + v.ended,
    };
  const at = a.atDeadline ?? b.atDeadline;
  return {
    ...a,
    active: a.active + b.active,
    pending: a.pending + b.pending,
    enrolled: a.enrolled + b.enrolled,
    cancelled: a.cancelled + b.cancelled,
    lapsed: a.lapsed + b.lapsed,
    bySource: addRecords(a.bySource, b.bySource),
    byCategory: addRecords(a.byCategory, b.byCategory),
    premiumCollectedFen: a.premiumCollectedFen + b.premiumCollectedFen,
    perDay,
    ...(at
      ? {
          atDeadline: {
            deadline: at.deadline,
            active: (a.atDeadline?.active ?? 0) + (b.atDeadline?.active ?? 0),
            pending: (a.atDeadline?.pending ?? 0) + (b.atDeadline?.pending ?? 0),
            premiumCollectedFen:
              (a.atDeadline?.premiumCollectedFen ?? 0) + (b.atDeadline?.premiumCollectedFen ?? 0),
          },
        }
      : {}),
  };
}

/** A township's counts: its own, plus those of the townships merged into it. */
function countsOf(
  t: PlanDefinition['townships'][number],
  byTownship: Map<string, TownshipCounts>,
): TownshipCounts | undefined {
  let c = byTownship.get(t.townshipId);
  for (const former of t.formerTownshipIds ?? []) {
    const f = byTownship.get(former);
    if (f) c = c ? addCounts(c, f) : { ...f, townshipId: t.townshipId };
  }
  return c;
}

/**
 * Township progress joined with the plan's table: rate against base, gap to each target, rolled
 * up to district and county. A county's (and a district's) target is the sum of its townships'.
 */
export function progressReport(
  plan: PlanDefinition,
  counts: readonly TownshipCounts[],
): ProgressReport {
  const byTownship = new Map(counts.map((c) => [c.townshipId, c]));
  const deadline = plan.targets?.deadline;
  const townships: ProgressRow[] = plan.townships.map((t) => {
    const c = countsOf(t, byTownship);
    const active = c?.active ?? 0;
    const at =
      c?.atDeadline ??
      (deadline ? { deadline, active: 0, pending: 0, premiumCollectedFen: 0 } : undefined);
    return {
      level: 'township',
      id: t.townshipId,
      name: t.name,
      ...(t.districtId !== undefined ? { districtId: t.districtId } : {}),
      ...(t.baseParticipants !== undefined ? { baseParticipants: t.baseParticipants } : {}),
      active,
      pending: c?.pending ?? 0,
      enrolled: c?.enrolled ?? 0,
      cancelled: c?.cancelled ?? 0,
      lapsed: c?.lapsed ?? 0,
      ...(t.baseParticipants ? { rateBp: rateBp(active, t.baseParticipants) } : {}),
      targets: targetsOf(t.targets, active),
      bySource: c?.bySource ?? {},
      byCategory: c?.byCategory ?? {},
      premiumCollectedFen: c?.premiumCollectedFen ?? 0,
      perDay: c?.perDay ?? {},
      ...(at
        ? {
            atDeadline: {
              ...at,
              ...(t.baseParticipants ? { rateBp: rateBp(at.active, t.baseParticipants) } : {}),
              targets: targetsOf(t.targets, at.active),
            },
          }
        : {}),
    };
  });
  const sumTargets = (rows: { targets: Record<string, TargetStatus> }[]) =>
    sumRecords(
      rows.map((r) => Object.fromEntries(Object.entries(r.targets).map(([k, v]) => [k, v.target]))),
    );
  const sumBase = (rows: ProgressRow[]) =>
    rows.some((r) => r.baseParticipants !== undefined)
      ? rows.reduce((s, r) => s + (r.baseParticipants ?? 0), 0)
      : undefined;
  const districts = plan.districts.map((d) => {
    const rows = townships.filter((t) => t.districtId === d.districtId);
    return rollUp('district', d.districtId, d.name, rows, sumTargets(rows), sumBase(rows));
  });
  const county = rollUp(
    'county',
    plan.region.targetCounty?.regionCode ?? plan.region.regionCode,
    plan.region.targetCounty?.name ?? plan.region.name,
    townships,
    sumTargets(townships),
    sumBase(townships),
  );
  const listed = new Set(
    plan.townships.flatMap((t) => [t.townshipId, ...(t.formerTownshipIds ?? [])]),
  );
  const orphan = counts.filter((c) => !listed.has(c.townshipId));
  const unassigned = orphan.length
    ? rollUp(
        'township',
        '_unassigned',
        { zh: '未指定乡镇', en: 'No township' },
        orphan.map(
          (c) =>
            ({
              level: 'township',
              id: c.townshipId,
              name: { zh: '', en: '' },
              targets: {},
              ...c,
            }) as ProgressRow,
        ),
        {},
        undefined,
      )
    : undefined;
  return {
    planId: plan.planId,
    ...(plan.targets ? { targetRule: plan.targets } : {}),
    county,
    districts,
    townships,
    ...(unassigned ? { unassigned } : {}),
  };
}
