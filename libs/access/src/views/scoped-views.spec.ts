import { ProgressRow, ScorecardRow } from '@ledger/projections';
import { PlanVisibility } from '../plan-visibility';
import { coinsuranceFor, historyFor, payoutsFor, progressFor, scorecardFor } from './scoped-views';

const row = (level: ProgressRow['level'], id: string, districtId?: string): ProgressRow => ({
  level,
  id,
  name: { zh: id, en: id },
  ...(districtId ? { districtId } : {}),
  active: 1,
  pending: 0,
  enrolled: 1,
  cancelled: 0,
  lapsed: 0,
  targets: {},
  bySource: {},
  byCategory: {},
  premiumCollectedFen: 10000,
  perDay: {},
});
const places: PlanVisibility = {
  kind: 'places',
  townships: new Set(['t01']),
  districts: new Set(['d1']),
};
const insurer: PlanVisibility = { kind: 'insurer', insurerId: 'a', districts: new Set(['d2']) };

describe('views cut to the caller', () => {
  const report = {
    planId: 'p',
    county: row('county', '330281'),
    districts: [row('district', 'd1'), row('district', 'd2')],
    townships: [
      row('township', 't01', 'd1'),
      row('township', 't02', 'd1'),
      row('township', 't03', 'd2'),
    ],
    unassigned: row('township', '_unassigned'),
  };

  it('progress: the official’s townships, their districts and the county; whole-plan callers everything', () => {
    const cut = progressFor(report, places);
    expect(cut.townships.map((t) => t.id)).toEqual(['t01']);
    expect(cut.districts.map((d) => d.id)).toEqual(['d1']);
    expect(cut.county).toBe(report.county);
    expect(cut.unassigned).toBeUndefined();
    expect(progressFor(report, { kind: 'whole' })).toBe(report);
  });

  it('scorecard: the official’s townships', () => {
    const card = {
      planId: 'p',
      enabled: true,
      townships: ['t01', 't02'].map((townshipId) => ({ townshipId })),
    };
    const cut = scorecardFor(card as unknown as { townships: ScorecardRow[] }, places);
    expect(cut.townships).toEqual([{ townshipId: 't01' }]);
  });

  it('coinsurance and payouts: the insurer’s own row and the coalition totals', () => {
    const coinsurance = {
      planId: 'p',
      totalPremiumFen: 30000,
      allocatedFen: 30000,
      unallocatedFen: 0,
      insurers: [{ insurerId: 'a' }, { insurerId: 'b' }],
      promotion: [
        { districtId: 'd1', insurers: [{ insurerId: 'b' }] },
        { districtId: 'd2', insurers: [{ insurerId: 'a' }, { insurerId: 'c' }] },
      ],
    };
    expect(coinsuranceFor(coinsurance as never, insurer)).toEqual({
      ...coinsurance,
      insurers: [{ insurerId: 'a' }],
      promotion: [{ districtId: 'd2', insurers: [{ insurerId: 'a' }] }],
    });
    const payouts = {
      planId: 'p',
      totals: { approvedFen: 9 },
      byInsurer: [{ insurerId: 'b' }, { insurerId: 'a' }],
    };
    expect(payoutsFor(payouts as never, insurer).byInsurer).toEqual([{ insurerId: 'a' }]);
  });

  it('history: an insurer keeps its own part of a payout split', () => {
    const events = [
      { type: 'PayoutApproved', data: { parts: [{ insurerId: 'a' }, { insurerId: 'b' }] } },
    ];
    expect(historyFor(events, insurer)[0].data.parts).toEqual([{ insurerId: 'a' }]);
    expect(historyFor(events, { kind: 'whole' })).toBe(events);
  });
});
