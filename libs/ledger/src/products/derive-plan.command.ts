import { Inject } from '@nestjs/common';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import {
  decideDerivePlan,
  derivedPlanPublished,
  foldProduct,
  isDraft,
  missingForEnrollment,
  PlanEvent,
  PlanYearChanges,
  ProductEvent,
  resolveOccurredAt,
} from '@ledger/domain';
import { StreamNames } from '@ledger/event-store';
import { Clock } from '../core/clock';
import { CommandContext } from '../core/command-context';
import { LedgerStreams } from '../core/ledger-streams';
import { PlanRepository } from '../core/plan-repository';
import { ProductRepository } from '../core/product-repository';
import { requireProduct } from './require-product';

export interface DerivePlanRequest {
  fromPlanId: string;
  planId?: string;
  changes: PlanYearChanges;
  reason: string;
  occurredAt?: string;
}

/** POST /products/{productId}/plans: next year's plan from this year's (docs/products.md). */
export class DerivePlanCommand {
  constructor(
    readonly productId: string,
    readonly request: DerivePlanRequest,
    readonly ctx: CommandContext,
  ) {}
}

type Derived = Extract<ProductEvent, { type: 'ProductPlanDerived' }>['data'];

/**
 * Records the derivation on the product stream (where one plan per year is decided, with the
 * product's expected revision), then publishes the plan on its own stream with the same
 * definition. Both writes are idempotent by command id; a derivation whose plan was not published
 * (a crash between the two) is published by the next product command or retry.
 */
@CommandHandler(DerivePlanCommand)
export class DerivePlanHandler implements ICommandHandler<DerivePlanCommand> {
  constructor(
    private readonly streams: LedgerStreams,
    private readonly plans: PlanRepository,
    private readonly products: ProductRepository,
    @Inject(Clock) private readonly clock: Clock,
  ) {}

  async execute({ productId, request, ctx }: DerivePlanCommand) {
    await requireProduct(this.products, productId);
    const at = resolveOccurredAt(request.occurredAt, this.clock.now());
    await this.publishPending(productId, ctx);
    const result = await this.streams.execute<ProductEvent>(
      StreamNames.product(productId),
      ctx,
      async (loaded) =>
        decideDerivePlan(
          foldProduct(productId, loaded.events),
          await this.products.plansOf(productId),
          {
            productId,
            fromPlanId: request.fromPlanId,
            ...(request.planId ? { planId: request.planId } : {}),
            changes: request.changes,
            reason: request.reason,
            occurredAt: at,
          },
        ),
    );
    const derived = result.events.find((e) => e.type === 'ProductPlanDerived');
    if (derived?.type !== 'ProductPlanDerived')
      throw new Error('the derivation recorded no ProductPlanDerived event');
    await this.publish(derived.data, ctx);
    const plan = (await this.plans.get(derived.data.planId))!;
    return {
      productId,
      planId: plan.planId,
      planYear: derived.data.planYear,
      fromPlanId: derived.data.fromPlanId,
      status: isDraft(plan) ? 'draft' : 'ready',
      missing: missingForEnrollment(plan.definition),
      shifted: derived.data.shifted,
      reason: derived.data.reason,
      replayed: result.replayed,
    };
  }

  /** Publishes every derived plan of the product whose plan stream is still empty. */
  async publishPending(productId: string, ctx: CommandContext): Promise<void> {
    const product = await this.products.get(productId);
    for (const d of product.derived) {
      if (!(await this.plans.get(d.planId))) await this.publish(d, ctx);
    }
  }

  private async publish(d: Derived, ctx: CommandContext): Promise<void> {
    await this.streams.execute<PlanEvent>(
      StreamNames.plan(d.planId),
      { ...ctx, commandId: `derived-plan:${d.productId}:${d.planId}` },
      (loaded) => ({ ok: true, events: loaded.events.length ? [] : [derivedPlanPublished(d)] }),
    );
  }
}
