import { coalitionOnDate } from '../coinsurance/coalition-in-force';
import { conflict, Decision, decide, DomainError, invalid, notFound } from '../common/domain-error';
import { Fen } from '../common/money';
import {
  Instant,
  isLocalDate,
  LocalDate,
  rangeContains,
  shanghaiDate,
  startOfShanghaiDay,
  toIso,
} from '../common/time';
import { missingForEnrollment } from '../plan/plan-completeness';
import { Coalition } from '../plan/plan-definition';
import { PlanEvent } from '../plan/plan-events';
import { PlanState } from '../plan/plan-state';
import { assertValidPlan, validateCoalition } from '../plan/plan-validation';
import { deriveDefinition, PlanYearChanges } from './plan-year-changes';
import { ProductEvent, ProductPlanRef, RenewalSkipReason } from './product-events';
import { coalitionHistoryOfPlan, ProductState, termForYear } from './product-state';

/** 002 四(二): 承办期每期3年. */
export const DEFAULT_TERM_YEARS = 3;

export interface DerivePlan {
  productId: string;
  fromPlanId: string;
  /** Default: fromPlanId with its year replaced (ganzhou-2024 → ganzhou-2025). */
  planId?: string;
  changes: PlanYearChanges;
  reason: string;
  occurredAt: Instant;
}

export interface SelectCoalitionTerm {
  productId: string;
  fromYear: number;
  /** Default 3 (002). */
  years?: number;
  coalition: Coalition;
  reason: string;
  occurredAt: Instant;
}

export interface AmendCoalitionShares {
  productId: string;
  termId: string;
  effectiveOn: LocalDate;
  coalition: Coalition;
  reason: string;
  occurredAt: Instant;
}

export interface StateOperatingCost {
  productId: string;
  planYear: number;
  insurerId: string;
  amountFen: Fen;
  note?: string;
  occurredAt: Instant;
}

export interface StartRenewalRun {
  productId: string;
  planYear: number;
  occurredAt: Instant;
}

/** The product's plans, one per year, ordered by year (plans without a year are left out). */
export function plansByYear(plans: readonly PlanState[]): PlanState[] {
  return plans
    .filter((p) => p.definition.planYear !== undefined)
    .sort((a, b) => a.definition.planYear! - b.definition.planYear!);
}

const refOf = (p: PlanState): ProductPlanRef => ({
  planId: p.planId,
  planYear: p.definition.planYear!,
});

function requireInOrder(product: ProductState, at: Instant): void {
  if (product.lastOccurredAt && at < Date.parse(product.lastOccurredAt)) {
    throw invalid(
      'occurredAt',
      'product.eventOrder',
      `occurredAt is before the product's last recorded change ${product.lastOccurredAt}`,
    );
  }
}

function requireReason(reason: string): string {
  if (typeof reason !== 'string' || !reason.trim())
    throw invalid('reason', 'product.reason', 'a reason is required (recorded with the change)');
  return reason.trim();
}

function planOfYear(plans: readonly PlanState[], year: number): PlanState | undefined {
  return plans.find((p) => p.definition.planYear === year);
}

/** ganzhou-2024 → ganzhou-2025; a plan id without a trailing year gets one appended. */
export function nextPlanId(fromPlanId: string, fromYear: number, year: number): string {
  const suffix = `-${fromYear}`;
  return fromPlanId.endsWith(suffix)
    ? `${fromPlanId.slice(0, -suffix.length)}-${year}`
    : `${fromPlanId}-${year}`;
}

/**
 * Next year's plan from this year's (002 保障方案年度动态调整): the product's latest year only, one
 * plan per year, the changes and reason recorded, the whole result validated. A result that
 * cannot open enrollment yet stays a draft (as any plan). Inside a coalition term the plan takes
 * the term's coalition; after a term ended none is carried over (到期后重新遴选).
 */
