import { PlanState } from '@ledger/domain';
import { BUNDLED_PLANS } from '@ledger/plans';
import { Identity } from './identity';
import { planPlacesOf, seesTownship, visibilityOf } from './plan-visibility';
import { Role } from './roles';
import { Scope } from './scope';

const bundled = BUNDLED_PLANS.find((p) => p.definition.planId === 'yuyao-2024')!.definition;
// Townships as a table import leaves them (the bundled definition gets them by event).
const yuyao = {
  ...bundled,
  townships: [
    { townshipId: 't01', districtId: 'd1' },
    { townshipId: 't02', districtId: 'd1' },
    { townshipId: 't03', districtId: 'd2' },
  ].map((t) => ({ ...t, name: { zh: t.townshipId, en: t.townshipId }, targets: {} })),
};
const state = (coalition?: string[]): PlanState => ({
  planId: yuyao.planId,
  definition: yuyao,
  coalitionHistory: coalition
    ? [
        {
          effectiveAt: '2023-10-01T00:00:00Z',
          coalition: {
            leadInsurerId: coalition[0],
            members: coalition.map((insurerId) => ({
              insurerId,
              name: { zh: insurerId, en: insurerId },
              shareBp: 5000,
            })),
          },
        },
      ]
    : [],
  tableImports: [],
  amendments: [],
  assignedTownshipIds: yuyao.townships.map((t) => t.townshipId),
  publishedAt: '2023-10-01T00:00:00Z',
  lastOccurredAt: '2023-10-01T00:00:00Z',
});
const who = (role: Role, scope: Scope): Identity => ({ id: 'x', role, scope, via: 'api-key' });

describe('what of a plan a caller sees', () => {
  const places = planPlacesOf(state(['cpic-pc', 'sunshine-life']));

  it('plans and counties admit a plan; a county matches the target county or the region', () => {
    expect(visibilityOf(who('viewer', {}), places)).toEqual({ kind: 'whole' });
    expect(visibilityOf(who('viewer', { plans: ['ganzhou-2024'] }), places)).toBeUndefined();
    expect(visibilityOf(who('county_official', { counties: ['330281'] }), places)).toEqual({
      kind: 'whole',
    });
    expect(visibilityOf(who('county_official', { counties: ['330200'] }), places)).toEqual({
      kind: 'whole',
    });
    expect(visibilityOf(who('county_official', { counties: ['360730'] }), places)).toBeUndefined();
  });

  it('a township official sees its townships, and a district official every township of the district', () => {
    const t01 = visibilityOf(
      who('township_official', { plans: ['yuyao-2024'], townships: ['t01'] }),
      places,
    )!;
    expect(t01.kind).toBe('places');
    expect(seesTownship(t01, 't01')).toBe(true);
    expect(seesTownship(t01, 't02')).toBe(false);
    const d1 = visibilityOf(
      who('township_official', { counties: ['330281'], districts: ['d1'] }),
      places,
    )!;
    const inD1 = yuyao.townships.filter((t) => t.districtId === 'd1').map((t) => t.townshipId);
    expect(d1).toEqual({ kind: 'places', townships: new Set(inD1), districts: new Set(['d1']) });
    expect(
      visibilityOf(who('township_official', { plans: ['yuyao-2024'], townships: ['t99'] }), places),
    ).toBeUndefined();
  });

  it('an insurer reaches the plans whose coalition (ever) or districts it belongs to', () => {
    expect(visibilityOf(who('insurer', { insurer: 'cpic-pc' }), places)).toMatchObject({
      kind: 'insurer',
      insurerId: 'cpic-pc',
      districts: new Set(['d2']),
    });
    // Promotes district d1 of 003 without being a coalition member here.
    expect(visibilityOf(who('insurer', { insurer: 'picc-pc' }), places)?.kind).toBe('insurer');
    expect(visibilityOf(who('insurer', { insurer: 'allianz' }), places)).toBeUndefined();
    expect(
      visibilityOf(who('insurer', { insurer: 'cpic-pc', plans: ['other'] }), places),
    ).toBeUndefined();
  });
});
