import { PlanDefinition, PlanState, TableDiscrepancy } from '@ledger/domain';
import { CoinsuranceReport, PayoutsView, ProgressReport, ScorecardRow } from '@ledger/projections';
import { PlanVisibility } from '../plan-visibility';

/**
 * Every view a scoped caller reads passes through here: one place decides what of a report a
 * township official or an insurer sees (docs/access.md, "What each role sees"). Whole-plan
 * callers get the report as it is.
 */
export type ScopedViewKind =
  'plan' | 'progress' | 'scorecard' | 'coinsurance' | 'payouts' | 'history';

export function progressFor(report: ProgressReport, v: PlanVisibility): ProgressReport {
  if (v.kind === 'whole') return report;
  const { unassigned: _unassigned, ...rest } = report;
  return {
    ...rest,
    districts: report.districts.filter((d) => v.districts.has(d.id)),
    townships: v.kind === 'places' ? report.townships.filter((t) => v.townships.has(t.id)) : [],
  };
}

export function scorecardFor<T extends { townships: ScorecardRow[] }>(
  report: T,
  v: PlanVisibility,
): T {
  if (v.kind === 'whole') return report;
  return {
    ...report,
    townships:
      v.kind === 'places' ? report.townships.filter((t) => v.townships.has(t.townshipId)) : [],
  };
}

export function coinsuranceFor(report: CoinsuranceReport, v: PlanVisibility): CoinsuranceReport {
  if (v.kind === 'whole') return report;
  const own = v.kind === 'insurer' ? v.insurerId : undefined;
  return {
    ...report,
    insurers: report.insurers.filter((r) => r.insurerId === own),
    promotion: report.promotion
      .filter((p) => v.districts.has(p.districtId))
      .map((p) => ({ ...p, insurers: p.insurers.filter((i) => i.insurerId === own) })),
  };
}

export function payoutsFor(view: PayoutsView, v: PlanVisibility): PayoutsView {
  if (v.kind === 'whole') return view;
  const own = v.kind === 'insurer' ? v.insurerId : undefined;
  return { ...view, byInsurer: view.byInsurer.filter((i) => i.insurerId === own) };
}

/**
 * A person's event history as an insurer reads it (already de-identified by the view): a payout's
 * split keeps only the insurer's own part; the coalition's shares stay (every member has them).
 */
export function historyFor<T extends { data?: unknown }[]>(events: T, v: PlanVisibility): T {
  if (v.kind !== 'insurer') return events;
  return events.map((e) => {
    const data = e.data as { parts?: { insurerId?: string }[] } | undefined;
    if (!data || !Array.isArray(data.parts)) return e;
    return {
      ...e,
      data: { ...data, parts: data.parts.filter((p) => p.insurerId === v.insurerId) },
    };
  }) as T;
}

/** A table discrepancy names a township or district by name; keep those the caller sees. */
function discrepancyVisible(
  d: TableDiscrepancy,
  townshipNames: ReadonlySet<string>,
  districtNames: ReadonlySet<string>,
): boolean {
  switch (d.kind) {
    case 'target_disagrees_with_rate':
      return townshipNames.has(d.township);
    case 'stated_subtotal_mismatch':
      return districtNames.has(d.district);
    case 'stated_total_mismatch':
      return true;
    default:
      return false;
  }
}

type PlanView = {
  definition: PlanDefinition;
  tableImports: PlanState['tableImports'];
};

export function planFor<T extends PlanView>(view: T, v: PlanVisibility): T {
  if (v.kind !== 'places') return view;
  const d = view.definition;
  const townships = d.townships.filter((t) => v.townships.has(t.townshipId));
  const districts = d.districts.filter((x) => v.districts.has(x.districtId));
  const townshipNames = new Set(townships.map((t) => t.name.zh));
  const districtNames = new Set(districts.map((x) => x.name.zh));
  return {
    ...view,
    definition: { ...d, townships, districts },
    tableImports: view.tableImports.map((t) => ({
      ...t,
      discrepancies: t.discrepancies.filter((x) =>
        discrepancyVisible(x, townshipNames, districtNames),
      ),
    })),
  };
}

/** The filter of a view kind, applied to a response body. */
export function scopedView(kind: ScopedViewKind, body: unknown, v: PlanVisibility): unknown {
  switch (kind) {
    case 'plan':
      return planFor(body as PlanView, v);
    case 'progress':
      return progressFor(body as ProgressReport, v);
    case 'scorecard':
      return scorecardFor(body as { townships: ScorecardRow[] }, v);
    case 'coinsurance':
      return coinsuranceFor(body as CoinsuranceReport, v);
    case 'payouts':
      return payoutsFor(body as PayoutsView, v);
    case 'history':
      return historyFor(body as { data?: unknown }[], v);
  }
}
