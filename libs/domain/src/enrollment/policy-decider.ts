import { conflict, Decision, decide, invalid, notFound } from '../common/domain-error';
import {
  Instant,
  rangeContains,
  shanghaiDate,
  startOfShanghaiDay,
  endOfShanghaiDay,
  toIso,
  formatShanghai,
  formatShanghaiIso,
} from '../common/time';
import { missingForEnrollment } from '../plan/plan-completeness';
import { PlanDefinition, Township } from '../plan/plan-definition';
import { quotePremium } from '../plan/premium';
import { resolveTownship } from '../plan/township-ref';
import { PlanState } from '../plan/plan-state';
import { ContributionInput } from './contribution';
import { recordContributions } from './contribution-rules';
import { eligibilityBasis } from './eligibility';
import { BasicInsuranceStatus, InsuredPerson } from './insured-person';
import { enrollmentCohort, PriorCoverage } from './cohort';
import { EnrollmentPlace, EnrollmentSummary, PolicyEvent } from './policy-events';
import { currentEnrollment, EnrollmentState, PolicyState } from './policy-state';

export interface Enroll {
  planId: string;
  enrollmentId: string;
  person: InsuredPerson;
  basicInsurance: BasicInsuranceStatus;
  /** The township's id in the plan (a code or Chinese name is accepted too). */
  townshipId?: string;
  /** The township as a clerk names it: its Chinese name, statistical division code or id. */
  township?: string;
  contributions: ContributionInput[];
  occurredAt: Instant;
  /**
   * The person's policies in the product's other yearly plans, read from the log by the caller:
   * they decide the enrollment's cohort (first in the product, continuing from last year).
   */
  priorCoverage?: readonly PriorCoverage[];
  /** Set when a renewal run (续保) creates the enrollment. */
  renewalRunId?: string;
}

export interface CancelEnrollment {
  planId: string;
  personRef: string;
  reason: string;
  occurredAt: Instant;
}

export interface SettleDeduction {
  planId: string;
  personRef: string;
  contributionId: string;
  occurredAt: Instant;
}

export interface FailDeduction extends SettleDeduction {
  reason: string;
}

function requireOpenPlan(plan: PlanState | undefined, planId: string): PlanState {
  if (!plan) throw notFound('planId', 'plan.exists', `plan ${planId} does not exist`);
  const missing = missingForEnrollment(plan.definition);
  if (missing.length) {
    throw conflict(
      'planId',
      'plan.draftCannotEnroll',
      `plan ${planId} is a draft and cannot take enrollments; missing: ${missing.join(', ')}`,
      { missing },
    );
  }
  return plan;
}

/** Facts happen in order within a policy: a command may not be dated before the last event. */
function requireInOrder(policy: PolicyState | undefined, at: Instant): void {
  if (policy && at < Date.parse(policy.lastOccurredAt)) {
    throw invalid(
      'occurredAt',
      'policy.eventOrder',
      `occurredAt ${formatShanghai(at)} is before this policy's last recorded event (${formatShanghaiIso(policy.lastOccurredAt)}, Asia/Shanghai)`,
      { at: formatShanghai(at), last: formatShanghaiIso(policy.lastOccurredAt) },
    );
  }
}

/**
 * The township an enrollment names (by id, statistical division code or exact Chinese name, in
 * `township` or `townshipId`), recorded by id; both given must name the same township.
 */
function enrollmentTownship(plan: PlanDefinition, cmd: Enroll): Township | undefined {
  const byName =
    cmd.township !== undefined ? resolveTownship(plan, cmd.township, 'township') : undefined;
  const byId =
    cmd.townshipId !== undefined ? resolveTownship(plan, cmd.townshipId, 'townshipId') : undefined;
  if (byName && byId && byName.townshipId !== byId.townshipId) {
    throw invalid(
      'township',
      'enrollment.townshipAgrees',
      `township ${cmd.township} and townshipId ${cmd.townshipId} name different townships`,
      { township: cmd.township!, townshipId: cmd.townshipId! },
    );
  }
  return byName ?? byId;
}