export function decideDerivePlan(
  product: ProductState,
  plans: readonly PlanState[],
  cmd: DerivePlan,
): Decision<ProductEvent> {
  return decide(() => {
    requireInOrder(product, cmd.occurredAt);
    const reason = requireReason(cmd.reason);
    const from = plans.find((p) => p.planId === cmd.fromPlanId);
    if (!from || from.definition.productId !== cmd.productId) {
      throw notFound(
        'fromPlanId',
        'product.planOfProduct',
        `plan ${cmd.fromPlanId} is not a plan of product ${cmd.productId}`,
      );
    }
    const fromYear = from.definition.planYear;
    if (fromYear === undefined) {
      throw conflict(
        'fromPlanId',
        'derivation.fromPlanYear',
        `plan ${cmd.fromPlanId} has no plan year: set it by amendment before deriving the next year`,
      );
    }
    const latest = plansByYear(plans).at(-1)!;
    if (latest.definition.planYear! > fromYear) {
      throw conflict(
        'fromPlanId',
        'derivation.fromLatestYear',
        `next year's plan is derived from the product's latest year: ${latest.planId} (${latest.definition.planYear}) is later than ${cmd.fromPlanId}`,
      );
    }
    const planYear = fromYear + 1;
    const planId = cmd.planId ?? nextPlanId(cmd.fromPlanId, fromYear, planYear);
    if (plans.some((p) => p.planId === planId)) {
      throw conflict('planId', 'plan.publishedOnce', `plan ${planId} already exists`);
    }
    const term = termForYear(product, planYear);
    const fromTerm = termForYear(product, fromYear);
    const coalition = term
      ? term.history.at(-1)!.coalition
      : fromTerm
        ? undefined
        : from.definition.coalition;
    const { definition, shifted } = deriveDefinition(
      from.definition,
      { planId, planYear },
      cmd.changes,
      coalition,
    );
    assertValidPlan(definition, 'changes');
    return [
      {
        type: 'ProductPlanDerived',
        data: {
          productId: cmd.productId,
          planId,
          planYear,
          fromPlanId: from.planId,
          fromPlanYear: fromYear,
          changes: cmd.changes,
          shifted,
          reason,
          definition,
          ...(term ? { coalitionTerm: { termId: term.termId, history: term.history } } : {}),
          occurredAt: toIso(cmd.occurredAt),
        },
      },
    ];
  });
}

function assertCoalition(coalition: Coalition): void {
  const problems =
    coalition && Array.isArray(coalition.members)
      ? validateCoalition(coalition)
      : ['coalition must have leadInsurerId and members'];
  if (problems.length)
    throw invalid('coalition', 'plan.definition', problems.join('; '), { problems });
}

/**
 * 002 四(二): a lead insurer and coalition selected for a term of plan years (3 by default), not
 * overlapping another term, before the coverage of its first year starts (premiums and payouts
 * booked by an earlier coalition are not re-split).
 */
