import { LocalizedName, PlanDefinition } from '@ledger/domain';
import { CoinsuranceDoc } from '../views/coinsurance.projection';
import { lossRatios, payoutByInsurer, PayoutsDoc } from '../views/payouts.projection';
import { ProgressReport } from './progress-report';

export interface InsurerRow {
  insurerId: string;
  name: string;
  lead: boolean;
  shareBp?: number;
  premiumFen: number;
  /** Its parts of approved (incurred) and paid payouts. */
  approvedPayoutFen: number;
  paidPayoutFen: number;
  /** Approved payouts ÷ premium income in basis points (half-up); null without premium. */
  lossRatioBp: number | null;
  /** 1 = highest premium income (002 ranks insurers by it); ties share a rank. */
  rank: number;
}

export interface CoinsuranceReport {
  planId: string;
  totalPremiumFen: number;
  allocatedFen: number;
  unallocatedFen: number;
  insurers: InsurerRow[];
  /** 003: the two insurers promoting enrollment in each district, with the district's figures. */
  promotion: {
    districtId: string;
    name: LocalizedName;
    insurers: { insurerId: string; name: LocalizedName }[];
    active: number;
    targets: Record<string, number>;
  }[];
}

export function coinsuranceReport(
  plan: PlanDefinition,
  doc: CoinsuranceDoc | undefined,
  progress?: ProgressReport,
  payouts?: PayoutsDoc,
): CoinsuranceReport {
  const coalition = doc?.coalition;
  const approved = payoutByInsurer(payouts, 'approved');
  const paid = payoutByInsurer(payouts, 'paid');
  const premiums = Object.fromEntries(
    Object.entries(doc?.insurers ?? {}).map(([id, v]) => [id, v.premiumFen]),
  );
  const ratios = lossRatios(premiums, approved);
  const ids = [...new Set([...Object.keys(premiums), ...Object.keys(approved)])];
  const insurers: InsurerRow[] = ids.map((insurerId) => {
    const member = coalition?.members.find((m) => m.insurerId === insurerId);
    return {
      insurerId,
      name: doc?.insurers[insurerId]?.name ?? payouts?.insurers[insurerId]?.name ?? insurerId,
      lead: coalition?.leadInsurerId === insurerId,
      ...(member ? { shareBp: member.shareBp } : {}),
      premiumFen: premiums[insurerId] ?? 0,
      approvedPayoutFen: approved[insurerId] ?? 0,
      paidPayoutFen: paid[insurerId] ?? 0,
      lossRatioBp: ratios[insurerId] ?? null,
      rank: 0,
    };
  });
  const sorted = [...insurers].sort(
    (a, b) => b.premiumFen - a.premiumFen || a.insurerId.localeCompare(b.insurerId),
  );
  sorted.forEach(
    (row, i) =>
      (row.rank =
        i > 0 && sorted[i - 1].premiumFen === row.premiumFen ? sorted[i - 1].rank : i + 1),
  );
  const allocatedFen = insurers.reduce((s, r) => s + r.premiumFen, 0);
  return {
    planId: plan.planId,
    totalPremiumFen: doc?.totalPremiumFen ?? 0,
    allocatedFen,
    unallocatedFen: doc?.unallocatedFen ?? 0,
    insurers: sorted,
    promotion: plan.districts.map((d) => {
      const row = progress?.districts.find((x) => x.id === d.districtId);
      return {
        districtId: d.districtId,
        name: d.name,
        insurers: d.promotingInsurers,
        active: row?.active ?? 0,
        targets: Object.fromEntries(
          Object.entries(row?.targets ?? {}).map(([k, v]) => [k, v.target]),
        ),
      };
    }),
  };
}
