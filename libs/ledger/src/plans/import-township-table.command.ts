import { createHash } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import {
  conflict,
  decideImportTownshipTable,
  EnrollmentsByTownship,
  foldPlan,
  ImportTownshipTable,
  invalid,
  notFound,
  PlanEvent,
  PlanState,
  previewImportTownshipTable,
  TargetRule,
  TownshipMapping,
  TownshipTable,
  townshipTableOf,
} from '@ledger/domain';
import { StreamNames } from '@ledger/event-store';
import { TownshipCounts } from '@ledger/projections';
import { parseTownshipTableCsv } from '@ledger/plans';
import { Clock } from '../core/clock';
import { CommandContext } from '../core/command-context';
import { LedgerStreams } from '../core/ledger-streams';
import { RefusalError } from '../core/refusal';
import { LedgerViews } from '../views/ledger-views.service';

/** A township table as an operator sends it, with what to do about townships it leaves out. */
export interface TownshipTableRequest {
  planId: string;
  source: string;
  /** CSV text or the table as JSON. */
  content: string | TownshipTable;
  targets?: TargetRule;
  mapping?: TownshipMapping;
  keepUnlisted?: boolean;
}

/** Applies a previewed table: `fingerprint` is the preview's, so what is applied is what was shown. */
export class ImportTownshipTableCommand {
  constructor(
    readonly request: TownshipTableRequest,
    readonly fingerprint: string | undefined,
    readonly ctx: CommandContext,
  ) {}
}

type ImportPlan = ReturnType<typeof previewImportTownshipTable>;

/** Hex digits of the fingerprint: a confirmation token a clerk can copy, not a secret. */
const FINGERPRINT_LENGTH = 20;

/**
 * Township tables in two steps: preview (the diff against the plan's townships, with the
 * enrollments each affected township holds, read from the township-progress view; writes
 * nothing) and apply (the same diff, confirmed by the preview's fingerprint).
 */
@Injectable()
export class TownshipTableImports {
  constructor(
    private readonly streams: LedgerStreams,
    private readonly views: LedgerViews,
    @Inject(Clock) private readonly clock: Clock,
  ) {}

  async preview(request: TownshipTableRequest) {
    const enrollments = await this.enrollmentsByTownship(request.planId);
    const loaded = await this.streams.load<PlanEvent>(StreamNames.plan(request.planId));
    const state = foldPlan(loaded.events);
    const plan = this.plan(state, request, enrollments);
    return {
      planId: request.planId,
      source: request.source,
      fingerprint: fingerprintOf(state!, request, plan),
      applicable: plan.diff.needsMapping.length === 0,
      diff: plan.diff,
      townships: plan.imported.townships.length,
      totals: plan.imported.totals,
      discrepancies: plan.imported.discrepancies,
    };
  }

  async apply({ request, fingerprint, ctx }: ImportTownshipTableCommand) {
    if (!fingerprint?.trim()) {
      // A table that cannot be imported at all says so first (its own rule and field).
      await this.preview(request);
      throw invalid(
        'fingerprint',
        'table.confirmationRequired',
        'preview the table first (POST …/township-tables/preview) and apply it with the fingerprint the preview gave',
      );
    }
    const enrollments = await this.enrollmentsByTownship(request.planId);
    let applied: ImportPlan | undefined;
    const result = await this.streams.execute<PlanEvent>(
      StreamNames.plan(request.planId),
      ctx,
      (loaded) => {
        const state = foldPlan(loaded.events);
        const plan = this.plan(state, request, enrollments);
        if (fingerprintOf(state!, request, plan) !== fingerprint.trim()) {
          throw conflict(
            'fingerprint',
            'table.previewChanged',
            'the table, the mapping or the plan changed since the preview: preview again and apply the new fingerprint',
            { fingerprint: fingerprint.trim() },
          );
        }
        applied = plan;
        return decideImportTownshipTable(state, this.command(state!, request), enrollments);
      },
    );
    const imported = result.events.find((e) => e.type === 'TownshipTableImported');
    if (!imported || imported.type !== 'TownshipTableImported')
      throw new Error('no table imported');
    const { townships, totals, discrepancies, changes } = imported.data;
    return {
      planId: request.planId,
      source: imported.data.source,
      townships: townships.length,
      totals,
      discrepancies,
      ...(changes ? { changes } : {}),
      ...(applied ? { diff: applied.diff } : {}),
      replayed: result.replayed,
    };
  }

  private plan(
    state: PlanState | undefined,
    request: TownshipTableRequest,
    enrollments: EnrollmentsByTownship,
  ): ImportPlan {
    if (!state) throw notFound('planId', 'plan.exists', `plan ${request.planId} does not exist`);
    return previewImportTownshipTable(state, this.command(state, request), enrollments);
  }

  private command(state: PlanState, request: TownshipTableRequest): ImportTownshipTable {
    const rule = request.targets ?? state.definition.targets;
    const table =
      typeof request.content === 'string'
        ? parseTownshipTableCsv(
            request.content,
            // A malformed rule is refused by the decider, naming it; parse with no levels.
            // Levels keep their descriptions: a header may name a level as the notice does.
            Array.isArray(rule?.levels) ? rule.levels : [],
          )
        : townshipTableOf(request.content);
    return {
      planId: request.planId,
      source: request.source,
      table,
      ...(request.targets ? { targets: request.targets } : {}),
      ...(request.mapping ? { mapping: request.mapping } : {}),
      ...(request.keepUnlisted ? { keepUnlisted: true } : {}),
      occurredAt: this.clock.now(),
    };
  }

  /**
   * Enrollments per recorded township id, from the township-progress view caught up to the
   * log's head: a table is never applied against figures that miss recorded enrollments.
   */
  private async enrollmentsByTownship(planId: string): Promise<EnrollmentsByTownship> {
    if (!(await this.views.caughtUp())) {
      throw new RefusalError(503, [
        {
          field: 'views',
          rule: 'ledger.unavailable',
          message:
            'the township-progress view is still catching up with the log; retry in a moment',
        },
      ]);
    }
    const docs = (await this.views.documents())(
      'township-progress',
      `${planId}/`,
    ) as TownshipCounts[];
    const counts: Record<string, { active: number; pending: number; enrolled: number }> = {};
    for (const d of docs)
      counts[d.townshipId] = { active: d.active, pending: d.pending, enrolled: d.enrolled };
    return counts;
  }
}

/**
 * What a preview showed, as a short hash: the plan's townships before, the townships, districts,
 * discrepancies and changes after (the mapping's effect included), and the source. Enrollment
 * counts are left out: they move during a campaign, and the apply re-checks them anyway.
 */
function fingerprintOf(state: PlanState, request: TownshipTableRequest, plan: ImportPlan): string {
  const shown = {
    planId: state.planId,
    source: request.source,
    before: {
      townships: state.definition.townships,
      districts: state.definition.districts,
      targets: state.definition.targets ?? null,
    },
    rule: plan.rule,
    after: {
      townships: plan.imported.townships,
      districts: plan.imported.districts,
      discrepancies: plan.imported.discrepancies,
      changes: plan.changes,
    },
  };
  return createHash('sha256')
    .update(JSON.stringify(shown))
    .digest('hex')
    .slice(0, FINGERPRINT_LENGTH);
}

@CommandHandler(ImportTownshipTableCommand)
export class ImportTownshipTableHandler implements ICommandHandler<ImportTownshipTableCommand> {
  constructor(private readonly imports: TownshipTableImports) {}

  execute(command: ImportTownshipTableCommand) {
    return this.imports.apply(command);
  }
}
