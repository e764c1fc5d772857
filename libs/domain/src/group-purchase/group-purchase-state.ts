import { GroupPurchaseEvent } from './group-purchase-events';

type DataOf<T extends GroupPurchaseEvent['type']> = Extract<
  GroupPurchaseEvent,
  { type: T }
>['data'];

/** One batch (staff list) of a purchaser: as submitted, as applied, and its remittance. */
export interface GroupBatchState {
  submitted: DataOf<'GroupPurchaseSubmitted'>;
  applied?: DataOf<'GroupPurchaseBatchApplied'>;
  remittance?: DataOf<'GroupRemittanceReceived'>;
}

export interface EmployerState {
  planId: string;
  employerId: string;
  batches: Record<string, GroupBatchState>;
  lastOccurredAt: string;
}

export function evolveEmployer(
  state: EmployerState | undefined,
  event: GroupPurchaseEvent,
): EmployerState {
  const d = event.data;
  const current: EmployerState = state ?? {
    planId: d.planId,
    employerId: d.employerId,
    batches: {},
    lastOccurredAt: d.occurredAt,
  };
  const batch = current.batches[d.batchId];
  const next = (b: GroupBatchState): EmployerState => ({
    ...current,
    batches: { ...current.batches, [d.batchId]: b },
    lastOccurredAt: d.occurredAt,
  });
  switch (event.type) {
    case 'GroupPurchaseSubmitted':
      return next({ submitted: event.data });
    case 'GroupPurchaseBatchApplied':
      if (!batch) throw new Error(`batch ${d.batchId} applied before it was submitted`);
      return next({ ...batch, applied: event.data });
    case 'GroupRemittanceReceived':
      if (!batch) throw new Error(`remittance for batch ${d.batchId} before it was submitted`);
      return next({ ...batch, remittance: event.data });
  }
}

export function foldEmployer(events: readonly GroupPurchaseEvent[]): EmployerState | undefined {
  return events.reduce<EmployerState | undefined>(evolveEmployer, undefined);
}
