import { adjudicate } from '../benefits/benefit-calculation';
import { conflict, Decision, decide, invalid, notFound } from '../common/domain-error';
import { Instant, shanghaiDate, startOfShanghaiDay, toIso } from '../common/time';
import { PolicyState } from '../enrollment/policy-state';
import { PlanState } from '../plan/plan-state';
import { suspensionOn } from './basic-insurance-suspension';
import { ClaimSubmission } from './claim';
import { ClaimEvent, ClaimRejectionRule } from './claim-events';
import { validateClaim, assertClaimId } from './claim-validation';
import { AcceptedClaim, acceptedClaim, claimsOf, ClaimsState } from './claims-state';
import { coverageOn } from './coverage-on-date';
import { splitPayout } from './payout-split';
import {
  coalitionOnDate,
  DatedCoalition,
  datedPlanCoalitions,
} from '../coinsurance/coalition-in-force';
import { EnrollmentCohort } from '../enrollment/cohort';
import { requireInOrder, requirePolicy } from './policy-guards';

export interface SubmitClaim {
  planId: string;
  personRef: string;
  claim: ClaimSubmission;
  occurredAt: Instant;
}

export interface ApprovePayout {
  planId: string;
  personRef: string;
  claimId: string;
  occurredAt: Instant;
}

export interface PayPayout extends ApprovePayout {
  /** The bank or settlement reference of the transfer, when the channel gives one. */
  paymentReference?: string;
}

function requirePlan(plan: PlanState | undefined, planId: string): PlanState {
  if (!plan) throw notFound('planId', 'plan.exists', `plan ${planId} does not exist`);
  return plan;
}

/**
 * A claim on a policy (DOMAIN.md Benefits). Refused, writing nothing, when the plan has no
 * benefit schedule, the claim id was already accepted, or the claim is malformed or inconsistent.
 * Otherwise the outcome is recorded: ClaimRejected when the service date is outside coverage,
 * the person was not covered on it or their basic insurance was suspended on it (002 三(三));
 * else ClaimAdjudicated with the engine's full breakdown and the accumulators after.
 */
export function decideSubmitClaim(
  policy: PolicyState | undefined,
  planState: PlanState | undefined,
  cmd: SubmitClaim,
): Decision<ClaimEvent> {
  return decide(() => {
    const plan = requirePlan(planState, cmd.planId).definition;
    const schedule = plan.benefits;
    if (!schedule) {
      throw conflict(
        'planId',
        'claim.planHasBenefits',
        `plan ${cmd.planId} has no benefit schedule, so it cannot take claims; set one by a plan amendment (changes.benefits)`,
      );
    }
    if (!plan.coverage) {
      throw conflict(
        'planId',
        'claim.planHasCoverage',
        `plan ${cmd.planId} has no coverage period, so it cannot take claims`,
      );
    }
    const state = requirePolicy(policy, cmd.planId);
    const claims = claimsOf(state);
    const claimId = assertClaimId(cmd.claim?.claimId);
    const earlier = acceptedClaim(claims, claimId);
    // Before the order check: a claim file run again is dated before what the first run wrote,
    // and what the operator must read is that the claim is already in (a duplicate).
    if (earlier) {
      throw conflict(
        'claimId',
        'claim.acceptedOnce',
        `claim ${claimId} was already accepted (${earlier.status}, payout ${earlier.adjudicated.payoutFen} fen); a claim id is accepted once`,
        { status: earlier.status, payoutFen: earlier.adjudicated.payoutFen },
      );
    }
    requireInOrder(state, cmd.occurredAt);
    const claim = validateClaim(schedule, cmd.claim);
    const today = shanghaiDate(cmd.occurredAt);
    if (claim.facts.serviceDate > today) {
      throw invalid(
        'serviceDate',
        'claim.serviceDateNotInFuture',
        `service date ${claim.facts.serviceDate} is after the claim's date ${today}`,
      );
    }
    const base = {
      planId: cmd.planId,
      personRef: state.personRef,
      occurredAt: toIso(cmd.occurredAt),
    };
    const reject = (field: string, rule: ClaimRejectionRule, reason: string): ClaimEvent[] => [
      {
        type: 'ClaimRejected',
        data: { ...base, claimId, claim: claim.facts, field, rule, reason },
      },
    ];
    const coverage = coverageOn(plan.coverage, state.enrollments, claim.facts.serviceDate);
    if (!coverage.covered) return reject(coverage.field, coverage.rule, coverage.reason);
    const suspension = suspensionOn(claims.suspensions, claim.facts.serviceDate);
    if (suspension) {
      const restored = suspension.restoredOn
        ? `restored on ${suspension.restoredOn} without back-payment, so the period stays uncovered`
        : 'not restored';
      return reject(
        'serviceDate',
        'claim.basicInsuranceNotSuspended',
        `basic insurance was suspended from ${suspension.from} (${suspension.reason}), ${restored}: no Huiminbao benefits on ${claim.facts.serviceDate} (002 三(三)); resubmit after a restoration with back-payment`,
      );
    }
    const result = adjudicate(schedule, claims.accumulators, claim.engineLines);
    return [
      {
        type: 'ClaimAdjudicated',
        data: {
          ...base,
          claimId,
          enrollmentId: coverage.enrollmentId,
          ...(plan.planYear !== undefined ? { planYear: plan.planYear } : {}),
          claim: claim.facts,
          selfBorneFen: claim.selfBorneFen,
          schedule,
          engineLines: claim.engineLines,
          accumulatorsBefore: claims.accumulators,
          breakdown: result.breakdown,
          totals: result.totals,
          accumulatorsAfter: result.accumulatorsAfter,
          payoutFen: result.totals.payoutFen,
        },
      },
    ];
  });
}

