import type { ProgressRow, TargetRule } from '../api/api-types';

/**
 * What the dashboard derives from the progress view, as pure functions (unit-tested): completion
 * against each target level, a row's status, the pace expected by a date, days left, ranking.
 * Rates and targets themselves come from the ledger, never recomputed here.
 */

export interface LevelFigure {
  /** The level's name in the plan ("required", "stretch", "task"). */
  name: string;
  /** Its rate when the target is a rate of the base (2000 = 20%). */
  rateBp?: number;
  target: number;
  gap: number;
  reached: boolean;
  /** active ÷ target in basis points, rounded half-up like the ledger's rates; none if target 0. */
  completionBp?: number;
}

export type RowStatus = 'stretch' | 'reached' | 'onPace' | 'behind' | 'open' | 'none';

const DAY_MS = 86_400_000;

/** active ÷ target in basis points, half-up (the ledger rounds rates the same way). */
export function completionBp(active: number, target: number): number | undefined {
  if (!(target > 0)) return undefined;
  return Math.floor((active * 10_000 * 2 + target) / (2 * target));
}

/** The row's target levels in the plan's order (then any others the row has). */
export function levelsOf(row: ProgressRow, rule: TargetRule | undefined): LevelFigure[] {
  const names = [
    ...(rule?.levels.map((l) => l.name) ?? []),
    ...Object.keys(row.targets).filter((n) => !rule?.levels.some((l) => l.name === n)),
  ];
  return names
    .filter((name) => row.targets[name] !== undefined)
    .map((name) => {
      const status = row.targets[name];
      const rateBp = rule?.levels.find((l) => l.name === name)?.rateBp;
      const completion = completionBp(row.active, status.target);
      return {
        name,
        ...(rateBp !== undefined ? { rateBp } : {}),
        target: status.target,
        gap: status.gap,
        reached: status.reached,
        ...(completion !== undefined ? { completionBp: completion } : {}),
      };
    });
}

/** Whole days from one calendar date to another (both YYYY-MM-DD). */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS);
}

/**
 * The share of the campaign elapsed at the end of `onDate`: 0 before it opens, 1 from the
 * deadline on; undefined without both dates (no pace can be expected).
 */
export function paceFraction(
  opensOn: string | undefined,
  deadline: string | undefined,
  onDate: string,
): number | undefined {
  if (!opensOn || !deadline) return undefined;
  const total = daysBetween(opensOn, deadline) + 1;
  if (total <= 0) return undefined;
  const elapsed = daysBetween(opensOn, onDate) + 1;
  return Math.min(1, Math.max(0, elapsed / total));
}

/**
 * A row's status against its first (required) level: every level reached (when there are
 * several), the first reached, on pace (at least the target × elapsed share), behind, or not
 * reached when no pace can be expected (a plan without window or deadline).
 */
export function statusOf(levels: readonly LevelFigure[], active: number, pace?: number): RowStatus {
  const first = levels[0];
  if (!first || !(first.target > 0)) return 'none';
  if (levels.length > 1 && levels.every((l) => l.reached)) return 'stretch';
  if (first.reached) return 'reached';
  if (pace === undefined) return 'open';
  return active >= Math.ceil(first.target * pace) ? 'onPace' : 'behind';
}

export interface Ranked<R> {
  row: R;
  /** 1 = best; ties share a rank (1, 1, 3). */
  rank: number;
}

/**
 * Ranked by completion of the first level (then by enrolled people, then the table's order):
 * how a county compares townships of different sizes. Rows without a target rank last.
 */
export function rankByCompletion<R>(
  rows: readonly R[],
  completion: (row: R) => number | undefined,
  active: (row: R) => number = () => 0,
): Ranked<R>[] {
  const keyed = rows.map((row, index) => ({
    row,
    index,
    c: completion(row) ?? -1,
    a: active(row),
  }));
  keyed.sort((x, y) => y.c - x.c || y.a - x.a || x.index - y.index);
  const ranked: Ranked<R>[] = [];
  keyed.forEach((k, i) => {
    const previous = keyed[i - 1];
    const tied = previous !== undefined && previous.c === k.c && previous.a === k.a;
    ranked.push({ row: k.row, rank: tied ? ranked[i - 1].rank : i + 1 });
  });
  return ranked;
}

export interface DaysLeft {
  kind: 'left' | 'today' | 'closed' | 'notStarted' | 'unknown';
  days?: number;
}

/** Days from a date to the deadline: "11 days", "closes today", "closed", or not known. */
export function daysLeft(deadline: string | undefined, onDate: string, opensOn?: string): DaysLeft {
  if (!deadline) return { kind: 'unknown' };
  if (opensOn && daysBetween(onDate, opensOn) > 0)
    return { kind: 'notStarted', days: daysBetween(onDate, deadline) };
  const days = daysBetween(onDate, deadline);
  if (days > 0) return { kind: 'left', days };
  if (days === 0) return { kind: 'today', days: 0 };
  return { kind: 'closed' };
}
