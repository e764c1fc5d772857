import { ResponsibilityDef } from './responsibility';

/** Basis points in a whole (100% = 10,000 bp). */
export const BP_PER_WHOLE = 10_000;

/**
 * A stretch [fromFen, toFen) of the cumulative counted amount that a claim covered, with the ratio
 * it is paid at: a segment's ratio, or the pre-existing ratio for a pre-existing-condition claim.
 */
export interface BenefitPortion {
  fromFen: number;
  toFen: number;
  ratioBp: number;
  lengthFen: number;
  basis: 'segment' | 'pre_existing';
}

/**
 * The paid portions of a claim that moves the accumulator from c0 to c1 (DOMAIN.md, Benefits):
 * each segment's intersection with [c0, c1], nothing below the first segment's start; for a
 * pre-existing-condition claim, when the responsibility has a pre-existing ratio, the whole part
 * of [c0, c1] above the deductible at that ratio instead. Empty stretches are left out.
 */
export function payablePortions(
  def: ResponsibilityDef,
  c0: number,
  c1: number,
  preExisting: boolean,
): BenefitPortion[] {
  if (preExisting && def.preExistingRatioBp !== undefined) {
    const from = Math.max(c0, def.deductibleFen);
    return c1 > from ? [portion(from, c1, def.preExistingRatioBp, 'pre_existing')] : [];
  }
  const portions: BenefitPortion[] = [];
  def.segments.forEach((segment, i) => {
    const next = def.segments[i + 1];
    const from = Math.max(c0, segment.fromFen);
    const to = next === undefined ? c1 : Math.min(c1, next.fromFen);
    if (to > from) portions.push(portion(from, to, segment.ratioBp, 'segment'));
  });
  return portions;
}

function portion(
  fromFen: number,
  toFen: number,
  ratioBp: number,
  basis: BenefitPortion['basis'],
): BenefitPortion {
  return { fromFen, toFen, ratioBp, lengthFen: toFen - fromFen, basis };
}

/** Σ lengthFen × ratioBp: the raw payout in 1/10,000 fen, an exact integer. */
export function rawNumeratorOf(portions: readonly BenefitPortion[]): number {
  return portions.reduce((sum, p) => sum + p.lengthFen * p.ratioBp, 0);
}

/**
 * n / 10,000 rounded half-up, for n ≥ 0 in 1/10,000 fen: (n + 5000) div 10000, computed with the
 * remainder so it stays exact for every safe integer n.
 */
export function roundHalfUpFromBp(numerator: number): number {
  const remainder = numerator % BP_PER_WHOLE;
  const whole = (numerator - remainder) / BP_PER_WHOLE;
  return remainder >= BP_PER_WHOLE / 2 ? whole + 1 : whole;
}
