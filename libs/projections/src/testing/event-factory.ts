import { DocumentBatch } from '../document-drafts';
import { ProjectedEvent, Projection } from '../projection';

let position = 0n;

/** Wraps domain events as recorded ones with increasing positions. */
export function projected(
  streamId: string,
  events: { type: string; data: object }[],
): ProjectedEvent[] {
  return events.map((e) => {
    position += 1n;
    return {
      streamId,
      type: e.type,
      data: e.data as ProjectedEvent['data'],
      position: { commit: position, prepare: position },
      recordedAt: '2024-01-01T00:00:00.000Z',
    };
  });
}

/**
 * Folds events through a projection in memory as one batch: the runner's semantics without I/O.
 * Returns the documents after the batch; `docs` (the documents before) is left untouched.
 */
export function fold<D>(
  projection: Projection<D>,
  events: ProjectedEvent[],
  docs: ReadonlyMap<string, D> = new Map<string, D>(),
): Map<string, D> {
  const drafts = new DocumentBatch(docs);
  for (const e of events) {
    if (!projection.streamPrefixes.some((p) => e.streamId.startsWith(p))) continue;
    projection.apply(e, drafts);
  }
  return new Map([...docs, ...drafts.changed]);
}
