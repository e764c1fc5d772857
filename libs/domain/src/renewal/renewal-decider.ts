import { openSuspension } from '../claims/basic-insurance-suspension';
import { claimsOf } from '../claims/claims-state';
import { conflict, Decision, decide, DomainError, invalid, notFound } from '../common/domain-error';
import { Instant, toIso } from '../common/time';
import { episodeGaveCover, PriorCoverage } from '../enrollment/cohort';
import { ContributionInput } from '../enrollment/contribution';
import { personalAccountPayer } from '../enrollment/contribution-rules';
import { eligibilityBasis } from '../enrollment/eligibility';
import { BasicInsuranceStatus, InsuredPerson } from '../enrollment/insured-person';
import { decideEnroll } from '../enrollment/policy-decider';
import { PolicyEvent } from '../enrollment/policy-events';
import { currentEnrollment, PolicyState } from '../enrollment/policy-state';
import { AccountRelation, PersonalAccountKind } from '../plan/contribution-source';
import { PlanDefinition } from '../plan/plan-definition';
import { PlanState } from '../plan/plan-state';
import { quotePremium } from '../plan/premium';
import { RenewalSkipReason } from '../product/product-events';
import { RenewalEvent } from './renewal-events';
import { consentAt, RenewalState } from './renewal-state';

export interface GiveRenewalConsent {
  productId: string;
  consentId: string;
  person: InsuredPerson;
  basicInsurance: BasicInsuranceStatus;
  townshipId?: string;
  payment: {
    relation: AccountRelation;
    account?: PersonalAccountKind;
    payer: NonNullable<ContributionInput['payer']>;
  };
  occurredAt: Instant;
}

function requireInOrder(state: RenewalState | undefined, at: Instant): void {
  if (state && at < Date.parse(state.lastOccurredAt)) {
    throw invalid(
      'occurredAt',
      'renewal.eventOrder',
      `occurredAt is before this person's last renewal record (${state.lastOccurredAt})`,
    );
  }
}

/**
 * A standing consent to renew (续保) each year by personal-account scheduled deduction (000 Q6
 * 个账预约划扣): the product's current plan must accept personal-account payment, the person must
 * be in its region's basic insurance, and the payment must follow the personal-account rule (the
 * holder holds employee basic insurance; the insured is the holder's self, spouse, parent or
 * child). A new consent replaces the one in force (e.g. another payer).
 */
export function decideGiveRenewalConsent(
  state: RenewalState | undefined,
  currentPlan: PlanDefinition,
  cmd: GiveRenewalConsent,
): Decision<RenewalEvent> {
  return decide(() => {
    requireInOrder(state, cmd.occurredAt);
    if (!currentPlan.acceptedSources.includes('personal_account')) {
      throw conflict(
        'payment',
        'renewal.personalAccountAccepted',
        `plan ${currentPlan.planId} does not accept personal-account payment, so there is no scheduled deduction to consent to`,
      );
    }
    eligibilityBasis(currentPlan.eligibility, cmd.person, cmd.basicInsurance);
    const payer = personalAccountPayer(
      cmd.payment,
      cmd.person.personRef,
      cmd.basicInsurance.scheme,
      'payment',
    );
    return [
      {
        type: 'RenewalConsentGiven',
        data: {
          productId: cmd.productId,
          personRef: cmd.person.personRef,
          consentId: cmd.consentId,
          insured: {
            idKind: cmd.person.idKind,
            birthYear: Number(cmd.person.birthDate.slice(0, 4)),
            sex: cmd.person.sex,
            sealedIdentity: cmd.person.sealedIdentity,
            ...(cmd.person.localHouseholdRegistration !== undefined
              ? { localHouseholdRegistration: cmd.person.localHouseholdRegistration }
              : {}),
          },
          basicInsurance: cmd.basicInsurance,
          ...(cmd.townshipId !== undefined ? { townshipId: cmd.townshipId } : {}),
          payment: {
            source: 'personal_account',
            payerRef: payer.payerRef!,
            ...(payer.payerSealedIdentity
              ? { payerSealedIdentity: payer.payerSealedIdentity }
              : {}),
            payerScheme: 'employee',
            relation: payer.relation!,
            account: payer.account!,
          },
          occurredAt: toIso(cmd.occurredAt),
        },
      },
    ];
  });
}

export function decideWithdrawRenewalConsent(
  state: RenewalState | undefined,
  cmd: { productId: string; personRef: string; reason: string; occurredAt: Instant },
): Decision<RenewalEvent> {
  return decide(() => {
    if (!state?.consent) {
      throw notFound(
        'personRef',
        'renewal.consentInForce',
        `this person has no renewal consent in force for product ${cmd.productId}`,
      );
    }
    requireInOrder(state, cmd.occurredAt);
    if (!cmd.reason?.trim())
      throw invalid('reason', 'renewal.withdrawalReason', 'a withdrawal needs a reason');
    return [
      {
        type: 'RenewalConsentWithdrawn',
        data: {
          productId: cmd.productId,
          personRef: cmd.personRef,
          consentId: state.consent.consentId,
          reason: cmd.reason.trim(),
          occurredAt: toIso(cmd.occurredAt),
        },
      },
    ];
  });
}

