import { Decision, decide, invalid, notFound } from '../common/domain-error';
import {
  formatShanghai,
  formatShanghaiIso,
  Instant,
  rangeContains,
  startOfShanghaiDay,
  toIso,
} from '../common/time';
import { PlanState } from '../plan/plan-state';
import { describeSubsidyCategories, findSubsidyCategory } from '../plan/subsidy-category-name';
import { Funder } from './contribution';
import { EnrollmentPlace, PolicyEvent } from './policy-events';
import { currentEnrollment, PolicyState } from './policy-state';

/** A person found on a full-subsidy roster (civil affairs, disability federation). */
export interface ReconcileWithRoster {
  planId: string;
  personRef: string;
  rosterId: string;
  category: string;
  funder?: Funder;
  occurredAt: Instant;
}

export type RosterOutcome =
  /** Not enrolled: the caller enrolls the person as subsidized (no action by the person). */
  | 'not_enrolled'
  /** Paid by others while the window is open: refunded and re-recorded as subsidized. */
  | 'reclassified'
  | 'already_subsidized'
  /** 003: found after coverage started — nothing is refunded. */
  | 'no_refund_after_coverage_start'
  /** Between the window's close and coverage start: the rule speaks only of the open window. */
  | 'window_closed';

export interface RosterDecision {
  outcome: RosterOutcome;
  decision: Decision<PolicyEvent>;
}

/**
 * Roster reconciliation (adapted from 003's rule for basic insurance): a person who paid for
 * themselves and is found on a full-subsidy roster while the window is open is refunded (every
 * contribution, to whoever paid it: the full subsidy pays the whole premium alone) and
 * re-recorded as subsidized; found after coverage starts, nothing is refunded.
 */
export function decideRosterReconciliation(
  policy: PolicyState | undefined,
  planState: PlanState | undefined,
  cmd: ReconcileWithRoster,
): RosterDecision {
  let outcome: RosterOutcome = 'not_enrolled';
  const decision = decide<PolicyEvent>(() => {
    if (!planState) throw notFound('planId', 'plan.exists', `plan ${cmd.planId} does not exist`);
    const plan = planState.definition;
    const category = findSubsidyCategory(plan, cmd.category, 'full');
    if (!category) {
      const known = describeSubsidyCategories(plan, 'full');
      throw invalid(
        'category',
        'roster.fullSubsidyCategory',
        `${cmd.category} is not a full-subsidy category of plan ${cmd.planId} (${known})`,
        { categories: known, value: cmd.category },
      );
    }
    const e = currentEnrollment(policy);
    if (!e) return [];
    if (
      e.contributions.some(
        (c) => c.currentStatus === 'paid' && c.source === 'government_full_subsidy',
      )
    ) {
      outcome = 'already_subsidized';
      return [];
    }
    if (plan.coverage && cmd.occurredAt >= startOfShanghaiDay(plan.coverage.startsOn)) {
      outcome = 'no_refund_after_coverage_start';
      return [];
    }
    const w = plan.enrollmentWindow;
    if (!w || !rangeContains({ from: w.opensOn, to: w.closesOn }, cmd.occurredAt)) {
      outcome = 'window_closed';
      return [];
    }
    if (policy && cmd.occurredAt < Date.parse(policy.lastOccurredAt)) {
      throw invalid(
        'occurredAt',
        'policy.eventOrder',
        `occurredAt ${formatShanghai(cmd.occurredAt)} is before this policy's last recorded event (${formatShanghaiIso(policy.lastOccurredAt)}, Asia/Shanghai)`,
        {
          at: formatShanghai(cmd.occurredAt),
          last: formatShanghaiIso(policy.lastOccurredAt),
        },
      );
    }
    outcome = 'reclassified';
    const at = toIso(cmd.occurredAt);
    const { townshipId, districtId } = e.enrolled;
    const place: EnrollmentPlace = {
      ...(townshipId !== undefined ? { townshipId } : {}),
      ...(districtId !== undefined ? { districtId } : {}),
    };
    const base = {
      ...place,
      planId: cmd.planId,
      personRef: cmd.personRef,
      enrollmentId: e.enrollmentId,
    };
    const events: PolicyEvent[] = [];
    const replaced = e.contributions.filter(
      (c) => c.currentStatus === 'paid' || c.currentStatus === 'pending',
    );
    for (const c of replaced) {
      if (c.currentStatus === 'pending') {
        events.push({
          type: 'PendingDeductionWithdrawn',
          data: {
            ...base,
            contributionId: c.contributionId,
            amountFen: c.amountFen,
            occurredAt: at,
          },
        });
      } else {
        events.push({
          type: 'ContributionRefunded',
          data: {
            ...base,
            contributionId: c.contributionId,
            source: c.source,
            amountFen: c.amountFen,
            ...(c.payerRef ? { payerRef: c.payerRef } : {}),
            ...(c.funder ? { funder: c.funder } : {}),
            ...(c.category ? { category: c.category } : {}),
            reason: 'found_on_subsidy_roster',
            occurredAt: at,
          },
        });
      }
    }
    events.push({
      type: 'EnrollmentReclassifiedAsSubsidized',
      data: {
        ...base,
        rosterId: cmd.rosterId,
        contribution: {
          contributionId: `${e.enrollmentId}/c${e.contributions.length + 1}`,
          source: 'government_full_subsidy',
          amountFen: e.premiumFen,
          status: 'paid',
          category: category.code,
          funder: cmd.funder ?? {
            funderId: `finance:${plan.region.regionCode}`,
            name: category.funder.zh,
          },
        },
        replacedSources: [...new Set(replaced.map((c) => c.source))],
        replacedCategories: [...new Set(replaced.flatMap((c) => (c.category ? [c.category] : [])))],
        previousStatus: e.status === 'pending_payment' ? 'pending_payment' : 'active',
        occurredAt: at,
      },
    });
    return events;
  });
  return { outcome: decision.ok ? outcome : 'not_enrolled', decision };
}
