import { yuan } from '../common/money';
import { BenefitAccumulators, emptyBenefitAccumulators } from './accumulators';
import { adjudicate, Adjudication, BenefitClaimLine } from './benefit-calculation';
import { BenefitRuleError } from './benefit-rule-error';
import { BenefitSchedule } from './responsibility';
import { GANZHOU_2024_BENEFITS, TIANYI_YONGNINGBAO_2024_BENEFITS } from './seed-schedules';

// Worked examples of DOMAIN.md "Benefits". Amounts in fen: yuan(15_000) = 1_500_000 fen.
// Ratios in bp: 55% = 5500 bp, so a length of L fen pays L × 5500 / 10000 fen before rounding.

const GZ = GANZHOU_2024_BENEFITS;
const NB = TIANYI_YONGNINGBAO_2024_BENEFITS;

type Line = Pick<BenefitClaimLine, 'responsibilityCode' | 'residualFen'> &
  Partial<BenefitClaimLine>;
const line = (l: Line): BenefitClaimLine => ({ preExisting: false, outOfArea: false, ...l });

/** One claim with one line; returns that line's breakdown and the whole adjudication. */
function claim(schedule: BenefitSchedule, before: BenefitAccumulators, l: Line) {
  const adjudication = adjudicate(schedule, before, [line(l)]);
  return { ...adjudication.breakdown[0], adjudication };
}

/** Accumulators after earlier claims, e.g. counted(GZ, { in_catalogue: yuan(190_000) }). */
function countedSoFar(counted: Record<string, number>, paid: Record<string, number> = {}) {
  const planPaidFen = Object.values(paid).reduce((s, v) => s + v, 0);
  return { countedFen: counted, paidFen: paid, planPaidFen };
}

/** Runs claims one after another, threading the accumulators. */
function sequence(schedule: BenefitSchedule, claims: Line[][]): Adjudication[] {
  let state = emptyBenefitAccumulators();
  return claims.map((lines) => {
    const a = adjudicate(schedule, state, lines.map(line));
    state = a.accumulatorsAfter;
    return a;
  });
}

const ruleOf = (fn: () => unknown): BenefitRuleError => {
  try {
    fn();
  } catch (error) {
    if (error instanceof BenefitRuleError) return error;
    throw error;
  }
  throw new Error('expected a BenefitRuleError');
};

