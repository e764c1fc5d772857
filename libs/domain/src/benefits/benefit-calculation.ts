import { BenefitAccumulators } from './accumulators';
import { BenefitRuleError } from './benefit-rule-error';
import {
  BP_PER_WHOLE,
  BenefitPortion,
  payablePortions,
  rawNumeratorOf,
  roundHalfUpFromBp,
} from './payable-portions';
import { BenefitSchedule, ResponsibilityDef } from './responsibility';
import { validateBenefitSchedule } from './schedule-validation';

/**
 * Largest cumulative counted amount the calculation takes: every Σ length × bp stays an exact
 * safe integer below it (about 9 billion yuan, far above any cap).
 */
export const MAX_COUNTED_FEN = Math.floor(Number.MAX_SAFE_INTEGER / BP_PER_WHOLE);

/** What is left to the person on one responsibility after the prior layers paid (one claim). */
export interface BenefitClaimLine {
  responsibilityCode: string;
  /** Residual after basic insurance, critical-illness insurance and medical aid, in fen. */
  residualFen: number;
  preExisting: boolean;
  /** Incurred outside the home city: counts at the responsibility's out-of-area share. */
  outOfArea: boolean;
}

export type CappedBy = 'none' | 'responsibility_cap' | 'plan_cap';

/** One responsibility's part of a claim, with every intermediate figure an auditor recomputes. */
export interface ResponsibilityAdjudication {
  responsibilityCode: string;
  residualFen: number;
  preExisting: boolean;
  outOfArea: boolean;
  /** Share of the residual that counts: 10,000 bp unless out-of-area with a share set. */
  countingShareBp: number;
  /** x = residual × share, rounded half-up to the fen (= residual when counted in full). */
  countedFen: number;
  /** c0 */
  accumulatorBeforeFen: number;
  /** c1 = c0 + x, recorded even when the payout is capped. */
  accumulatorAfterFen: number;
  /** True when the claim is pre-existing and the responsibility has a pre-existing ratio. */
  preExistingRatioApplied: boolean;
  portions: BenefitPortion[];
  /** Σ lengthFen × ratioBp (1/10,000 fen). */
  rawNumerator: number;
  /** rawNumerator / 10,000 rounded half-up, once per claim per responsibility. */
  rawPayoutFen: number;
  /** Cap minus paid before this claim; null when the responsibility has no own cap. */
  responsibilityCapRemainingFen: number | null;
  /** Plan cap minus paid before this line (earlier lines of the claim included); null: no cap. */
  planCapRemainingFen: number | null;
  payoutFen: number;
  cappedBy: CappedBy;
}

export interface Adjudication {
  /** One entry per claim line, in the order the plan lists its responsibilities. */
  breakdown: ResponsibilityAdjudication[];
  totals: { countedFen: number; rawPayoutFen: number; payoutFen: number };
  /** The insured's year-to-date state after this claim. */
  accumulatorsAfter: BenefitAccumulators;
}

/**
 * Adjudicates one claim against a plan's benefit schedule and the insured's year-to-date
 * accumulators (DOMAIN.md, Benefits). Pure: returns the breakdown and the new state, changes
 * nothing. Throws BenefitRuleError before computing anything when an input breaks a rule.
 */
export function adjudicate(
  schedule: BenefitSchedule,
  accumulators: BenefitAccumulators,
  claimLines: readonly BenefitClaimLine[],
): Adjudication {
  const problems = validateBenefitSchedule(schedule);
  if (problems.length > 0) {
    throw new BenefitRuleError(
      'schedule',
      'benefits.invalidSchedule',
      `benefit schedule is invalid: ${problems.join('; ')}`,
    );
  }
  const defs = new Map(schedule.responsibilities.map((r) => [r.code, r]));
  checkAccumulators(schedule, defs, accumulators);
  const linesByCode = checkClaimLines(defs, accumulators, claimLines);

  const counted = new Map(Object.entries(accumulators.countedFen));
  const paid = new Map(Object.entries(accumulators.paidFen));
  let planPaid = accumulators.planPaidFen;
  const breakdown: ResponsibilityAdjudication[] = [];
  for (const def of schedule.responsibilities) {
    const line = linesByCode.get(def.code);
    if (line === undefined) continue;
    const c0 = counted.get(def.code) ?? 0;
    const paid0 = paid.get(def.code) ?? 0;
    const countingShareBp = line.outOfArea
      ? (def.outOfAreaCountingShareBp as number) // set: checked by checkClaimLines
      : BP_PER_WHOLE;
    const countedFen = roundHalfUpFromBp(line.residualFen * countingShareBp);
    const c1 = c0 + countedFen;
    const preExistingRatioApplied = line.preExisting && def.preExistingRatioBp !== undefined;
    const portions = payablePortions(def, c0, c1, line.preExisting);
    const rawNumerator = rawNumeratorOf(portions);
    const rawPayoutFen = roundHalfUpFromBp(rawNumerator);
    const responsibilityCapRemainingFen = def.capFen === undefined ? null : def.capFen - paid0;
    const planCapRemainingFen =
      schedule.planCapFen === undefined ? null : schedule.planCapFen - planPaid;
    const withinResponsibilityCap =
      responsibilityCapRemainingFen === null
        ? rawPayoutFen
        : Math.min(rawPayoutFen, responsibilityCapRemainingFen);
    const payoutFen =
      planCapRemainingFen === null
        ? withinResponsibilityCap
        : Math.min(withinResponsibilityCap, planCapRemainingFen);
    const cappedBy: CappedBy =
      payoutFen < withinResponsibilityCap
        ? 'plan_cap'
        : withinResponsibilityCap < rawPayoutFen
          ? 'responsibility_cap'
          : 'none';
    counted.set(def.code, c1);
    paid.set(def.code, paid0 + payoutFen);
    planPaid += payoutFen;
    breakdown.push({
      responsibilityCode: def.code,
      residualFen: line.residualFen,
      preExisting: line.preExisting,
      outOfArea: line.outOfArea,
      countingShareBp,
      countedFen,
      accumulatorBeforeFen: c0,
      accumulatorAfterFen: c1,
      preExistingRatioApplied,
      portions,
      rawNumerator,
      rawPayoutFen,
      responsibilityCapRemainingFen,
      planCapRemainingFen,
      payoutFen,
      cappedBy,
    });
  }
  const sum = (pick: (b: ResponsibilityAdjudication) => number) =>
    breakdown.reduce((s, b) => s + pick(b), 0);
  return {
    breakdown,
    totals: {
      countedFen: sum((b) => b.countedFen),
      rawPayoutFen: sum((b) => b.rawPayoutFen),
      payoutFen: sum((b) => b.payoutFen),
    },
    accumulatorsAfter: {
      // fromEntries defines own properties, whatever the code is.
      countedFen: Object.fromEntries(counted),
      paidFen: Object.fromEntries(paid),
      planPaidFen: planPaid,
    },
  };
}

