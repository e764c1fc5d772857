import { DocumentDrafts, ProjectedEvent, Projection } from '../projection';

/** What one funder owes for one subsidy category in one plan (资助参保). */
export interface SubsidyDoc {
  planId: string;
  source: string;
  funderId: string;
  funderName: string;
  category?: string;
  /** People whose enrollment this funder pays (in part), net of full refunds. */
  people: number;
  /** Contributions owed net of refunds, in fen. */
  amountFen: number;
  refundedFen: number;
}

/** Sources that are somebody else's money than the insured's own. */
export const SUBSIDY_SOURCES = [
  'employer',
  'government_full_subsidy',
  'department_subsidy',
  'village_collective',
  'charity',
];

export const subsidyKey = (planId: string, source: string, funderId: string, category?: string) =>
  `${planId}|${source}|${funderId}|${category ?? ''}`;

interface FundedContribution {
  source: string;
  amountFen: number;
  status?: string;
  funder?: { funderId: string; name: string };
  category?: string;
}

/** Subsidy ledger: per funder and category, people and amount owed. */
export const subsidyLedgerProjection: Projection<SubsidyDoc> = {
  name: 'subsidy-ledger',
  version: 1,
  streamPrefixes: ['policy-'],
  apply(event: ProjectedEvent, docs: DocumentDrafts<SubsidyDoc>) {
    const data = event.data as Record<string, unknown> & { planId: string };
    /** The draft of the contribution's document, created with no people and no amounts. */
    const edit = (c: FundedContribution): [string, SubsidyDoc] => {
      const funderId = c.funder?.funderId ?? 'unknown';
      const key = subsidyKey(data.planId, c.source, funderId, c.category);
      const doc = docs.edit(key, () => ({
        planId: data.planId,
        source: c.source,
        funderId,
        funderName: c.funder?.name ?? funderId,
        ...(c.category ? { category: c.category } : {}),
        people: 0,
        amountFen: 0,
        refundedFen: 0,
      }));
      return [key, doc];
    };
    if (event.type === 'PolicyEnrolled') {
      // A person counts once per document, however many of their contributions it holds.
      const counted = new Set<string>();
      for (const c of data.contributions as FundedContribution[]) {
        if (!SUBSIDY_SOURCES.includes(c.source) || c.status !== 'paid') continue;
        const [key, doc] = edit(c);
        if (!counted.has(key)) {
          counted.add(key);
          doc.people += 1;
        }
        doc.amountFen += c.amountFen;
      }
      return;
    }
    if (event.type === 'EnrollmentReclassifiedAsSubsidized') {
      const c = data.contribution as FundedContribution;
      const [, doc] = edit(c);
      doc.people += 1;
      doc.amountFen += c.amountFen;
      return;
    }
    if (event.type === 'ContributionRefunded' && SUBSIDY_SOURCES.includes(data.source as string)) {
      const whole = data.reason !== 'cancelled_pro_rata';
      const [, doc] = edit(data as unknown as FundedContribution);
      doc.people += whole ? -1 : 0;
      doc.amountFen -= data.amountFen as number;
      doc.refundedFen += data.amountFen as number;
    }
  },
};
