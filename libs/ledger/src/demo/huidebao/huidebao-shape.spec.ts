import { validatePlanDefinition } from '@ledger/domain';
import { JIUJIANG_HUIDEBAO_2023 } from '@ledger/plans';
import {
  claimPayouts,
  countyOf,
  HUIDEBAO_SHAPE,
  idNumberOf,
  payerIdOf,
  residualFor,
  scaledShape,
  yearCompletion,
} from './huidebao-shape';

describe('Synthetic 惠得保 campaign (004 shape; the data is made up)', () => {
  it('at full size: 830,000 distinct people (004 83万余人) and 62.55 million yuan paid (004 6255万元)', () => {
    const full = scaledShape(1);
    expect(full.year1People + full.year2NewPeople).toBe(830_000);
    expect(full.paidFen[0] + full.paidFen[1]).toBe(HUIDEBAO_SHAPE.paidFen);
    expect(HUIDEBAO_SHAPE.paidFen).toBe(62_550_000 * 100);
  });

  it('claim payouts of a year add up to its share exactly, each payable by one claim', () => {
    for (const total of [123_456, 2_752_200_000, 3_502_800_000]) {
      const payouts = claimPayouts(total, 7);
      expect(payouts.reduce((s, p) => s + p, 0)).toBe(total);
      expect(Math.max(...payouts)).toBeLessThanOrEqual(50_000_000);
    }
    // The residual found pays exactly the payout under the synthetic schedule.
    expect(residualFor(1)).toBe(1_000_001); // 1 fen × 65% = 0.65, half-up: 1 fen
    expect(residualFor(5_850_000)).toBe(10_000_000);
    expect(residualFor(5_850_001)).toBe(10_000_001);
  });

  it('ID numbers are valid, distinct, in Jiujiang counties, and payers are never insured people', () => {
    const ids = new Set<string>();
    for (let k = 0; k < 830_000; k += 97) {
      const id = idNumberOf(k);
      expect(id.slice(0, 4)).toBe('3604');
      expect(id.slice(0, 6)).toBe(countyOf(k));
      ids.add(id);
    }
    expect(ids.size).toBe(Math.ceil(830_000 / 97));
    expect(Number(payerIdOf(12345).slice(14, 17))).toBeGreaterThanOrEqual(500);
    expect(Number(idNumberOf(829_999).slice(14, 17))).toBeLessThan(500);
  });

  it("the synthetic completion of the drafts stays inside 004's 65%–80%", () => {
    expect(validatePlanDefinition({ ...JIUJIANG_HUIDEBAO_2023, ...yearCompletion(2023) })).toEqual(
      [],
    );
  });
});
