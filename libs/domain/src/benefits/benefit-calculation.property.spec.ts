import { yuan } from '../common/money';
import { BenefitAccumulators, emptyBenefitAccumulators } from './accumulators';
import { adjudicate, BenefitClaimLine, ResponsibilityAdjudication } from './benefit-calculation';
import { BenefitSchedule, ResponsibilityDef } from './responsibility';
import { GANZHOU_2024_BENEFITS, TIANYI_YONGNINGBAO_2024_BENEFITS } from './seed-schedules';

// Property-style checks of DOMAIN.md "Benefits" over deterministic pseudo-random claim sequences.
// Everything is recomputed here independently of the implementation, with BigInt arithmetic.

/** mulberry32: a small deterministic PRNG, so a failure always reproduces with the same seed. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const withChanges = (
  base: BenefitSchedule,
  changes: Record<string, Partial<ResponsibilityDef>>,
  planCapFen = base.planCapFen,
): BenefitSchedule => ({
  responsibilities: base.responsibilities.map((r) => ({ ...r, ...changes[r.code] })),
  ...(planCapFen === undefined ? {} : { planCapFen }),
});

const SCHEDULES: Record<string, BenefitSchedule> = {
  ganzhou: GANZHOU_2024_BENEFITS,
  yongningbao: TIANYI_YONGNINGBAO_2024_BENEFITS,
  // The same schedules with out-of-area shares set, and small caps so that caps bind often.
  yongningbaoShares: withChanges(
    TIANYI_YONGNINGBAO_2024_BENEFITS,
    {
      R1: { outOfAreaCountingShareBp: 10_000 },
      R2: { outOfAreaCountingShareBp: 8_000 },
      'R3-1': { outOfAreaCountingShareBp: 7_000 },
      'R3-2': { outOfAreaCountingShareBp: 3_333, capFen: yuan(20_000) },
      R4: { outOfAreaCountingShareBp: 5_000 },
    },
    yuan(150_000),
  ),
  ganzhouTight: withChanges(
    GANZHOU_2024_BENEFITS,
    {
      in_catalogue: { outOfAreaCountingShareBp: 6_667, capFen: yuan(120_000) },
      special_drugs: { capFen: yuan(50_000), outOfAreaCountingShareBp: 9_999 },
    },
    yuan(200_000),
  ),
};

const BP = 10_000n;
const halfUp = (numerator: bigint): number => Number((numerator + BP / 2n) / BP);

/** Σ ratio × |[0, c] ∩ segment|: the raw numerator of a claim from 0 to c (non-pre-existing). */
function cumulativeNumerator(def: ResponsibilityDef, c: number): bigint {
  let total = 0n;
  def.segments.forEach((s, i) => {
    const end = def.segments[i + 1]?.fromFen ?? Number.POSITIVE_INFINITY;
    const inside = Math.max(0, Math.min(c, end) - s.fromFen);
    total += BigInt(inside) * BigInt(s.ratioBp);
  });
  return total;
}

function randomResidual(next: () => number, def: ResponsibilityDef, c0: number): number {
  const pick = next();
  if (pick < 0.2) return Math.floor(next() * 20); // a few fen (rounding at the fen)
  if (pick < 0.45) {
    // land within ±50 fen of a boundary (deductible, segment start)
    const boundaries = [def.deductibleFen, ...def.segments.map((s) => s.fromFen)];
    const target =
      boundaries[Math.floor(next() * boundaries.length)] + Math.floor(next() * 101) - 50;
    return Math.max(0, target - c0);
  }
  if (pick < 0.8) return Math.floor(next() * yuan(60_000));
  return Math.floor(next() * yuan(1_500_000));
}

