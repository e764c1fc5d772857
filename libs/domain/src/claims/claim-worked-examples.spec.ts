import { adjudicate } from '../benefits/benefit-calculation';
import { yuan } from '../common/money';
import { PolicyEvent } from '../enrollment/policy-events';
import { ClaimAdjudicatedData } from './claim-events';
import { claimsOf } from './claims-state';
import {
  claim,
  enrolled,
  GANZHOU,
  given,
  submit,
  submitAll,
  thenEvents,
  YONGNINGBAO,
} from './testing/claim-fixtures';

// Worked examples of DOMAIN.md "Benefits" on the policy stream: given PolicyEnrolled (and earlier
// claims), when a claim is submitted, then ClaimAdjudicated with the engine's breakdown.
// Money in fen: yuan(15_000) = 1_500_000 fen; ratios in bp: 55% = 5500 bp.

const adjudicated = (events: PolicyEvent[]): ClaimAdjudicatedData[] =>
  events.flatMap((e) => (e.type === 'ClaimAdjudicated' ? [e.data] : []));

const GZ_ENROLLED = enrolled(GANZHOU, '2023-12-20T10:00:00+08:00');
const NB_ENROLLED = enrolled(YONGNINGBAO, '2023-11-15T10:00:00+08:00');

describe('Benefits worked examples, 000 赣州惠民保 2024 (Q7 起付线1.5万元, 20万以下55%, 以上80%, 既往症20%; Q8 特药80% 100万; Q3 300万)', () => {
  it('Benefits: deductible boundary — what is left after basic insurance, critical-illness insurance and medical aid counts from 0; 15,000 yuan pays 0, one more fen pays 1 fen', () => {
    // Total expense 60,000 yuan; basic insurance paid 30,000, critical-illness insurance 10,000,
    // medical aid 5,000: 15,000 yuan is left to the person, all in the catalogue.
    // c0 = 0, c1 = 1_500_000 fen = the deductible: [0, 1_500_000] lies below the 55% segment → 0.
    const first = claim(
      'GZ-1',
      '2024-03-01',
      [{ responsibilityCode: 'in_catalogue', residualFen: yuan(15_000) }],
      {
        totalExpenseFen: yuan(60_000),
        priorLayers: {
          basicInsuranceFen: yuan(30_000),
          criticalIllnessInsuranceFen: yuan(10_000),
          medicalAidFen: yuan(5_000),
        },
      },
    );
    // Next claim, 1 fen: [1_500_000, 1_500_001] × 55% = 0.55 fen → rounded half-up to 1 fen.
    const second = claim('GZ-2', '2024-03-02', [
      { responsibilityCode: 'in_catalogue', residualFen: 1 },
    ]);
    const [a, b] = adjudicated(submitAll(GANZHOU, GZ_ENROLLED, [first, second]));
    expect(a.selfBorneFen).toBe(yuan(60_000 - 30_000 - 10_000 - 5_000));
    expect(a.breakdown[0]).toMatchObject({
      accumulatorBeforeFen: 0,
      accumulatorAfterFen: 1_500_000,
      portions: [],
      payoutFen: 0,
    });
    expect(b.breakdown[0]).toMatchObject({
      accumulatorBeforeFen: 1_500_000,
      accumulatorAfterFen: 1_500_001,
      portions: [{ fromFen: 1_500_000, toFen: 1_500_001, ratioBp: 5500, lengthFen: 1 }],
      rawNumerator: 1 * 5500, // 0.55 fen
      rawPayoutFen: 1,
      payoutFen: 1,
    });
  });

  it('Benefits: a claim crossing the 200,000-yuan segment boundary is paid 55% below and 80% above it', () => {
    // Earlier claim: 150,000 yuan → [15,000, 150,000] × 55% = 135,000 × 0.55 = 74,250 yuan.
    // This claim: 100,000 yuan, c0 = 150,000 → c1 = 250,000:
    //   [150,000, 200,000] × 55% = 27,500 yuan;  [200,000, 250,000] × 80% = 40,000 yuan.
    const [, crossing] = adjudicated(
      submitAll(GANZHOU, GZ_ENROLLED, [
        claim('GZ-1', '2024-02-01', [
          { responsibilityCode: 'in_catalogue', residualFen: yuan(150_000) },
        ]),
        claim('GZ-2', '2024-04-01', [
          { responsibilityCode: 'in_catalogue', residualFen: yuan(100_000) },
        ]),
      ]),
    );
    expect(crossing.breakdown[0].portions).toEqual([
      {
        fromFen: yuan(150_000),
        toFen: yuan(200_000),
        ratioBp: 5500,
        lengthFen: yuan(50_000),
        basis: 'segment',
      },
      {
        fromFen: yuan(200_000),
        toFen: yuan(250_000),
        ratioBp: 8000,
        lengthFen: yuan(50_000),
        basis: 'segment',
      },
    ]);
    expect(crossing.payoutFen).toBe(yuan(27_500) + yuan(40_000)); // 67,500 yuan
  });

  it('Benefits: the same 250,000 yuan as one claim or split over two claims pays the same 141,750 yuan', () => {
    // One claim: [15,000, 200,000] × 55% + [200,000, 250,000] × 80% = 101,750 + 40,000 = 141,750.
    // Two claims: 150,000 → 74,250; then 100,000 → 27,500 + 40,000 = 67,500; 74,250 + 67,500 = 141,750.
    const [single] = adjudicated(
      submitAll(GANZHOU, GZ_ENROLLED, [
        claim('ONE', '2024-02-01', [
          { responsibilityCode: 'out_of_catalogue', residualFen: yuan(250_000) },
        ]),
      ]),
    );
    const split = adjudicated(
      submitAll(GANZHOU, GZ_ENROLLED, [
        claim('A', '2024-02-01', [
          { responsibilityCode: 'out_of_catalogue', residualFen: yuan(150_000) },
        ]),
        claim('B', '2024-02-15', [
          { responsibilityCode: 'out_of_catalogue', residualFen: yuan(100_000) },
        ]),
      ]),
    );
    expect(single.payoutFen).toBe(yuan(101_750) + yuan(40_000));
    expect(split.map((s) => s.payoutFen)).toEqual([yuan(74_250), yuan(67_500)]);
    expect(split[0].payoutFen + split[1].payoutFen).toBe(single.payoutFen);
    expect(split[1].accumulatorsAfter).toEqual(single.accumulatorsAfter);
  });

  it('Benefits: a pre-existing claim is paid 20% of the whole part above the deductible (既往症按20%报销)', () => {
    // 115,000 yuan, pre-existing: (115,000 − 15,000) × 20% = 20,000 yuan
    // (not pre-existing it would be 100,000 × 55% = 55,000 yuan).
    const [pre] = adjudicated(
      submitAll(GANZHOU, GZ_ENROLLED, [
        claim(
          'PRE',
          '2024-05-01',
          [{ responsibilityCode: 'in_catalogue', residualFen: yuan(115_000) }],
          {
            preExisting: true,
          },
        ),
      ]),
    );
    expect(pre.breakdown[0]).toMatchObject({
      preExistingRatioApplied: true,
      portions: [
        { fromFen: yuan(15_000), toFen: yuan(115_000), ratioBp: 2000, basis: 'pre_existing' },
      ],
      payoutFen: yuan(20_000),
    });
  });

  it('Benefits: special drugs by drug — two drugs are one line of the responsibility, and its 1,000,000-yuan cap is reached inside the claim', () => {
    // Drug A 800,000 yuan + drug B 500,000 yuan = 1,300,000 yuan on special_drugs (deductible 0):
    // 1,300,000 × 80% = 1,040,000 yuan raw; the cap leaves 1,000,000 → paid 1,000,000.
    const [drugs, after] = adjudicated(
      submitAll(GANZHOU, GZ_ENROLLED, [
        claim('DRUGS', '2024-05-01', [
          { responsibilityCode: 'special_drugs', residualFen: yuan(800_000), drug: '药品A' },
          { responsibilityCode: 'special_drugs', residualFen: yuan(500_000), drug: '药品B' },
        ]),
        claim('DRUGS-2', '2024-05-20', [
          { responsibilityCode: 'special_drugs', residualFen: yuan(10_000), drug: '药品A' },
        ]),
      ]),
    );
    expect(drugs.engineLines).toEqual([
      {
        responsibilityCode: 'special_drugs',
        residualFen: yuan(1_300_000),
        preExisting: false,
        outOfArea: false,
      },
    ]);
    expect(drugs.claim.lines.map((l) => [l.drug, l.residualFen])).toEqual([
      ['药品A', yuan(800_000)],
      ['药品B', yuan(500_000)],
    ]);
    expect(drugs.breakdown[0]).toMatchObject({
      rawPayoutFen: yuan(1_040_000),
      responsibilityCapRemainingFen: yuan(1_000_000),
      payoutFen: yuan(1_000_000),
      cappedBy: 'responsibility_cap',
    });
    // The cap is used up: the next claim pays 0 but still counts (accumulator keeps counting).
    expect(after.breakdown[0]).toMatchObject({
      rawPayoutFen: yuan(8_000),
      responsibilityCapRemainingFen: 0,
      payoutFen: 0,
      accumulatorAfterFen: yuan(1_310_000),
    });
  });

  it('Benefits: the plan cap of 3,000,000 yuan is reached across responsibilities (累计可保300万元)', () => {
    // In-catalogue 2,000,000 yuan: 185,000 × 55% + 1,800,000 × 80% = 101,750 + 1,440,000 = 1,541,750.
    // Out-of-catalogue 2,000,000 yuan: raw 1,541,750 too, but the plan cap has
    // 3,000,000 − 1,541,750 = 1,458,250 left → paid 1,458,250 (plan cap).
    // Special drugs 10,000 yuan: raw 8,000, plan cap left 0 → paid 0.
    const [inCat, outCat, drugs] = adjudicated(
      submitAll(GANZHOU, GZ_ENROLLED, [
        claim('IN', '2024-02-01', [
          { responsibilityCode: 'in_catalogue', residualFen: yuan(2_000_000) },
        ]),
        claim('OUT', '2024-03-01', [
          { responsibilityCode: 'out_of_catalogue', residualFen: yuan(2_000_000) },
        ]),
        claim('SD', '2024-04-01', [
          { responsibilityCode: 'special_drugs', residualFen: yuan(10_000) },
        ]),
      ]),
    );
    expect(inCat.payoutFen).toBe(yuan(101_750) + yuan(1_440_000));
    expect(outCat.breakdown[0]).toMatchObject({
      rawPayoutFen: yuan(1_541_750),
      planCapRemainingFen: yuan(3_000_000 - 1_541_750),
      payoutFen: yuan(1_458_250),
      cappedBy: 'plan_cap',
    });
    expect(drugs.breakdown[0]).toMatchObject({
      rawPayoutFen: yuan(8_000),
      payoutFen: 0,
      cappedBy: 'plan_cap',
    });
    expect(drugs.accumulatorsAfter.planPaidFen).toBe(yuan(3_000_000));
  });
});

