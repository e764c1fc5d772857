import {
  Coalition,
  coalitionOnDate,
  DatedCoalition,
  EnrollmentCohort,
  shanghaiDate,
  splitByLargestRemainder,
} from '@ledger/domain';
import { setOwn } from '../document-drafts';
import { DocumentDrafts, ProjectedEvent, Projection } from '../projection';

/** One plan's premium income per coalition member (共保体保费收入). */
export interface CoinsuranceDoc {
  planId: string;
  /** The coalition with the latest effective date; earlier ones are in coalitionHistory. */
  coalition?: Coalition;
  /** The coalitions premiums are split by, by the date they take effect (docs/products.md). */
  coalitionHistory: DatedCoalition[];
  /**
   * Net premium movements by the Asia/Shanghai date of their enrollment: amount in fen → how
   * many (refunds count −1). What a change of coalition re-splits: a split of −x is exactly the
   * negative of a split of x, so movements of one amount on one day net out.
   */
  premiumsByDay: Record<string, Record<string, number>>;
  insurers: Record<string, { name: string; premiumFen: number }>;
  /** Premiums net of refunds, in fen. Equals the insurers' sum plus what is unallocated. */
  totalPremiumFen: number;
  /** Premiums recorded while the plan has no coalition at all: amount (fen) → how many. */
  unallocated: Record<string, number>;
  unallocatedFen: number;
}

function emptyDoc(planId: string): CoinsuranceDoc {
  return {
    planId,
    coalitionHistory: [],
    premiumsByDay: {},
    insurers: {},
    totalPremiumFen: 0,
    unallocated: {},
    unallocatedFen: 0,
  };
}

/** Splits a premium (times over) among a coalition's members (mutates `doc`, a draft). */
function allocate(doc: CoinsuranceDoc, coalition: Coalition, amountFen: number, times = 1): void {
  const parts = splitByLargestRemainder(amountFen, coalition.members);
  for (const m of coalition.members) {
    const prev = Object.hasOwn(doc.insurers, m.insurerId) ? doc.insurers[m.insurerId] : undefined;
    const premiumFen = (prev?.premiumFen ?? 0) + parts.get(m.insurerId)! * times;
    if (prev) {
      prev.name = m.name.zh;
      prev.premiumFen = premiumFen;
    } else setOwn(doc.insurers, m.insurerId, { name: m.name.zh, premiumFen });
  }
}

/** Adds a premium (negative for a refund) dated by its enrollment's day. */
function record(doc: CoinsuranceDoc, amountFen: number, day: string): void {
  if (amountFen === 0) return;
  doc.totalPremiumFen += amountFen;
  const amounts = Object.hasOwn(doc.premiumsByDay, day) ? doc.premiumsByDay[day] : {};
  const key = String(Math.abs(amountFen));
  const count = (Object.hasOwn(amounts, key) ? amounts[key] : 0) + Math.sign(amountFen);
  if (count === 0) delete amounts[key];
  else setOwn(amounts, key, count);
  if (Object.keys(amounts).length === 0) delete doc.premiumsByDay[day];
  else setOwn(doc.premiumsByDay, day, amounts);
  const inForce = coalitionOnDate(doc.coalitionHistory, day);
  if (inForce) {
    allocate(doc, inForce.coalition, amountFen);
    return;
  }
  const k = String(amountFen);
  setOwn(doc.unallocated, k, (Object.hasOwn(doc.unallocated, k) ? doc.unallocated[k] : 0) + 1);
  doc.unallocatedFen += amountFen;
}

/** A new coalition history: every premium of the plan split again by the coalition of its day. */
function setHistory(doc: CoinsuranceDoc, history: DatedCoalition[]): void {
  doc.coalitionHistory = [...history].sort((a, b) =>
    a.effectiveOn < b.effectiveOn ? -1 : a.effectiveOn > b.effectiveOn ? 1 : 0,
  );
  doc.coalition = doc.coalitionHistory.at(-1)?.coalition;
  if (!doc.coalition) delete doc.coalition;
  doc.insurers = {};
  for (const [day, amounts] of Object.entries(doc.premiumsByDay)) {
    const inForce = coalitionOnDate(doc.coalitionHistory, day);
    if (!inForce) continue;
    for (const [amount, count] of Object.entries(amounts))
      allocate(doc, inForce.coalition, Number(amount), count);
  }
  if (doc.coalitionHistory.length > 0) {
    doc.unallocated = {};
    doc.unallocatedFen = 0;
  }
}