function requireAccepted(claims: ClaimsState, claimId: string): AcceptedClaim {
  const claim = acceptedClaim(claims, claimId);
  if (!claim) {
    throw notFound('claimId', 'claim.exists', `no adjudicated claim ${claimId} on this policy`);
  }
  return claim;
}

const byResponsibility = (claim: AcceptedClaim) =>
  claim.adjudicated.breakdown.map((b) => ({
    responsibilityCode: b.responsibilityCode,
    payoutFen: b.payoutFen,
  }));

/** The cohort of the enrollment a claim was adjudicated under (absent before products). */
function cohortOfClaim(state: PolicyState, claim: AcceptedClaim): EnrollmentCohort | undefined {
  return state.enrollments.find((e) => e.enrollmentId === claim.adjudicated.enrollmentId)?.enrolled
    .cohort;
}

/**
 * Approves an adjudicated claim's payout and splits it by largest remainder among the coalition
 * in force on the claim's service date (DOMAIN.md Coinsurance; docs/products.md: a payout belongs
 * to the date of the care it pays for, as a premium belongs to its enrollment's date). The
 * coalitions are the plan's own, or — given by the caller — its product's coalition term.
 * Refused when there is no coalition at all.
 */
export function decideApprovePayout(
  policy: PolicyState | undefined,
  planState: PlanState | undefined,
  cmd: ApprovePayout,
  coalitions?: readonly DatedCoalition[],
): Decision<ClaimEvent> {
  return decide(() => {
    const plan = requirePlan(planState, cmd.planId);
    const state = requirePolicy(policy, cmd.planId);
    requireInOrder(state, cmd.occurredAt);
    const claim = requireAccepted(claimsOf(state), cmd.claimId);
    if (claim.status !== 'adjudicated') {
      throw conflict(
        'claimId',
        'payout.approvedOnce',
        `the payout of claim ${cmd.claimId} is already ${claim.status}`,
      );
    }
    const payoutFen = claim.adjudicated.payoutFen;
    if (payoutFen === 0) {
      throw conflict(
        'claimId',
        'payout.nothingToPay',
        `claim ${cmd.claimId} was adjudicated with a payout of 0 fen: there is nothing to approve`,
      );
    }
    const serviceDate = claim.adjudicated.claim.serviceDate;
    const inEffect = coalitionOnDate(
      coalitions ?? datedPlanCoalitions(plan.coalitionHistory),
      serviceDate,
    );
    if (!inEffect) {
      throw conflict(
        'coalition',
        'payout.coalitionSet',
        `plan ${cmd.planId} has no coinsurance coalition in force for service date ${serviceDate}, so the payout cannot be split among insurers; set the coalition by a plan amendment (changes.coalition) or select the product's coalition term first`,
      );
    }
    const cohort = cohortOfClaim(state, claim);
    return [
      {
        type: 'PayoutApproved',
        data: {
          planId: cmd.planId,
          personRef: state.personRef,
          claimId: claim.claimId,
          serviceDate: claim.adjudicated.claim.serviceDate,
          payoutFen,
          byResponsibility: byResponsibility(claim),
          coalition: {
            effectiveAt: inEffect.effectiveAt ?? toIso(startOfShanghaiDay(inEffect.effectiveOn)),
            leadInsurerId: inEffect.coalition.leadInsurerId,
            effectiveOn: inEffect.effectiveOn,
            ...(inEffect.termId ? { termId: inEffect.termId } : {}),
          },
          parts: splitPayout(payoutFen, inEffect.coalition),
          ...(cohort ? { cohort } : {}),
          occurredAt: toIso(cmd.occurredAt),
        },
      },
    ];
  });
}

/** Marks an approved payout paid, with the parts as approved. */
export function decidePayPayout(
  policy: PolicyState | undefined,
  cmd: PayPayout,
): Decision<ClaimEvent> {
  return decide(() => {
    const state = requirePolicy(policy, cmd.planId);
    requireInOrder(state, cmd.occurredAt);
    const claim = requireAccepted(claimsOf(state), cmd.claimId);
    if (claim.status === 'paid') {
      throw conflict(
        'claimId',
        'payout.paidOnce',
        `the payout of claim ${cmd.claimId} is already paid`,
      );
    }
    if (claim.status !== 'approved' || !claim.approved) {
      throw conflict(
        'claimId',
        'payout.approvedBeforePaid',
        `the payout of claim ${cmd.claimId} has not been approved yet`,
      );
    }
    const reference = cmd.paymentReference?.trim();
    return [
      {
        type: 'PayoutPaid',
        data: {
          planId: cmd.planId,
          personRef: state.personRef,
          claimId: claim.claimId,
          payoutFen: claim.approved.payoutFen,
          byResponsibility: claim.approved.byResponsibility,
          parts: claim.approved.parts,
          ...(reference ? { paymentReference: reference } : {}),
          ...(claim.approved.cohort ? { cohort: claim.approved.cohort } : {}),
          occurredAt: toIso(cmd.occurredAt),
        },
      },
    ];
  });
}
