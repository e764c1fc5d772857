import { Inject } from '@nestjs/common';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import {
  Coalition,
  decideAmendCoalitionShares,
  decideSelectCoalitionTerm,
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

/** 002 四(二): select the lead insurer and coalition for a term of plan years. */
export class SelectCoalitionTermCommand {
  constructor(
    readonly productId: string,
    readonly request: {
      fromYear: number;
      years?: number;
      coalition: Coalition;
      reason: string;
      occurredAt?: string;
    },
    readonly ctx: CommandContext,
  ) {}
}

/** A change of a term's shares from an effective date. */
export class AmendCoalitionSharesCommand {
  constructor(
    readonly productId: string,
    readonly termId: string,
    readonly request: {
      effectiveOn: string;
      coalition: Coalition;
      reason: string;
      occurredAt?: string;
    },
    readonly ctx: CommandContext,
  ) {}
}

function receipt(result: { events: ProductEvent[]; replayed: boolean }) {
  const e = result.events[0];
  if (e?.type !== 'CoalitionTermSelected' && e?.type !== 'CoalitionSharesAmended')
    throw new Error('the command recorded no coalition event');
  return { ...e.data, replayed: result.replayed };
}

@CommandHandler(SelectCoalitionTermCommand)
export class SelectCoalitionTermHandler implements ICommandHandler<SelectCoalitionTermCommand> {
  constructor(
    private readonly streams: LedgerStreams,
    private readonly products: ProductRepository,
    @Inject(Clock) private readonly clock: Clock,
  ) {}

  async execute({ productId, request, ctx }: SelectCoalitionTermCommand) {
    await requireProduct(this.products, productId);
    const at = resolveOccurredAt(request.occurredAt, this.clock.now());
    const result = await this.streams.execute<ProductEvent>(
      StreamNames.product(productId),
      ctx,
      async (loaded) =>
        decideSelectCoalitionTerm(
          foldProduct(productId, loaded.events),
          await this.products.plansOf(productId),
          {
            productId,
            fromYear: request.fromYear,
            ...(request.years !== undefined ? { years: request.years } : {}),
            coalition: request.coalition,
            reason: request.reason,
            occurredAt: at,
          },
        ),
    );
    return receipt(result);
  }
}

@CommandHandler(AmendCoalitionSharesCommand)
export class AmendCoalitionSharesHandler implements ICommandHandler<AmendCoalitionSharesCommand> {
  constructor(
    private readonly streams: LedgerStreams,
    private readonly products: ProductRepository,
    @Inject(Clock) private readonly clock: Clock,
  ) {}

  async execute({ productId, termId, request, ctx }: AmendCoalitionSharesCommand) {
    await requireProduct(this.products, productId);
    const at = resolveOccurredAt(request.occurredAt, this.clock.now());
    const result = await this.streams.execute<ProductEvent>(
      StreamNames.product(productId),
      ctx,
      async (loaded) =>
        decideAmendCoalitionShares(
          foldProduct(productId, loaded.events),
          await this.products.plansOf(productId),
          {
            productId,
            termId,
            effectiveOn: request.effectiveOn,
            coalition: request.coalition,
            reason: request.reason,
            occurredAt: at,
          },
        ),
    );
    return receipt(result);
  }
}
