import { conflict, Decision, decide, invalid, notFound } from '../common/domain-error';
import {
  formatShanghai,
  formatShanghaiIso,
  Instant,
  startOfShanghaiDay,
  toIso,
} from '../common/time';
import { PlanDefinition, TargetRule } from './plan-definition';
import { PlanChanges, PlanEvent } from './plan-events';
import { PlanState } from './plan-state';
import { missingForEnrollment } from './plan-completeness';
import { assertPlanChangesShape } from './plan-changes';
import { assertValidPlan } from './plan-validation';
import { validateTargetRule } from './target-rule-validation';
import { TownshipTable } from './township-table';
import {
  EnrollmentsByTownship,
  planTownshipTableImport,
  TownshipMapping,
  TownshipTableImportPlan,
} from './township-table-import';

export interface PublishPlan {
  definition: PlanDefinition;
  occurredAt: Instant;
}

export interface AmendPlan {
  planId: string;
  changes: PlanChanges;
  reason: string;
  occurredAt: Instant;
}

export interface ImportTownshipTable {
  planId: string;
  source: string;
  table: TownshipTable;
  /** Use these target rules for the import (and record them on the plan) when given. */
  targets?: TargetRule;
  /** Where townships the table removes or renames go (see TownshipMapping). */
  mapping?: TownshipMapping;
  /** Keep every township the table does not list (a partial table). */
  keepUnlisted?: boolean;
  occurredAt: Instant;
}

function requirePlan(state: PlanState | undefined, planId: string): PlanState {
  if (!state) throw notFound('planId', 'plan.exists', `plan ${planId} does not exist`);
  return state;
}

function requireInOrder(state: PlanState, at: Instant): void {
  if (at < Date.parse(state.lastOccurredAt)) {
    throw invalid(
      'occurredAt',
      'plan.eventOrder',
      `occurredAt ${formatShanghai(at)} is before the plan's last recorded change (${formatShanghaiIso(state.lastOccurredAt)}, Asia/Shanghai)`,
      { at: formatShanghai(at), last: formatShanghaiIso(state.lastOccurredAt) },
    );
  }
}

export function decidePublishPlan(
  state: PlanState | undefined,
  cmd: PublishPlan,
): Decision<PlanEvent> {
  return decide(() => {
    if (state)
      throw conflict(
        'planId',
        'plan.publishedOnce',
        `plan ${cmd.definition.planId} is already published`,
      );
    assertValidPlan(cmd.definition, 'definition');
    return [
      {
        type: 'PlanPublished',
        data: {
          planId: cmd.definition.planId,
          definition: cmd.definition,
          occurredAt: toIso(cmd.occurredAt),
        },
      },
    ];
  });
}

const FROZEN_ONCE_OPEN = [
  'coverage',
  'premium',
  'eligibility',
  'cancellation',
  'planYear',
] as const;

/**
 * Amendments are events; nothing is edited in place. Once enrollment has opened, what people
 * enrolled under (coverage, premium, eligibility, cancellation rule) no longer changes, and the
 * window can only be extended; once coverage has started the benefit schedule is fixed too.
 * Unset values can always be set: that is how an operator completes a draft.
 */
export function decideAmendPlan(state: PlanState | undefined, cmd: AmendPlan): Decision<PlanEvent> {
  return decide(() => {
    const plan = requirePlan(state, cmd.planId);
    requireInOrder(plan, cmd.occurredAt);
    if (!cmd.reason || !cmd.reason.trim())
      throw invalid('reason', 'plan.amendmentReason', 'an amendment needs a reason');
    const keys = Object.keys(cmd.changes);
    if (keys.length === 0)
      throw invalid('changes', 'plan.amendmentNotEmpty', 'an amendment must change something');
    for (const forbidden of ['planId', 'productId']) {
      if (forbidden in cmd.changes)
        throw invalid(
          `changes.${forbidden}`,
          'plan.identifiersFixed',
          `${forbidden} cannot be amended`,
        );
    }
    assertPlanChangesShape(cmd.changes);
    const current = plan.definition;
    // `!= null`: ledgers written before amendments were checked may hold a removed window.
    const opened =
      current.enrollmentWindow != null &&
      cmd.occurredAt >= startOfShanghaiDay(current.enrollmentWindow.opensOn);
    if (opened) {
      for (const field of FROZEN_ONCE_OPEN) {
        if (
          field in cmd.changes &&
          current[field] != null &&
          JSON.stringify(cmd.changes[field]) !== JSON.stringify(current[field])
        ) {
          throw conflict(
            `changes.${field}`,
            'plan.frozenOnceEnrollmentOpens',
            `${field} cannot change after enrollment opened on ${current.enrollmentWindow!.opensOn}`,
          );
        }
      }
      const w = cmd.changes.enrollmentWindow;
      if (w && current.enrollmentWindow) {
        if (w.opensOn !== current.enrollmentWindow.opensOn) {
          throw conflict(
            'changes.enrollmentWindow.opensOn',
            'plan.windowOnlyExtends',
            'the opening date cannot change after enrollment opened',
          );
        }
        if (w.closesOn < current.enrollmentWindow.closesOn) {
          throw conflict(
            'changes.enrollmentWindow.closesOn',
            'plan.windowOnlyExtends',
            `the window can only be extended: closesOn ${w.closesOn} is before ${current.enrollmentWindow.closesOn}`,
          );
        }
      }
    }
    if (
      cmd.changes.benefits &&
      current.benefits &&
      current.coverage &&
      cmd.occurredAt >= startOfShanghaiDay(current.coverage.startsOn)
    ) {
      throw conflict(
        'changes.benefits',
        'plan.benefitsFixedOnceCoverageStarts',
        `benefits cannot change after coverage started on ${current.coverage.startsOn}`,
      );
    }
    const amended = { ...current, ...cmd.changes };
    assertValidPlan(amended, 'changes');
    const wasEnrollable = missingForEnrollment(current).length === 0;
    const stillMissing = missingForEnrollment(amended);
    if (wasEnrollable && stillMissing.length > 0) {
      throw invalid(
        'changes',
        'plan.amendmentKeepsEnrollable',
        `the amendment would leave the plan unable to take enrollments (missing: ${stillMissing.join(', ')})`,
      );
    }
    return [
      {
        type: 'PlanAmended',
        data: {
          planId: plan.planId,
          changes: cmd.changes,
          reason: cmd.reason.trim(),
          occurredAt: toIso(cmd.occurredAt),
        },
      },
    ];
  });
}