describe('Benefits (000 赣州惠民保 2024): deductible and segments on the cumulative counted amount', () => {
  it('Benefits: nothing is paid below the deductible (000 in-catalogue: 15,000 yuan counted pays 0)', () => {
    const r = claim(GZ, emptyBenefitAccumulators(), {
      responsibilityCode: 'in_catalogue',
      residualFen: yuan(15_000), // c0 = 0, c1 = 1_500_000 = the first segment's start
    });
    expect(r.accumulatorBeforeFen).toBe(0);
    expect(r.accumulatorAfterFen).toBe(1_500_000);
    expect(r.portions).toEqual([]); // [0, 1_500_000] lies wholly below the 55% segment
    expect(r.rawNumerator).toBe(0);
    expect(r.payoutFen).toBe(0);
    expect(r.cappedBy).toBe('none');
  });

  it('Benefits: one fen above the deductible is paid at the first segment ratio, rounded half-up (0.55 fen → 1 fen)', () => {
    const r = claim(GZ, emptyBenefitAccumulators(), {
      responsibilityCode: 'in_catalogue',
      residualFen: yuan(15_000) + 1, // 1_500_001 fen
    });
    expect(r.portions).toEqual([
      { fromFen: 1_500_000, toFen: 1_500_001, ratioBp: 5500, lengthFen: 1, basis: 'segment' },
    ]);
    expect(r.rawNumerator).toBe(1 * 5500); // 0.55 fen
    expect(r.rawPayoutFen).toBe(1); // (5500 + 5000) div 10000 = 1
    expect(r.payoutFen).toBe(1);
  });

  it('Benefits: the deductible counts towards the accumulator; a later claim is paid from the first fen (000)', () => {
    // First claim 10,000 yuan: all below 15,000, pays 0 but counts. Second claim 10,000 yuan:
    // [10,000, 20,000] → only [15,000, 20,000] is in the 55% segment: 5,000 × 55% = 2,750 yuan.
    const [first, second] = sequence(GZ, [
      [{ responsibilityCode: 'in_catalogue', residualFen: yuan(10_000) }],
      [{ responsibilityCode: 'in_catalogue', residualFen: yuan(10_000) }],
    ]);
    expect(first.totals.payoutFen).toBe(0);
    expect(first.accumulatorsAfter.countedFen).toEqual({ in_catalogue: yuan(10_000) });
    expect(second.breakdown[0].portions).toEqual([
      {
        fromFen: yuan(15_000),
        toFen: yuan(20_000),
        ratioBp: 5500,
        lengthFen: yuan(5_000),
        basis: 'segment',
      },
    ]);
    expect(second.totals.payoutFen).toBe(yuan(2_750)); // 500_000 fen × 5500 / 10000 = 275_000 fen
  });

  it('Benefits: a claim crossing the 200,000-yuan boundary is paid 55% below and 80% above it (000 in-catalogue)', () => {
    // c0 = 190,000 yuan (earlier claims), x = 20,000 yuan, c1 = 210,000 yuan.
    //   [190,000, 200,000]: 10,000 yuan × 55% = 5,500 yuan
    //   [200,000, 210,000]: 10,000 yuan × 80% = 8,000 yuan
    //   total 13,500 yuan = 1_350_000 fen
    const r = claim(GZ, countedSoFar({ in_catalogue: yuan(190_000) }), {
      responsibilityCode: 'in_catalogue',
      residualFen: yuan(20_000),
    });
    expect(r.accumulatorBeforeFen).toBe(19_000_000);
    expect(r.accumulatorAfterFen).toBe(21_000_000);
    expect(r.portions).toEqual([
      {
        fromFen: 19_000_000,
        toFen: 20_000_000,
        ratioBp: 5500,
        lengthFen: 1_000_000,
        basis: 'segment',
      },
      {
        fromFen: 20_000_000,
        toFen: 21_000_000,
        ratioBp: 8000,
        lengthFen: 1_000_000,
        basis: 'segment',
      },
    ]);
    expect(r.rawNumerator).toBe(1_000_000 * 5500 + 1_000_000 * 8000); // 13_500_000_000
    expect(r.payoutFen).toBe(yuan(5_500) + yuan(8_000));
  });

  it('Benefits: a 250,000-yuan claim from 0 spans deductible, 55% and 80% segments (000 in-catalogue)', () => {
    // [0, 15,000] pays nothing; [15,000, 200,000]: 185,000 × 55% = 101,750 yuan;
    // [200,000, 250,000]: 50,000 × 80% = 40,000 yuan. Total 141,750 yuan.
    const r = claim(GZ, emptyBenefitAccumulators(), {
      responsibilityCode: 'in_catalogue',
      residualFen: yuan(250_000),
    });
    expect(r.portions.map((p) => [p.lengthFen, p.ratioBp])).toEqual([
      [yuan(185_000), 5500],
      [yuan(50_000), 8000],
    ]);
    expect(r.payoutFen).toBe(yuan(101_750) + yuan(40_000));
  });

  it('Benefits: the raw payout is rounded once per claim per responsibility, not per segment (000, crossing 200k by 1 fen each side)', () => {
    // c0 = 19_999_999, x = 2 fen: 1 fen at 55% (0.55) + 1 fen at 80% (0.80) = 1.35 fen → 1 fen.
    // Rounding each segment on its own would give 1 + 1 = 2 fen: the ledger does not do that.
    const r = claim(GZ, countedSoFar({ in_catalogue: 19_999_999 }), {
      responsibilityCode: 'in_catalogue',
      residualFen: 2,
    });
    expect(r.rawNumerator).toBe(5500 + 8000); // 13_500
    expect(r.rawPayoutFen).toBe(1); // (13_500 + 5000) div 10000 = 1
  });
});