describe('Benefits worked examples, 003 天一甬宁保 2024 (附件3: 0.6万至2.0万 30%, 2.0万以上 60%; R4 无起付线 60%)', () => {
  it('Benefits: R1 deductible boundary — 6,000 yuan pays 0; 6,001 yuan pays 1 yuan × 30% = 0.30 yuan', () => {
    const [atDeductible] = adjudicated(
      submitAll(YONGNINGBAO, NB_ENROLLED, [
        claim('R1-a', '2024-03-01', [{ responsibilityCode: 'R1', residualFen: yuan(6_000) }]),
      ]),
    );
    const [above] = adjudicated(
      submitAll(YONGNINGBAO, NB_ENROLLED, [
        claim('R1-b', '2024-03-01', [{ responsibilityCode: 'R1', residualFen: yuan(6_001) }]),
      ]),
    );
    expect(atDeductible.payoutFen).toBe(0);
    expect(above.payoutFen).toBe(30); // 100 fen × 3000 bp / 10000
  });

  it('Benefits: R1 claim crossing 20,000 yuan — 14,000 × 30% + 10,000 × 60% = 4,200 + 6,000 = 10,200 yuan', () => {
    const [r1] = adjudicated(
      submitAll(YONGNINGBAO, NB_ENROLLED, [
        claim('R1', '2024-03-01', [{ responsibilityCode: 'R1', residualFen: yuan(30_000) }]),
      ]),
    );
    expect(r1.breakdown[0].portions.map((p) => [p.lengthFen, p.ratioBp])).toEqual([
      [yuan(14_000), 3000],
      [yuan(10_000), 6000],
    ]);
    expect(r1.payoutFen).toBe(yuan(4_200) + yuan(6_000));
  });

  it('Benefits: R2 — 30,000 yuan as one claim or as 10,000 + 20,000 pays 10,200 yuan either way', () => {
    // 10,000: [6,000, 10,000] × 30% = 1,200. 20,000: [10,000, 20,000] × 30% + [20,000, 30,000] × 60%
    // = 3,000 + 6,000 = 9,000. 1,200 + 9,000 = 10,200 = the single claim.
    const split = adjudicated(
      submitAll(YONGNINGBAO, NB_ENROLLED, [
        claim('R2-a', '2024-03-01', [{ responsibilityCode: 'R2', residualFen: yuan(10_000) }]),
        claim('R2-b', '2024-03-05', [{ responsibilityCode: 'R2', residualFen: yuan(20_000) }]),
      ]),
    );
    expect(split.map((s) => s.payoutFen)).toEqual([yuan(1_200), yuan(9_000)]);
    expect(split[0].payoutFen + split[1].payoutFen).toBe(yuan(10_200));
  });

  it('Benefits: R3-2 rare-disease drugs — the 300,000-yuan cap is reached inside one claim', () => {
    // 600,000 yuan: 14,000 × 30% + 580,000 × 60% = 4,200 + 348,000 = 352,200 raw → capped at 300,000.
    const [r32] = adjudicated(
      submitAll(YONGNINGBAO, NB_ENROLLED, [
        claim('R3-2', '2024-03-01', [
          { responsibilityCode: 'R3-2', residualFen: yuan(600_000), drug: '罕见病药品' },
        ]),
      ]),
    );
    expect(r32.breakdown[0]).toMatchObject({
      rawPayoutFen: yuan(352_200),
      payoutFen: yuan(300_000),
      cappedBy: 'responsibility_cap',
    });
  });

  it('Benefits: R4 proton/heavy ion has no deductible — 60% from the first fen, and the 200,000-yuan cap holds over successive claims', () => {
    // Each 100,000 yuan pays 60,000; three claims 180,000; the fourth has 20,000 of cap left.
    const r4 = adjudicated(
      submitAll(
        YONGNINGBAO,
        NB_ENROLLED,
        [1, 2, 3, 4].map((n) =>
          claim(`R4-${n}`, `2024-0${n}-10`, [
            { responsibilityCode: 'R4', residualFen: yuan(100_000) },
          ]),
        ),
      ),
    );
    expect(r4.map((r) => r.payoutFen)).toEqual([
      yuan(60_000),
      yuan(60_000),
      yuan(60_000),
      yuan(20_000),
    ]);
    expect(r4[3].breakdown[0].cappedBy).toBe('responsibility_cap');
    expect(r4.reduce((s, r) => s + r.payoutFen, 0)).toBe(yuan(200_000));
  });
});

