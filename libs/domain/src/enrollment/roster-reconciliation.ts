import { conflict, Decision, decide, invalid, notFound } from '../common/domain-error';
import {
  assertLocalDate,
  endOfShanghaiDay,
  Instant,
  LocalDate,
  startOfShanghaiDay,
  toIso,
} from '../common/time';
import { missingForEnrollment } from '../plan/plan-completeness';
import { quotePremium } from '../plan/premium';
import { PlanState } from '../plan/plan-state';
import { describeSubsidyCategories, findSubsidyCategory } from '../plan/subsidy-category-name';
import { Funder } from './contribution';
import { BasicInsuranceStatus, InsuredPerson } from './insured-person';
import { decideEnroll, placeOf } from './policy-decider';
import { PriorCoverage } from './cohort';
import { EnrollmentPlace, PolicyEvent } from './policy-events';
import { currentEnrollment, PolicyState } from './policy-state';

/** The dates a roster carries: the list's own date, and when it reached the ledger. */
export interface RosterDates {
  /** The date of the list (e.g. the end-of-window comparison 集中参保期末比对). */
  listDate: LocalDate;
  receivedOn: LocalDate;
}

/**
 * A roster's dates as given, checked: the list's date is required and not in the future; the
 * date received defaults to today, is not before the list's date and not in the future.
 */
export function checkRosterDates(
  given: { listDate?: unknown; receivedOn?: unknown },
  today: LocalDate,
): RosterDates {
  if (given.listDate === undefined || given.listDate === null || given.listDate === '')
    throw invalid(
      'listDate',
      'roster.listDateRequired',
      'a roster carries its own date (the date of the list, YYYY-MM-DD): the rule is applied at that date',
    );
  const listDate = assertLocalDate(given.listDate, 'listDate');
  const receivedOn =
    given.receivedOn === undefined || given.receivedOn === null || given.receivedOn === ''
      ? today
      : assertLocalDate(given.receivedOn, 'receivedOn');
  if (listDate > today)
    throw invalid(
      'listDate',
      'roster.listDateNotFuture',
      `the list date ${listDate} is after today (${today})`,
      {
        listDate,
        today,
      },
    );
  if (receivedOn > today)
    throw invalid(
      'receivedOn',
      'roster.receivedNotFuture',
      `receivedOn ${receivedOn} is after today (${today})`,
      {
        receivedOn,
        today,
      },
    );
  if (receivedOn < listDate)
    throw invalid(
      'receivedOn',
      'roster.receivedAfterListDate',
      `receivedOn ${receivedOn} is before the list's own date ${listDate}`,
      { receivedOn, listDate },
    );
  return { listDate, receivedOn };
}

/** One person found on a full-subsidy roster (civil affairs, disability federation). */
export interface ApplyRosterLine {
  planId: string;
  personRef: string;
  rosterId: string;
  category: string;
  funder?: Funder;
  dates: RosterDates;
  /** The ledger's clock when the line is applied: nothing is dated after it. */
  appliedAt: Instant;
  /** The line says the person holds local household registration (本市户籍). */
  localHouseholdRegistration?: boolean;
  /** What a subsidized enrollment of a person not yet enrolled needs. */
  enrollment?: {
    enrollmentId: string;
    person: InsuredPerson;
    basicInsurance: BasicInsuranceStatus;
    township?: string;
    /** The person's cover in the product's other years (the enrollment's cohort). */
    priorCoverage?: readonly PriorCoverage[];
  };
}

export type RosterOutcome =
  /** Not enrolled, list dated by the window's close: enrolled as subsidized, no action by them. */
  | 'enrolled_as_subsidized'
  /** Paid by others, list dated before coverage starts: refunded and re-recorded as subsidized. */
  | 'reclassified'
  | 'already_subsidized'
  /** List dated once coverage started (待遇享受期内): no refund, no subsidy owed this year. */
  | 'found_late'
  /** Not enrolled, list dated after the window closed (before coverage): not enrolled this year. */
  | 'too_late_to_enroll';

