import { LocalizedName, PlanDefinition } from '@ledger/domain';
import { CoinsuranceDoc } from '../views/coinsurance.projection';
import { ProgressReport } from './progress-report';

export interface InsurerRow {
  insurerId: string;
  name: string;
  lead: boolean;
  shareBp?: number;
  premiumFen: number;
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
): CoinsuranceReport {
  const coalition = doc?.coalition;
  const insurers = Object.entries(doc?.insurers ?? {}).map(([insurerId, v]) => {
    const member = coalition?.members.find((m) => m.insurerId === insurerId);
    return {
      insurerId,
      name: v.name,
      lead: coalition?.leadInsurerId === insurerId,
      ...(member ? { shareBp: member.shareBp } : {}),
      premiumFen: v.premiumFen,
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
