import { Injectable } from '@nestjs/common';
import { isDraft, missingForEnrollment, PlanState } from '@ledger/domain';
import { BUNDLED_PLANS } from '@ledger/plans';
import { PlanRepository } from '../core/plan-repository';
import { ProductRepository } from '../core/product-repository';

@Injectable()
export class PlanViews {
  constructor(
    private readonly plans: PlanRepository,
    private readonly products: ProductRepository,
  ) {}

  private summary(state: PlanState) {
    const d = state.definition;
    return {
      planId: d.planId,
      productId: d.productId,
      productName: d.productName,
      planYear: d.planYear,
      region: d.region,
      status: isDraft(state) ? 'draft' : 'ready',
      missing: missingForEnrollment(d),
      enrollmentWindow: d.enrollmentWindow,
      coverage: d.coverage,
      townships: d.townships.length,
    };
  }

  /** The bundled plans, then the plans derived from them (docs/products.md). */
  async list() {
    const derived = (
      await Promise.all(this.products.productIds().map((id) => this.products.get(id)))
    ).flatMap((p) => p.derived.map((d) => d.planId));
    const ids = [...BUNDLED_PLANS.map((p) => p.definition.planId), ...derived];
    const states = await Promise.all(ids.map((id) => this.plans.get(id)));
    return states.filter((s): s is PlanState => !!s).map((s) => this.summary(s));
  }

  async get(planId: string) {
    const state = await this.plans.get(planId);
    if (!state) return undefined;
    return {
      ...this.summary(state),
      definition: state.definition,
      coalitionHistory: state.coalitionHistory,
      ...(state.derivation ? { derivation: state.derivation } : {}),
      amendments: state.amendments,
      tableImports: state.tableImports,
    };
  }
}
