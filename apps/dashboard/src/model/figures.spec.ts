import type { ProgressRow, TargetRule } from '../api/api-types';
import {
  completionBp,
  daysLeft,
  levelsOf,
  paceFraction,
  rankByCompletion,
  statusOf,
} from './figures';

const QINGLIU_RULE: TargetRule = {
  kind: 'rate',
  levels: [
    { name: 'required', rateBp: 2000, description: { zh: '目标完成单数(20%)', en: 'Required' } },
    { name: 'stretch', rateBp: 3000, description: { zh: '力争达到单数(30%)', en: 'Aimed' } },
  ],
};

function row(active: number, targets: Record<string, number>): ProgressRow {
  return {
    level: 'township',
    id: 't01',
    name: { zh: '温郊乡', en: 'Wenjiao' },
    active,
    pending: 0,
    enrolled: active,
    cancelled: 0,
    lapsed: 0,
    targets: Object.fromEntries(
      Object.entries(targets).map(([k, target]) => [
        k,
        { target, gap: Math.max(target - active, 0), reached: active >= target },
      ]),
    ),
    bySource: {},
    byCategory: {},
    premiumCollectedFen: 0,
    perDay: {},
  };
}

describe('dashboard figures', () => {
  it('completion is active ÷ target in basis points, rounded half-up like the ledger’s rates', () => {
    expect(completionBp(1, 3)).toBe(3333);
    expect(completionBp(2, 3)).toBe(6667);
    expect(completionBp(1, 8)).toBe(1250);
    expect(completionBp(687, 687)).toBe(10_000);
    expect(completionBp(5, 0)).toBeUndefined();
  });

  it('levels follow the plan’s order (required before stretch) with their rates', () => {
    const levels = levelsOf(row(800, { stretch: 1030, required: 687 }), QINGLIU_RULE);
    expect(
      levels.map((l) => [l.name, l.rateBp, l.target, l.gap, l.reached, l.completionBp]),
    ).toEqual([
      ['required', 2000, 687, 0, true, 11645],
      ['stretch', 3000, 1030, 230, false, 7767],
    ]);
  });

  it('a township’s status: both levels, the first, on pace, behind, or not reached without a pace', () => {
    const two = (active: number) =>
      levelsOf(row(active, { required: 100, stretch: 150 }), QINGLIU_RULE);
    expect(statusOf(two(150), 150, 0.5)).toBe('stretch');
    expect(statusOf(two(100), 100, 0.5)).toBe('reached');
    expect(statusOf(two(50), 50, 0.5)).toBe('onPace');
    expect(statusOf(two(49), 49, 0.5)).toBe('behind');
    expect(statusOf(two(49), 49, undefined)).toBe('open');
    expect(statusOf([], 10, 0.5)).toBe('none');
  });

  it('the pace is the share of the campaign elapsed at the end of the day, from 0 to 1', () => {
    expect(paceFraction('2023-12-12', '2024-01-31', '2023-12-11')).toBe(0);
    expect(paceFraction('2023-12-12', '2024-01-31', '2023-12-12')).toBeCloseTo(1 / 51);
    expect(paceFraction('2023-12-12', '2024-01-31', '2024-01-31')).toBe(1);
    expect(paceFraction('2023-12-12', '2024-01-31', '2026-01-01')).toBe(1);
    expect(paceFraction(undefined, '2024-01-31', '2024-01-01')).toBeUndefined();
  });

  it('days left count calendar days to the deadline; the deadline day itself closes today', () => {
    expect(daysLeft('2024-01-31', '2024-01-20', '2023-12-12')).toEqual({ kind: 'left', days: 11 });
    expect(daysLeft('2024-01-31', '2024-01-31')).toEqual({ kind: 'today', days: 0 });
    expect(daysLeft('2024-01-31', '2024-02-01')).toEqual({ kind: 'closed' });
    expect(daysLeft('2024-01-31', '2023-12-01', '2023-12-12')).toEqual({
      kind: 'notStarted',
      days: 61,
    });
    expect(daysLeft(undefined, '2024-01-01')).toEqual({ kind: 'unknown' });
  });

  it('ranks by completion, then by people enrolled; ties share a rank', () => {
    const rows = [
      { id: 'a', c: 500, active: 5 },
      { id: 'b', c: 900, active: 2 },
      { id: 'c', c: 500, active: 5 },
      { id: 'd', c: 500, active: 7 },
      { id: 'e', c: undefined, active: 99 },
    ];
    const ranked = rankByCompletion(
      rows,
      (r) => r.c,
      (r) => r.active,
    );
    expect(ranked.map((r) => `${r.row.id}${r.rank}`)).toEqual(['b1', 'd2', 'a3', 'c3', 'e5']);
  });
});