/** The day a premium movement is split by: its enrollment's date (cohort), else its own. */
function enrollmentDay(data: { occurredAt: string; cohort?: unknown }): string {
  const cohort = data.cohort as EnrollmentCohort | undefined;
  return shanghaiDate(Date.parse(cohort?.enrolledAt ?? data.occurredAt));
}

type PlanRefs = { planId: string }[];

/**
 * Insurer coinsurance: every premium split among the coalition by shares with the largest
 * remainder method in fen (DOMAIN.md), by the coalition in force on its enrollment's date — the
 * plan's own coalitions, or its product's coalition term and dated changes of shares
 * (docs/products.md). Premiums recorded before a plan has any coalition are split by the first
 * one set, each on its own; a new coalition history re-splits the plan's premiums by their days.
 */
export const coinsuranceProjection: Projection<CoinsuranceDoc> = {
  name: 'coinsurance',
  version: 2,
  streamPrefixes: ['plan-', 'policy-', 'product-'],
  apply(event: ProjectedEvent, docs: DocumentDrafts<CoinsuranceDoc>) {
    const data = event.data as Record<string, unknown> & { planId: string; occurredAt: string };
    const edit = (planId = data.planId) => docs.edit(planId, () => emptyDoc(planId));
    switch (event.type) {
      case 'PlanPublished': {
        const term = data.coalitionTerm as { history: DatedCoalition[] } | undefined;
        const coalition = (data.definition as { coalition?: Coalition }).coalition;
        if (term) setHistory(edit(), term.history);
        else if (coalition)
          setHistory(edit(), [
            {
              effectiveOn: shanghaiDate(Date.parse(data.occurredAt)),
              coalition,
              effectiveAt: data.occurredAt,
            },
          ]);
        return;
      }
      case 'PlanAmended': {
        const coalition = (data.changes as { coalition?: Coalition }).coalition;
        if (!coalition) return;
        const doc = edit();
        setHistory(doc, [
          ...doc.coalitionHistory,
          {
            effectiveOn: shanghaiDate(Date.parse(data.occurredAt)),
            coalition,
            effectiveAt: data.occurredAt,
          },
        ]);
        return;
      }
      case 'CoalitionTermSelected':
        for (const { planId } of data.plans as PlanRefs) {
          setHistory(edit(planId), [
            {
              effectiveOn: shanghaiDate(Date.parse(data.occurredAt)),
              coalition: data.coalition as Coalition,
              termId: data.termId as string,
            },
          ]);
        }
        return;
      case 'CoalitionSharesAmended':
        for (const { planId } of data.plans as PlanRefs) {
          const doc = edit(planId);
          setHistory(doc, [
            ...doc.coalitionHistory,
            {
              effectiveOn: data.effectiveOn as string,
              coalition: data.coalition as Coalition,
              termId: data.termId as string,
            },
          ]);
        }
        return;
      case 'PolicyEnrolled': {
        const paid = (data.contributions as { amountFen: number; status: string }[])
          .filter((c) => c.status === 'paid')
          .reduce((s, c) => s + c.amountFen, 0);
        record(edit(), paid, enrollmentDay(data));
        return;
      }
      case 'PersonalAccountDeductionSettled':
        record(edit(), data.amountFen as number, enrollmentDay(data));
        return;
      case 'ContributionRefunded':
        record(edit(), -(data.amountFen as number), enrollmentDay(data));
        return;
      case 'EnrollmentReclassifiedAsSubsidized':
        record(edit(), (data.contribution as { amountFen: number }).amountFen, enrollmentDay(data));
        return;
    }
  },
};