function targetRuleFor(plan: PlanState, cmd: ImportTownshipTable): TargetRule {
  if (cmd.targets) {
    const problems = validateTargetRule(cmd.targets);
    if (problems.length) throw invalid('targets', 'plan.targetRule', problems.join('; '));
  }
  const rule = cmd.targets ?? plan.definition.targets;
  if (!rule)
    throw invalid(
      'targets',
      'plan.targetRule',
      `plan ${cmd.planId} has no target rule: give one with the table`,
    );
  return rule;
}

/**
 * What importing the table would do — rows matched to the plan's townships by code or exact
 * name, the diff with the enrollments each affected township holds — without deciding it.
 * Throws DomainError for a table that cannot be imported at all.
 */
export function previewImportTownshipTable(
  state: PlanState | undefined,
  cmd: ImportTownshipTable,
  enrollments: EnrollmentsByTownship = {},
): TownshipTableImportPlan & { rule: TargetRule } {
  const plan = requirePlan(state, cmd.planId);
  const rule = targetRuleFor(plan, cmd);
  return {
    rule,
    ...planTownshipTableImport(
      plan.definition,
      plan.assignedTownshipIds,
      {
        table: cmd.table,
        rule,
        ...(cmd.mapping ? { mapping: cmd.mapping } : {}),
        ...(cmd.keepUnlisted ? { keepUnlisted: true } : {}),
      },
      enrollments,
    ),
  };
}

/**
 * Imports a township table: rows are matched to the plan's townships (ids never move), and a
 * table that would remove or rename a township holding enrollments is refused unless the
 * mapping says where each one goes (kept, renamed into a row, merged into a township).
 * `enrollments` come from the township-progress view, caught up to the log.
 */
export function decideImportTownshipTable(
  state: PlanState | undefined,
  cmd: ImportTownshipTable,
  enrollments: EnrollmentsByTownship = {},
): Decision<PlanEvent> {
  return decide(() => {
    const plan = requirePlan(state, cmd.planId);
    requireInOrder(plan, cmd.occurredAt);
    const preview = previewImportTownshipTable(plan, cmd, enrollments);
    const blocked = preview.diff.needsMapping;
    if (blocked.length) {
      const names = blocked.map(
        (t) =>
          `${t.name || t.townshipId} (${t.townshipId}, ${t.enrollments.enrolled} enrollments, ${t.change})`,
      );
      throw conflict(
        'mapping',
        'table.mappingRequired',
        `the table ${blocked.some((t) => t.change === 'removed') ? 'leaves out' : 'renames'} townships holding enrollments: ${names.join('; ')}. Say in the mapping where each goes (a row of the table, or "keep")`,
        {
          townships: blocked.map((t) => ({
            townshipId: t.townshipId,
            name: t.name,
            change: t.change,
            enrollments: t.enrollments.enrolled,
            active: t.enrollments.active + t.enrollments.pending,
          })),
        },
      );
    }
    const { imported, changes } = preview;
    const events: PlanEvent[] = [];
    const at = toIso(cmd.occurredAt);
    if (cmd.targets && JSON.stringify(cmd.targets) !== JSON.stringify(plan.definition.targets)) {
      events.push({
        type: 'PlanAmended',
        data: {
          planId: plan.planId,
          changes: { targets: cmd.targets },
          reason: `target rule of table ${cmd.source}`,
          occurredAt: at,
        },
      });
    }
    events.push({
      type: 'TownshipTableImported',
      data: {
        planId: plan.planId,
        source: cmd.source,
        townships: imported.townships,
        districts: imported.districts,
        totals: imported.totals,
        discrepancies: imported.discrepancies,
        changes,
        ...(cmd.mapping && Object.keys(cmd.mapping).length ? { mapping: { ...cmd.mapping } } : {}),
        ...(cmd.keepUnlisted ? { keepUnlisted: true } : {}),
        occurredAt: at,
      },
    });
    return events;
  });
}
