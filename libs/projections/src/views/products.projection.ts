import type { EnrollmentCohort } from '@ledger/domain';
import { setOwn } from '../document-drafts';
import { DocumentDrafts, ProjectedEvent, Projection } from '../projection';

/** Counts of one plan year, or of one county in it. Money in fen. */
export interface CohortCounts {
  /** Enrollments that gave cover (paid, not undone by a full refund before coverage). */
  covered: number;
  /** Covered enrollments of people never covered by the product before. */
  newPeople: number;
  /** Covered enrollments of people covered the previous year (the renewal rate's numerator). */
  continuing: number;
  /** Premiums collected, net of refunds. */
  premiumFen: number;
  approvedPayoutFen: number;
  paidPayoutFen: number;
  approvedClaims: number;
  paidClaims: number;
}

/** One plan year of a product. */
export interface ProductYearDoc extends CohortCounts {
  planYear: number;
  planIds: string[];
  /** Enrollments waiting for a scheduled deduction now. */
  pending: number;
  /** Enrollments created by renewal runs (续保) and what became of them. */
  renewals: { created: number; pending: number; active: number; lapsed: number; cancelled: number };
  byCounty: Record<string, CohortCounts>;
}

/** The cumulative view of one product across its years (document key: the productId). */
export interface ProductDoc {
  productId: string;
  years: Record<string, ProductYearDoc>;
}

/**
 * Plans seen, for events recorded before products (without a cohort): planId → product and year.
 * Document key PLAN_INDEX_KEY.
 */
export interface PlanIndexDoc {
  plans: Record<string, { productId: string; planYear?: number }>;
}

export const PLAN_INDEX_KEY = '#plans';
export const UNKNOWN_REGION = 'unknown';

type ProductsDocument = ProductDoc | PlanIndexDoc;

function zeroCounts(): CohortCounts {
  return {
    covered: 0,
    newPeople: 0,
    continuing: 0,
    premiumFen: 0,
    approvedPayoutFen: 0,
    paidPayoutFen: 0,
    approvedClaims: 0,
    paidClaims: 0,
  };
}

function yearDoc(doc: ProductDoc, year: number, planId: string): ProductYearDoc {
  const key = String(year);
  let y = Object.hasOwn(doc.years, key) ? doc.years[key] : undefined;
  if (!y) {
    y = {
      planYear: year,
      planIds: [],
      ...zeroCounts(),
      pending: 0,
      renewals: { created: 0, pending: 0, active: 0, lapsed: 0, cancelled: 0 },
      byCounty: {},
    };
    setOwn(doc.years, key, y);
  }
  if (!y.planIds.includes(planId)) y.planIds.push(planId);
  return y;
}

function county(y: ProductYearDoc, region: string): CohortCounts {
  if (Object.hasOwn(y.byCounty, region)) return y.byCounty[region];
  const created = zeroCounts();
  setOwn(y.byCounty, region, created);
  return created;
}

/** The counts an event changes: its year's and its county's (mutates a draft). */
function both(y: ProductYearDoc, c: EnrollmentCohort, change: (counts: CohortCounts) => void) {
  change(y);
  change(county(y, c.regionCode));
}

function cover(y: ProductYearDoc, c: EnrollmentCohort, sign: 1 | -1): void {
  both(y, c, (n) => {
    n.covered += sign;
    if (c.firstInProduct) n.newPeople += sign;
    if (c.coveredPreviousYear) n.continuing += sign;
  });
}

type Data = Record<string, unknown> & { planId: string; occurredAt: string };

/**
 * The enrollment's cohort as recorded, or — for events recorded before products — what the plan
 * index tells (counted as first in the product, in an unknown county: later events of such an
 * enrollment do not repeat where it was).
 */
function cohortOf(data: Data, index: PlanIndexDoc | undefined): EnrollmentCohort | undefined {
  const recorded = data.cohort as EnrollmentCohort | undefined;
  if (recorded) return recorded;
  const plan = index?.plans[data.planId];
  if (!plan || plan.planYear === undefined) return undefined;
  return {
    productId: plan.productId,
    planYear: plan.planYear,
    regionCode: UNKNOWN_REGION,
    enrolledAt: data.occurredAt,
    firstInProduct: true,
    coveredPreviousYear: false,
  };
}

/**
 * Products across years (issue 16, docs/products.md): per product and plan year, enrollments that
 * gave cover, people new to the product, people continuing from last year (renewal rate),
 * pending deductions and renewal runs' results, premiums, approved and paid payouts — each also
 * by county (the insured's basic-insurance region). People are never stored: each enrollment's
 * cohort, decided when it was recorded from the person's other years in the log, says whether it
 * is someone's first or a continuation, so distinct people are the sum of first enrollments and
 * stay countable after an erasure.
 */
