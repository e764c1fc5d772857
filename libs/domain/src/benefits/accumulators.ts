/**
 * An insured person's year-to-date benefit state in one plan year: per responsibility the
 * cumulative counted amount (which keeps counting past the cap) and what it has paid, plus what
 * all responsibilities together have paid (the plan cap is consumed by it). Missing codes are 0.
 */
export interface BenefitAccumulators {
  countedFen: Record<string, number>;
  paidFen: Record<string, number>;
  planPaidFen: number;
}

/** The state at the start of a plan year. */
export function emptyBenefitAccumulators(): BenefitAccumulators {
  return { countedFen: {}, paidFen: {}, planPaidFen: 0 };
}