describe('Benefits: the same total over two claims pays the same as one claim, up to rounding', () => {
  it('Benefits: 250,000 yuan as one claim or as 100,000 + 150,000 pays 141,750 yuan either way (000 in-catalogue)', () => {
    // Whole-yuan amounts are exact in fen: 100 fen × 5500 bp / 10000 = 55 fen, no rounding at all.
    // Claim 1: [0, 100,000] → [15,000, 100,000] × 55% = 46,750 yuan.
    // Claim 2: [100,000, 250,000] → 100,000 × 55% + 50,000 × 80% = 55,000 + 40,000 = 95,000 yuan.
    const [single] = sequence(GZ, [
      [{ responsibilityCode: 'in_catalogue', residualFen: yuan(250_000) }],
    ]);
    const [part1, part2] = sequence(GZ, [
      [{ responsibilityCode: 'in_catalogue', residualFen: yuan(100_000) }],
      [{ responsibilityCode: 'in_catalogue', residualFen: yuan(150_000) }],
    ]);
    expect(part1.totals.payoutFen).toBe(yuan(46_750));
    expect(part2.totals.payoutFen).toBe(yuan(95_000));
    expect(part1.totals.payoutFen + part2.totals.payoutFen).toBe(single.totals.payoutFen);
    expect(single.totals.payoutFen).toBe(yuan(141_750));
    expect(part2.accumulatorsAfter).toEqual(single.accumulatorsAfter);
  });

  it('Benefits: split claims can differ by rounding, at most 1 fen per claim (000: 15,000.01 + 0.01 yuan vs 15,000.02 yuan)', () => {
    // One claim of 1_500_002 fen: 2 fen above the deductible × 55% = 1.10 fen → 1 fen.
    // Two claims, 1_500_001 then 1 fen: each puts 1 fen in the 55% segment = 0.55 fen → 1 fen,
    // so 2 fen in all. Each claim is rounded on its own (once per claim per responsibility), and
    // each rounding moves by less than 1 fen, so n claims differ from one claim by less than n fen.
    const [single] = sequence(GZ, [
      [{ responsibilityCode: 'in_catalogue', residualFen: 1_500_002 }],
    ]);
    const split = sequence(GZ, [
      [{ responsibilityCode: 'in_catalogue', residualFen: 1_500_001 }],
      [{ responsibilityCode: 'in_catalogue', residualFen: 1 }],
    ]);
    expect(single.breakdown[0].rawNumerator).toBe(2 * 5500); // 11_000 → 1 fen
    expect(single.totals.payoutFen).toBe(1);
    expect(split.map((a) => a.breakdown[0].rawNumerator)).toEqual([5500, 5500]); // 1 fen each
    expect(split.map((a) => a.totals.payoutFen)).toEqual([1, 1]);
    // The accumulators agree exactly; only the paid amounts differ by the rounding.
    expect(split[1].accumulatorsAfter.countedFen).toEqual(single.accumulatorsAfter.countedFen);
    expect(split[1].accumulatorsAfter.planPaidFen - single.accumulatorsAfter.planPaidFen).toBe(1);
  });
});

