import type { BenefitSchedule, Coverage, LocalizedName } from '@ledger/domain';
import { CoinsuranceDoc } from '../views/coinsurance.projection';
import { PayoutsDoc } from '../views/payouts.projection';
import { CohortCounts, ProductDoc, ProductYearDoc } from '../views/products.projection';

/** What the product's own records say, joined with the views (from the ledger layer). */
export interface ProductFacts {
  productId: string;
  productName: LocalizedName;
  /** The product's yearly plans, by year. */
  plans: {
    planId: string;
    planYear: number;
    coverage?: Coverage;
    benefits?: BenefitSchedule;
    /** Members of every coalition the year's premiums are split by (names, lead). */
    coalitionMembers: { insurerId: string; name: LocalizedName; lead: boolean }[];
  }[];
  terms: { termId: string; fromYear: number; toYear: number }[];
  operatingCosts: {
    planYear: number;
    insurerId: string;
    amountFen: number;
    note?: string;
    occurredAt: string;
  }[];
  /** GB/T 2260 names of the region's counties, where the product's region has them. */
  countyNames?: Readonly<Record<string, LocalizedName>>;
}

/** numerator ÷ denominator in basis points, rounded half-up; null without a denominator. */
export function ratioBp(numerator: number, denominator: number): number | null {
  if (denominator <= 0) return null;
  const d = BigInt(denominator);
  return Number((BigInt(numerator) * 20_000n + d) / (2n * d));
}

export interface InsurerPremiumRow {
  insurerId: string;
  name: string;
  premiumFen: number;
  /** 1 = highest premium income (002 五(二) ranks institutions by it); ties share a rank. */
  rank: number;
}

function ranked(rows: Omit<InsurerPremiumRow, 'rank'>[]): InsurerPremiumRow[] {
  // String(): a coalition recorded before its member ids were checked may hold other values.
  const sorted = [...rows].sort(
    (a, b) => b.premiumFen - a.premiumFen || String(a.insurerId).localeCompare(String(b.insurerId)),
  );
  const out: InsurerPremiumRow[] = [];
  sorted.forEach((row, i) => {
    const rank = i > 0 && sorted[i - 1].premiumFen === row.premiumFen ? out[i - 1].rank : i + 1;
    out.push({ ...row, rank });
  });
  return out;
}

function insurerPremiums(docs: (CoinsuranceDoc | undefined)[]): InsurerPremiumRow[] {
  const totals = new Map<string, { name: string; premiumFen: number }>();
  for (const doc of docs) {
    for (const [insurerId, entry] of Object.entries(doc?.insurers ?? {})) {
      const t = totals.get(insurerId) ?? { name: entry.name, premiumFen: 0 };
      t.premiumFen += entry.premiumFen;
      totals.set(insurerId, t);
    }
  }
  return ranked([...totals].map(([insurerId, t]) => ({ insurerId, ...t })));
}

export interface YearFigures {
  enrollments: number;
  newPeople: number;
  continuing: number;
  /** People continuing from last year ÷ last year's enrollments (续保率), basis points. */
  renewalRateBp: number | null;
  premiumFen: number;
  approvedPayoutFen: number;
  paidPayoutFen: number;
  approvedClaims: number;
  paidClaims: number;
  /** Approved (incurred) payouts ÷ premiums, basis points (half-up). */
  lossRatioBp: number | null;
  /** Paid payouts ÷ premiums. */
  paidLossRatioBp: number | null;
}

function figures(n: CohortCounts | undefined, previousEnrollments?: number): YearFigures {
  const c = n ?? {
    covered: 0,
    newPeople: 0,
    continuing: 0,
    premiumFen: 0,
    approvedPayoutFen: 0,
    paidPayoutFen: 0,
    approvedClaims: 0,
    paidClaims: 0,
  };
  return {
    enrollments: c.covered,
    newPeople: c.newPeople,
    continuing: c.continuing,
    renewalRateBp:
      previousEnrollments === undefined ? null : ratioBp(c.continuing, previousEnrollments),
    premiumFen: c.premiumFen,
    approvedPayoutFen: c.approvedPayoutFen,
    paidPayoutFen: c.paidPayoutFen,
    approvedClaims: c.approvedClaims,
    paidClaims: c.paidClaims,
    lossRatioBp: ratioBp(c.approvedPayoutFen, c.premiumFen),
    paidLossRatioBp: ratioBp(c.paidPayoutFen, c.premiumFen),
  };
}

export interface Totals {
  /** People ever covered by the product: each counted once, by personRef (erasure keeps it). */
  distinctPeople: number;
  /** Covered enrollments summed over the years (a person covered twice counts twice). */
  enrollments: number;
  premiumFen: number;
  approvedPayoutFen: number;
  paidPayoutFen: number;
  lossRatioBp: number | null;
  paidLossRatioBp: number | null;
}