export function decideEnroll(
  policy: PolicyState | undefined,
  planState: PlanState | undefined,
  cmd: Enroll,
): Decision<PolicyEvent> {
  return decide(() => {
    const plan = requireOpenPlan(planState, cmd.planId).definition;
    const window = plan.enrollmentWindow!;
    if (!rangeContains({ from: window.opensOn, to: window.closesOn }, cmd.occurredAt)) {
      throw invalid(
        'occurredAt',
        'enrollment.window',
        `enrollment is open from ${window.opensOn} 00:00 to ${window.closesOn} 24:00 (Asia/Shanghai); ${formatShanghai(cmd.occurredAt)} (Asia/Shanghai) is outside it`,
        {
          opensOn: window.opensOn,
          closesOn: window.closesOn,
          at: formatShanghai(cmd.occurredAt),
        },
      );
    }
    requireInOrder(policy, cmd.occurredAt);
    const active = currentEnrollment(policy);
    if (active) {
      throw conflict(
        'person.idNumber',
        'enrollment.oneActivePerPersonPerPlan',
        `this person already has an enrollment (${active.status}) in plan ${cmd.planId}`,
        { enrollmentId: active.enrollmentId },
      );
    }
    const basis = eligibilityBasis(plan.eligibility, cmd.person, cmd.basicInsurance);
    const township = enrollmentTownship(plan, cmd);
    const townshipId = township?.townshipId;
    const districtId = township?.districtId;
    const quote = quotePremium(
      plan.premium!,
      {
        birthDate: cmd.person.birthDate,
        sex: cmd.person.sex,
        residentTier: cmd.basicInsurance.residentTier,
      },
      plan.coverage!.startsOn,
    );
    const contributions = recordContributions(
      plan,
      cmd.person,
      cmd.basicInsurance.scheme,
      quote.amountFen,
      cmd.contributions,
      cmd.enrollmentId,
    );
    return [
      {
        type: 'PolicyEnrolled',
        data: {
          planId: cmd.planId,
          personRef: cmd.person.personRef,
          enrollmentId: cmd.enrollmentId,
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
          eligibility: basis,
          ...(townshipId !== undefined ? { townshipId } : {}),
          ...(districtId !== undefined ? { districtId } : {}),
          premiumFen: quote.amountFen,
          premiumRuleId: quote.ruleId,
          contributions,
          cohort: enrollmentCohort(
            plan,
            cmd.basicInsurance.insuredRegionCode,
            toIso(cmd.occurredAt),
            policy,
            cmd.priorCoverage ?? [],
            cmd.renewalRunId,
          ),
          occurredAt: toIso(cmd.occurredAt),
        },
      },
    ];
  });
}

/** What every later event of an enrollment repeats of it (fat events, see EnrollmentPlace). */
export function placeOf(e: EnrollmentState): EnrollmentPlace {
  const { townshipId, districtId, cohort } = e.enrolled;
  return {
    ...(townshipId !== undefined ? { townshipId } : {}),
    ...(districtId !== undefined ? { districtId } : {}),
    ...(cohort !== undefined ? { cohort } : {}),
  };
}

function summaryOf(e: EnrollmentState): EnrollmentSummary {
  return {
    ...placeOf(e),
    previousStatus: e.status === 'pending_payment' ? 'pending_payment' : 'active',
    premiumFen: e.premiumFen,
    sources: [...new Set(e.contributions.map((c) => c.source))],
    categories: [...new Set(e.contributions.flatMap((c) => (c.category ? [c.category] : [])))],
    enrolledAt: e.enrolledAt,
  };
}

function requireCurrent(policy: PolicyState | undefined, planId: string): EnrollmentState {
  const current = currentEnrollment(policy);
  if (!current)
    throw notFound(
      'personRef',
      'enrollment.exists',
      `no active or pending enrollment for this person in plan ${planId}`,
    );
  return current;
}