describe('Benefits: pre-existing conditions (000 既往症按20%报销)', () => {
  it('Benefits: a pre-existing claim is paid 20% of the whole part above the deductible (000 in-catalogue, 250,000 yuan)', () => {
    // [15,000, 250,000] at 20% instead of 55%/80%: 235,000 × 20% = 47,000 yuan.
    const r = claim(GZ, emptyBenefitAccumulators(), {
      responsibilityCode: 'in_catalogue',
      residualFen: yuan(250_000),
      preExisting: true,
    });
    expect(r.preExistingRatioApplied).toBe(true);
    expect(r.portions).toEqual([
      {
        fromFen: yuan(15_000),
        toFen: yuan(250_000),
        ratioBp: 2000,
        lengthFen: yuan(235_000),
        basis: 'pre_existing',
      },
    ]);
    expect(r.payoutFen).toBe(yuan(47_000)); // 23_500_000 fen × 2000 / 10000 = 4_700_000 fen
  });

  it('Benefits: a pre-existing claim starting below the deductible is paid only above it (000 out-of-catalogue)', () => {
    // c0 = 10,000, c1 = 20,000 yuan: [15,000, 20,000] × 20% = 1,000 yuan.
    const r = claim(GZ, countedSoFar({ out_of_catalogue: yuan(10_000) }), {
      responsibilityCode: 'out_of_catalogue',
      residualFen: yuan(10_000),
      preExisting: true,
    });
    expect(r.portions.map((p) => [p.fromFen, p.toFen, p.ratioBp])).toEqual([
      [yuan(15_000), yuan(20_000), 2000],
    ]);
    expect(r.payoutFen).toBe(yuan(1_000));
  });

  it('Benefits: without a pre-existing ratio the flag changes nothing (000 special drugs: 80% either way)', () => {
    const plain = claim(GZ, emptyBenefitAccumulators(), {
      responsibilityCode: 'special_drugs',
      residualFen: yuan(10_000),
    });
    const flagged = claim(GZ, emptyBenefitAccumulators(), {
      responsibilityCode: 'special_drugs',
      residualFen: yuan(10_000),
      preExisting: true,
    });
    expect(flagged.preExistingRatioApplied).toBe(false);
    expect(flagged.portions).toEqual(plain.portions);
    expect(flagged.payoutFen).toBe(yuan(8_000)); // 10,000 × 80%, no deductible (年累计免赔额为0元)
  });
});

describe('Benefits (003 天一甬宁保 2024): segments 0.6万–2.0万 30%, above 2.0万 60%', () => {
  it('Benefits: a claim crossing 20,000 yuan pays 30% then 60% above the 6,000-yuan deductible (003 R1)', () => {
    // x = 30,000 yuan from 0: [6,000, 20,000] 14,000 × 30% = 4,200; [20,000, 30,000] 10,000 × 60% = 6,000.
    const r = claim(NB, emptyBenefitAccumulators(), {
      responsibilityCode: 'R1',
      residualFen: yuan(30_000),
    });
    expect(r.portions).toEqual([
      { fromFen: 600_000, toFen: 2_000_000, ratioBp: 3000, lengthFen: 1_400_000, basis: 'segment' },
      {
        fromFen: 2_000_000,
        toFen: 3_000_000,
        ratioBp: 6000,
        lengthFen: 1_000_000,
        basis: 'segment',
      },
    ]);
    expect(r.payoutFen).toBe(yuan(4_200) + yuan(6_000)); // 1_020_000 fen
    expect(r.responsibilityCapRemainingFen).toBe(yuan(500_000)); // 保险金额 50万, nothing paid yet
    expect(r.planCapRemainingFen).toBeNull(); // 003 states no plan cap
  });

  it('Benefits: with no deductible a claim is paid from the first fen (003 R4 proton/heavy-ion: 10,000 yuan → 6,000)', () => {
    const r = claim(NB, emptyBenefitAccumulators(), {
      responsibilityCode: 'R4',
      residualFen: yuan(10_000),
    });
    expect(r.portions).toEqual([
      { fromFen: 0, toFen: 1_000_000, ratioBp: 6000, lengthFen: 1_000_000, basis: 'segment' },
    ]);
    expect(r.payoutFen).toBe(yuan(6_000));
  });

  it('Benefits: 003 has no pre-existing ratio, so a pre-existing R1 claim is paid on the segments', () => {
    const r = claim(NB, emptyBenefitAccumulators(), {
      responsibilityCode: 'R1',
      residualFen: yuan(30_000),
      preExisting: true,
    });
    expect(r.preExistingRatioApplied).toBe(false);
    expect(r.payoutFen).toBe(yuan(10_200));
  });
});

