import { RecordedEvent } from '@ledger/event-store';
import { DocumentBatch, ProjectedEvent, Projection } from '@ledger/projections';

/** A document one event changed: its version before (undefined if new) and after. */
export interface DocumentChange {
  view: string;
  version: number;
  key: string;
  before: unknown;
  after: unknown;
}

/**
 * The gateway's own copy of the views it publishes, in memory, driven by the same pure
 * reducers as the projector's. It lets the gateway know, per event, which documents changed and
 * how (the insurers' premium parts), independently of how far the projector's views are.
 */
export class GatewayViews {
  private readonly docs = new Map<string, Map<string, unknown>>();

  constructor(readonly projections: readonly Projection<unknown>[]) {
    for (const p of projections) this.docs.set(p.name, new Map());
  }

  load(view: string, docs: Iterable<[string, unknown]>): void {
    this.docs.set(view, new Map(docs));
  }

  documents(view: string): ReadonlyMap<string, unknown> {
    const docs = this.docs.get(view);
    if (!docs) throw new Error(`the gateway does not track view ${view}`);
    return docs;
  }

  /** Applies one event to every view that reads its stream; returns what it changed. */
  apply(event: RecordedEvent): DocumentChange[] {
    const changes: DocumentChange[] = [];
    for (const p of this.projections) {
      if (!p.streamPrefixes.some((prefix) => event.streamId.startsWith(prefix))) continue;
      const docs = this.docs.get(p.name)!;
      const projected: ProjectedEvent = {
        streamId: event.streamId,
        type: event.type,
        data: event.data as ProjectedEvent['data'],
        position: event.position,
        recordedAt: event.recordedAt,
      };
      // One event is one batch: its drafts become the documents after, `before` stays intact.
      const drafts = new DocumentBatch(docs);
      p.apply(projected, drafts);
      for (const [key, after] of drafts.changed) {
        changes.push({ view: p.name, version: p.version, key, before: docs.get(key), after });
        docs.set(key, after);
      }
    }
    return changes;
  }
}
