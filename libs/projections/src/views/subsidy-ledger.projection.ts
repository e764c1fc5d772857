import { DocumentReader, ProjectedEvent, Projection } from '../projection';

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
  apply(event: ProjectedEvent, read: DocumentReader<SubsidyDoc>) {
    const data = event.data as Record<string, unknown> & { planId: string };
    const change = (
      c: FundedContribution,
      people: number,
      amountFen: number,
      refundedFen: number,
    ): [string, SubsidyDoc] => {
      const funderId = c.funder?.funderId ?? 'unknown';
      const key = subsidyKey(data.planId, c.source, funderId, c.category);
      const doc = read(key) ?? {
        planId: data.planId,
        source: c.source,
        funderId,
        funderName: c.funder?.name ?? funderId,
        ...(c.category ? { category: c.category } : {}),
        people: 0,
        amountFen: 0,
        refundedFen: 0,
      };
      return [
        key,
        {
          ...doc,
          people: doc.people + people,
          amountFen: doc.amountFen + amountFen,
          refundedFen: doc.refundedFen + refundedFen,
        },
      ];
    };
    if (event.type === 'PolicyEnrolled') {
      const merged = new Map<string, [string, SubsidyDoc]>();
      for (const c of data.contributions as FundedContribution[]) {
        if (!SUBSIDY_SOURCES.includes(c.source) || c.status !== 'paid') continue;
        const [key, doc] = change(c, 1, c.amountFen, 0);
        const prev = merged.get(key);
        merged.set(
          key,
          prev ? [key, { ...prev[1], amountFen: prev[1].amountFen + c.amountFen }] : [key, doc],
        );
      }
      return [...merged.values()];
    }
    if (event.type === 'EnrollmentReclassifiedAsSubsidized') {
      const c = data.contribution as FundedContribution;
      return [change(c, 1, c.amountFen, 0)];
    }
    if (event.type === 'ContributionRefunded' && SUBSIDY_SOURCES.includes(data.source as string)) {
      const whole = data.reason !== 'cancelled_pro_rata';
      return [
        change(
          data as unknown as FundedContribution,
          whole ? -1 : 0,
          -(data.amountFen as number),
          data.amountFen as number,
        ),
      ];
    }
    return [];
  },
};