describe('Benefits: the adjudication recorded in the event can be recomputed by an auditor', () => {
  it('Benefits: adjudicate(event.schedule, event.accumulatorsBefore, event.engineLines) gives the recorded breakdown, and accumulators chain claim to claim', () => {
    const events = submitAll(GANZHOU, GZ_ENROLLED, [
      claim('X1', '2024-02-01', [
        { responsibilityCode: 'in_catalogue', residualFen: yuan(120_000) + 37 },
        { responsibilityCode: 'special_drugs', residualFen: yuan(3_333) + 3, drug: '药品C' },
      ]),
      claim('X2', '2024-02-02', [
        { responsibilityCode: 'in_catalogue', residualFen: yuan(99_999) + 99 },
      ]),
    ]);
    const [x1, x2] = adjudicated(events);
    for (const d of [x1, x2]) {
      const again = adjudicate(d.schedule, d.accumulatorsBefore, d.engineLines);
      expect(again.breakdown).toEqual(d.breakdown);
      expect(again.accumulatorsAfter).toEqual(d.accumulatorsAfter);
      expect(again.totals.payoutFen).toBe(d.payoutFen);
    }
    expect(x2.accumulatorsBefore).toEqual(x1.accumulatorsAfter);
    expect(claimsOf(given(...GZ_ENROLLED, ...events)).accumulators).toEqual(x2.accumulatorsAfter);
  });

  it('Benefits: the decision is pure — the same stream and claim give the same events', () => {
    const c = claim('P', '2024-02-01', [
      { responsibilityCode: 'in_catalogue', residualFen: yuan(50_000) },
    ]);
    expect(thenEvents(submit(GANZHOU, GZ_ENROLLED, c))).toEqual(
      thenEvents(submit(GANZHOU, GZ_ENROLLED, c)),
    );
  });
});