function totals(rows: readonly YearFigures[]): Totals {
  const sum = (f: (r: YearFigures) => number) => rows.reduce((s, r) => s + f(r), 0);
  const premiumFen = sum((r) => r.premiumFen);
  const approvedPayoutFen = sum((r) => r.approvedPayoutFen);
  const paidPayoutFen = sum((r) => r.paidPayoutFen);
  return {
    distinctPeople: sum((r) => r.newPeople),
    enrollments: sum((r) => r.enrollments),
    premiumFen,
    approvedPayoutFen,
    paidPayoutFen,
    lossRatioBp: ratioBp(approvedPayoutFen, premiumFen),
    paidLossRatioBp: ratioBp(paidPayoutFen, premiumFen),
  };
}

export interface ProductYearRow extends YearFigures {
  planYear: number;
  planIds: string[];
  /** Enrollments waiting for a scheduled deduction. */
  pending: number;
  renewals: ProductYearDoc['renewals'];
  /** The product up to and including this year. */
  cumulative: Totals;
}

export interface CountyRow extends Totals {
  regionCode: string;
  name?: LocalizedName;
  years: ({ planYear: number } & YearFigures)[];
}

export interface ProductCumulativeReport {
  title: LocalizedName;
  productId: string;
  productName: LocalizedName;
  overall: Totals;
  years: ProductYearRow[];
  byCounty: CountyRow[];
  insurerRanking: {
    byYear: { planYear: number; planId: string; insurers: InsurerPremiumRow[] }[];
    byTerm: { termId: string; fromYear: number; toYear: number; insurers: InsurerPremiumRow[] }[];
  };
}

/**
 * The cumulative view of a product (issue 16; 004 "两年来…累计参保群众达83万余人，累计支付报销
 * 6255万元"): per year and over all years, people covered (distinct and per year), renewal rate,
 * premiums, payouts and loss ratios, by county; insurers ranked by premium income per year and
 * per coalition term (002 五(二)).
 */
export function productCumulativeReport(
  facts: ProductFacts,
  doc: ProductDoc | undefined,
  coinsurance: ReadonlyMap<string, CoinsuranceDoc>,
): ProductCumulativeReport {
  const yearDocs = Object.values(doc?.years ?? {}).sort((a, b) => a.planYear - b.planYear);
  const years: ProductYearRow[] = [];
  let previous: ProductYearDoc | undefined;
  for (const y of yearDocs) {
    const prevCovered =
      previous && previous.planYear === y.planYear - 1 ? previous.covered : undefined;
    const row = figures(y, prevCovered);
    years.push({
      planYear: y.planYear,
      planIds: y.planIds,
      ...row,
      pending: y.pending,
      renewals: y.renewals,
      cumulative: totals([...years, row]),
    });
    previous = y;
  }
  const regions = [...new Set(yearDocs.flatMap((y) => Object.keys(y.byCounty)))].sort();
  const byCounty: CountyRow[] = regions.map((regionCode) => {
    const rows = yearDocs.map((y, i) => {
      const prev = yearDocs[i - 1];
      const prevCovered =
        prev && prev.planYear === y.planYear - 1
          ? (prev.byCounty[regionCode]?.covered ?? 0)
          : undefined;
      return { planYear: y.planYear, ...figures(y.byCounty[regionCode], prevCovered) };
    });
    const name = facts.countyNames?.[regionCode];
    return { regionCode, ...(name ? { name } : {}), ...totals(rows), years: rows };
  });
  const planOf = (year: number) => facts.plans.find((p) => p.planYear === year);
  return {
    title: {
      zh: `${facts.productName.zh}累计情况`,
      en: `${facts.productName.en}: cumulative figures`,
    },
    productId: facts.productId,
    productName: facts.productName,
    overall: totals(years),
    years,
    byCounty,
    insurerRanking: {
      byYear: facts.plans.map((p) => ({
        planYear: p.planYear,
        planId: p.planId,
        insurers: insurerPremiums([coinsurance.get(p.planId)]),
      })),
      byTerm: facts.terms.map((t) => ({
        ...t,
        insurers: insurerPremiums(
          Array.from({ length: t.toYear - t.fromYear + 1 }, (_, i) => planOf(t.fromYear + i))
            .filter((p) => p !== undefined)
            .map((p) => coinsurance.get(p.planId)),
        ),
      })),
    },
  };
}

export interface YearEndInsurerRow {
  insurerId: string;
  name: string;
  lead: boolean;
  premiumFen: number;
  approvedPayoutFen: number;
  paidPayoutFen: number;
  lossRatioBp: number | null;
  /** As the insurer stated it (002 三(四) 综合运营成本); null when not stated yet. */
  operatingCostFen: number | null;
  /** (approved payouts + operating cost) ÷ premium. */
  combinedRatioBp: number | null;
  rank: number;
}

