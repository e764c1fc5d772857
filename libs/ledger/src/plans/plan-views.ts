import { Injectable } from '@nestjs/common';
import { isDraft, missingForEnrollment, PlanState } from '@ledger/domain';
import { BUNDLED_PLANS } from '@ledger/plans';
import { PlanRepository } from '../core/plan-repository';

@Injectable()
export class PlanViews {
  constructor(private readonly plans: PlanRepository) {}

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

  async list() {
    const states = await Promise.all(BUNDLED_PLANS.map((p) => this.plans.get(p.definition.planId)));
    return states.filter((s): s is PlanState => !!s).map((s) => this.summary(s));
  }

  async get(planId: string) {
    const state = await this.plans.get(planId);
    if (!state) return undefined;
    return {
      ...this.summary(state),
      definition: state.definition,
      coalitionHistory: state.coalitionHistory,
      amendments: state.amendments,
      tableImports: state.tableImports,
    };
  }
}
