import { Inject } from '@nestjs/common';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import {
  decideAmendPlan,
  foldPlan,
  isDraft,
  missingForEnrollment,
  PlanChanges,
  PlanEvent,
  productAmendmentRefusal,
  resolveOccurredAt,
} from '@ledger/domain';
import { StreamNames } from '@ledger/event-store';
import { Clock } from '../core/clock';
import { CommandContext } from '../core/command-context';
import { LedgerStreams } from '../core/ledger-streams';
import { ProductRepository } from '../core/product-repository';

export class AmendPlanCommand {
  constructor(
    readonly planId: string,
    readonly changes: PlanChanges,
    readonly reason: string,
    readonly occurredAt: string | undefined,
    readonly ctx: CommandContext,
  ) {}
}

@CommandHandler(AmendPlanCommand)
export class AmendPlanHandler implements ICommandHandler<AmendPlanCommand> {
  constructor(
    private readonly streams: LedgerStreams,
    @Inject(Clock) private readonly clock: Clock,
    private readonly products: ProductRepository,
  ) {}

  async execute({ planId, changes, reason, occurredAt, ctx }: AmendPlanCommand) {
    const at = resolveOccurredAt(occurredAt, this.clock.now());
    const streamId = StreamNames.plan(planId);
    const result = await this.streams.execute<PlanEvent>(streamId, ctx, async (loaded) => {
      const plan = foldPlan(loaded.events);
      if (plan && changes && typeof changes === 'object') {
        const productId = plan.definition.productId;
        const refusal = productAmendmentRefusal(
          await this.products.get(productId),
          await this.products.plansOf(productId),
          plan,
          changes,
        );
        if (refusal) return { ok: false, error: refusal };
      }
      return decideAmendPlan(plan, { planId, changes, reason, occurredAt: at });
    });
    const state = foldPlan((await this.streams.load<PlanEvent>(streamId)).events)!;
    return {
      planId,
      draft: isDraft(state),
      missing: missingForEnrollment(state.definition),
      replayed: result.replayed,
    };
  }
}
