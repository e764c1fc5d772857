import { Inject } from '@nestjs/common';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import {
  decideStateOperatingCost,
  foldProduct,
  ProductEvent,
  resolveOccurredAt,
} from '@ledger/domain';
import { StreamNames } from '@ledger/event-store';
import { Clock } from '../core/clock';
import { CommandContext } from '../core/command-context';
import { LedgerStreams } from '../core/ledger-streams';
import { ProductRepository } from '../core/product-repository';
import { requireProduct } from './require-product';

/** 002 三(四) 综合运营成本: an insurer states its operating cost of a plan year. */
export class StateOperatingCostCommand {
  constructor(
    readonly productId: string,
    readonly planYear: number,
    readonly request: { insurerId: string; amountFen: number; note?: string; occurredAt?: string },
    readonly ctx: CommandContext,
  ) {}
}

@CommandHandler(StateOperatingCostCommand)
export class StateOperatingCostHandler implements ICommandHandler<StateOperatingCostCommand> {
  constructor(
    private readonly streams: LedgerStreams,
    private readonly products: ProductRepository,
    @Inject(Clock) private readonly clock: Clock,
  ) {}

  async execute({ productId, planYear, request, ctx }: StateOperatingCostCommand) {
    await requireProduct(this.products, productId);
    const at = resolveOccurredAt(request.occurredAt, this.clock.now());
    const result = await this.streams.execute<ProductEvent>(
      StreamNames.product(productId),
      ctx,
      async (loaded) =>
        decideStateOperatingCost(
          foldProduct(productId, loaded.events),
          await this.products.plansOf(productId),
          {
            productId,
            planYear,
            insurerId: request.insurerId,
            amountFen: request.amountFen,
            ...(request.note !== undefined ? { note: request.note } : {}),
            occurredAt: at,
          },
        ),
    );
    const e = result.events[0];
    if (e?.type !== 'OperatingCostStated') throw new Error('no OperatingCostStated recorded');
    return { ...e.data, replayed: result.replayed };
  }
}
