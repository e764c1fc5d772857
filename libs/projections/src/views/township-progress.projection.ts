import { endOfShanghaiDay, shanghaiDate } from '@ledger/domain';
import { DocumentReader, ProjectedEvent, Projection } from '../projection';

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

const bump = (record: Record<string, number>, keys: readonly string[], by: number) => {
  const next = { ...record };
  for (const k of keys) {
    next[k] = (next[k] ?? 0) + by;
    if (next[k] === 0) delete next[k];
  }
  return next;
};

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

/**
 * Township progress (乡镇参保进度): active and pending enrollments, endings, counts by payment
 * source and subsidy category, premium collected, enrollments per day, and the figure as of the
 * plan's deadline. Rate and gap to each target come from joining the plan's table at query time.
 */
export const townshipProgressProjection: Projection<TownshipProgressDoc> = {
  name: 'township-progress',
  version: 1,
  streamPrefixes: ['plan-', 'policy-'],
  apply(event: ProjectedEvent, read: DocumentReader<TownshipProgressDoc>) {
    const data = event.data as D;
    if (event.type === 'PlanPublished' || event.type === 'PlanAmended') {
      const def = (event.type === 'PlanPublished' ? data.definition : data.changes) as {
        targets?: { deadline?: string };
      };
      if (event.type === 'PlanAmended' && !def.targets) return [];
      return [
        [
          planKey(data.planId),
          {
            planId: data.planId,
            ...(def.targets?.deadline ? { deadline: def.targets.deadline } : {}),
          },
        ],
      ];
    }
    const key = townshipKey(data.planId, data.townshipId);
    const current =
      (read(key) as TownshipCounts | undefined) ??
      emptyCounts(data.planId, data.townshipId ?? UNASSIGNED, data.districtId);
    const deadline = (read(planKey(data.planId)) as PlanDeadlineDoc | undefined)?.deadline;
    const byDeadline =
      deadline !== undefined && Date.parse(data.occurredAt) < endOfShanghaiDay(deadline);
    const day = shanghaiDate(Date.parse(data.occurredAt));
    let next: TownshipCounts;
    let delta: Delta = {};
    switch (event.type) {
      case 'PolicyEnrolled': {
        const contributions = data.contributions as {
          source: string;
          amountFen: number;
          status: string;
          category?: string;
        }[];
        const pendingPayment = contributions.some((c) => c.status === 'pending');
        const paid = contributions
          .filter((c) => c.status === 'paid')
          .reduce((s, c) => s + c.amountFen, 0);
        const sources = [...new Set(contributions.map((c) => c.source))];
        const categories = [
          ...new Set(contributions.flatMap((c) => (c.category ? [c.category] : []))),
        ];
        delta = pendingPayment ? { pending: 1, premium: paid } : { active: 1, premium: paid };
        next = {
          ...current,
          enrolled: current.enrolled + 1,
          bySource: bump(current.bySource, sources, 1),
          byCategory: bump(current.byCategory, categories, 1),
          perDay: {
            ...current.perDay,
            [day]: {
              enrolled: (current.perDay[day]?.enrolled ?? 0) + 1,
              ended: current.perDay[day]?.ended ?? 0,
            },
          },
        };
        break;
      }
      case 'PersonalAccountDeductionSettled':
        delta = {
          premium: data.amountFen as number,
          ...(data.statusAfter === 'active' ? { pending: -1, active: 1 } : {}),
        };
        next = { ...current };
        break;
      case 'EnrollmentCancelled':
      case 'EnrollmentLapsed': {
        const wasPending = data.previousStatus === 'pending_payment';
        delta = wasPending ? { pending: -1 } : { active: -1 };
        next = {
          ...current,
          cancelled: current.cancelled + (event.type === 'EnrollmentCancelled' ? 1 : 0),
          lapsed: current.lapsed + (event.type === 'EnrollmentLapsed' ? 1 : 0),
          bySource: bump(current.bySource, data.sources as string[], -1),
          byCategory: bump(current.byCategory, data.categories as string[], -1),
          perDay: {
            ...current.perDay,
            [day]: {
              enrolled: current.perDay[day]?.enrolled ?? 0,
              ended: (current.perDay[day]?.ended ?? 0) + 1,
            },
          },
        };
        break;
      }
      case 'ContributionRefunded':
        delta = { premium: -(data.amountFen as number) };
        next = { ...current };
        break;
      case 'EnrollmentReclassifiedAsSubsidized': {
        const added = data.contribution as { amountFen: number; category?: string };
        delta = {
          premium: added.amountFen,
          ...(data.previousStatus === 'pending_payment' ? { pending: -1, active: 1 } : {}),
        };
        next = {
          ...current,
          bySource: bump(
            bump(current.bySource, data.replacedSources as string[], -1),
            ['government_full_subsidy'],
            1,
          ),
          byCategory: bump(
            bump(current.byCategory, data.replacedCategories as string[], -1),
            added.category ? [added.category] : [],
            1,
          ),
        };
        break;
      }
      default:
        return [];
    }
    next.active += delta.active ?? 0;
    next.pending += delta.pending ?? 0;
    next.premiumCollectedFen += delta.premium ?? 0;
    if (deadline !== undefined) {
      const at = current.atDeadline ?? { deadline, active: 0, pending: 0, premiumCollectedFen: 0 };
      next.atDeadline = byDeadline
        ? {
            deadline,
            active: at.active + (delta.active ?? 0),
            pending: at.pending + (delta.pending ?? 0),
            premiumCollectedFen: at.premiumCollectedFen + (delta.premium ?? 0),
          }
        : at;
    }
    return [[key, next]];
  },
};

export function isTownshipCounts(doc: TownshipProgressDoc): doc is TownshipCounts {
  return 'townshipId' in doc;
}
