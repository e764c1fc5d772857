import { Inject, Injectable } from '@nestjs/common';
import {
  DatedCoalition,
  coalitionHistoryOfPlan,
  evolveProduct,
  emptyProduct,
  foldPolicy,
  PlanState,
  PolicyEvent,
  policyGaveCover,
  PriorCoverage,
  ProductEvent,
  ProductState,
} from '@ledger/domain';
import { EventStore, StreamNames } from '@ledger/event-store';
import { BUNDLED_PLANS } from '@ledger/plans';
import { LedgerStreams } from './ledger-streams';
import { PlanRepository } from './plan-repository';
import { EVENT_STORE } from './tokens';

/** How long a cached product is used before the store is asked for newer product events. */
const REFRESH_MS = 200;

/**
 * Products: their own stream (derived plans, coalition terms, operating costs, renewal runs) and
 * their yearly plans — the bundled ones of the product and the ones derived since. Cached like
 * plans (every enrollment asks which other years the product has).
 */
@Injectable()
export class ProductRepository {
  private readonly cache = new Map<
    string,
    { state: ProductState; revision: bigint; checkedAt: number }
  >();

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly plans: PlanRepository,
    streams: LedgerStreams,
  ) {
    streams.onAppended((streamId) => {
      if (streamId.startsWith('product-')) {
        const cached = this.cache.get(streamId.slice('product-'.length));
        if (cached) cached.checkedAt = 0;
      }
    });
  }

  /** The products the ledger knows: those of its bundled plans (every derived plan is of one). */
  productIds(): string[] {
    return [...new Set(BUNDLED_PLANS.map((p) => p.definition.productId))];
  }

  async get(productId: string): Promise<ProductState> {
    const cached = this.cache.get(productId) ?? {
      state: emptyProduct(productId),
      revision: -1n,
      checkedAt: 0,
    };
    const now = Date.now();
    if (now - cached.checkedAt < REFRESH_MS) return cached.state;
    const newer = await this.store.readStream(StreamNames.product(productId), {
      fromRevision: cached.revision + 1n,
    });
    let state = cached.state;
    for (const e of newer)
      state = evolveProduct(state, { type: e.type, data: e.data } as ProductEvent);
    const revision = newer.length ? newer[newer.length - 1].revision : cached.revision;
    this.cache.set(productId, { state, revision, checkedAt: now });
    return state;
  }

  /** Plan ids of the product: bundled, then derived (a derived plan may not be published yet). */
  planIdsOf(product: ProductState): string[] {
    return [
      ...BUNDLED_PLANS.filter((p) => p.definition.productId === product.productId).map(
        (p) => p.definition.planId,
      ),
      ...product.derived.map((d) => d.planId),
    ];
  }

  /** The product's published plans (their current states). */
  async plansOf(productId: string): Promise<PlanState[]> {
    const product = await this.get(productId);
    const states = await Promise.all(this.planIdsOf(product).map((id) => this.plans.get(id)));
    return states.filter((s): s is PlanState => s !== undefined);
  }

  /** Whether the product is known (has a bundled plan or a stream). */
  async exists(productId: string): Promise<boolean> {
    if (this.productIds().includes(productId)) return true;
    return (await this.get(productId)).lastOccurredAt !== undefined;
  }

  /**
   * The person's policies in the product's other yearly plans, as the log has them now: what
   * decides a new enrollment's cohort. Reads one stream per other year (none for a product with
   * one plan).
   */
  async priorCoverage(
    plan: PlanState,
    personRef: string,
    { newPerson = false }: { newPerson?: boolean } = {},
  ): Promise<PriorCoverage[]> {
    const year = plan.definition.planYear;
    if (year === undefined) return [];
    const others = (await this.plansOf(plan.definition.productId)).filter(
      (p) =>
        p.planId !== plan.planId &&
        p.definition.planYear !== undefined &&
        p.definition.planYear < year,
    );
    return Promise.all(
      others.map(async (p) => {
        // A new person's earlier years are known without reading: none.
        const events = newPerson
          ? []
          : await this.store.readStream(StreamNames.policy(p.planId, personRef));
        const policy = foldPolicy(
          events.map((e) => ({ type: e.type, data: e.data }) as PolicyEvent),
        );
        return {
          planId: p.planId,
          planYear: p.definition.planYear!,
          covered: policyGaveCover(policy),
        };
      }),
    );
  }

  /** The coalitions a plan's facts are split by (its product's term, or its own). */
  async coalitionsOf(plan: PlanState): Promise<DatedCoalition[]> {
    return coalitionHistoryOfPlan(plan, await this.get(plan.definition.productId));
  }
}