/** Chinese first: what an official reads in the run's report. */
export const RENEWAL_SKIP_LABELS: Record<RenewalSkipReason, { zh: string; en: string }> = {
  consent_withdrawn: { zh: '已撤回续保授权', en: 'consent withdrawn' },
  not_covered_previous_year: {
    zh: '上一年度未参保（或未生效）',
    en: 'not covered in the previous year',
  },
  basic_insurance_ended: {
    zh: '基本医疗保险已暂停或中止',
    en: 'basic medical insurance suspended or ended',
  },
  personal_data_erased: { zh: '个人信息已删除，无法续保', en: 'personal data erased' },
  already_enrolled: { zh: '已自行参保', en: 'already enrolled in the new year' },
  refused_by_rule: { zh: '不符合参保规则', en: 'refused by an enrollment rule' },
};

export interface RenewPerson {
  productId: string;
  runId: string;
  /** The run's business time (the same for every person of a run, and on resumption). */
  occurredAt: Instant;
  enrollmentId: string;
  renewal: RenewalState | undefined;
  previousPolicy: PolicyState | undefined;
  nextPolicy: PolicyState | undefined;
  nextPlan: PlanState;
  /** The insured as the consent's sealed identity opens; undefined when it was erased. */
  person: InsuredPerson | undefined;
  priorCoverage: readonly PriorCoverage[];
}

export type RenewalDecision =
  | { kind: 'renew'; events: PolicyEvent[] }
  | { kind: 'skip'; reason: RenewalSkipReason; detail: string; events: RenewalEvent[] };

/**
 * One consenting person in a renewal run (issue 16): enrolled in next year's plan with the
 * consent's personal-account deduction pending (it settles or fails like any other), unless the
 * consent was withdrawn by the run's time, they were not covered last year, their basic
 * insurance is suspended or ended (002 三(三): no benefits without it, so no renewal), their data
 * was erased, or they already enrolled themselves. A skip is recorded on the person's renewal
 * stream with its reason, so the run reports the same thing however often it is resumed.
 */
export function decideRenewal(cmd: RenewPerson): RenewalDecision {
  const skip = (reason: RenewalSkipReason, detail: string): RenewalDecision => ({
    kind: 'skip',
    reason,
    detail,
    events: [
      {
        type: 'RenewalSkipped',
        data: {
          productId: cmd.productId,
          personRef: cmd.renewal?.personRef ?? cmd.nextPolicy?.personRef ?? '',
          runId: cmd.runId,
          planId: cmd.nextPlan.planId,
          planYear: cmd.nextPlan.definition.planYear!,
          reason,
          detail,
          occurredAt: toIso(cmd.occurredAt),
        },
      },
    ],
  });
  const consent = consentAt(cmd.renewal, cmd.occurredAt);
  if (!consent) return skip('consent_withdrawn', RENEWAL_SKIP_LABELS.consent_withdrawn.zh);
  const existing = currentEnrollment(cmd.nextPolicy);
  if (existing) {
    return skip(
      'already_enrolled',
      `已有${cmd.nextPlan.definition.planYear}年度参保记录（${existing.status}）`,
    );
  }
  const covered = [...(cmd.previousPolicy?.enrollments ?? [])].reverse().find(episodeGaveCover);
  if (!covered) {
    return skip('not_covered_previous_year', RENEWAL_SKIP_LABELS.not_covered_previous_year.zh);
  }
  const suspension = openSuspension(claimsOf(cmd.previousPolicy).suspensions);
  if (suspension) {
    return skip(
      'basic_insurance_ended',
      `基本医疗保险自${suspension.from}起暂停或中止（${suspension.reason}），未恢复`,
    );
  }
  if (!cmd.person) return skip('personal_data_erased', RENEWAL_SKIP_LABELS.personal_data_erased.zh);
  const plan = cmd.nextPlan.definition;
  const basicInsurance = covered.enrolled.basicInsurance;
  const townshipId = covered.enrolled.townshipId;
  const keepsTownship =
    townshipId !== undefined && plan.townships.some((t) => t.townshipId === townshipId);
  const quote = quotePremium(
    plan.premium!,
    {
      birthDate: cmd.person.birthDate,
      sex: cmd.person.sex,
      residentTier: basicInsurance.residentTier,
    },
    plan.coverage!.startsOn,
  );
  const p = consent.payment;
  const decision = decideEnroll(cmd.nextPolicy, cmd.nextPlan, {
    planId: plan.planId,
    enrollmentId: cmd.enrollmentId,
    person: cmd.person,
    basicInsurance,
    ...(keepsTownship ? { townshipId } : {}),
    contributions: [
      {
        source: 'personal_account',
        amountFen: quote.amountFen,
        deduction: 'pending',
        relation: p.relation,
        account: p.account,
        payer: {
          personRef: p.payerRef,
          scheme: p.payerScheme,
          ...(p.payerSealedIdentity ? { sealedIdentity: p.payerSealedIdentity } : {}),
        },
      },
    ],
    occurredAt: cmd.occurredAt,
    priorCoverage: cmd.priorCoverage,
    renewalRunId: cmd.runId,
  });
  if (!decision.ok) return refused(decision.error, skip);
  return { kind: 'renew', events: decision.events };
}

function refused(
  error: DomainError,
  skip: (reason: RenewalSkipReason, detail: string) => RenewalDecision,
): RenewalDecision {
  return skip('refused_by_rule', `${error.rule}: ${error.message}`);
}
