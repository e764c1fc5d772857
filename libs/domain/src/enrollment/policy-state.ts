import { Fen } from '../common/money';
import { ContributionStatus, RecordedContribution } from './contribution';
import { PolicyEvent, PolicyEventOf } from './policy-events';
import { isClaimEvent } from '../claims/claim-events';
import { claimsOf, ClaimsState, evolveClaims } from '../claims/claims-state';

export type EnrollmentStatus = 'pending_payment' | 'active' | 'cancelled' | 'lapsed';

export interface EnrollmentState {
  enrollmentId: string;
  status: EnrollmentStatus;
  enrolledAt: string;
  endedAt?: string;
  /** How a cancelled episode was settled (a full refund before coverage undoes it entirely). */
  cancellation?: 'full_before_coverage' | 'no_refund' | 'pro_rata_unexpired_days';
  premiumFen: Fen;
  premiumRuleId: string;
  townshipId?: string;
  contributions: (RecordedContribution & { currentStatus: ContributionStatus })[];
  enrolled: PolicyEventOf<'PolicyEnrolled'>['data'];
}

export interface PolicyState {
  planId: string;
  personRef: string;
  /** Every enrollment episode, oldest first; re-enrolling after a cancellation adds one. */
  enrollments: EnrollmentState[];
  lastOccurredAt: string;
  /** Claims, payouts and basic-insurance suspensions (libs/domain/src/claims); unset before any. */
  claims?: ClaimsState;
}

/** The enrollment that blocks another one: pending payment or active. */
export function currentEnrollment(state: PolicyState | undefined): EnrollmentState | undefined {
  const last = state?.enrollments[state.enrollments.length - 1];
  return last && (last.status === 'active' || last.status === 'pending_payment') ? last : undefined;
}

function statusOf(e: EnrollmentState): EnrollmentStatus {
  if (e.status === 'cancelled' || e.status === 'lapsed') return e.status;
  return e.contributions.some((c) => c.currentStatus === 'pending') ? 'pending_payment' : 'active';
}

function updateEnrollment(
  state: PolicyState,
  enrollmentId: string,
  occurredAt: string,
  change: (e: EnrollmentState) => EnrollmentState,
): PolicyState {
  return {
    ...state,
    lastOccurredAt: occurredAt,
    enrollments: state.enrollments.map((e) => {
      if (e.enrollmentId !== enrollmentId) return e;
      const changed = change(e);
      return { ...changed, status: statusOf(changed) };
    }),
  };
}

function setContribution(
  e: EnrollmentState,
  contributionId: string,
  status: ContributionStatus,
): EnrollmentState {
  return {
    ...e,
    contributions: e.contributions.map((c) =>
      c.contributionId === contributionId ? { ...c, currentStatus: status } : c,
    ),
  };
}

export function evolvePolicy(state: PolicyState | undefined, event: PolicyEvent): PolicyState {
  if (event.type === 'PolicyEnrolled') {
    const d = event.data;
    const enrollment: EnrollmentState = {
      enrollmentId: d.enrollmentId,
      status: 'active',
      enrolledAt: d.occurredAt,
      premiumFen: d.premiumFen,
      premiumRuleId: d.premiumRuleId,
      ...(d.townshipId !== undefined ? { townshipId: d.townshipId } : {}),
      contributions: d.contributions.map((c) => ({ ...c, currentStatus: c.status })),
      enrolled: d,
    };
    enrollment.status = statusOf(enrollment);
    return {
      ...state,
      planId: d.planId,
      personRef: d.personRef,
      enrollments: [...(state?.enrollments ?? []), enrollment],
      lastOccurredAt: d.occurredAt,
    };
  }
  if (!state) throw new Error(`${event.type} before PolicyEnrolled`);
  if (isClaimEvent(event)) {
    const claims = evolveClaims(claimsOf(state), event);
    return { ...state, claims, lastOccurredAt: event.data.occurredAt };
  }
  const d = event.data;
  switch (event.type) {
    case 'PersonalAccountDeductionSettled':
      return updateEnrollment(state, d.enrollmentId, d.occurredAt, (e) =>
        setContribution(e, event.data.contributionId, 'paid'),
      );
    case 'PersonalAccountDeductionFailed':
      return updateEnrollment(state, d.enrollmentId, d.occurredAt, (e) =>
        setContribution(e, event.data.contributionId, 'failed'),
      );
    case 'PendingDeductionWithdrawn':
      return updateEnrollment(state, d.enrollmentId, d.occurredAt, (e) =>
        setContribution(e, event.data.contributionId, 'withdrawn'),
      );
    case 'ContributionRefunded':
      return updateEnrollment(state, d.enrollmentId, d.occurredAt, (e) =>
        setContribution(e, event.data.contributionId, 'refunded'),
      );
    case 'EnrollmentReclassifiedAsSubsidized':
      return updateEnrollment(state, d.enrollmentId, d.occurredAt, (e) => ({
        ...e,
        contributions: [...e.contributions, { ...event.data.contribution, currentStatus: 'paid' }],
      }));
    case 'EnrollmentLapsed':
      return updateEnrollment(state, d.enrollmentId, d.occurredAt, (e) => ({
        ...e,
        status: 'lapsed',
        endedAt: d.occurredAt,
      }));
    case 'EnrollmentCancelled':
      return updateEnrollment(state, d.enrollmentId, d.occurredAt, (e) => ({
        ...e,
        status: 'cancelled',
        endedAt: d.occurredAt,
        cancellation: event.data.refundRule,
      }));
  }
}

export function foldPolicy(events: readonly PolicyEvent[]): PolicyState | undefined {
  return events.reduce<PolicyState | undefined>(evolvePolicy, undefined);
}
