import { Inject } from '@nestjs/common';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import {
  decideImportTownshipTable,
  foldPlan,
  notFound,
  PlanEvent,
  TargetRule,
  TownshipTable,
} from '@ledger/domain';
import { StreamNames } from '@ledger/event-store';
import { parseTownshipTableCsv } from '@ledger/plans';
import { Clock } from '../core/clock';
import { CommandContext } from '../core/command-context';
import { LedgerStreams } from '../core/ledger-streams';

/** Imports a township table into a plan as an event, with its discrepancy report. */
export class ImportTownshipTableCommand {
  constructor(
    readonly planId: string,
    readonly source: string,
    /** CSV text or the table as JSON. */
    readonly content: string | TownshipTable,
    readonly targets: TargetRule | undefined,
    readonly ctx: CommandContext,
  ) {}
}

@CommandHandler(ImportTownshipTableCommand)
export class ImportTownshipTableHandler implements ICommandHandler<ImportTownshipTableCommand> {
  constructor(
    private readonly streams: LedgerStreams,
    @Inject(Clock) private readonly clock: Clock,
  ) {}

  async execute({ planId, source, content, targets, ctx }: ImportTownshipTableCommand) {
    const result = await this.streams.execute<PlanEvent>(
      StreamNames.plan(planId),
      ctx,
      (loaded) => {
        const state = foldPlan(loaded.events);
        if (!state) throw notFound('planId', 'plan.exists', `plan ${planId} does not exist`);
        const rule = targets ?? state.definition.targets;
        const table =
          typeof content === 'string'
            ? parseTownshipTableCsv(
                content,
                // A malformed rule is refused by the decider, naming it; parse with no levels.
                // Levels keep their descriptions: a header may name a level as the notice does.
                Array.isArray(rule?.levels) ? rule.levels : [],
              )
            : content;
        return decideImportTownshipTable(state, {
          planId,
          source,
          table,
          targets,
          occurredAt: this.clock.now(),
        });
      },
    );
    const imported = result.events.find((e) => e.type === 'TownshipTableImported');
    if (!imported || imported.type !== 'TownshipTableImported')
      throw new Error('no table imported');
    const { townships, totals, discrepancies } = imported.data;
    return {
      planId,
      source,
      townships: townships.length,
      totals,
      discrepancies,
      replayed: result.replayed,
    };
  }
}