/** Refunds of the paid contributions: whole amounts, or a pro-rata total split like a premium. */
function refunds(
  e: EnrollmentState,
  policy: PolicyState,
  reason: 'cancelled_before_coverage' | 'cancelled_pro_rata' | 'enrollment_lapsed',
  at: string,
  fraction?: { num: number; den: number },
): PolicyEvent[] {
  const paid = e.contributions.filter((c) => c.currentStatus === 'paid');
  let amounts = new Map(paid.map((c) => [c.contributionId, c.amountFen]));
  if (fraction) {
    const paidTotal = paid.reduce((s, c) => s + c.amountFen, 0);
    const refundTotal = Math.floor((paidTotal * fraction.num) / fraction.den);
    // Split the refund over contributions in proportion to what each paid, to the fen.
    amounts = proportionalSplit(
      refundTotal,
      paid.map((c) => ({ id: c.contributionId, amount: c.amountFen })),
    );
  }
  return paid
    .filter((c) => (amounts.get(c.contributionId) ?? 0) > 0)
    .map((c) => ({
      type: 'ContributionRefunded' as const,
      data: {
        ...placeOf(e),
        planId: policy.planId,
        personRef: policy.personRef,
        enrollmentId: e.enrollmentId,
        contributionId: c.contributionId,
        source: c.source,
        amountFen: amounts.get(c.contributionId)!,
        ...(c.payerRef ? { payerRef: c.payerRef } : {}),
        ...(c.funder ? { funder: c.funder } : {}),
        ...(c.category ? { category: c.category } : {}),
        reason,
        occurredAt: at,
      },
    }));
}

/** Largest-remainder split of `total` in proportion to `amount` weights (ties: earlier first). */
function proportionalSplit(
  total: number,
  parts: { id: string; amount: number }[],
): Map<string, number> {
  const weight = parts.reduce((s, p) => s + p.amount, 0);
  if (weight === 0 || total === 0) return new Map(parts.map((p) => [p.id, 0]));
  const floors = parts.map((p, index) => ({
    id: p.id,
    index,
    fen: Math.floor((total * p.amount) / weight),
    rem: (total * p.amount) % weight,
  }));
  let left = total - floors.reduce((s, f) => s + f.fen, 0);
  for (const f of [...floors].sort((a, b) => b.rem - a.rem || a.index - b.index)) {
    if (left-- <= 0) break;
    f.fen += 1;
  }
  return new Map(floors.map((f) => [f.id, f.fen]));
}

/**
 * Cancellation before coverage starts refunds every contribution to whoever paid it; after
 * coverage starts the plan's own rule applies (default: no refund). Pending deductions are
 * withdrawn, never refunded (nothing was taken).
 */
export function decideCancel(
  policy: PolicyState | undefined,
  planState: PlanState | undefined,
  cmd: CancelEnrollment,
): Decision<PolicyEvent> {
  return decide(() => {
    if (!planState) throw notFound('planId', 'plan.exists', `plan ${cmd.planId} does not exist`);
    const e = requireCurrent(policy, cmd.planId);
    requireInOrder(policy, cmd.occurredAt);
    if (!cmd.reason?.trim())
      throw invalid('reason', 'enrollment.cancellationReason', 'a cancellation needs a reason');
    const plan = planState.definition;
    const coverage = plan.coverage!;
    const at = toIso(cmd.occurredAt);
    if (cmd.occurredAt >= endOfShanghaiDay(coverage.endsOn)) {
      throw conflict(
        'occurredAt',
        'enrollment.cancelWithinCoverage',
        `coverage ended on ${coverage.endsOn}; there is nothing left to cancel`,
      );
    }
    const beforeCoverage = cmd.occurredAt < startOfShanghaiDay(coverage.startsOn);
    const rule = beforeCoverage ? 'full_before_coverage' : plan.cancellation.afterCoverageStart;
    const events: PolicyEvent[] = [
      {
        type: 'EnrollmentCancelled',
        data: {
          ...summaryOf(e),
          planId: cmd.planId,
          personRef: policy!.personRef,
          enrollmentId: e.enrollmentId,
          reason: cmd.reason.trim(),
          refundRule: rule,
          occurredAt: at,
        },
      },
    ];
    for (const c of e.contributions.filter((x) => x.currentStatus === 'pending')) {
      events.push({
        type: 'PendingDeductionWithdrawn',
        data: {
          ...placeOf(e),
          planId: cmd.planId,
          personRef: policy!.personRef,
          enrollmentId: e.enrollmentId,
          contributionId: c.contributionId,
          amountFen: c.amountFen,
          occurredAt: at,
        },
      });
    }
    if (rule === 'full_before_coverage')
      events.push(...refunds(e, policy!, 'cancelled_before_coverage', at));
    if (rule === 'pro_rata_unexpired_days') {
      const dayMs = 86_400_000;
      const total = Math.round(
        (endOfShanghaiDay(coverage.endsOn) - startOfShanghaiDay(coverage.startsOn)) / dayMs,
      );
      const unexpired = Math.round(
        (endOfShanghaiDay(coverage.endsOn) - endOfShanghaiDay(shanghaiDate(cmd.occurredAt))) /
          dayMs,
      );
      events.push(...refunds(e, policy!, 'cancelled_pro_rata', at, { num: unexpired, den: total }));
    }
    return events;
  });
}

