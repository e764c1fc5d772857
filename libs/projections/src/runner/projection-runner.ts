import {
  comparePositions,
  EventStore,
  LogPosition,
  RecordedEvent,
  START_POSITION,
  Subscription,
} from '@ledger/event-store';
import { DocumentBatch } from '../document-drafts';
import { ProjectedEvent, Projection } from '../projection';
import { ViewCommit, ViewStore } from './view-store.port';

export interface DocumentChange {
  view: string;
  key: string;
  doc: unknown;
}

export interface ProjectionRunnerOptions {
  batchSize?: number;
  /** Only events passing this filter are applied ("as of" replays); checkpoints still advance. */
  filter?: (event: RecordedEvent) => boolean;
  /** Called after each committed batch with the documents it changed. */
  onCommitted?: (changes: DocumentChange[], position: LogPosition) => void;
}

export interface ViewStatus {
  view: string;
  version: number;
  checkpoint: LogPosition;
}

interface LoadedView {
  projection: Projection<unknown>;
  checkpoint: LogPosition;
  docs: Map<string, unknown>;
}

/**
 * Follows the global log from each view's checkpoint, applies the reducers in batches and
 * commits every view's changed documents with its checkpoint in one store transaction: a restart
 * resumes with nothing lost and nothing counted twice. Documents are cached in memory; within a
 * batch the reducers edit drafts (copied once per batch and document, see DocumentDrafts), so
 * committed documents, which view stores and listeners may hold, are never mutated.
 */
export class ProjectionRunner {
  private readonly views: LoadedView[];
  private subscription?: Subscription;
  private readonly batchSize: number;

  constructor(
    private readonly store: EventStore,
    private readonly viewStore: ViewStore,
    projections: readonly Projection<unknown>[],
    private readonly options: ProjectionRunnerOptions = {},
  ) {
    this.batchSize = options.batchSize ?? 2_000;
    this.views = projections.map((projection) => {
      const stored = viewStore.checkpoint(projection.name);
      // A stored view of another version means the reducer changed meaning: rebuild it.
      if (stored && stored.version !== projection.version) viewStore.reset(projection.name);
      const fresh = !stored || stored.version !== projection.version;
      return {
        projection,
        checkpoint: fresh ? START_POSITION : stored.position,
        docs: new Map(fresh ? [] : viewStore.all(projection.name)),
      };
    });
  }

  /** Where each view is. */
  status(): ViewStatus[] {
    return this.views.map((v) => ({
      view: v.projection.name,
      version: v.projection.version,
      checkpoint: v.checkpoint,
    }));
  }

  /** Events between the slowest view and the head of the log. */
  async lag(): Promise<{ head: LogPosition; behind: bigint }> {
    const head = await this.store.headPosition();
    const slowest = this.slowest();
    return { head, behind: head.commit > slowest.commit ? head.commit - slowest.commit : 0n };
  }

  documents(view: string): Map<string, unknown> {
    const v = this.views.find((x) => x.projection.name === view);
    if (!v) throw new Error(`unknown view ${view}`);
    return v.docs;
  }

  /** Applies everything up to the head (or `until`) and returns how many events were read. */
  async catchUp(until?: LogPosition): Promise<number> {
    let count = 0;
    for (;;) {
      const batch = await this.store.readAll({ after: this.slowest(), maxCount: this.batchSize });
      const within = until ? batch.filter((e) => comparePositions(e.position, until) <= 0) : batch;
      if (within.length) await this.applyBatch(within);
      count += within.length;
      if (batch.length < this.batchSize || within.length < batch.length) return count;
    }
  }

  /** Catches up, then follows new events as they are appended. */
  async start(onError?: (error: unknown) => void): Promise<void> {
    await this.catchUp();
    this.subscription = this.store.subscribeToAll({
      after: this.slowest(),
      batchSize: this.batchSize,
      onBatch: (events) => this.applyBatch(events),
      onError,
    });
  }

  async stop(): Promise<void> {
    await this.subscription?.close();
    this.subscription = undefined;
  }

  /** Drops a view (or all) and replays it from the beginning of the log. */
  async rebuild(view?: string): Promise<number> {
    const running = !!this.subscription;
    await this.stop();
    for (const v of this.views) {
      if (view && v.projection.name !== view) continue;
      this.viewStore.reset(v.projection.name);
      v.checkpoint = START_POSITION;
      v.docs = new Map();
    }
    const count = await this.catchUp();
    if (running) await this.start();
    return count;
  }

  private slowest(): LogPosition {
    return this.views.reduce(
      (min, v) => (comparePositions(v.checkpoint, min) < 0 ? v.checkpoint : min),
      this.views[0]?.checkpoint ?? START_POSITION,
    );
  }

  private async applyBatch(events: readonly RecordedEvent[]): Promise<void> {
    if (events.length === 0) return;
    const last = events[events.length - 1].position;
    const filter = this.options.filter;
    // What the reducers see of each event, made once for every view; undefined: filtered out.
    const projected = events.map((e): ProjectedEvent | undefined =>
      filter && !filter(e)
        ? undefined
        : {
            streamId: e.streamId,
            type: e.type,
            data: e.data as ProjectedEvent['data'],
            position: e.position,
            recordedAt: e.recordedAt,
          },
    );
    const commits: ViewCommit[] = [];
    const changes: DocumentChange[] = [];
    for (const v of this.views) {
      if (comparePositions(last, v.checkpoint) <= 0) continue;
      // The batch is in log order: skip what this view already applied (a slower view read it).
      let from = 0;
      while (comparePositions(events[from].position, v.checkpoint) <= 0) from++;
      // Reducers edit drafts of this batch; the committed documents in v.docs stay untouched.
      const drafts = new DocumentBatch(v.docs);
      const prefixes = v.projection.streamPrefixes;
      for (let i = from; i < events.length; i++) {
        const e = projected[i];
        if (e !== undefined && hasPrefix(e.streamId, prefixes)) v.projection.apply(e, drafts);
      }
      commits.push({
        view: v.projection.name,
        version: v.projection.version,
        docs: [...drafts.changed],
        checkpoint: last,
      });
      for (const [key, doc] of drafts.changed) changes.push({ view: v.projection.name, key, doc });
    }
    if (commits.length === 0) return;
    await this.viewStore.commit(commits);
    // Only after the commit: memory never runs ahead of what a restart would find. From here on
    // the drafts are committed documents, which no later batch mutates (it edits copies).
    for (const c of commits) {
      const v = this.views.find((x) => x.projection.name === c.view)!;
      for (const [key, doc] of c.docs) v.docs.set(key, doc);
      v.checkpoint = c.checkpoint;
    }
    this.options.onCommitted?.(changes, last);
  }
}

function hasPrefix(streamId: string, prefixes: readonly string[]): boolean {
  for (const p of prefixes) if (streamId.startsWith(p)) return true;
  return false;
}