export function decideSelectCoalitionTerm(
  product: ProductState,
  plans: readonly PlanState[],
  cmd: SelectCoalitionTerm,
): Decision<ProductEvent> {
  return decide(() => {
    requireInOrder(product, cmd.occurredAt);
    const reason = requireReason(cmd.reason);
    const years = cmd.years ?? DEFAULT_TERM_YEARS;
    if (!Number.isSafeInteger(cmd.fromYear) || cmd.fromYear < 2000 || cmd.fromYear > 2200)
      throw invalid('fromYear', 'term.fromYear', 'fromYear must be a plan year such as 2025');
    if (!Number.isSafeInteger(years) || years < 1 || years > 10)
      throw invalid('years', 'term.years', 'a term lasts 1 to 10 plan years (002: 3)');
    const toYear = cmd.fromYear + years - 1;
    const overlapping = product.terms.find((t) => t.fromYear <= toYear && cmd.fromYear <= t.toYear);
    if (overlapping) {
      throw conflict(
        'fromYear',
        'term.noOverlap',
        `term ${cmd.fromYear}–${toYear} overlaps term ${overlapping.termId} (${overlapping.fromYear}–${overlapping.toYear}); change its shares by amendment instead`,
      );
    }
    assertCoalition(cmd.coalition);
    const first = planOfYear(plans, cmd.fromYear);
    const startsOn = first?.definition.coverage?.startsOn;
    if (startsOn && cmd.occurredAt >= startOfShanghaiDay(startsOn)) {
      throw conflict(
        'fromYear',
        'term.selectedBeforeCoverage',
        `a coalition term is selected before its first year's coverage starts (${first!.planId}: ${startsOn})`,
      );
    }
    const inTerm = plansByYear(plans).filter(
      (p) => p.definition.planYear! >= cmd.fromYear && p.definition.planYear! <= toYear,
    );
    return [
      {
        type: 'CoalitionTermSelected',
        data: {
          productId: cmd.productId,
          termId: `${cmd.fromYear}-${toYear}`,
          fromYear: cmd.fromYear,
          toYear,
          coalition: cmd.coalition,
          reason,
          plans: inTerm.map(refOf),
          occurredAt: toIso(cmd.occurredAt),
        },
      },
    ];
  });
}

/**
 * A change of shares within a term, in force from `effectiveOn`: never before the day it is
 * recorded (what was split by the old shares stays as booked), after the term's last change,
 * within the term, and with the term's lead insurer (a new lead is a new selection).
 */
export function decideAmendCoalitionShares(
  product: ProductState,
  plans: readonly PlanState[],
  cmd: AmendCoalitionShares,
): Decision<ProductEvent> {
  return decide(() => {
    requireInOrder(product, cmd.occurredAt);
    const reason = requireReason(cmd.reason);
    const term = product.terms.find((t) => t.termId === cmd.termId);
    if (!term)
      throw notFound('termId', 'term.exists', `product ${cmd.productId} has no term ${cmd.termId}`);
    if (!isLocalDate(cmd.effectiveOn))
      throw invalid('effectiveOn', 'date.format', 'effectiveOn must be a date YYYY-MM-DD');
    const recordedOn = shanghaiDate(cmd.occurredAt);
    if (cmd.effectiveOn < recordedOn) {
      throw conflict(
        'effectiveOn',
        'term.amendmentNotRetroactive',
        `a change of shares takes effect on or after the day it is recorded (${recordedOn}), not ${cmd.effectiveOn}: premiums and payouts already split stay as booked`,
      );
    }
    const last = term.history.at(-1)!;
    if (term.history.length > 1 && cmd.effectiveOn <= last.effectiveOn) {
      throw conflict(
        'effectiveOn',
        'term.amendmentsInOrder',
        `the term's last change of shares takes effect on ${last.effectiveOn}; a new one must take effect after it`,
      );
    }
    const lastPlan = planOfYear(plans, term.toYear);
    const termEnds = lastPlan?.definition.coverage?.endsOn ?? `${term.toYear}-12-31`;
    if (cmd.effectiveOn > termEnds) {
      throw conflict(
        'effectiveOn',
        'term.amendmentWithinTerm',
        `term ${term.termId} ends on ${termEnds}; ${cmd.effectiveOn} is after it`,
      );
    }
    assertCoalition(cmd.coalition);
    if (cmd.coalition.leadInsurerId !== last.coalition.leadInsurerId) {
      throw conflict(
        'coalition.leadInsurerId',
        'term.sameLead',
        `the term's lead insurer is ${last.coalition.leadInsurerId}; a new lead is a new selection (重新遴选)`,
      );
    }
    const inTerm = plansByYear(plans).filter(
      (p) => p.definition.planYear! >= term.fromYear && p.definition.planYear! <= term.toYear,
    );
    return [
      {
        type: 'CoalitionSharesAmended',
        data: {
          productId: cmd.productId,
          termId: term.termId,
          effectiveOn: cmd.effectiveOn,
          coalition: cmd.coalition,
          reason,
          plans: inTerm.map(refOf),
          occurredAt: toIso(cmd.occurredAt),
        },
      },
    ];
  });
}