/** Checks one responsibility's breakdown against the schedule, the state before, and the line. */
function checkLine(
  schedule: BenefitSchedule,
  def: ResponsibilityDef,
  line: BenefitClaimLine,
  b: ResponsibilityAdjudication,
  paidBefore: number,
  planPaidBefore: number,
): void {
  // Counted amount: residual × share, half-up, when out-of-area; in full otherwise.
  const share = line.outOfArea ? (def.outOfAreaCountingShareBp as number) : 10_000;
  expect(b.countedFen).toBe(halfUp(BigInt(line.residualFen) * BigInt(share)));
  expect(b.accumulatorAfterFen).toBe(b.accumulatorBeforeFen + b.countedFen);

  // Portions: contiguous, inside [c0, c1], lengths consistent, at the right ratio.
  let cursor: number | undefined;
  for (const p of b.portions) {
    expect(p.lengthFen).toBe(p.toFen - p.fromFen);
    expect(p.lengthFen).toBeGreaterThan(0);
    expect(p.fromFen).toBeGreaterThanOrEqual(b.accumulatorBeforeFen);
    expect(p.toFen).toBeLessThanOrEqual(b.accumulatorAfterFen);
    if (cursor !== undefined) expect(p.fromFen).toBe(cursor);
    cursor = p.toFen;
  }
  const preExisting = line.preExisting && def.preExistingRatioBp !== undefined;
  expect(b.preExistingRatioApplied).toBe(preExisting);
  const c0 = b.accumulatorBeforeFen;
  const c1 = b.accumulatorAfterFen;
  let expectedNumerator: bigint;
  if (preExisting) {
    const from = Math.max(c0, def.deductibleFen);
    expectedNumerator = BigInt(Math.max(0, c1 - from)) * BigInt(def.preExistingRatioBp as number);
    for (const p of b.portions) expect(p.basis).toBe('pre_existing');
  } else {
    expectedNumerator = cumulativeNumerator(def, c1) - cumulativeNumerator(def, c0);
    for (const p of b.portions) expect(p.basis).toBe('segment');
  }

  // The payout recomputed from the recorded portions alone.
  const fromPortions = b.portions.reduce((s, p) => s + BigInt(p.lengthFen) * BigInt(p.ratioBp), 0n);
  expect(BigInt(b.rawNumerator)).toBe(fromPortions);
  expect(fromPortions).toBe(expectedNumerator);
  expect(b.rawPayoutFen).toBe(halfUp(fromPortions));
  const respRemaining = def.capFen === undefined ? Infinity : def.capFen - paidBefore;
  const planRemaining =
    schedule.planCapFen === undefined ? Infinity : schedule.planCapFen - planPaidBefore;
  expect(b.responsibilityCapRemainingFen ?? Infinity).toBe(respRemaining);
  expect(b.planCapRemainingFen ?? Infinity).toBe(planRemaining);
  expect(b.payoutFen).toBe(Math.min(b.rawPayoutFen, respRemaining, planRemaining));
  expect(b.payoutFen).toBeGreaterThanOrEqual(0);
  const expectedCappedBy =
    b.payoutFen === b.rawPayoutFen
      ? 'none'
      : Math.min(b.rawPayoutFen, respRemaining) > planRemaining
        ? 'plan_cap'
        : 'responsibility_cap';
  expect(b.cappedBy).toBe(expectedCappedBy);
}

