import { DocumentDrafts, ProjectedEvent, Projection } from '../projection';
import { endOfShanghaiDayCached, shanghaiDateCached } from './shanghai-days';

/** Enrollment counts of one township (or "_unassigned") in one plan; targets join at query time. */
export interface TownshipCounts {
  planId: string;
  townshipId: string;
  districtId?: string;
  /** Enrollments paid in full and not ended. */
  active: number;
  /** Enrollments waiting on a personal-account deduction (个账预约划扣). */
  pending: number;
  enrolled: number;
  cancelled: number;
  lapsed: number;
  /** Active or pending enrollments paid (in part) by each source. */
  bySource: Record<string, number>;
  /** Active or pending enrollments by subsidy category. */
  byCategory: Record<string, number>;
  /** Paid contributions minus refunds, in fen. */
  premiumCollectedFen: number;
  /** Asia/Shanghai date → new enrollments and endings that day (business time). */
  perDay: Record<string, { enrolled: number; ended: number }>;
  /** The same figures counting only facts that occurred by the plan's deadline (24:00). */
  atDeadline?: { deadline: string; active: number; pending: number; premiumCollectedFen: number };
}

export interface PlanDeadlineDoc {
  planId: string;
  deadline?: string;
}

export type TownshipProgressDoc = TownshipCounts | PlanDeadlineDoc;

const UNASSIGNED = '_unassigned';
export const townshipKey = (planId: string, townshipId: string | undefined) =>
  `${planId}/${townshipId ?? UNASSIGNED}`;
export const planKey = (planId: string) => `plan:${planId}`;

function emptyCounts(
  planId: string,
  townshipId: string,
  districtId: string | undefined,
): TownshipCounts {
  return {
    planId,
    townshipId,
    ...(districtId !== undefined ? { districtId } : {}),
    active: 0,
    pending: 0,
    enrolled: 0,
    cancelled: 0,
    lapsed: 0,
    bySource: {},
    byCategory: {},
    premiumCollectedFen: 0,
    perDay: {},
  };
}

/** Adds `by` to each key's count, dropping counts that reach 0 (mutates `record`, a draft). */
function bump(record: Record<string, number>, keys: readonly string[], by: number): void {
  for (const k of keys) {
    const n = (Object.hasOwn(record, k) ? record[k] : 0) + by;
    if (n === 0) delete record[k];
    else record[k] = n;
  }
}

/** The per-day entry of a draft, created when the day is new. */
function dayOf(counts: TownshipCounts, day: string): { enrolled: number; ended: number } {
  if (Object.hasOwn(counts.perDay, day)) return counts.perDay[day];
  return (counts.perDay[day] = { enrolled: 0, ended: 0 });
}

interface Delta {
  active?: number;
  pending?: number;
  premium?: number;
}

type D = Record<string, unknown> & {
  occurredAt: string;
  planId: string;
  townshipId?: string;
  districtId?: string;
};

/** The events that change a township's counts. */
const COUNTED = new Set([
  'PolicyEnrolled',
  'PersonalAccountDeductionSettled',
  'EnrollmentCancelled',
  'EnrollmentLapsed',
  'ContributionRefunded',
  'EnrollmentReclassifiedAsSubsidized',
]);

/**
 * Township progress (乡镇参保进度): active and pending enrollments, endings, counts by payment
 * source and subsidy category, premium collected, enrollments per day, and the figure as of the
 * plan's deadline. Rate and gap to each target come from joining the plan's table at query time.
 */
