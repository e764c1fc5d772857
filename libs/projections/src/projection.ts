import { LogPosition } from '@ledger/event-store';

/** What a projection sees of a recorded event. */
export interface ProjectedEvent {
  streamId: string;
  type: string;
  /** Domain payload; every event a view reads has data.occurredAt (business time) and planId. */
  data: { occurredAt: string; planId: string; [field: string]: unknown };
  position: LogPosition;
  recordedAt: string;
}

/**
 * A projection's documents while one batch of events is applied to it. Committed documents are
 * never mutated: a reducer changes a document only through the draft `edit` hands out, a copy
 * owned by the batch (made once per batch, on the first edit of the key), so view stores,
 * readers and listeners that hold committed documents never see a change before its commit,
 * and a batch that fails to commit leaves no trace.
 */
export interface DocumentDrafts<D> {
  /**
   * The document as it stands at this point of the batch (the draft, if edited), or undefined.
   * Read-only: never mutate what `get` returns — `edit` the key instead.
   */
  get(key: string): D | undefined;
  /**
   * The draft of a document, to change in place: a copy of the current document on the first
   * edit of the key in this batch (the same draft afterwards), or a new document from `create`
   * when there is none. Every edited key is committed with the batch: edit only what the event
   * changes. A reducer must not keep a draft beyond the call that edits it.
   */
  edit(key: string, create: () => D): D;
  /** Replaces a document with a new object, which the batch owns from then on. */
  put(key: string, doc: D): void;
}

/**
 * A view as a reducer over keyed documents: given an event, it changes the documents the event
 * touches through `docs` (drafts, see DocumentDrafts), deterministically and reading nothing
 * else. The runner commits the changed documents with the checkpoint; rebuild, live projection
 * and "as of" replay run the same reducer, so a rebuild equals the incremental result whatever
 * the batch boundaries.
 */
export interface Projection<D> {
  readonly name: string;
  /** Bumped when the reducer changes meaning: a stored view of another version is rebuilt. */
  readonly version: number;
  /** Only events of streams with these prefixes reach the reducer. */
  readonly streamPrefixes: readonly string[];
  apply(event: ProjectedEvent, docs: DocumentDrafts<D>): void;
}