describe('Benefits: properties over pseudo-random claim sequences (deterministic)', () => {
  it('Benefits: payouts never exceed caps, accumulators are the sums of counted amounts, and each payout recomputes from its portions', () => {
    const next = prng(20240101);
    let claims = 0;
    let capped = 0;
    for (let run = 0; run < 400; run++) {
      const names = Object.keys(SCHEDULES);
      const schedule = SCHEDULES[names[run % names.length]];
      const defs = schedule.responsibilities;
      let state: BenefitAccumulators = emptyBenefitAccumulators();
      const countedSum: Record<string, number> = {};
      const paidSum: Record<string, number> = {};
      const claimCount = 1 + Math.floor(next() * 8);
      for (let k = 0; k < claimCount; k++) {
        const lines: BenefitClaimLine[] = defs
          .filter(() => next() < 0.6)
          .map((def) => ({
            responsibilityCode: def.code,
            residualFen: randomResidual(next, def, state.countedFen[def.code] ?? 0),
            preExisting: next() < 0.3,
            outOfArea: def.outOfAreaCountingShareBp !== undefined && next() < 0.4,
          }))
          .sort(() => next() - 0.5); // lines in any order: the plan order decides
        const a = adjudicate(schedule, state, lines);
        claims++;

        expect(a.breakdown.map((b) => b.responsibilityCode)).toEqual(
          defs.filter((d) => lines.some((l) => l.responsibilityCode === d.code)).map((d) => d.code),
        );
        let planPaid = state.planPaidFen;
        for (const b of a.breakdown) {
          const def = defs.find((d) => d.code === b.responsibilityCode) as ResponsibilityDef;
          const l = lines.find((x) => x.responsibilityCode === def.code) as BenefitClaimLine;
          const paidBefore = state.paidFen[def.code] ?? 0;
          expect(b.accumulatorBeforeFen).toBe(countedSum[def.code] ?? 0);
          checkLine(schedule, def, l, b, paidBefore, planPaid);
          if (b.cappedBy !== 'none') capped++;
          planPaid += b.payoutFen;
          countedSum[def.code] = (countedSum[def.code] ?? 0) + b.countedFen;
          paidSum[def.code] = (paidSum[def.code] ?? 0) + b.payoutFen;
        }
        expect(a.totals.payoutFen).toBe(a.breakdown.reduce((s, b) => s + b.payoutFen, 0));
        state = a.accumulatorsAfter;

        // The accumulator is the sum of the counted amounts; paid amounts add up; caps hold.
        expect(state.countedFen).toEqual(countedSum);
        expect(state.paidFen).toEqual(paidSum);
        expect(state.planPaidFen).toBe(Object.values(paidSum).reduce((s, v) => s + v, 0));
        for (const def of defs) {
          if (def.capFen !== undefined) {
            expect(state.paidFen[def.code] ?? 0).toBeLessThanOrEqual(def.capFen);
          }
        }
        if (schedule.planCapFen !== undefined) {
          expect(state.planPaidFen).toBeLessThanOrEqual(schedule.planCapFen);
        }
      }
    }
    // The generator really exercised the caps (and many claims), not only the easy path.
    expect(claims).toBeGreaterThan(1500);
    expect(capped).toBeGreaterThan(50);
  });

  it('Benefits: splitting one claim into several adds up exactly before rounding and differs by at most 1 fen per claim after', () => {
    const next = prng(42);
    const schedules = [GANZHOU_2024_BENEFITS, TIANYI_YONGNINGBAO_2024_BENEFITS];
    for (let run = 0; run < 500; run++) {
      const schedule = schedules[run % 2];
      const def = schedule.responsibilities[Math.floor(next() * schedule.responsibilities.length)];
      const preExisting = next() < 0.3;
      const start = Math.floor(next() * yuan(250_000)); // earlier claims in the year
      const total = randomResidual(next, def, start);
      const parts = 2 + Math.floor(next() * 4);
      const cuts = Array.from({ length: parts - 1 }, () => Math.floor(next() * (total + 1))).sort(
        (x, y) => x - y,
      );
      const amounts = [...cuts, total].map((c, i) => c - (i === 0 ? 0 : cuts[i - 1]));
      const before = { countedFen: { [def.code]: start }, paidFen: {}, planPaidFen: 0 };
      const lineOf = (residualFen: number): BenefitClaimLine => ({
        responsibilityCode: def.code,
        residualFen,
        preExisting,
        outOfArea: false,
      });

      const single = adjudicate(schedule, before, [lineOf(total)]).breakdown[0];
      let state: BenefitAccumulators = before;
      let numerators = 0;
      let raw = 0;
      for (const amount of amounts) {
        const a = adjudicate(schedule, state, [lineOf(amount)]);
        numerators += a.breakdown[0].rawNumerator;
        raw += a.breakdown[0].rawPayoutFen;
        state = a.accumulatorsAfter;
      }
      expect(state.countedFen[def.code]).toBe(single.accumulatorAfterFen);
      expect(numerators).toBe(single.rawNumerator); // exact: segments are additive
      expect(Math.abs(raw - single.rawPayoutFen)).toBeLessThanOrEqual(parts); // rounding only
    }
  });
});
