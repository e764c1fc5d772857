import { scoreTownship } from './township-scorecard';

const NINGDU = { enabled: true, requiredRateBp: 2000, staffRelativesRateBp: 8000 };
// 肖田乡: base 8456, target 1691 (8456 × 20% = 1691.2 → 1691 half-up).
const base = { baseParticipants: 8456, target: 1691, hardshipSubsidized: 0, inspections: {} };
const points = (active: number, extra = {}) =>
  Object.fromEntries(
    scoreTownship(NINGDU, { ...base, active, ...extra }).items.map((i) => [i.item, i.points]),
  );

describe('Scorecard (000 Ningdu, DOMAIN.md: Scorecard)', () => {
  it('Scorecard: task completion is 50 points at 20% of base, in proportion below it', () => {
    expect(points(1691).task_completion).toBe(50);
    // 1000 / 1691 × 50 = 29.57 → 30 (half-up)
    expect(points(1000).task_completion).toBe(30);
  });

  it('Scorecard: +2 points per whole percentage point of rate above 20%, at most +20', () => {
    // 1860 / 8456 = 21.99% → 21 whole points → 1 above → +2
    expect(points(1860).rate_bonus).toBe(2);
    // 1861 / 8456 = 22.008% → 22 → +4
    expect(points(1861).rate_bonus).toBe(4);
    // 40% → 20 above → capped at +20
    expect(points(3383).rate_bonus).toBe(20);
  });

  it('Scorecard: +10 for subsidizing hardship groups, +10 when staff relatives reach 80%', () => {
    expect(points(0, { hardshipSubsidized: 1 }).hardship_subsidy_bonus).toBe(10);
    expect(
      points(0, { staffRelatives: { relatives: 100, enrolled: 80 } }).staff_relatives_bonus,
    ).toBe(10);
    expect(
      points(0, { staffRelatives: { relatives: 100, enrolled: 79 } }).staff_relatives_bonus,
    ).toBe(0);
  });

  it('Scorecard: inspector items (organization 20, publicity 30, public-opinion −10) add to the total', () => {
    const score = scoreTownship(NINGDU, {
      ...base,
      active: 1691,
      inspections: { organization: 18, publicity: 25, public_opinion: -10 },
    });
    expect(score.total).toBe(50 + 0 + 0 + 0 + 18 + 25 - 10);
  });
});
