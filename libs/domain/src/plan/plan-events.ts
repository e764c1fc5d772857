import { PlanDefinition } from './plan-definition';
import { TableDiscrepancy } from './township-table';
import { TownshipMapping, TownshipTableChanges } from './township-table-import';

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