function requirePendingContribution(policy: PolicyState | undefined, cmd: SettleDeduction) {
  const e = requireCurrent(policy, cmd.planId);
  const c = e.contributions.find((x) => x.contributionId === cmd.contributionId);
  if (!c)
    throw notFound(
      'contributionId',
      'contribution.exists',
      `no contribution ${cmd.contributionId} in the current enrollment`,
    );
  if (c.currentStatus !== 'pending') {
    throw conflict(
      'contributionId',
      'contribution.deductionPending',
      `contribution ${cmd.contributionId} is ${c.currentStatus}, not a pending deduction`,
    );
  }
  return { e, c };
}

export function decideSettleDeduction(
  policy: PolicyState | undefined,
  cmd: SettleDeduction,
): Decision<PolicyEvent> {
  return decide(() => {
    const { e, c } = requirePendingContribution(policy, cmd);
    requireInOrder(policy, cmd.occurredAt);
    const stillPending = e.contributions.some(
      (x) => x.currentStatus === 'pending' && x.contributionId !== c.contributionId,
    );
    return [
      {
        type: 'PersonalAccountDeductionSettled',
        data: {
          ...placeOf(e),
          planId: cmd.planId,
          personRef: cmd.personRef,
          enrollmentId: e.enrollmentId,
          contributionId: c.contributionId,
          amountFen: c.amountFen,
          statusAfter: stillPending ? 'pending_payment' : 'active',
          occurredAt: toIso(cmd.occurredAt),
        },
      },
    ];
  });
}

/** A failed scheduled deduction leaves the premium unpaid: the enrollment lapses and what others
 * already paid goes back to them. The person may enroll again while the window is open. */
export function decideFailDeduction(
  policy: PolicyState | undefined,
  cmd: FailDeduction,
): Decision<PolicyEvent> {
  return decide(() => {
    const { e, c } = requirePendingContribution(policy, cmd);
    requireInOrder(policy, cmd.occurredAt);
    if (!cmd.reason?.trim())
      throw invalid('reason', 'contribution.failureReason', 'a failed deduction needs a reason');
    const at = toIso(cmd.occurredAt);
    const base = {
      ...placeOf(e),
      planId: cmd.planId,
      personRef: cmd.personRef,
      enrollmentId: e.enrollmentId,
    };
    const events: PolicyEvent[] = [
      {
        type: 'PersonalAccountDeductionFailed',
        data: {
          ...base,
          contributionId: c.contributionId,
          amountFen: c.amountFen,
          reason: cmd.reason.trim(),
          occurredAt: at,
        },
      },
      {
        type: 'EnrollmentLapsed',
        data: {
          ...summaryOf(e),
          ...base,
          reason: 'personal_account_deduction_failed',
          occurredAt: at,
        },
      },
    ];
    for (const other of e.contributions.filter(
      (x) => x.currentStatus === 'pending' && x.contributionId !== c.contributionId,
    )) {
      events.push({
        type: 'PendingDeductionWithdrawn',
        data: {
          ...base,
          contributionId: other.contributionId,
          amountFen: other.amountFen,
          occurredAt: at,
        },
      });
    }
    events.push(...refunds(e, policy!, 'enrollment_lapsed', at));
    return events;
  });
}
