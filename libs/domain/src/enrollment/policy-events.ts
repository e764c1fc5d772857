import { Fen } from '../common/money';
import { ContributionSource } from '../plan/contribution-source';
import { Funder, RecordedContribution } from './contribution';
import { EligibilityBasis } from './eligibility';
import { BasicInsuranceStatus, SealedIdentity } from './insured-person';
import { IdDocumentKind, Sex } from '../identity/resident-id';
import { ClaimEvent } from '../claims/claim-events';
import { EnrollmentCohort } from './cohort';

/**
 * Where an enrollment counts: copied onto every later event of the enrollment so projections
 * need no per-policy state (fat events).
 */
export interface EnrollmentPlace {
  townshipId?: string;
  districtId?: string;
  /** The enrollment's place in its product's years (absent on events recorded before products). */
  cohort?: EnrollmentCohort;
}

/** What an ending enrollment takes out of the figures. */
export interface EnrollmentSummary extends EnrollmentPlace {
  previousStatus: 'active' | 'pending_payment';
  premiumFen: Fen;
  sources: ContributionSource[];
  categories: string[];
  enrolledAt: string;
}

/** Enrollment events of one person in one plan. */
export type EnrollmentEvent =
  | {
      type: 'PolicyEnrolled';
      data: {
        planId: string;
        personRef: string;
        enrollmentId: string;
        insured: {
          idKind: IdDocumentKind;
          /** Birth year and sex in clear for views; the full birth date stays sealed. */
          birthYear: number;
          sex: Sex;
          sealedIdentity: SealedIdentity;
          localHouseholdRegistration?: boolean;
        };
        basicInsurance: BasicInsuranceStatus;
        eligibility: EligibilityBasis;
        townshipId?: string;
        districtId?: string;
        premiumFen: Fen;
        premiumRuleId: string;
        contributions: RecordedContribution[];
        /** Absent on enrollments recorded before products (docs/products.md). */
        cohort?: EnrollmentCohort;
        occurredAt: string;
      };
    }
  | {
      type: 'PersonalAccountDeductionSettled';
      data: EnrollmentPlace & {
        planId: string;
        personRef: string;
        enrollmentId: string;
        contributionId: string;
        amountFen: Fen;
        /** active once no other deduction is pending. */
        statusAfter: 'active' | 'pending_payment';
        occurredAt: string;
      };
    }
  | {
      type: 'PersonalAccountDeductionFailed';
      data: EnrollmentPlace & {
        planId: string;
        personRef: string;
        enrollmentId: string;
        contributionId: string;
        amountFen: Fen;
        reason: string;
        occurredAt: string;
      };
    }
  | {
      type: 'EnrollmentLapsed';
      data: EnrollmentSummary & {
        planId: string;
        personRef: string;
        enrollmentId: string;
        reason: 'personal_account_deduction_failed';
        occurredAt: string;
      };
    }
  | {
      type: 'EnrollmentCancelled';
      data: EnrollmentSummary & {
        planId: string;
        personRef: string;
        enrollmentId: string;
        reason: string;
        refundRule: 'full_before_coverage' | 'no_refund' | 'pro_rata_unexpired_days';
        occurredAt: string;
      };
    }
  | {
      type: 'ContributionRefunded';
      data: EnrollmentPlace & {
        planId: string;
        personRef: string;
        enrollmentId: string;
        contributionId: string;
        source: ContributionSource;
        amountFen: Fen;
        payerRef?: string;
        funder?: Funder;
        category?: string;
        reason:
          | 'cancelled_before_coverage'
          | 'cancelled_pro_rata'
          | 'enrollment_lapsed'
          | 'found_on_subsidy_roster';
        occurredAt: string;
      };
    }
  | {
      type: 'PendingDeductionWithdrawn';
      data: EnrollmentPlace & {
        planId: string;
        personRef: string;
        enrollmentId: string;
        contributionId: string;
        amountFen: Fen;
        occurredAt: string;
      };
    }
  | {
      /** Found on a full-subsidy roster dated before coverage starts: re-recorded as subsidized. */
      type: 'EnrollmentReclassifiedAsSubsidized';
      data: EnrollmentPlace & {
        planId: string;
        personRef: string;
        enrollmentId: string;
        rosterId: string;
        /** The roster's own date (the rule is applied at it) and the date it reached the ledger. */
        listDate?: string;
        receivedOn?: string;
        /** The government contribution that now pays the whole premium. */
        contribution: RecordedContribution;
        /** Sources and categories of the contributions it replaces (refunded or withdrawn just before). */
        replacedSources: ContributionSource[];
        replacedCategories: string[];
        previousStatus: 'active' | 'pending_payment';
        occurredAt: string;
      };
    };

/** Events of one person in one plan (stream policy-{planId}-{personRef}): enrollment and claims. */
export type PolicyEvent = EnrollmentEvent | ClaimEvent;

export type PolicyEventType = PolicyEvent['type'];
export type PolicyEventOf<T extends PolicyEventType> = Extract<PolicyEvent, { type: T }>;
