import { comparePositions, EventStore, LogPosition, RecordedEvent } from '@ledger/event-store';
import { Projection } from './projection';
import { InMemoryViewStore } from './runner/in-memory-view-store';
import { ProjectionRunner } from './runner/projection-runner';

/** A point in history: a business instant (facts that occurred by then) or a log position. */
export type AsOf = { instant: number } | { position: LogPosition };

/**
 * Replays the log into fresh in-memory views with the same reducers, keeping only what was true
 * at the point asked for. Nothing is persisted.
 */
export async function replayAsOf(
  store: EventStore,
  projections: readonly Projection<unknown>[],
  asOf: AsOf,
): Promise<ProjectionRunner> {
  const filter =
    'instant' in asOf
      ? (e: RecordedEvent) =>
          Date.parse(String((e.data as { occurredAt?: string }).occurredAt ?? e.recordedAt)) <=
          asOf.instant
      : (e: RecordedEvent) => comparePositions(e.position, asOf.position) <= 0;
  const runner = new ProjectionRunner(store, new InMemoryViewStore(), projections, {
    filter,
    batchSize: 10_000,
  });
  await runner.catchUp('position' in asOf ? asOf.position : undefined);
  return runner;
}