/** Money a reclassification gives back, to whoever paid it. */
export interface RosterRefund {
  contributionId: string;
  source: string;
  amountFen: number;
  payerRef?: string;
  funder?: Funder;
  /** A scheduled deduction never taken is withdrawn, not refunded. */
  kind: 'refunded' | 'withdrawn';
}

export interface RosterLineDecision {
  outcome: RosterOutcome;
  decision: Decision<PolicyEvent>;
  refunds: RosterRefund[];
  /** The business time the line's events carry. */
  occurredAt: string;
}

/** The instant a list speaks for: the end of its date (Asia/Shanghai), never after `now`. */
export function listInstant(listDate: LocalDate, now: Instant): Instant {
  return Math.min(endOfShanghaiDay(listDate) - 1, now);
}

/**
 * Roster reconciliation (DOMAIN.md, adapted from 003 ③ and ④), applied at the list's date, not
 * the date the list reaches the ledger:
 * - list dated before coverage starts (window open, or closed but coverage not started): a person
 *   paid for by anyone else has every contribution refunded to whoever paid it (pending
 *   deductions withdrawn) and is re-recorded as subsidized; a person not enrolled is enrolled as
 *   subsidized when the list is dated by the window's close, and not enrolled after it
 *   (too_late_to_enroll: the qualification carries to next year's plan);
 * - list dated once coverage started: nothing refunded, no subsidy owed for the year (found_late).
 * Events are dated at the end of the list's date, or at the person's last recorded fact when that
 * is later (the comparison finds what was recorded), never after the ledger's clock.
 */
