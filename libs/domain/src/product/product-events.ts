import { DatedCoalition } from '../coinsurance/coalition-in-force';
import { Fen } from '../common/money';
import { LocalDate } from '../common/time';
import { Coalition, PlanDefinition } from '../plan/plan-definition';
import { PlanYearChanges } from './plan-year-changes';

/** A yearly plan of the product, as product events list the plans they concern. */
export interface ProductPlanRef {
  planId: string;
  planYear: number;
}

/** Why a consenting person was not renewed (reported by the run, recorded per person). */
export type RenewalSkipReason =
  | 'consent_withdrawn'
  | 'not_covered_previous_year'
  | 'basic_insurance_ended'
  | 'personal_data_erased'
  | 'already_enrolled'
  | 'refused_by_rule';

/**
 * Events of a product (stream product-{productId}): its series of yearly plans, coalition terms
 * (承办期), operating costs stated by the insurers, and renewal runs (续保).
 */
export type ProductEvent =
  | {
      /** Next year's plan derived from this year's (the plan stream gets the same definition). */
      type: 'ProductPlanDerived';
      data: {
        productId: string;
        planId: string;
        planYear: number;
        fromPlanId: string;
        fromPlanYear: number;
        changes: PlanYearChanges;
        shifted: string[];
        reason: string;
        definition: PlanDefinition;
        coalitionTerm?: { termId: string; history: DatedCoalition[] };
        occurredAt: string;
      };
    }
  | {
      /** 002 四(二): lead insurer and coalition selected for a term of years (每期3年). */
      type: 'CoalitionTermSelected';
      data: {
        productId: string;
        termId: string;
        fromYear: number;
        toYear: number;
        coalition: Coalition;
        reason: string;
        /** The product's plans inside the term when it was selected (fat: views need no lookup). */
        plans: ProductPlanRef[];
        occurredAt: string;
      };
    }
  | {
      /** A change of shares within a term, in force from a date. */
      type: 'CoalitionSharesAmended';
      data: {
        productId: string;
        termId: string;
        effectiveOn: LocalDate;
        coalition: Coalition;
        reason: string;
        plans: ProductPlanRef[];
        occurredAt: string;
      };
    }
  | {
      /** 002 三(四) 综合运营成本: an insurer's operating cost of a plan year, as it states it. */
      type: 'OperatingCostStated';
      data: {
        productId: string;
        planId: string;
        planYear: number;
        insurerId: string;
        amountFen: Fen;
        note?: string;
        occurredAt: string;
      };
    }
  | {
      type: 'RenewalRunStarted';
      data: {
        productId: string;
        runId: string;
        planId: string;
        planYear: number;
        fromPlanId: string;
        occurredAt: string;
      };
    }
  | {
      type: 'RenewalRunCompleted';
      data: {
        productId: string;
        runId: string;
        planId: string;
        planYear: number;
        consents: number;
        renewed: number;
        skipped: Partial<Record<RenewalSkipReason, number>>;
        occurredAt: string;
      };
    };

export const PRODUCT_EVENT_TYPES: readonly ProductEvent['type'][] = [
  'ProductPlanDerived',
  'CoalitionTermSelected',
  'CoalitionSharesAmended',
  'OperatingCostStated',
  'RenewalRunStarted',
  'RenewalRunCompleted',
];
