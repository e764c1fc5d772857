import { PlanDefinition } from '@ledger/domain';
import { SubsidyDoc } from '../views/subsidy-ledger.projection';

export interface SubsidyRow extends SubsidyDoc {
  categoryName?: string;
}

export interface SubsidyReport {
  planId: string;
  rows: SubsidyRow[];
  totals: { people: number; amountFen: number; refundedFen: number };
}

/** Subsidies owed per funder and category, with the plan's category names. */
export function subsidyReport(plan: PlanDefinition, docs: readonly SubsidyDoc[]): SubsidyReport {
  const rows = docs
    .map((d) => {
      const category = plan.subsidyCategories.find((c) => c.code === d.category);
      return { ...d, ...(category ? { categoryName: category.name.zh } : {}) };
    })
    .sort(
      (a, b) =>
        a.source.localeCompare(b.source) ||
        a.funderId.localeCompare(b.funderId) ||
        (a.category ?? '').localeCompare(b.category ?? ''),
    );
  return {
    planId: plan.planId,
    rows,
    totals: {
      people: rows.reduce((s, r) => s + r.people, 0),
      amountFen: rows.reduce((s, r) => s + r.amountFen, 0),
      refundedFen: rows.reduce((s, r) => s + r.refundedFen, 0),
    },
  };
}