/**
 * 002 三(四) 综合运营成本: an insurer of the plan year's coalition states its operating cost; a
 * later statement for the same year and insurer corrects the earlier one.
 */
export function decideStateOperatingCost(
  product: ProductState,
  plans: readonly PlanState[],
  cmd: StateOperatingCost,
): Decision<ProductEvent> {
  return decide(() => {
    requireInOrder(product, cmd.occurredAt);
    const plan = planOfYear(plans, cmd.planYear);
    if (!plan)
      throw notFound(
        'planYear',
        'product.planOfYear',
        `product ${cmd.productId} has no plan for ${cmd.planYear}`,
      );
    if (!Number.isSafeInteger(cmd.amountFen) || cmd.amountFen < 0)
      throw invalid(
        'amountFen',
        'money.integerFen',
        'amountFen must be a non-negative integer of fen',
      );
    const members = new Set(
      coalitionHistoryOfPlan(plan, product).flatMap((c) =>
        c.coalition.members.map((m) => m.insurerId),
      ),
    );
    if (!members.has(cmd.insurerId)) {
      throw invalid(
        'insurerId',
        'product.insurerOfCoalition',
        `${cmd.insurerId} is not in the coalition of ${plan.planId} (${[...members].join(', ') || 'none set'})`,
      );
    }
    return [
      {
        type: 'OperatingCostStated',
        data: {
          productId: cmd.productId,
          planId: plan.planId,
          planYear: cmd.planYear,
          insurerId: cmd.insurerId,
          amountFen: cmd.amountFen,
          ...(cmd.note?.trim() ? { note: cmd.note.trim() } : {}),
          occurredAt: toIso(cmd.occurredAt),
        },
      },
    ];
  });
}

/** The run a renewal resumes (started, not completed) or the one it starts. */
export interface RenewalRunDecision {
  runId: string;
  planId: string;
  fromPlanId: string;
  occurredAt: string;
  resumed: boolean;
  events: ProductEvent[];
}

/**
 * A renewal run (续保) for a plan year: its plan must be ready and its window open at the run's
 * business time, and last year's plan must exist. An unfinished run of the year is resumed with
 * its own business time (a crash in the middle changes nothing); a completed run asked for again
 * with the same business time is repeated (it writes nothing new); a run at another time is a new
 * run, which renews only who is not renewed yet.
 */
export function decideStartRenewalRun(
  product: ProductState,
  plans: readonly PlanState[],
  cmd: StartRenewalRun,
): RenewalRunDecision {
  const runs = product.renewalRuns.filter((r) => r.planYear === cmd.planYear);
  // An unfinished run is resumed; the same run asked for again (same business time) is repeated.
  const open =
    runs.find((r) => !r.completed) ?? runs.find((r) => Date.parse(r.occurredAt) === cmd.occurredAt);
  if (open) {
    return {
      runId: open.runId,
      planId: open.planId,
      fromPlanId: open.fromPlanId,
      occurredAt: open.occurredAt,
      resumed: true,
      events: [],
    };
  }
  requireInOrder(product, cmd.occurredAt);
  const plan = planOfYear(plans, cmd.planYear);
  const previous = planOfYear(plans, cmd.planYear - 1);
  if (!plan || !previous) {
    throw notFound(
      'planYear',
      'renewal.plansOfBothYears',
      `renewal into ${cmd.planYear} needs the product's plans of ${cmd.planYear - 1} and ${cmd.planYear}`,
    );
  }
  const missing = missingForEnrollment(plan.definition);
  if (missing.length) {
    throw conflict(
      'planYear',
      'plan.draftCannotEnroll',
      `plan ${plan.planId} is a draft and cannot take enrollments; missing: ${missing.join(', ')}`,
    );
  }
  const window = plan.definition.enrollmentWindow!;
  if (!rangeContains({ from: window.opensOn, to: window.closesOn }, cmd.occurredAt)) {
    throw conflict(
      'occurredAt',
      'renewal.windowOpen',
      `a renewal run for ${cmd.planYear} runs while ${plan.planId}'s window is open (${window.opensOn} to ${window.closesOn}); ${toIso(cmd.occurredAt)} is outside it`,
    );
  }
  const runId = `${cmd.planYear}-${runs.length + 1}`;
  const occurredAt = toIso(cmd.occurredAt);
  return {
    runId,
    planId: plan.planId,
    fromPlanId: previous.planId,
    occurredAt,
    resumed: false,
    events: [
      {
        type: 'RenewalRunStarted',
        data: {
          productId: cmd.productId,
          runId,
          planId: plan.planId,
          planYear: cmd.planYear,
          fromPlanId: previous.planId,
          occurredAt,
        },
      },
    ],
  };
}

