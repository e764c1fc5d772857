import { Coalition, splitByLargestRemainder } from '@ledger/domain';
import { DocumentReader, ProjectedEvent, Projection } from '../projection';

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

function allocate(doc: CoinsuranceDoc, amountFen: number, times = 1): CoinsuranceDoc {
  const coalition = doc.coalition!;
  const parts = splitByLargestRemainder(amountFen, coalition.members);
  const insurers = { ...doc.insurers };
  for (const m of coalition.members) {
    const prev = insurers[m.insurerId] ?? { name: m.name.zh, premiumFen: 0 };
    insurers[m.insurerId] = {
      name: m.name.zh,
      premiumFen: prev.premiumFen + parts.get(m.insurerId)! * times,
    };
  }
  return { ...doc, insurers };
}

/** Adds a premium (negative for a refund): split now, or held until a coalition exists. */
function record(doc: CoinsuranceDoc, amountFen: number): CoinsuranceDoc {
  if (amountFen === 0) return doc;
  const total = { ...doc, totalPremiumFen: doc.totalPremiumFen + amountFen };
  if (total.coalition) return allocate(total, amountFen);
  const k = String(amountFen);
  return {
    ...total,
    unallocated: { ...total.unallocated, [k]: (total.unallocated[k] ?? 0) + 1 },
    unallocatedFen: total.unallocatedFen + amountFen,
  };
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
  apply(event: ProjectedEvent, read: DocumentReader<CoinsuranceDoc>) {
    const data = event.data as Record<string, unknown> & { planId: string };
    const key = data.planId;
    const doc = read(key) ?? {
      planId: key,
      insurers: {},
      totalPremiumFen: 0,
      unallocated: {},
      unallocatedFen: 0,
    };
    switch (event.type) {
      case 'PlanPublished':
      case 'PlanAmended': {
        const coalition = (
          (event.type === 'PlanPublished' ? data.definition : data.changes) as {
            coalition?: Coalition;
          }
        ).coalition;
        if (!coalition) return [];
        let next: CoinsuranceDoc = { ...doc, coalition };
        for (const [amount, count] of Object.entries(doc.unallocated))
          next = allocate(next, Number(amount), count);
        return [[key, { ...next, unallocated: {}, unallocatedFen: 0 }]];
      }
      case 'PolicyEnrolled': {
        const paid = (data.contributions as { amountFen: number; status: string }[])
          .filter((c) => c.status === 'paid')
          .reduce((s, c) => s + c.amountFen, 0);
        return [[key, record(doc, paid)]];
      }
      case 'PersonalAccountDeductionSettled':
        return [[key, record(doc, data.amountFen as number)]];
      case 'ContributionRefunded':
        return [[key, record(doc, -(data.amountFen as number))]];
      case 'EnrollmentReclassifiedAsSubsidized':
        return [[key, record(doc, (data.contribution as { amountFen: number }).amountFen)]];
      default:
        return [];
    }
  },
};