describe('Benefits: the raw payout is rounded half-up to the fen, once per claim per responsibility', () => {
  it('Benefits: exactly .5 fen rounds up (003 R1: 5 fen × 30% = 1.5 fen → 2 fen)', () => {
    const r = claim(NB, emptyBenefitAccumulators(), {
      responsibilityCode: 'R1',
      residualFen: 600_005,
    });
    expect(r.rawNumerator).toBe(5 * 3000); // 15_000 = 1.5 fen
    expect(r.rawPayoutFen).toBe(2); // (15_000 + 5000) div 10000 = 2
  });

  it('Benefits: exactly .5 fen rounds up (000 in-catalogue: 10 fen × 55% = 5.5 fen → 6 fen); 4.95 fen → 5 fen', () => {
    const at = (residualFen: number) =>
      claim(GZ, emptyBenefitAccumulators(), { responsibilityCode: 'in_catalogue', residualFen });
    expect(at(1_500_010).rawNumerator).toBe(10 * 5500); // 55_000 = 5.5 fen
    expect(at(1_500_010).payoutFen).toBe(6);
    expect(at(1_500_009).rawNumerator).toBe(9 * 5500); // 49_500 = 4.95 fen
    expect(at(1_500_009).payoutFen).toBe(5);
  });

  it('Benefits: below .5 fen rounds down (003 R1: 8 fen × 30% = 2.4 fen → 2 fen)', () => {
    const r = claim(NB, emptyBenefitAccumulators(), {
      responsibilityCode: 'R1',
      residualFen: 600_008,
    });
    expect(r.rawNumerator).toBe(24_000);
    expect(r.rawPayoutFen).toBe(2);
  });
});

