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
  /** Events per committed batch (default 2,000). */
  batchSize?: number;
  /**
   * Events per read of the log while catching up (default 256, at most batchSize). A batch is
   * read in pages and each page is dropped once applied: the young generation of the heap then
   * holds one page of parsed events instead of a whole batch, which it would copy at every
   * scavenge (2,000 events alive at once cost a replay a quarter of its time in GC).
   */
  readPageSize?: number;
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

/** A batch being applied: each view's drafts and the last position read. */
interface OpenBatch {
  drafts: Map<LoadedView, DocumentBatch<unknown>>;
  last: LogPosition;
  events: number;
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
  private readonly readPageSize: number;

  constructor(
    private readonly store: EventStore,
    private readonly viewStore: ViewStore,
    projections: readonly Projection<unknown>[],
    private readonly options: ProjectionRunnerOptions = {},
  ) {
    this.batchSize = options.batchSize ?? 2_000;
    this.readPageSize = Math.max(1, Math.min(this.batchSize, options.readPageSize ?? 256));
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
    let after = this.slowest();
    let open: OpenBatch | undefined;
    for (;;) {
      const page = await this.store.readAll({ after, maxCount: this.readPageSize });
      const within = until ? page.filter((e) => comparePositions(e.position, until) <= 0) : page;
      if (within.length) {
        open ??= { drafts: new Map(), last: START_POSITION, events: 0 };
        this.applyPage(open, within);
        after = open.last;
        count += within.length;
      }
      const done = page.length < this.readPageSize || within.length < page.length;
      if (open && (done || open.events >= this.batchSize)) {
        await this.commitBatch(open);
        open = undefined;
      }
      if (done) return count;
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
    const open: OpenBatch = { drafts: new Map(), last: START_POSITION, events: 0 };
    this.applyPage(open, events);
    await this.commitBatch(open);
  }

  /** Applies a page of the log (in log order) to the drafts of the open batch. */
  private applyPage(open: OpenBatch, events: readonly RecordedEvent[]): void {
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
    for (const v of this.views) {
      if (comparePositions(last, v.checkpoint) <= 0) continue;
      // In log order: skip what this view already applied (a slower view read it again).
      let from = 0;
      while (comparePositions(events[from].position, v.checkpoint) <= 0) from++;
      // Reducers edit drafts of this batch; the committed documents in v.docs stay untouched.
      let drafts = open.drafts.get(v);
      if (!drafts) open.drafts.set(v, (drafts = new DocumentBatch(v.docs)));
      const prefixes = v.projection.streamPrefixes;
      for (let i = from; i < events.length; i++) {
        const e = projected[i];
        if (e !== undefined && hasPrefix(e.streamId, prefixes)) v.projection.apply(e, drafts);
      }
    }
    open.last = last;
    open.events += events.length;
  }

  /** Commits every view the batch moved: its changed documents with its new checkpoint. */
  private async commitBatch(open: OpenBatch): Promise<void> {
    const last = open.last;
    const commits: ViewCommit[] = [];
    const changes: DocumentChange[] = [];
    const committed: LoadedView[] = [];
    for (const v of this.views) {
      const drafts = open.drafts.get(v);
      if (!drafts) continue;
      commits.push({
        view: v.projection.name,
        version: v.projection.version,
        docs: [...drafts.changed],
        checkpoint: last,
      });
      committed.push(v);
      for (const [key, doc] of drafts.changed) changes.push({ view: v.projection.name, key, doc });
    }
    if (commits.length === 0) return;
    await this.viewStore.commit(commits);
    // Only after the commit: memory never runs ahead of what a restart would find. From here on
    // the drafts are committed documents, which no later batch mutates (it edits copies).
    commits.forEach((c, i) => {
      const v = committed[i];
      for (const [key, doc] of c.docs) v.docs.set(key, doc);
      v.checkpoint = c.checkpoint;
    });
    this.options.onCommitted?.(changes, last);
  }
}

function hasPrefix(streamId: string, prefixes: readonly string[]): boolean {
  for (const p of prefixes) if (streamId.startsWith(p)) return true;
  return false;
}
