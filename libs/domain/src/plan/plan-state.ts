import { Coalition, PlanDefinition } from './plan-definition';
import { PlanDerivation, PlanEvent } from './plan-events';
import { missingForEnrollment } from './plan-completeness';
import { TableDiscrepancy } from './township-table';

export interface PlanState {
  planId: string;
  definition: PlanDefinition;
  /** Each coalition with the instant it took effect, oldest first (history is kept). */
  coalitionHistory: { effectiveAt: string; coalition: Coalition }[];
  /** Reports of the township tables imported, newest last. */
  tableImports: { source: string; occurredAt: string; discrepancies: TableDiscrepancy[] }[];
  amendments: { occurredAt: string; reason: string; fields: string[] }[];
  /** Every township id the plan has ever had (removed and merged ones too): never reassigned. */
  assignedTownshipIds: string[];
  publishedAt: string;
  lastOccurredAt: string;
  /** Set when the plan was derived from the product's previous year. */
  derivation?: PlanDerivation;
}

function idsOf(known: readonly string[], townships: PlanDefinition['townships']): string[] {
  const ids = new Set(known);
  for (const t of townships) {
    ids.add(t.townshipId);
    for (const former of t.formerTownshipIds ?? []) ids.add(former);
  }
  return [...ids];
}

export function isDraft(state: PlanState): boolean {
  return missingForEnrollment(state.definition).length > 0;
}

export function evolvePlan(state: PlanState | undefined, event: PlanEvent): PlanState {
  switch (event.type) {
    case 'PlanPublished': {
      const d = event.data.definition;
      return {
        planId: d.planId,
        definition: d,
        coalitionHistory: d.coalition
          ? [{ effectiveAt: event.data.occurredAt, coalition: d.coalition }]
          : [],
        tableImports: [],
        amendments: [],
        assignedTownshipIds: idsOf([], d.townships),
        publishedAt: event.data.occurredAt,
        lastOccurredAt: event.data.occurredAt,
        ...(event.data.derivation ? { derivation: event.data.derivation } : {}),
      };
    }
    case 'PlanAmended': {
      if (!state) throw new Error('PlanAmended before PlanPublished');
      const { changes, occurredAt, reason } = event.data;
      return {
        ...state,
        definition: { ...state.definition, ...changes },
        coalitionHistory: changes.coalition
          ? [...state.coalitionHistory, { effectiveAt: occurredAt, coalition: changes.coalition }]
          : state.coalitionHistory,
        amendments: [...state.amendments, { occurredAt, reason, fields: Object.keys(changes) }],
        lastOccurredAt: occurredAt,
      };
    }
    case 'TownshipTableImported': {
      if (!state) throw new Error('TownshipTableImported before PlanPublished');
      const { townships, districts, source, occurredAt, discrepancies } = event.data;
      return {
        ...state,
        definition: { ...state.definition, townships, districts },
        assignedTownshipIds: idsOf(state.assignedTownshipIds, townships),
        tableImports: [...state.tableImports, { source, occurredAt, discrepancies }],
        lastOccurredAt: occurredAt,
      };
    }
  }
}

export function foldPlan(events: readonly PlanEvent[]): PlanState | undefined {
  return events.reduce<PlanState | undefined>(evolvePlan, undefined);
}
