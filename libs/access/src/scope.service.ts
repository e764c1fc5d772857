import { Injectable } from '@nestjs/common';
import { PlanRepository } from '@ledger/ledger';
import { Identity } from './identity';
import { planPlacesOf, PlanVisibility, visibilityOf } from './plan-visibility';
import { isLedgerWide } from './scope';

/** A caller's view of a plan, from the plan as it stands now. */
@Injectable()
export class ScopeService {
  constructor(private readonly plans: PlanRepository) {}

  /**
   * undefined: the plan is outside the caller's scope. A plan that does not exist is 'whole' for
   * a ledger-wide caller (the handler answers 404) and outside the scope of anyone else (403:
   * a scoped key learns nothing about plans beyond its own).
   */
  async visibility(identity: Identity, planId: string): Promise<PlanVisibility | undefined> {
    const state = await this.plans.get(planId);
    if (!state) return isLedgerWide(identity.scope) ? { kind: 'whole' } : undefined;
    return visibilityOf(identity, planPlacesOf(state));
  }
}