export const townshipProgressProjection: Projection<TownshipProgressDoc> = {
  name: 'township-progress',
  version: 1,
  streamPrefixes: ['plan-', 'policy-'],
  apply(event: ProjectedEvent, docs: DocumentDrafts<TownshipProgressDoc>) {
    const data = event.data as D;
    if (event.type === 'PlanPublished' || event.type === 'PlanAmended') {
      const def = (event.type === 'PlanPublished' ? data.definition : data.changes) as {
        targets?: { deadline?: string };
      };
      if (event.type === 'PlanAmended' && !def.targets) return;
      docs.put(planKey(data.planId), {
        planId: data.planId,
        ...(def.targets?.deadline ? { deadline: def.targets.deadline } : {}),
      });
      return;
    }
    if (!COUNTED.has(event.type)) return;
    const deadline = (docs.get(planKey(data.planId)) as PlanDeadlineDoc | undefined)?.deadline;
    const occurredAt = Date.parse(data.occurredAt);
    const byDeadline = deadline !== undefined && occurredAt < endOfShanghaiDayCached(deadline);
    const next = docs.edit(townshipKey(data.planId, data.townshipId), () =>
      emptyCounts(data.planId, data.townshipId ?? UNASSIGNED, data.districtId),
    ) as TownshipCounts;
    let delta: Delta;
    switch (event.type) {
      case 'PolicyEnrolled': {
        const contributions = data.contributions as {
          source: string;
          amountFen: number;
          status: string;
          category?: string;
        }[];
        // One pass: whether a payment is pending, the sum paid, the distinct sources and
        // categories in first-seen order (an enrollment has one to a few contributions).
        let pendingPayment = false;
        let paid = 0;
        const sources: string[] = [];
        const categories: string[] = [];
        for (const c of contributions) {
          if (c.status === 'pending') pendingPayment = true;
          else if (c.status === 'paid') paid += c.amountFen;
          if (!sources.includes(c.source)) sources.push(c.source);
          if (c.category && !categories.includes(c.category)) categories.push(c.category);
        }
        delta = pendingPayment ? { pending: 1, premium: paid } : { active: 1, premium: paid };
        next.enrolled += 1;
        bump(next.bySource, sources, 1);
        bump(next.byCategory, categories, 1);
        dayOf(next, shanghaiDateCached(occurredAt)).enrolled += 1;
        break;
      }
      case 'PersonalAccountDeductionSettled':
        delta = {
          premium: data.amountFen as number,
          ...(data.statusAfter === 'active' ? { pending: -1, active: 1 } : {}),
        };
        break;
      case 'EnrollmentCancelled':
      case 'EnrollmentLapsed': {
        const wasPending = data.previousStatus === 'pending_payment';
        delta = wasPending ? { pending: -1 } : { active: -1 };
        if (event.type === 'EnrollmentCancelled') next.cancelled += 1;
        else next.lapsed += 1;
        bump(next.bySource, data.sources as string[], -1);
        bump(next.byCategory, data.categories as string[], -1);
        dayOf(next, shanghaiDateCached(occurredAt)).ended += 1;
        break;
      }
      case 'ContributionRefunded':
        delta = { premium: -(data.amountFen as number) };
        break;
      default: {
        // EnrollmentReclassifiedAsSubsidized
        const added = data.contribution as { amountFen: number; category?: string };
        delta = {
          premium: added.amountFen,
          ...(data.previousStatus === 'pending_payment' ? { pending: -1, active: 1 } : {}),
        };
        bump(next.bySource, data.replacedSources as string[], -1);
        bump(next.bySource, ['government_full_subsidy'], 1);
        bump(next.byCategory, data.replacedCategories as string[], -1);
        bump(next.byCategory, added.category ? [added.category] : [], 1);
        break;
      }
    }
    next.active += delta.active ?? 0;
    next.pending += delta.pending ?? 0;
    next.premiumCollectedFen += delta.premium ?? 0;
    if (deadline !== undefined) {
      const at = (next.atDeadline ??= { deadline, active: 0, pending: 0, premiumCollectedFen: 0 });
      if (byDeadline) {
        at.deadline = deadline;
        at.active += delta.active ?? 0;
        at.pending += delta.pending ?? 0;
        at.premiumCollectedFen += delta.premium ?? 0;
      }
    }
  },
};

export function isTownshipCounts(doc: TownshipProgressDoc): doc is TownshipCounts {
  return 'townshipId' in doc;
}
