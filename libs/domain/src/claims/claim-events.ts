import { BenefitAccumulators } from '../benefits/accumulators';
import { BenefitClaimLine, ResponsibilityAdjudication } from '../benefits/benefit-calculation';
import { BenefitSchedule } from '../benefits/responsibility';
import { LocalizedName } from '../common/localized-name';
import { Fen } from '../common/money';
import { LocalDate } from '../common/time';
import { ClaimFacts } from './claim';
import { EnrollmentCohort } from '../enrollment/cohort';

/**
 * Business rejections of a claim (DOMAIN.md Benefits, 002 三(三)). They are recorded for audit as
 * ClaimRejected and do not consume the claim id: the claim may be resubmitted once the facts
 * change (e.g. basic insurance restored with back-payment).
 */
export type ClaimRejectionRule =
  | 'claim.serviceDateWithinCoverage'
  | 'claim.policyActiveOnServiceDate'
  | 'claim.waitingPeriod'
  | 'claim.basicInsuranceNotSuspended';

/** An insurer's part of a payout: largest remainder in fen by its coalition share. */
export interface PayoutPart {
  insurerId: string;
  name: LocalizedName;
  shareBp: number;
  amountFen: Fen;
}

/** What each responsibility of the claim pays (copied onto payout events for the views). */
export interface ResponsibilityPayout {
  responsibilityCode: string;
  payoutFen: Fen;
}

interface OnPolicy {
  planId: string;
  personRef: string;
  /** Business time (ISO-8601 UTC). */
  occurredAt: string;
}

export interface ClaimAdjudicatedData extends OnPolicy {
  claimId: string;
  /** The enrollment episode that covers the service date. */
  enrollmentId: string;
  planYear?: number;
  claim: ClaimFacts;
  /** Total expense minus the prior layers: what was left to the person. */
  selfBorneFen: Fen;
  /** The benefit schedule applied (a snapshot, so the adjudication can be recomputed). */
  schedule: BenefitSchedule;
  /** What went into the engine: one line per responsibility, drugs of one responsibility summed. */
  engineLines: BenefitClaimLine[];
  accumulatorsBefore: BenefitAccumulators;
  /** The engine's breakdown: counted amount, accumulator before/after, portions, cap applied. */
  breakdown: ResponsibilityAdjudication[];
  totals: { countedFen: Fen; rawPayoutFen: Fen; payoutFen: Fen };
  accumulatorsAfter: BenefitAccumulators;
  payoutFen: Fen;
}

export interface PayoutApprovedData extends OnPolicy {
  claimId: string;
  serviceDate: LocalDate;
  payoutFen: Fen;
  byResponsibility: ResponsibilityPayout[];
  /**
   * The coalition in force on the service date (docs/products.md): the plan's own, or its
   * product's term (termId) with the change of shares in force then (effectiveOn). Events
   * recorded before products carry only effectiveAt and leadInsurerId.
   */
  coalition: { effectiveAt: string; leadInsurerId: string; effectiveOn?: string; termId?: string };
  /** In coalition order, lead first; they add up to payoutFen. */
  parts: PayoutPart[];
  /** The covering enrollment's cohort (product, year, county), for the cumulative views. */
  cohort?: EnrollmentCohort;
}

/** Events of claims and of the person's basic insurance, on the policy stream. */
export type ClaimEvent =
  | {
      type: 'BasicInsuranceSuspended';
      data: OnPolicy & {
        /** First date without basic insurance (Asia/Shanghai). */
        from: LocalDate;
        reason: string;
      };
    }
  | {
      type: 'BasicInsuranceRestored';
      data: OnPolicy & {
        /** Identifies the suspension being ended. */
        suspendedFrom: LocalDate;
        /** First date with basic insurance again. */
        restoredOn: LocalDate;
        /** Contributions for the gap paid (补缴): the suspended period is covered again. */
        backPaid: boolean;
      };
    }
  | {
      type: 'ClaimRejected';
      data: OnPolicy & {
        claimId: string;
        claim: ClaimFacts;
        field: string;
        rule: ClaimRejectionRule;
        reason: string;
      };
    }
  | { type: 'ClaimAdjudicated'; data: ClaimAdjudicatedData }
  | { type: 'PayoutApproved'; data: PayoutApprovedData }
  | {
      type: 'PayoutPaid';
      data: OnPolicy & {
        claimId: string;
        payoutFen: Fen;
        byResponsibility: ResponsibilityPayout[];
        parts: PayoutPart[];
        paymentReference?: string;
        cohort?: EnrollmentCohort;
      };
    };

export type ClaimEventType = ClaimEvent['type'];
export type ClaimEventOf<T extends ClaimEventType> = Extract<ClaimEvent, { type: T }>;

export const CLAIM_EVENT_TYPES: readonly ClaimEventType[] = [
  'BasicInsuranceSuspended',
  'BasicInsuranceRestored',
  'ClaimRejected',
  'ClaimAdjudicated',
  'PayoutApproved',
  'PayoutPaid',
];

export function isClaimEvent(event: { type: string }): event is ClaimEvent {
  return (CLAIM_EVENT_TYPES as readonly string[]).includes(event.type);
}