export function decideRosterLine(
  policy: PolicyState | undefined,
  planState: PlanState | undefined,
  cmd: ApplyRosterLine,
): RosterLineDecision {
  let outcome: RosterOutcome = 'enrolled_as_subsidized';
  const refunds: RosterRefund[] = [];
  const listAt = listInstant(cmd.dates.listDate, cmd.appliedAt);
  const at = Math.max(listAt, policy ? Date.parse(policy.lastOccurredAt) : 0);
  const decision = decide<PolicyEvent>(() => {
    if (!planState) throw notFound('planId', 'plan.exists', `plan ${cmd.planId} does not exist`);
    const plan = planState.definition;
    const missing = missingForEnrollment(plan);
    if (missing.length)
      throw conflict(
        'planId',
        'plan.draftCannotEnroll',
        `plan ${cmd.planId} is a draft; missing: ${missing.join(', ')}`,
        { missing },
      );
    const category = findSubsidyCategory(plan, cmd.category, 'full');
    if (!category) {
      const known = describeSubsidyCategories(plan, 'full');
      throw invalid(
        'category',
        'roster.fullSubsidyCategory',
        `${cmd.category} is not a full-subsidy category of plan ${cmd.planId} (${known})`,
        { category: cmd.category, categories: known, value: cmd.category },
      );
    }
    const coverageStarts = plan.coverage!.startsOn;
    const window = plan.enrollmentWindow!;
    const e = currentEnrollment(policy);
    if (
      e?.contributions.some(
        (c) => c.currentStatus === 'paid' && c.source === 'government_full_subsidy',
      )
    ) {
      outcome = 'already_subsidized';
      return [];
    }
    if (cmd.dates.listDate >= coverageStarts) {
      outcome = 'found_late';
      return [];
    }
    if (!e) {
      if (cmd.dates.listDate > window.closesOn) {
        outcome = 'too_late_to_enroll';
        return [];
      }
      if (!cmd.enrollment)
        throw invalid(
          'basicInsurance',
          'roster.enrollmentDetails',
          'a person not enrolled needs their basic insurance to be enrolled',
        );
      outcome = 'enrolled_as_subsidized';
      const { person, basicInsurance } = cmd.enrollment;
      const premium = quotePremium(
        plan.premium!,
        { birthDate: person.birthDate, sex: person.sex, residentTier: basicInsurance.residentTier },
        coverageStarts,
      ).amountFen;
      // A list dated before the window opened enrolls the person when it opens.
      const enrolledAt = Math.max(at, startOfShanghaiDay(window.opensOn));
      const enrolled = decideEnroll(policy, planState, {
        planId: cmd.planId,
        enrollmentId: cmd.enrollment.enrollmentId,
        person,
        basicInsurance,
        ...(cmd.enrollment.township !== undefined ? { townshipId: cmd.enrollment.township } : {}),
        contributions: [
          {
            source: 'government_full_subsidy',
            amountFen: premium,
            category: category.code,
            ...(cmd.funder ? { funder: cmd.funder } : {}),
          },
        ],
        occurredAt: Math.min(enrolledAt, cmd.appliedAt),
        ...(cmd.enrollment.priorCoverage ? { priorCoverage: cmd.enrollment.priorCoverage } : {}),
      });
      if (!enrolled.ok) throw enrolled.error;
      return enrolled.events;
    }
    if (
      category.requiresLocalHouseholdRegistration &&
      cmd.localHouseholdRegistration !== true &&
      e.enrolled.insured.localHouseholdRegistration !== true
    ) {
      throw invalid(
        'localHouseholdRegistration',
        'contribution.fullSubsidyLocalRegistration',
        `category ${category.code} is for residents with local household registration (本市户籍)`,
      );
    }
    outcome = 'reclassified';
    const iso = toIso(at);
    const place: EnrollmentPlace = placeOf(e);
    const base = {
      ...place,
      planId: cmd.planId,
      personRef: cmd.personRef,
      enrollmentId: e.enrollmentId,
    };
    const events: PolicyEvent[] = [];
    const replaced = e.contributions.filter(
      (c) => c.currentStatus === 'paid' || c.currentStatus === 'pending',
    );
    for (const c of replaced) {
      refunds.push({
        contributionId: c.contributionId,
        source: c.source,
        amountFen: c.amountFen,
        ...(c.payerRef ? { payerRef: c.payerRef } : {}),
        ...(c.funder ? { funder: c.funder } : {}),
        kind: c.currentStatus === 'pending' ? 'withdrawn' : 'refunded',
      });
      if (c.currentStatus === 'pending') {
        events.push({
          type: 'PendingDeductionWithdrawn',
          data: {
            ...base,
            contributionId: c.contributionId,
            amountFen: c.amountFen,
            occurredAt: iso,
          },
        });
      } else {
        events.push({
          type: 'ContributionRefunded',
          data: {
            ...base,
            contributionId: c.contributionId,
            source: c.source,
            amountFen: c.amountFen,
            ...(c.payerRef ? { payerRef: c.payerRef } : {}),
            ...(c.funder ? { funder: c.funder } : {}),
            ...(c.category ? { category: c.category } : {}),
            reason: 'found_on_subsidy_roster',
            occurredAt: iso,
          },
        });
      }
    }
    events.push({
      type: 'EnrollmentReclassifiedAsSubsidized',
      data: {
        ...base,
        rosterId: cmd.rosterId,
        listDate: cmd.dates.listDate,
        receivedOn: cmd.dates.receivedOn,
        contribution: {
          contributionId: `${e.enrollmentId}/c${e.contributions.length + 1}`,
          source: 'government_full_subsidy',
          amountFen: e.premiumFen,
          status: 'paid',
          category: category.code,
          funder: cmd.funder ?? {
            funderId: `finance:${plan.region.regionCode}`,
            name: category.funder.zh,
          },
        },
        replacedSources: [...new Set(replaced.map((c) => c.source))],
        replacedCategories: [...new Set(replaced.flatMap((c) => (c.category ? [c.category] : [])))],
        previousStatus: e.status === 'pending_payment' ? 'pending_payment' : 'active',
        occurredAt: iso,
      },
    });
    return events;
  });
  const dated = decision.ok ? decision.events.find((e) => e.type === 'PolicyEnrolled') : undefined;
  return {
    outcome,
    decision,
    refunds: decision.ok ? refunds : [],
    occurredAt: dated ? dated.data.occurredAt : toIso(at),
  };
}
