import type {
  ClaimAdjudicatedData,
  ClaimEventOf,
  PayoutApprovedData,
  PayoutPart,
  ResponsibilityPayout,
} from '@ledger/domain';
import { setOwn } from '../document-drafts';
import { DocumentDrafts, ProjectedEvent, Projection } from '../projection';

/** One responsibility's claims and payouts in a plan, in fen. */
export interface ResponsibilityPayouts {
  responsibilityCode: string;
  /** Adjudicated claim lines on the responsibility (drugs of one claim are one line). */
  lines: number;
  countedFen: number;
  /** Before caps, rounded once per claim per responsibility. */
  rawPayoutFen: number;
  /** After the responsibility and plan caps: what the adjudications pay. */
  adjudicatedFen: number;
  /** Lines whose payout a cap reduced. */
  cappedLines: number;
  approvedFen: number;
  paidFen: number;
}

/** One coalition member's parts of the payouts of a plan. */
export interface InsurerPayouts {
  insurerId: string;
  name: string;
  approvedFen: number;
  paidFen: number;
  /** Payouts it has a part in. */
  approvals: number;
}

/** The payouts view of one plan (document key: the planId). */
export interface PayoutsDoc {
  planId: string;
  claims: { adjudicated: number; rejected: number; approved: number; paid: number };
  /** Business rejections recorded (ClaimRejected), by rule. */
  rejectionsByRule: Record<string, number>;
  responsibilities: Record<string, ResponsibilityPayouts>;
  insurers: Record<string, InsurerPayouts>;
  totals: { countedFen: number; adjudicatedFen: number; approvedFen: number; paidFen: number };
}

export function emptyPayoutsDoc(planId: string): PayoutsDoc {
  return {
    planId,
    claims: { adjudicated: 0, rejected: 0, approved: 0, paid: 0 },
    rejectionsByRule: {},
    responsibilities: {},
    insurers: {},
    totals: { countedFen: 0, adjudicatedFen: 0, approvedFen: 0, paidFen: 0 },
  };
}

/** The draft's entry of a responsibility, created with zeros when it is new. */
function responsibility(doc: PayoutsDoc, code: string): ResponsibilityPayouts {
  if (Object.hasOwn(doc.responsibilities, code)) return doc.responsibilities[code];
  const created: ResponsibilityPayouts = {
    responsibilityCode: code,
    lines: 0,
    countedFen: 0,
    rawPayoutFen: 0,
    adjudicatedFen: 0,
    cappedLines: 0,
    approvedFen: 0,
    paidFen: 0,
  };
  setOwn(doc.responsibilities, code, created);
  return created;
}

/** Mutates `doc`, a draft. */
function adjudicated(doc: PayoutsDoc, d: ClaimAdjudicatedData): void {
  for (const b of d.breakdown) {
    const r = responsibility(doc, b.responsibilityCode);
    r.lines += 1;
    r.countedFen += b.countedFen;
    r.rawPayoutFen += b.rawPayoutFen;
    r.adjudicatedFen += b.payoutFen;
    r.cappedLines += b.cappedBy === 'none' ? 0 : 1;
  }
  doc.claims.adjudicated += 1;
  doc.totals.countedFen += d.totals.countedFen;
  doc.totals.adjudicatedFen += d.payoutFen;
}

/** Adds an approved or a paid payout: per responsibility and per insurer part (mutates `doc`). */
function payout(
  doc: PayoutsDoc,
  stage: 'approved' | 'paid',
  payoutFen: number,
  byResponsibility: readonly ResponsibilityPayout[],
  parts: readonly PayoutPart[],
): void {
  const field = stage === 'approved' ? 'approvedFen' : 'paidFen';
  for (const p of byResponsibility) responsibility(doc, p.responsibilityCode)[field] += p.payoutFen;
  for (const part of parts) {
    let insurer: InsurerPayouts;
    if (Object.hasOwn(doc.insurers, part.insurerId)) insurer = doc.insurers[part.insurerId];
    else {
      insurer = {
        insurerId: part.insurerId,
        name: part.name.zh,
        approvedFen: 0,
        paidFen: 0,
        approvals: 0,
      };
      setOwn(doc.insurers, part.insurerId, insurer);
    }
    insurer[field] += part.amountFen;
    insurer.approvals += stage === 'approved' ? 1 : 0;
  }
  doc.claims[stage] += 1;
  doc.totals[field] += payoutFen;
}

/**
 * Payouts per plan and responsibility, and each insurer's parts (DOMAIN.md Benefits,
 * Coinsurance). Pure: reads only the fat claim events of the policy streams.
 */
