import { Coalition, splitByLargestRemainder } from '@ledger/domain';
import { DocumentDrafts, ProjectedEvent, Projection } from '../projection';

/** One plan's premium income per coalition member (共保体保费收入). */
export interface CoinsuranceDoc {
  planId: string;
  /** The coalition in effect now; earlier ones are in the plan's history. */
  coalition?: Coalition;
  insurers: Record<string, { name: string; premiumFen: number }>;
  /** Premiums net of refunds, in fen. Equals the insurers' sum plus what is unallocated. */
  totalPremiumFen: number;
  /** Premiums recorded before any coalition was set: amount (fen) → how many. */
  unallocated: Record<string, number>;
  unallocatedFen: number;
}

/** Splits a premium (times over) among the coalition's members (mutates `doc`, a draft). */
function allocate(doc: CoinsuranceDoc, amountFen: number, times = 1): void {
  const coalition = doc.coalition!;
  const parts = splitByLargestRemainder(amountFen, coalition.members);
  for (const m of coalition.members) {
    const prev = Object.hasOwn(doc.insurers, m.insurerId) ? doc.insurers[m.insurerId] : undefined;
    const premiumFen = (prev?.premiumFen ?? 0) + parts.get(m.insurerId)! * times;
    if (prev) {
      prev.name = m.name.zh;
      prev.premiumFen = premiumFen;
    } else doc.insurers[m.insurerId] = { name: m.name.zh, premiumFen };
  }
}

/** Adds a premium (negative for a refund): split now, or held until a coalition exists. */
function record(doc: CoinsuranceDoc, amountFen: number): void {
  if (amountFen === 0) return;
  doc.totalPremiumFen += amountFen;
  if (doc.coalition) {
    allocate(doc, amountFen);
    return;
  }
  const k = String(amountFen);
  doc.unallocated[k] = (Object.hasOwn(doc.unallocated, k) ? doc.unallocated[k] : 0) + 1;
  doc.unallocatedFen += amountFen;
}

/**
 * Insurer coinsurance: every premium split among the coalition by shares with the largest
 * remainder method in fen (DOMAIN.md), with the coalition in effect when the premium is recorded.
 * Premiums recorded while a plan has no coalition yet (the seeds give no shares) are allocated,
 * each one on its own, when the first coalition is set.
 */
export const coinsuranceProjection: Projection<CoinsuranceDoc> = {
  name: 'coinsurance',
  version: 1,
  streamPrefixes: ['plan-', 'policy-'],
  apply(event: ProjectedEvent, docs: DocumentDrafts<CoinsuranceDoc>) {
    const data = event.data as Record<string, unknown> & { planId: string };
    const key = data.planId;
    const edit = () =>
      docs.edit(key, () => ({
        planId: key,
        insurers: {},
        totalPremiumFen: 0,
        unallocated: {},
        unallocatedFen: 0,
      }));
    switch (event.type) {
      case 'PlanPublished':
      case 'PlanAmended': {
        const coalition = (
          (event.type === 'PlanPublished' ? data.definition : data.changes) as {
            coalition?: Coalition;
          }
        ).coalition;
        if (!coalition) return;
        const doc = edit();
        doc.coalition = coalition;
        for (const [amount, count] of Object.entries(doc.unallocated))
          allocate(doc, Number(amount), count);
        doc.unallocated = {};
        doc.unallocatedFen = 0;
        return;
      }
      case 'PolicyEnrolled': {
        const paid = (data.contributions as { amountFen: number; status: string }[])
          .filter((c) => c.status === 'paid')
          .reduce((s, c) => s + c.amountFen, 0);
        record(edit(), paid);
        return;
      }
      case 'PersonalAccountDeductionSettled':
        record(edit(), data.amountFen as number);
        return;
      case 'ContributionRefunded':
        record(edit(), -(data.amountFen as number));
        return;
      case 'EnrollmentReclassifiedAsSubsidized':
        record(edit(), (data.contribution as { amountFen: number }).amountFen);
        return;
    }
  },
};
