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

/** Read access to the projection's current documents (its own, by key). */
export type DocumentReader<D> = (key: string) => D | undefined;

/**
 * A view as a pure reducer over keyed documents: given an event and read access to the current
 * documents, return the new versions of the documents it changes (never mutating inputs). The
 * runner persists them with the checkpoint; rebuild and "as of" replay use the same reducer.
 */
export interface Projection<D> {
  readonly name: string;
  /** Bumped when the reducer changes meaning: a stored view of another version is rebuilt. */
  readonly version: number;
  /** Only events of streams with these prefixes reach the reducer. */
  readonly streamPrefixes: readonly string[];
  apply(
    event: ProjectedEvent,
    read: DocumentReader<D>,
  ): ReadonlyArray<readonly [key: string, doc: D]>;
}
