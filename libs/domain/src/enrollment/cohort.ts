import { PlanDefinition } from '../plan/plan-definition';
import { EnrollmentState, PolicyState } from './policy-state';

/**
 * Where an enrollment stands in its product's series of yearly plans (docs/products.md). Decided
 * with the enrollment and copied onto every later event of it (fat events), so the cumulative
 * views count distinct people, renewals and counties without keeping any per-person state:
 * the log itself (the person's policy streams of the product's other years) is the index.
 */
export interface EnrollmentCohort {
  productId: string;
  planYear: number;
  /** GB/T 2260 code where the insured holds basic insurance: the county the enrollment counts in. */
  regionCode: string;
  /** The enrollment's business time: the date premiums of the enrollment are split by. */
  enrolledAt: string;
  /** No covered enrollment in an earlier year of the product, nor earlier in this plan. */
  firstInProduct: boolean;
  /** Covered in the product's previous year: a continuing enrollment (续保 or re-enrolled). */
  coveredPreviousYear: boolean;
  /** Created by a renewal run (续保) from the person's standing consent. */
  renewalRunId?: string;
}

/** The person's enrollment in another yearly plan of the same product, as the log has it. */
export interface PriorCoverage {
  planId: string;
  planYear: number;
  covered: boolean;
}

/**
 * Whether an episode ever gave cover: it became active (paid) and was not undone with a full
 * refund before coverage started. Pending, lapsed and withdrawn episodes never took effect.
 */
export function episodeGaveCover(e: EnrollmentState): boolean {
  if (e.contributions.some((c) => c.currentStatus === 'withdrawn')) return false;
  if (e.status === 'active') return true;
  return e.status === 'cancelled' && e.cancellation !== 'full_before_coverage';
}

/** Whether a policy (one person in one plan) gave cover in any of its episodes. */
export function policyGaveCover(policy: PolicyState | undefined): boolean {
  return !!policy?.enrollments.some(episodeGaveCover);
}

export function enrollmentCohort(
  plan: PlanDefinition,
  regionCode: string,
  enrolledAt: string,
  own: PolicyState | undefined,
  prior: readonly PriorCoverage[],
  renewalRunId?: string,
): EnrollmentCohort {
  const year = plan.planYear!;
  const earlier = prior.filter((p) => p.planId !== plan.planId && p.planYear < year);
  return {
    productId: plan.productId,
    planYear: year,
    regionCode,
    enrolledAt,
    firstInProduct: !policyGaveCover(own) && !earlier.some((p) => p.covered),
    coveredPreviousYear: earlier.some((p) => p.planYear === year - 1 && p.covered),
    ...(renewalRunId !== undefined ? { renewalRunId } : {}),
  };
}