describe('Benefits: caps per responsibility and per plan; the accumulator keeps counting past the cap', () => {
  it('Benefits: the responsibility cap is reached inside a claim and the accumulator keeps counting (003 R3-2, cap 300,000 yuan)', () => {
    // Claim 1: 400,000 yuan → 14,000 × 30% + 380,000 × 60% = 4,200 + 228,000 = 232,200 yuan.
    // Claim 2: 200,000 yuan, c 400,000 → 600,000: raw 200,000 × 60% = 120,000 yuan, but only
    //          300,000 − 232,200 = 67,800 yuan of the cap remain → pays 67,800.
    // Claim 3: 10,000 yuan: raw 6,000, cap exhausted → pays 0; the accumulator still moves to 610,000.
    const [c1, c2, c3] = sequence(NB, [
      [{ responsibilityCode: 'R3-2', residualFen: yuan(400_000) }],
      [{ responsibilityCode: 'R3-2', residualFen: yuan(200_000) }],
      [{ responsibilityCode: 'R3-2', residualFen: yuan(10_000) }],
    ]);
    expect(c1.totals.payoutFen).toBe(yuan(232_200));
    expect(c1.breakdown[0].cappedBy).toBe('none');

    expect(c2.breakdown[0].rawPayoutFen).toBe(yuan(120_000));
    expect(c2.breakdown[0].responsibilityCapRemainingFen).toBe(yuan(67_800));
    expect(c2.breakdown[0].payoutFen).toBe(yuan(67_800));
    expect(c2.breakdown[0].cappedBy).toBe('responsibility_cap');
    expect(c2.breakdown[0].accumulatorAfterFen).toBe(yuan(600_000)); // recorded in full

    expect(c3.breakdown[0].rawPayoutFen).toBe(yuan(6_000));
    expect(c3.breakdown[0].responsibilityCapRemainingFen).toBe(0);
    expect(c3.breakdown[0].payoutFen).toBe(0);
    expect(c3.breakdown[0].cappedBy).toBe('responsibility_cap');
    expect(c3.accumulatorsAfter).toEqual({
      countedFen: { 'R3-2': yuan(610_000) },
      paidFen: { 'R3-2': yuan(300_000) },
      planPaidFen: yuan(300_000),
    });
  });

  it('Benefits: the special-drugs cap of 1,000,000 yuan limits a claim (000 special drugs, 80% from 0)', () => {
    // 1,300,000 yuan × 80% = 1,040,000 yuan raw → capped at 1,000,000 (累计可保100万元).
    const r = claim(GZ, emptyBenefitAccumulators(), {
      responsibilityCode: 'special_drugs',
      residualFen: yuan(1_300_000),
    });
    expect(r.rawPayoutFen).toBe(yuan(1_040_000));
    expect(r.responsibilityCapRemainingFen).toBe(yuan(1_000_000));
    expect(r.planCapRemainingFen).toBe(yuan(3_000_000));
    expect(r.payoutFen).toBe(yuan(1_000_000));
    expect(r.cappedBy).toBe('responsibility_cap');
    expect(r.accumulatorAfterFen).toBe(yuan(1_300_000));
  });

  it('Benefits: the plan cap of 3,000,000 yuan is shared by all responsibilities, consumed in plan order (000 in- and out-of-catalogue)', () => {
    // Each line: 2,000,000 yuan from 0 → 185,000 × 55% + 1,800,000 × 80% = 101,750 + 1,440,000
    // = 1,541,750 yuan raw. in_catalogue is listed first in the plan, so it is paid in full;
    // out_of_catalogue gets what remains: 3,000,000 − 1,541,750 = 1,458,250 yuan.
    const a = adjudicate(GZ, emptyBenefitAccumulators(), [
      line({ responsibilityCode: 'out_of_catalogue', residualFen: yuan(2_000_000) }), // given first,
      line({ responsibilityCode: 'in_catalogue', residualFen: yuan(2_000_000) }), // plan order wins
    ]);
    const [inCat, outCat] = a.breakdown;
    expect(inCat.responsibilityCode).toBe('in_catalogue');
    expect(inCat.rawPayoutFen).toBe(yuan(1_541_750));
    expect(inCat.planCapRemainingFen).toBe(yuan(3_000_000));
    expect(inCat.payoutFen).toBe(yuan(1_541_750));
    expect(inCat.cappedBy).toBe('none');
    expect(inCat.responsibilityCapRemainingFen).toBeNull(); // no own cap (plan cap only)
    expect(outCat.responsibilityCode).toBe('out_of_catalogue');
    expect(outCat.rawPayoutFen).toBe(yuan(1_541_750));
    expect(outCat.planCapRemainingFen).toBe(yuan(1_458_250));
    expect(outCat.payoutFen).toBe(yuan(1_458_250));
    expect(outCat.cappedBy).toBe('plan_cap');
    expect(a.totals).toEqual({
      countedFen: yuan(4_000_000),
      rawPayoutFen: yuan(3_083_500),
      payoutFen: yuan(3_000_000),
    });

    // A later special-drugs claim finds the plan cap used up: pays 0 although its own cap is untouched.
    const later = claim(GZ, a.accumulatorsAfter, {
      responsibilityCode: 'special_drugs',
      residualFen: yuan(10_000),
    });
    expect(later.rawPayoutFen).toBe(yuan(8_000));
    expect(later.responsibilityCapRemainingFen).toBe(yuan(1_000_000));
    expect(later.planCapRemainingFen).toBe(0);
    expect(later.payoutFen).toBe(0);
    expect(later.cappedBy).toBe('plan_cap');
    expect(later.adjudication.accumulatorsAfter).toEqual({
      countedFen: {
        in_catalogue: yuan(2_000_000),
        out_of_catalogue: yuan(2_000_000),
        special_drugs: yuan(10_000),
      },
      paidFen: {
        in_catalogue: yuan(1_541_750),
        out_of_catalogue: yuan(1_458_250),
        special_drugs: 0,
      },
      planPaidFen: yuan(3_000_000),
    });
  });

  it('Benefits: when both caps bind, the plan cap is reported as the one that limited the payout', () => {
    // special_drugs already paid 990,000 (cap 1,000,000 → 10,000 left); plan paid 2,995,000 (5,000 left).
    // Consistent history: special_drugs 1,237,500 × 80% = 990,000; in_catalogue 2,579,062.50 yuan
    // counted pays 101,750 + 2,379,062.50 × 80% = 2,005,000 yuan.
    const before = {
      countedFen: { in_catalogue: 257_906_250, special_drugs: yuan(1_237_500) },
      paidFen: { in_catalogue: yuan(2_005_000), special_drugs: yuan(990_000) },
      planPaidFen: yuan(2_995_000),
    };
    const r = claim(GZ, before, {
      responsibilityCode: 'special_drugs',
      residualFen: yuan(100_000),
    });
    const history = adjudicate(GZ, emptyBenefitAccumulators(), [
      line({ responsibilityCode: 'in_catalogue', residualFen: 257_906_250 }),
      line({ responsibilityCode: 'special_drugs', residualFen: yuan(1_237_500) }),
    ]);
    expect(history.accumulatorsAfter).toEqual(before);
    expect(r.rawPayoutFen).toBe(yuan(80_000));
    expect(r.responsibilityCapRemainingFen).toBe(yuan(10_000));
    expect(r.planCapRemainingFen).toBe(yuan(5_000));
    expect(r.payoutFen).toBe(yuan(5_000));
    expect(r.cappedBy).toBe('plan_cap');
  });
});

