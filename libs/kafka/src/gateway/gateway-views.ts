import { RecordedEvent } from '@ledger/event-store';
import {
  CoinsuranceDoc,
  coinsuranceProjection,
  copyDocument,
  DocumentBatch,
  DocumentDrafts,
  ProjectedEvent,
  Projection,
} from '@ledger/projections';

/**
 * A document one event changed: its version before (undefined if new) and after. `after` is the
 * batch's draft: later events of the same batch may still change it, so read it before applying
 * the next event. `before` is the document as it was before this event — whole for the first
 * change of the document in a batch; for a later one, only what BEFORE_SNAPSHOTS keeps of it.
 */
export interface DocumentChange {
  view: string;
  version: number;
  key: string;
  before: unknown;
  after: unknown;
}

/**
 * What an event's `before` keeps of a document the batch already changed, per view. Copying a
 * whole coinsurance document for every premium (its premiums by day grow all window long) was a
 * quarter of the gateway's CPU; the insurers' premiums are all insurerParts reads of it.
 */
const BEFORE_SNAPSHOTS: Readonly<Record<string, (doc: unknown) => unknown>> = {
  [coinsuranceProjection.name]: (doc) => ({
    insurers: copyDocument((doc as CoinsuranceDoc).insurers),
  }),
};

/** One batch of events over the views: each document is copied once per batch, not per event. */
export class GatewayViewsBatch {
  private readonly drafts = new Map<string, DocumentBatch<unknown>>();

  constructor(
    private readonly projections: readonly Projection<unknown>[],
    private readonly docs: Map<string, Map<string, unknown>>,
  ) {}

  /** Applies one event to every view that reads its stream; returns what it changed. */
  apply(event: RecordedEvent): DocumentChange[] {
    const changes: DocumentChange[] = [];
    for (const p of this.projections) {
      if (!p.streamPrefixes.some((prefix) => event.streamId.startsWith(prefix))) continue;
      const committed = this.docs.get(p.name)!;
      let batch = this.drafts.get(p.name);
      if (!batch) this.drafts.set(p.name, (batch = new DocumentBatch(committed)));
      const projected: ProjectedEvent = {
        streamId: event.streamId,
        type: event.type,
        data: event.data as ProjectedEvent['data'],
        position: event.position,
        recordedAt: event.recordedAt,
      };
      const snapshot = BEFORE_SNAPSHOTS[p.name] ?? copyDocument;
      const touched = new Map<string, unknown>();
      const drafts = batch;
      // Notes each document's state before this event touches it, then hands out the draft.
      const noting: DocumentDrafts<unknown> = {
        get: (key) => drafts.get(key),
        edit: (key, create) => {
          if (!touched.has(key)) touched.set(key, beforeOf(drafts, committed, key, snapshot));
          return drafts.edit(key, create);
        },
        put: (key, doc) => {
          if (!touched.has(key)) touched.set(key, beforeOf(drafts, committed, key, snapshot));
          drafts.put(key, doc);
        },
      };
      p.apply(projected, noting);
      for (const [key, before] of touched) {
        changes.push({
          view: p.name,
          version: p.version,
          key,
          before,
          after: drafts.changed.get(key),
        });
      }
    }
    return changes;
  }

  /** The batch's documents become the views' (the drafts are not changed after this). */
  commit(): void {
    for (const [view, batch] of this.drafts) {
      const docs = this.docs.get(view)!;
      for (const [key, doc] of batch.changed) docs.set(key, doc);
    }
    this.drafts.clear();
  }
}

function beforeOf(
  drafts: DocumentBatch<unknown>,
  committed: ReadonlyMap<string, unknown>,
  key: string,
  snapshot: (doc: unknown) => unknown,
): unknown {
  // Not changed in this batch yet: the committed document itself, intact (the draft is a copy).
  if (!drafts.changed.has(key)) return committed.get(key);
  return snapshot(drafts.changed.get(key));
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

  /** A batch of events applied together; commit() it at its end. */
  batch(): GatewayViewsBatch {
    return new GatewayViewsBatch(this.projections, this.docs);
  }

  /** Applies one event on its own; returns what it changed. */
  apply(event: RecordedEvent): DocumentChange[] {
    const batch = this.batch();
    const changes = batch.apply(event);
    batch.commit();
    return changes;
  }
}