export interface YearEndReport {
  title: LocalizedName;
  productId: string;
  planId: string;
  planYear: number;
  coverage?: Coverage;
  premiumFen: number;
  approvedPayoutFen: number;
  paidPayoutFen: number;
  lossRatioBp: number | null;
  paidLossRatioBp: number | null;
  operatingCostFen: number;
  combinedRatioBp: number | null;
  /** Premium − approved payouts − operating costs stated. */
  resultFen: number;
  /** 002 三(五) 收不抵支: the year's premiums did not cover payouts and costs. */
  shortfall: boolean;
  byResponsibility: {
    responsibilityCode: string;
    name?: LocalizedName;
    lines: number;
    approvedFen: number;
    paidFen: number;
    /** The responsibility's approved payouts ÷ the year's premiums. */
    lossRatioBp: number | null;
  }[];
  byInsurer: YearEndInsurerRow[];
  operatingCosts: ProductFacts['operatingCosts'];
  /** Insurers that have not stated their operating cost for the year yet. */
  operatingCostMissing: string[];
}

/**
 * The year-end report that informs next year's plan (002 三(四) "结合年度赔付率、综合运营成本…作
 * 动态调整", 三(五) 收不抵支): premiums, payouts and loss ratio per responsibility and per insurer,
 * the operating costs the insurers stated, the combined ratio and the result.
 */
export function yearEndReport(
  facts: ProductFacts,
  planYear: number,
  coinsurance: CoinsuranceDoc | undefined,
  payouts: PayoutsDoc | undefined,
): YearEndReport | undefined {
  const plan = facts.plans.find((p) => p.planYear === planYear);
  if (!plan) return undefined;
  const premiumFen = coinsurance?.totalPremiumFen ?? 0;
  const approvedPayoutFen = payouts?.totals.approvedFen ?? 0;
  const paidPayoutFen = payouts?.totals.paidFen ?? 0;
  const costs = facts.operatingCosts.filter((c) => c.planYear === planYear);
  const operatingCostFen = costs.reduce((s, c) => s + c.amountFen, 0);
  const ids = new Set([
    ...plan.coalitionMembers.map((m) => m.insurerId),
    ...Object.keys(coinsurance?.insurers ?? {}),
    ...Object.keys(payouts?.insurers ?? {}),
  ]);
  const rows = [...ids].map((insurerId) => {
    const member = plan.coalitionMembers.find((m) => m.insurerId === insurerId);
    const premium = coinsurance?.insurers[insurerId]?.premiumFen ?? 0;
    const approved = payouts?.insurers[insurerId]?.approvedFen ?? 0;
    const cost = costs.find((c) => c.insurerId === insurerId);
    return {
      insurerId,
      name:
        member?.name.zh ??
        coinsurance?.insurers[insurerId]?.name ??
        payouts?.insurers[insurerId]?.name ??
        insurerId,
      lead: member?.lead ?? false,
      premiumFen: premium,
      approvedPayoutFen: approved,
      paidPayoutFen: payouts?.insurers[insurerId]?.paidFen ?? 0,
      lossRatioBp: ratioBp(approved, premium),
      operatingCostFen: cost ? cost.amountFen : null,
      combinedRatioBp: ratioBp(approved + (cost?.amountFen ?? 0), premium),
    };
  });
  const rankOf = new Map(
    ranked(
      rows.map((r) => ({ insurerId: r.insurerId, name: r.name, premiumFen: r.premiumFen })),
    ).map((r) => [r.insurerId, r.rank]),
  );
  const names = new Map(plan.benefits?.responsibilities.map((r) => [r.code, r.name]) ?? []);
  return {
    title: {
      zh: `${facts.productName.zh}${planYear}年度运行情况`,
      en: `${facts.productName.en} ${planYear}: year-end report`,
    },
    productId: facts.productId,
    planId: plan.planId,
    planYear,
    ...(plan.coverage ? { coverage: plan.coverage } : {}),
    premiumFen,
    approvedPayoutFen,
    paidPayoutFen,
    lossRatioBp: ratioBp(approvedPayoutFen, premiumFen),
    paidLossRatioBp: ratioBp(paidPayoutFen, premiumFen),
    operatingCostFen,
    combinedRatioBp: ratioBp(approvedPayoutFen + operatingCostFen, premiumFen),
    resultFen: premiumFen - approvedPayoutFen - operatingCostFen,
    shortfall: premiumFen - approvedPayoutFen - operatingCostFen < 0,
    byResponsibility: Object.values(payouts?.responsibilities ?? {}).map((r) => {
      const name = names.get(r.responsibilityCode);
      return {
        responsibilityCode: r.responsibilityCode,
        ...(name ? { name } : {}),
        lines: r.lines,
        approvedFen: r.approvedFen,
        paidFen: r.paidFen,
        lossRatioBp: ratioBp(r.approvedFen, premiumFen),
      };
    }),
    byInsurer: rows
      .map((r) => ({ ...r, rank: rankOf.get(r.insurerId)! }))
      .sort((a, b) => a.rank - b.rank || a.insurerId.localeCompare(b.insurerId)),
    operatingCosts: costs,
    operatingCostMissing: plan.coalitionMembers
      .map((m) => m.insurerId)
      .filter((id) => !costs.some((c) => c.insurerId === id)),
  };
}