describe('Benefits: out-of-area expenses count at the responsibility share (003 宁波市外…按…比例计入累计理算金额)', () => {
  it('Benefits: an out-of-area line on 003 R2 is refused while the seed gives no share (out-of-area counting share not set)', () => {
    const error = ruleOf(() =>
      adjudicate(NB, emptyBenefitAccumulators(), [
        line({ responsibilityCode: 'R2', residualFen: yuan(30_000), outOfArea: true }),
      ]),
    );
    expect(error.rule).toBe('benefits.outOfAreaShareNotSet');
    expect(error.field).toBe('claimLines[0].outOfArea');
    expect(error.message).toContain('R2');
    expect(error.message).toContain('责任二');
    expect(error.message).toContain('out-of-area counting share not set');
  });

  it('Benefits: the refusal names the responsibility on every responsibility without a share (003 R3-1, R3-2; 000 in-catalogue)', () => {
    for (const [schedule, code] of [
      [NB, 'R3-1'],
      [NB, 'R3-2'],
      [GZ, 'in_catalogue'],
    ] as const) {
      const error = ruleOf(() =>
        adjudicate(schedule, emptyBenefitAccumulators(), [
          line({ responsibilityCode: code, residualFen: 100, outOfArea: true }),
        ]),
      );
      expect(error.rule).toBe('benefits.outOfAreaShareNotSet');
      expect(error.message).toContain(`responsibility ${code} `);
    }
  });

  it('Benefits: with a share of 8000 bp an out-of-area line counts 80% of the residual, rounded half-up to the fen (003 R2 copy)', () => {
    const withShare: BenefitSchedule = {
      ...NB,
      responsibilities: NB.responsibilities.map((r) =>
        r.code === 'R2' ? { ...r, outOfAreaCountingShareBp: 8000 } : r,
      ),
    };
    const counted = (residualFen: number, outOfArea = true) =>
      claim(withShare, emptyBenefitAccumulators(), {
        responsibilityCode: 'R2',
        residualFen,
        outOfArea,
      });

    // 2_500_001 × 8000 = 20_000_008_000 → 2_000_000.8 fen → 2_000_001 fen counted (half-up).
    const r = counted(2_500_001);
    expect(r.countingShareBp).toBe(8000);
    expect(r.countedFen).toBe(2_000_001);
    expect(r.accumulatorAfterFen).toBe(2_000_001);
    // Paid on the counted amount: [600_000, 2_000_000] × 30% + [2_000_000, 2_000_001] × 60%
    // = 1_400_000 × 3000 + 1 × 6000 = 4_200_006_000 → 420_000.6 fen → 420_001 fen.
    expect(r.rawNumerator).toBe(4_200_006_000);
    expect(r.payoutFen).toBe(420_001);
    // 2_500_002 × 0.8 = 2_000_001.6 → 2_000_002; 2_500_003 × 0.8 = 2_000_002.4 → 2_000_002.
    expect(counted(2_500_002).countedFen).toBe(2_000_002);
    expect(counted(2_500_003).countedFen).toBe(2_000_002);
    // 30,000 yuan outside Ningbo counts as 24,000 yuan: 14,000 × 30% + 4,000 × 60% = 6,600 yuan.
    expect(counted(yuan(30_000)).payoutFen).toBe(yuan(6_600));
    // A line not flagged out-of-area counts in full: 10,200 yuan.
    const local = counted(yuan(30_000), false);
    expect(local.countingShareBp).toBe(10_000);
    expect(local.countedFen).toBe(yuan(30_000));
    expect(local.payoutFen).toBe(yuan(10_200));
  });
});

