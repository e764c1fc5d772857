import { DatedCoalition, datedPlanCoalitions } from '../coinsurance/coalition-in-force';
import { Fen } from '../common/money';
import { shanghaiDate } from '../common/time';
import { PlanState } from '../plan/plan-state';
import { ProductEvent, RenewalSkipReason } from './product-events';

type DataOf<T extends ProductEvent['type']> = Extract<ProductEvent, { type: T }>['data'];

/** A coalition selected for a term of plan years (002: 承办期每期3年), with its amendments. */
export interface CoalitionTerm {
  termId: string;
  fromYear: number;
  toYear: number;
  reason: string;
  selectedAt: string;
  /** The selected coalition first, then each change of shares from its effective date. */
  history: DatedCoalition[];
}

export interface RenewalRun {
  runId: string;
  planId: string;
  planYear: number;
  fromPlanId: string;
  occurredAt: string;
  completed?: {
    consents: number;
    renewed: number;
    skipped: Partial<Record<RenewalSkipReason, number>>;
    occurredAt: string;
  };
}

export interface OperatingCost {
  planId: string;
  planYear: number;
  insurerId: string;
  amountFen: Fen;
  note?: string;
  occurredAt: string;
}

/** What the product stream says; the product's bundled plans are known from libs/plans. */
export interface ProductState {
  productId: string;
  derived: DataOf<'ProductPlanDerived'>[];
  terms: CoalitionTerm[];
  /** The latest statement per plan year and insurer (a later one corrects an earlier). */
  operatingCosts: OperatingCost[];
  renewalRuns: RenewalRun[];
  lastOccurredAt?: string;
}

export function emptyProduct(productId: string): ProductState {
  return { productId, derived: [], terms: [], operatingCosts: [], renewalRuns: [] };
}

export function evolveProduct(state: ProductState, event: ProductEvent): ProductState {
  const next = { ...state, lastOccurredAt: event.data.occurredAt };
  switch (event.type) {
    case 'ProductPlanDerived':
      return { ...next, derived: [...state.derived, event.data] };
    case 'CoalitionTermSelected': {
      const d = event.data;
      const term: CoalitionTerm = {
        termId: d.termId,
        fromYear: d.fromYear,
        toYear: d.toYear,
        reason: d.reason,
        selectedAt: d.occurredAt,
        history: [
          {
            effectiveOn: shanghaiDate(Date.parse(d.occurredAt)),
            coalition: d.coalition,
            termId: d.termId,
          },
        ],
      };
      return { ...next, terms: [...state.terms, term] };
    }
    case 'CoalitionSharesAmended': {
      const d = event.data;
      return {
        ...next,
        terms: state.terms.map((t) =>
          t.termId === d.termId
            ? {
                ...t,
                history: [
                  ...t.history,
                  { effectiveOn: d.effectiveOn, coalition: d.coalition, termId: d.termId },
                ],
              }
            : t,
        ),
      };
    }
    case 'OperatingCostStated': {
      const d = event.data;
      const cost: OperatingCost = {
        planId: d.planId,
        planYear: d.planYear,
        insurerId: d.insurerId,
        amountFen: d.amountFen,
        ...(d.note ? { note: d.note } : {}),
        occurredAt: d.occurredAt,
      };
      return {
        ...next,
        operatingCosts: [
          ...state.operatingCosts.filter(
            (c) => !(c.planYear === d.planYear && c.insurerId === d.insurerId),
          ),
          cost,
        ],
      };
    }
    case 'RenewalRunStarted': {
      const { runId, planId, planYear, fromPlanId, occurredAt } = event.data;
      return {
        ...next,
        renewalRuns: [...state.renewalRuns, { runId, planId, planYear, fromPlanId, occurredAt }],
      };
    }
    case 'RenewalRunCompleted': {
      const d = event.data;
      return {
        ...next,
        renewalRuns: state.renewalRuns.map((r) =>
          r.runId === d.runId
            ? {
                ...r,
                completed: {
                  consents: d.consents,
                  renewed: d.renewed,
                  skipped: d.skipped,
                  occurredAt: d.occurredAt,
                },
              }
            : r,
        ),
      };
    }
  }
}

export function foldProduct(productId: string, events: readonly ProductEvent[]): ProductState {
  return events.reduce(evolveProduct, emptyProduct(productId));
}

export function termForYear(state: ProductState, year: number): CoalitionTerm | undefined {
  return state.terms.find((t) => t.fromYear <= year && year <= t.toYear);
}

/**
 * The coalitions a plan's premiums and payouts are split by: its product's term for the plan
 * year when there is one (the term decides, 002), else the plan's own coalition history.
 */
export function coalitionHistoryOfPlan(
  plan: PlanState,
  product: ProductState | undefined,
): DatedCoalition[] {
  const year = plan.definition.planYear;
  const term = product && year !== undefined ? termForYear(product, year) : undefined;
  return term ? term.history : datedPlanCoalitions(plan.coalitionHistory);
}
