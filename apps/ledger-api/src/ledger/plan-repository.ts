import { Inject, Injectable } from '@nestjs/common';
import { evolvePlan, PlanEvent, PlanState } from '@ledger/domain';
import { EventStore, StreamNames } from '@ledger/event-store';
import { EVENT_STORE } from './tokens';

/**
 * Current plan states. Plans are read on every enrollment, so each is cached and caught up by
 * reading only the events after the cached revision.
 */
@Injectable()
export class PlanRepository {
  private readonly cache = new Map<string, { state: PlanState | undefined; revision: bigint }>();

  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  async get(planId: string): Promise<PlanState | undefined> {
    const cached = this.cache.get(planId) ?? { state: undefined, revision: -1n };
    const newer = await this.store.readStream(StreamNames.plan(planId), {
      fromRevision: cached.revision + 1n,
    });
    if (newer.length === 0) return cached.state;
    let state = cached.state;
    for (const e of newer) state = evolvePlan(state, { type: e.type, data: e.data } as PlanEvent);
    this.cache.set(planId, { state, revision: newer[newer.length - 1].revision });
    return state;
  }
}