export const productsProjection: Projection<ProductsDocument> = {
  name: 'products',
  version: 1,
  streamPrefixes: ['plan-', 'policy-'],
  apply(event: ProjectedEvent, docs: DocumentDrafts<ProductsDocument>) {
    const data = event.data as Data;
    if (event.type === 'PlanPublished' || event.type === 'PlanAmended') {
      const def = (event.type === 'PlanPublished' ? data.definition : data.changes) as {
        productId?: string;
        planYear?: number;
      };
      if (event.type === 'PlanAmended' && def.planYear === undefined) return;
      const index = docs.edit(PLAN_INDEX_KEY, () => ({ plans: {} })) as PlanIndexDoc;
      const known = Object.hasOwn(index.plans, data.planId) ? index.plans[data.planId] : undefined;
      setOwn(index.plans, data.planId, {
        productId: def.productId ?? known?.productId ?? data.planId,
        ...((def.planYear ?? known?.planYear) !== undefined
          ? { planYear: def.planYear ?? known?.planYear }
          : {}),
      });
      return;
    }
    if (!TYPES.has(event.type)) return;
    const c = cohortOf(data, docs.get(PLAN_INDEX_KEY) as PlanIndexDoc | undefined);
    if (!c) return;
    const doc = docs.edit(c.productId, () => ({
      productId: c.productId,
      years: {},
    })) as ProductDoc;
    const y = yearDoc(doc, c.planYear, data.planId);
    const renewal = c.renewalRunId !== undefined;
    switch (event.type) {
      case 'PolicyEnrolled': {
        const contributions = data.contributions as { amountFen: number; status: string }[];
        const paid = contributions
          .filter((x) => x.status === 'paid')
          .reduce((s, x) => s + x.amountFen, 0);
        both(y, c, (n) => (n.premiumFen += paid));
        if (renewal) y.renewals.created += 1;
        if (contributions.some((x) => x.status === 'pending')) {
          y.pending += 1;
          if (renewal) y.renewals.pending += 1;
        } else {
          cover(y, c, 1);
          if (renewal) y.renewals.active += 1;
        }
        return;
      }
      case 'PersonalAccountDeductionSettled':
        both(y, c, (n) => (n.premiumFen += data.amountFen as number));
        if (data.statusAfter === 'active') {
          y.pending -= 1;
          cover(y, c, 1);
          if (renewal) {
            y.renewals.pending -= 1;
            y.renewals.active += 1;
          }
        }
        return;
      case 'EnrollmentReclassifiedAsSubsidized':
        both(y, c, (n) => (n.premiumFen += (data.contribution as { amountFen: number }).amountFen));
        if (data.previousStatus === 'pending_payment') {
          y.pending -= 1;
          cover(y, c, 1);
          if (renewal) {
            y.renewals.pending -= 1;
            y.renewals.active += 1;
          }
        }
        return;
      case 'ContributionRefunded':
        both(y, c, (n) => (n.premiumFen -= data.amountFen as number));
        return;
      case 'EnrollmentLapsed':
      case 'EnrollmentCancelled': {
        if (data.previousStatus === 'pending_payment') {
          y.pending -= 1;
          if (renewal) {
            y.renewals.pending -= 1;
            if (event.type === 'EnrollmentLapsed') y.renewals.lapsed += 1;
            else y.renewals.cancelled += 1;
          }
          return;
        }
        // Cancelled before coverage with everything refunded: it never gave cover.
        if (event.type === 'EnrollmentCancelled' && data.refundRule === 'full_before_coverage') {
          cover(y, c, -1);
          if (renewal) {
            y.renewals.active -= 1;
            y.renewals.cancelled += 1;
          }
        }
        return;
      }
      case 'PayoutApproved':
        both(y, c, (n) => {
          n.approvedPayoutFen += data.payoutFen as number;
          n.approvedClaims += 1;
        });
        return;
      case 'PayoutPaid':
        both(y, c, (n) => {
          n.paidPayoutFen += data.payoutFen as number;
          n.paidClaims += 1;
        });
        return;
    }
  },
};

const TYPES = new Set([
  'PolicyEnrolled',
  'PersonalAccountDeductionSettled',
  'EnrollmentReclassifiedAsSubsidized',
  'ContributionRefunded',
  'EnrollmentLapsed',
  'EnrollmentCancelled',
  'PayoutApproved',
  'PayoutPaid',
]);
