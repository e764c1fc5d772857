import { DatedCoalition } from '../coinsurance/coalition-in-force';
import { PlanDefinition } from './plan-definition';
import { TableDiscrepancy } from './township-table';
import { TownshipMapping, TownshipTableChanges } from './township-table-import';

/** The fields an amendment may change (everything but the identifiers). */
export type PlanChanges = Partial<Omit<PlanDefinition, 'planId' | 'productId'>>;

/** How a derived plan came from the previous year's (docs/products.md). */
export interface PlanDerivation {
  fromPlanId: string;
  fromPlanYear: number;
  /** The changes as requested, besides moving the dates a year on. */
  changes: Record<string, unknown>;
  /** Fields moved to the new year because no change was given for them. */
  shifted: string[];
  reason: string;
}

export type PlanEvent =
  | {
      type: 'PlanPublished';
      data: {
        planId: string;
        definition: PlanDefinition;
        /** Present when the plan was derived from the product's previous year. */
        derivation?: PlanDerivation;
        /** Present when the plan year is inside a coalition term (承办期): the term's history. */
        coalitionTerm?: { termId: string; history: DatedCoalition[] };
        occurredAt: string;
      };
    }
  | {
      type: 'PlanAmended';
      data: { planId: string; changes: PlanChanges; reason: string; occurredAt: string };
    }
  | {
      type: 'TownshipTableImported';
      data: {
        planId: string;
        source: string;
        townships: PlanDefinition['townships'];
        districts: PlanDefinition['districts'];
        totals: { base?: number; targets: Record<string, number> };
        discrepancies: TableDiscrepancy[];
        /** What the import changed (absent from events recorded before tables were matched). */
        changes?: TownshipTableChanges;
        mapping?: TownshipMapping;
        keepUnlisted?: boolean;
        occurredAt: string;
      };
    };

export const PLAN_EVENT_TYPES: readonly PlanEvent['type'][] = [
  'PlanPublished',
  'PlanAmended',
  'TownshipTableImported',
];
