import { Inject, Logger } from '@nestjs/common';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import {
  decideImportTownshipTable,
  decidePublishPlan,
  evolvePlan,
  PlanEvent,
  PlanState,
  startOfShanghaiDay,
} from '@ledger/domain';
import { StreamNames } from '@ledger/event-store';
import { BUNDLED_PLANS } from '@ledger/plans';
import { Clock } from '../core/clock';
import { LedgerStreams } from '../core/ledger-streams';

/** Publishes the bundled seed plans that are not in the store yet (idempotent at every start). */
export class PublishBundledPlansCommand {}

@CommandHandler(PublishBundledPlansCommand)
export class PublishBundledPlansHandler implements ICommandHandler<
  PublishBundledPlansCommand,
  string[]
> {
  private readonly logger = new Logger('Plans');

  constructor(
    private readonly streams: LedgerStreams,
    @Inject(Clock) private readonly clock: Clock,
  ) {}

  async execute(): Promise<string[]> {
    const published: string[] = [];
    for (const bundled of BUNDLED_PLANS) {
      const planId = bundled.definition.planId;
      const ctx = {
        commandId: `bundled-plan:${planId}:v1`,
        correlationId: `bundled-plan:${planId}`,
        actor: 'system:bundled-plans',
      };
      const result = await this.streams.execute<PlanEvent>(
        StreamNames.plan(planId),
        ctx,
        (loaded) => {
          if (loaded.events.length) return { ok: true, events: [] };
          const occurredAt = bundled.publishedOn
            ? startOfShanghaiDay(bundled.publishedOn)
            : this.clock.now();
          const publish = decidePublishPlan(undefined, {
            definition: bundled.definition,
            occurredAt,
          });
          if (!publish.ok || !bundled.townshipTable) return publish;
          const state = publish.events.reduce<PlanState | undefined>(evolvePlan, undefined);
          const table = decideImportTownshipTable(state, {
            planId,
            source: bundled.townshipTable.source,
            table: bundled.townshipTable.table,
            occurredAt,
          });
          return table.ok ? { ok: true, events: [...publish.events, ...table.events] } : table;
        },
      );
      if (!result.replayed && result.events.length) {
        published.push(planId);
        for (const e of result.events) {
          if (e.type === 'TownshipTableImported') {
            for (const d of e.data.discrepancies) this.logger.warn(`${planId}: ${d.message}`);
          }
        }
      }
    }
    if (published.length) this.logger.log(`published bundled plans: ${published.join(', ')}`);
    return published;
  }
}
