import { LocalizedName } from '../common/localized-name';

/**
 * One segment of a responsibility's scale. Segment i covers the cumulative counted amount
 * [fromFen_i, fromFen_{i+1}) in the plan year (deductible included); the last one is open-ended.
 */
export interface BenefitSegment {
  fromFen: number;
  /** Share of the counted amount inside this segment that is paid, in basis points (1% = 100). */
  ratioBp: number;
}

/**
 * A responsibility (保障责任) of a plan: its own yearly accumulator of counted amount per insured,
 * a deductible, segments with a ratio each, an optional pre-existing-condition ratio and a cap.
 * Amounts in integer fen, ratios and shares in basis points.
 */
export interface ResponsibilityDef {
  /** Stable id, e.g. 'in_catalogue', 'R1', 'R3-2'. */
  code: string;
  /** Chinese term as in the seed, with its English rendering. */
  name: LocalizedName;
  /** 0 when none. */
  deductibleFen: number;
  /** Ascending fromFen, non-empty. */
  segments: BenefitSegment[];
  /** Unset: pre-existing conditions get no special treatment. */
  preExistingRatioBp?: number;
  /** Per insured per plan year; unset: only the plan cap applies. */
  capFen?: number;
  /** Share of an out-of-area expense that counts; unset where the seed gives none. */
  outOfAreaCountingShareBp?: number;
}

/** A plan's benefits: its responsibilities (in the plan's order) and an optional overall cap. */
export interface BenefitSchedule {
  responsibilities: ResponsibilityDef[];
  /** Per insured per plan year over all responsibilities together; unset where not stated. */
  planCapFen?: number;
}