const describeResponsibility = (def: ResponsibilityDef) =>
  `responsibility ${def.code} (${def.name.zh} / ${def.name.en})`;

function checkFen(value: unknown, field: string, max = MAX_COUNTED_FEN): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value)) {
    throw new BenefitRuleError(
      field,
      'benefits.integerFen',
      `${field} must be an integer number of fen (1 yuan = 100 fen), got ${String(value)}`,
    );
  }
  if (value < 0) {
    throw new BenefitRuleError(field, 'benefits.nonNegativeFen', `${field} must not be negative`);
  }
  if (value > max) {
    throw new BenefitRuleError(
      field,
      'benefits.amountTooLarge',
      `${field} must not exceed ${max} fen, got ${value}`,
    );
  }
  return value;
}

function checkAccumulators(
  schedule: BenefitSchedule,
  defs: ReadonlyMap<string, ResponsibilityDef>,
  accumulators: BenefitAccumulators,
): void {
  for (const kind of ['countedFen', 'paidFen'] as const) {
    const record: unknown = accumulators?.[kind];
    if (typeof record !== 'object' || record === null || Array.isArray(record)) {
      throw new BenefitRuleError(
        `accumulators.${kind}`,
        'benefits.integerFen',
        `accumulators.${kind} must be a record of fen by responsibility code`,
      );
    }
    for (const [code, value] of Object.entries(record)) {
      const field = `accumulators.${kind}.${code}`;
      const def = defs.get(code);
      if (def === undefined) {
        throw new BenefitRuleError(
          field,
          'benefits.unknownResponsibility',
          `${field}: the plan has no responsibility ${code}`,
        );
      }
      checkFen(value, field);
      if (kind === 'paidFen' && def.capFen !== undefined && value > def.capFen) {
        throw new BenefitRuleError(
          field,
          'benefits.accumulatorExceedsCap',
          `${field} (${value}) exceeds the cap of ${describeResponsibility(def)} (${def.capFen})`,
        );
      }
    }
  }
  const planPaid = checkFen(accumulators.planPaidFen, 'accumulators.planPaidFen');
  if (schedule.planCapFen !== undefined && planPaid > schedule.planCapFen) {
    throw new BenefitRuleError(
      'accumulators.planPaidFen',
      'benefits.accumulatorExceedsCap',
      `accumulators.planPaidFen (${planPaid}) exceeds the plan cap (${schedule.planCapFen})`,
    );
  }
}

function checkClaimLines(
  defs: ReadonlyMap<string, ResponsibilityDef>,
  accumulators: BenefitAccumulators,
  claimLines: readonly BenefitClaimLine[],
): Map<string, BenefitClaimLine> {
  const byCode = new Map<string, BenefitClaimLine>();
  claimLines.forEach((line, i) => {
    const at = `claimLines[${i}]`;
    const code: unknown = line?.responsibilityCode;
    const def = typeof code === 'string' ? defs.get(code) : undefined;
    if (def === undefined) {
      throw new BenefitRuleError(
        `${at}.responsibilityCode`,
        'benefits.unknownResponsibility',
        `${at}: the plan has no responsibility ${String(code)}`,
      );
    }
    if (byCode.has(def.code)) {
      throw new BenefitRuleError(
        `${at}.responsibilityCode`,
        'benefits.duplicateLine',
        `${at}: a claim has at most one line per responsibility; ${def.code} repeats`,
      );
    }
    for (const flag of ['preExisting', 'outOfArea'] as const) {
      if (typeof line[flag] !== 'boolean') {
        throw new BenefitRuleError(
          `${at}.${flag}`,
          'benefits.flagBoolean',
          `${at}.${flag} must be true or false`,
        );
      }
    }
    checkFen(line.residualFen, `${at}.residualFen`);
    if (line.outOfArea && def.outOfAreaCountingShareBp === undefined) {
      throw new BenefitRuleError(
        `${at}.outOfArea`,
        'benefits.outOfAreaShareNotSet',
        `${at}: ${describeResponsibility(def)}: out-of-area counting share not set, so an ` +
          'out-of-area line cannot be adjudicated until the plan sets outOfAreaCountingShareBp',
      );
    }
    const c0 = Object.hasOwn(accumulators.countedFen, def.code)
      ? (accumulators.countedFen[def.code] as number)
      : 0;
    // Upper bound: counted x ≤ residual, so c0 + residual bounds c1.
    checkFen(c0 + line.residualFen, `${at}.residualFen (accumulator after the claim)`);
    byCode.set(def.code, line);
  });
  return byCode;
}