export function completeRenewalRun(
  productId: string,
  run: { runId: string; planId: string; planYear: number; occurredAt: string },
  outcome: {
    consents: number;
    renewed: number;
    skipped: Partial<Record<RenewalSkipReason, number>>;
  },
): ProductEvent {
  return {
    type: 'RenewalRunCompleted',
    data: { productId, ...run, ...outcome },
  };
}

/** The coalition (and its term) a plan year's facts on a date are split by, if any. */
export function coalitionOfPlanOn(
  plan: PlanState,
  product: ProductState | undefined,
  date: LocalDate,
) {
  return coalitionOnDate(coalitionHistoryOfPlan(plan, product), date);
}

/**
 * The plan stream's first event for a derived plan: the same definition the product recorded,
 * with how it was derived and, inside a coalition term, the term's coalitions.
 */
export function derivedPlanPublished(
  derived: Extract<ProductEvent, { type: 'ProductPlanDerived' }>['data'],
): PlanEvent {
  return {
    type: 'PlanPublished',
    data: {
      planId: derived.planId,
      definition: derived.definition,
      derivation: {
        fromPlanId: derived.fromPlanId,
        fromPlanYear: derived.fromPlanYear,
        changes: derived.changes as Record<string, unknown>,
        shifted: derived.shifted,
        reason: derived.reason,
      },
      ...(derived.coalitionTerm ? { coalitionTerm: derived.coalitionTerm } : {}),
      occurredAt: derived.occurredAt,
    },
  };
}

/**
 * What a plan amendment may not change because the plan is one year of a product: a coalition
 * inside a coalition term (the term decides; change its shares instead), and the plan year of
 * another plan of the product (one plan per year).
 */
export function productAmendmentRefusal(
  product: ProductState,
  plans: readonly PlanState[],
  plan: PlanState,
  changes: { coalition?: unknown; planYear?: unknown },
): DomainError | undefined {
  const year = typeof changes.planYear === 'number' ? changes.planYear : plan.definition.planYear;
  if (typeof changes.planYear === 'number') {
    const other = plans.find(
      (p) => p.planId !== plan.planId && p.definition.planYear === changes.planYear,
    );
    if (other) {
      return conflict(
        'changes.planYear',
        'product.onePlanPerYear',
        `product ${product.productId} already has ${other.planId} for ${changes.planYear}`,
      );
    }
  }
  const term = year !== undefined ? termForYear(product, year) : undefined;
  if (changes.coalition !== undefined && term) {
    return conflict(
      'changes.coalition',
      'term.coalitionOfTerm',
      `${year} is inside coalition term ${term.termId}: its coalition is the term's; amend the term's shares (POST /products/${product.productId}/coalition-terms/${term.termId}/amendments)`,
    );
  }
  return undefined;
}