describe('Benefits: claims that break a rule are refused with a BenefitRuleError before anything is computed', () => {
  const empty = emptyBenefitAccumulators();

  it('Benefits: amounts must be non-negative integer fen', () => {
    const negative = ruleOf(() =>
      adjudicate(NB, empty, [line({ responsibilityCode: 'R1', residualFen: -1 })]),
    );
    expect([negative.field, negative.rule]).toEqual([
      'claimLines[0].residualFen',
      'benefits.nonNegativeFen',
    ]);
    const fraction = ruleOf(() =>
      adjudicate(NB, empty, [line({ responsibilityCode: 'R1', residualFen: 100.5 })]),
    );
    expect([fraction.field, fraction.rule]).toEqual([
      'claimLines[0].residualFen',
      'benefits.integerFen',
    ]);
    const badState = ruleOf(() =>
      adjudicate(NB, { countedFen: { R1: 1.5 }, paidFen: {}, planPaidFen: 0 }, []),
    );
    expect([badState.field, badState.rule]).toEqual([
      'accumulators.countedFen.R1',
      'benefits.integerFen',
    ]);
    const negativePlan = ruleOf(() =>
      adjudicate(NB, { countedFen: {}, paidFen: {}, planPaidFen: -5 }, []),
    );
    expect(negativePlan.rule).toBe('benefits.nonNegativeFen');
  });

  it('Benefits: an unknown responsibility is refused (000 has no R1)', () => {
    const error = ruleOf(() =>
      adjudicate(GZ, empty, [line({ responsibilityCode: 'R1', residualFen: 100 })]),
    );
    expect([error.field, error.rule]).toEqual([
      'claimLines[0].responsibilityCode',
      'benefits.unknownResponsibility',
    ]);
    // Inherited names are not responsibilities either.
    const proto = ruleOf(() =>
      adjudicate(GZ, empty, [line({ responsibilityCode: 'constructor', residualFen: 100 })]),
    );
    expect(proto.rule).toBe('benefits.unknownResponsibility');
  });

  it('Benefits: a claim has at most one line per responsibility', () => {
    const error = ruleOf(() =>
      adjudicate(NB, empty, [
        line({ responsibilityCode: 'R1', residualFen: 100 }),
        line({ responsibilityCode: 'R1', residualFen: 200 }),
      ]),
    );
    expect([error.field, error.rule]).toEqual([
      'claimLines[1].responsibilityCode',
      'benefits.duplicateLine',
    ]);
  });

  it('Benefits: a state that already paid beyond a cap is refused, not silently clamped', () => {
    const error = ruleOf(() =>
      adjudicate(
        NB,
        { countedFen: {}, paidFen: { 'R3-2': yuan(300_000) + 1 }, planPaidFen: 0 },
        [],
      ),
    );
    expect(error.rule).toBe('benefits.accumulatorExceedsCap');
  });

  it('Benefits: an invalid schedule is refused with its problems listed', () => {
    const broken: BenefitSchedule = { responsibilities: [] };
    const error = ruleOf(() => adjudicate(broken, empty, []));
    expect([error.field, error.rule]).toEqual(['schedule', 'benefits.invalidSchedule']);
    expect(error.message).toContain('responsibilities must be a non-empty list');
  });

  it('Benefits: adjudication is pure: the input accumulators are not changed', () => {
    const before = countedSoFar({ R1: yuan(10_000) }, { R1: yuan(1_200) });
    const copy = JSON.parse(JSON.stringify(before));
    const a = adjudicate(NB, before, [
      line({ responsibilityCode: 'R1', residualFen: yuan(5_000) }),
    ]);
    expect(before).toEqual(copy);
    // [10,000, 15,000] × 30% = 1,500 yuan; paid so far 1,200 + 1,500 = 2,700.
    expect(a.accumulatorsAfter).toEqual({
      countedFen: { R1: yuan(15_000) },
      paidFen: { R1: yuan(2_700) },
      planPaidFen: yuan(2_700),
    });
  });
});
