import { Inject, Injectable, Optional } from '@nestjs/common';
import { evolvePlan, PlanEvent, PlanState } from '@ledger/domain';
import { EventStore, StreamNames } from '@ledger/event-store';
import { LedgerIntegrity } from '../integrity/ledger-integrity.service';
import { LedgerStreams } from './ledger-streams';
import { EVENT_STORE } from './tokens';

/** How long a cached plan is used before the store is asked for newer plan events. */
const REFRESH_MS = 200;

/**
 * Current plan states. Plans are read on every enrollment, so each is cached: caught up by
 * reading only the events after the cached revision, at most every REFRESH_MS, and at once
 * after this process amends the plan. Another process's amendment is seen within REFRESH_MS —
 * the same as a request that arrived that much earlier.
 */
@Injectable()
export class PlanRepository {
  private readonly cache = new Map<
    string,
    { state: PlanState | undefined; revision: bigint; lastHash?: string; checkedAt: number }
  >();

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    streams: LedgerStreams,
    @Optional() private readonly integrity?: LedgerIntegrity,
  ) {
    streams.onAppended((streamId) => {
      if (streamId.startsWith('plan-')) {
        const cached = this.cache.get(streamId.slice('plan-'.length));
        if (cached) cached.checkedAt = 0;
      }
    });
  }

  async get(planId: string): Promise<PlanState | undefined> {
    const cached = this.cache.get(planId) ?? { state: undefined, revision: -1n, checkedAt: 0 };
    const now = Date.now();
    if (cached.state && now - cached.checkedAt < REFRESH_MS) return cached.state;
    const streamId = StreamNames.plan(planId);
    const newer = await this.store.readStream(streamId, { fromRevision: cached.revision + 1n });
    // The plan decides every enrollment: its events are checked like any loaded stream.
    this.integrity?.checkLoaded(streamId, newer, {
      revision: cached.revision + 1n,
      previousHash: cached.lastHash,
    });
    let state = cached.state;
    for (const e of newer) state = evolvePlan(state, { type: e.type, data: e.data } as PlanEvent);
    const revision = newer.length ? newer[newer.length - 1].revision : cached.revision;
    const lastHash = newer.length ? String(newer[newer.length - 1].metadata.hash) : cached.lastHash;
    this.cache.set(planId, { state, revision, lastHash, checkedAt: now });
    return state;
  }
}
