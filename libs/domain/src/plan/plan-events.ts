import { PlanDefinition } from './plan-definition';
import { TableDiscrepancy } from './township-table';

/** The fields an amendment may change (everything but the identifiers). */
export type PlanChanges = Partial<Omit<PlanDefinition, 'planId' | 'productId'>>;

export type PlanEvent =
  | {
      type: 'PlanPublished';
      data: { planId: string; definition: PlanDefinition; occurredAt: string };
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
        occurredAt: string;
      };
    };

export const PLAN_EVENT_TYPES: readonly PlanEvent['type'][] = [
  'PlanPublished',
  'PlanAmended',
  'TownshipTableImported',
];