export const payoutsProjection: Projection<PayoutsDoc> = {
  name: 'payouts',
  version: 1,
  streamPrefixes: ['policy-'],
  apply(event: ProjectedEvent, docs: DocumentDrafts<PayoutsDoc>) {
    const type = event.type;
    if (
      type !== 'ClaimAdjudicated' &&
      type !== 'ClaimRejected' &&
      type !== 'PayoutApproved' &&
      type !== 'PayoutPaid'
    ) {
      return;
    }
    const planId = (event.data as { planId?: unknown }).planId;
    if (typeof planId !== 'string') return;
    const doc = docs.edit(planId, () => emptyPayoutsDoc(planId));
    switch (type) {
      case 'ClaimAdjudicated':
        adjudicated(doc, event.data as unknown as ClaimAdjudicatedData);
        return;
      case 'ClaimRejected': {
        const { rule } = event.data as unknown as ClaimEventOf<'ClaimRejected'>['data'];
        const count = Object.hasOwn(doc.rejectionsByRule, rule) ? doc.rejectionsByRule[rule] : 0;
        doc.claims.rejected += 1;
        setOwn(doc.rejectionsByRule, rule, count + 1);
        return;
      }
      case 'PayoutApproved': {
        const d = event.data as unknown as PayoutApprovedData;
        payout(doc, 'approved', d.payoutFen, d.byResponsibility, d.parts);
        return;
      }
      case 'PayoutPaid': {
        const d = event.data as unknown as ClaimEventOf<'PayoutPaid'>['data'];
        payout(doc, 'paid', d.payoutFen, d.byResponsibility, d.parts);
        return;
      }
    }
  },
};

/** The API's answer: the view of one plan, lists in first-seen order, with the fen check. */
export interface PayoutsView {
  planId: string;
  claims: PayoutsDoc['claims'];
  rejectionsByRule: Record<string, number>;
  totals: PayoutsDoc['totals'];
  byResponsibility: ResponsibilityPayouts[];
  byInsurer: InsurerPayouts[];
  /** The insurers' parts add up to the approved and the paid totals, to the fen. */
  partsAddUp: boolean;
}

export function payoutsView(planId: string, doc: PayoutsDoc | undefined): PayoutsView {
  const d = doc ?? emptyPayoutsDoc(planId);
  const byInsurer = Object.values(d.insurers);
  const sum = (field: 'approvedFen' | 'paidFen') => byInsurer.reduce((s, i) => s + i[field], 0);
  return {
    planId: d.planId,
    claims: d.claims,
    rejectionsByRule: d.rejectionsByRule,
    totals: d.totals,
    byResponsibility: Object.values(d.responsibilities),
    byInsurer,
    partsAddUp: sum('approvedFen') === d.totals.approvedFen && sum('paidFen') === d.totals.paidFen,
  };
}

/** Each insurer's approved (incurred) or paid payouts, for lossRatios. */
export function payoutByInsurer(
  doc: PayoutsDoc | undefined,
  basis: 'approved' | 'paid' = 'approved',
): Record<string, number> {
  const field = basis === 'approved' ? 'approvedFen' : 'paidFen';
  return Object.fromEntries(Object.values(doc?.insurers ?? {}).map((i) => [i.insurerId, i[field]]));
}

/**
 * Loss ratio per insurer (DOMAIN.md Coinsurance: payouts ÷ premiums) in basis points, rounded
 * half-up; null when the insurer has no premium income (0 or absent). Insurers of either map.
 */
export function lossRatios(
  premiumByInsurer: Record<string, number>,
  payoutByInsurer: Record<string, number>,
): Record<string, number | null> {
  const ids = new Set([...Object.keys(premiumByInsurer), ...Object.keys(payoutByInsurer)]);
  const result: Record<string, number | null> = {};
  for (const id of ids) {
    const premium = Object.hasOwn(premiumByInsurer, id) ? premiumByInsurer[id] : 0;
    const paid = Object.hasOwn(payoutByInsurer, id) ? payoutByInsurer[id] : 0;
    if (!Number.isSafeInteger(premium) || !Number.isSafeInteger(paid)) {
      throw new RangeError(`premium and payout of ${id} must be integer fen`);
    }
    if (premium <= 0) {
      result[id] = null;
      continue;
    }
    // (paid × 10,000 + premium / 2) div premium, exact in BigInt.
    const p = BigInt(premium);
    result[id] = Number((BigInt(paid) * 10_000n * 2n + p) / (2n * p));
  }
  return result;
}
