import { randomUUID } from 'node:crypto';
import {
  EventStore,
  LogPosition,
  NewEvent,
  RecordedEvent,
  WrongExpectedRevisionError,
} from '@ledger/event-store';
import { DocumentChange } from './projection-runner';
import { ViewCheckpoint, ViewCommit, ViewStore } from './view-store.port';

/** Views live in streams of their own, outside the ledger's prefixes (LEDGER_STREAM_PREFIXES). */
export const VIEW_STREAM_PREFIX = 'view-';
export const viewStream = (view: string): string => `${VIEW_STREAM_PREFIX}${view}`;

export const VIEW_EVENT_TYPES = {
  /** One runner batch: the documents it changed and the checkpoint they bring the view to. */
  committed: 'ViewBatchCommitted',
  /** Part of a full copy of the view, so that loading need not replay the stream from 0. */
  snapshot: 'ViewSnapshotTaken',
} as const;

/** The data of both event types. */
export interface ViewEventData {
  view: string;
  version: number;
  /** The last ledger event applied (positions as decimal strings: JSON has no bigint). */
  checkpoint: { commit: string; prepare: string };
  /**
   * Revision in this stream where loading starts: the first part of the latest snapshot, or the
   * first commit after a reset. An event whose base is its own revision starts from no documents.
   */
  base: string;
  docs: Array<[string, unknown]>;
  part?: number;
  parts?: number;
}

/** Another writer appended to a view stream: this runner must stop (and reload if restarted). */
export class ViewStoreFencedError extends Error {
  override readonly name = 'ViewStoreFencedError';
  constructor(
    readonly view: string,
    cause: WrongExpectedRevisionError,
  ) {
    super(
      `view ${view}: its stream moved to revision ${cause.actual} while this projector expected ` +
        `${String(cause.expected)}: another projector is writing it, so this one stops`,
      { cause },
    );
  }
}

export interface EventStoreViewStoreOptions {
  /** A full snapshot after this many committed batches of a view (0: never). Default 100. */
  snapshotEvery?: number;
  /** Documents per snapshot event; one snapshot is one append of all its parts. Default 500. */
  snapshotPartSize?: number;
  /** A snapshot that failed (not fenced) is only a lost optimisation: reported here. */
  onSnapshotFailed?: (view: string, error: unknown) => void;
  now?: () => Date;
}

export interface FollowOptions {
  /** How often the view streams are read for new events. Default 200 ms. */
  intervalMs?: number;
  /** The documents each newly read batch changed (live pages, SSE). */
  onChanges?: (changes: DocumentChange[]) => void;
  onError?: (error: unknown) => void;
}

interface ViewState {
  docs: Map<string, unknown>;
  checkpoint?: ViewCheckpoint;
  /** Last revision of the view stream applied here; -1n: the stream does not exist. */
  revision: bigint;
  base: bigint;
  commitsSinceSnapshot: number;
  /** reset() was called: the next commit starts the view afresh. */
  resetPending: boolean;
}

const LOAD_PAGE = 500;

/**
 * Views on the EventStore port, for production mode where they are not in the SQLite file.
 * Each committed batch of a view is ONE event in stream `view-{name}`, carrying the changed
 * documents and the checkpoint, appended with the stream's expected revision:
 * - atomic: documents and checkpoint are one event, so a crash leaves both or neither, and a
 *   restart resumes from exactly the documents as of the stored checkpoint (nothing skipped,
 *   nothing counted twice; documents are absolute values, never increments);
 * - fenced: a second active projector loses the expected-revision race and stops
 *   (ViewStoreFencedError) instead of interleaving its writes;
 * - bounded start-up: every `snapshotEvery` batches the whole view is appended as a snapshot,
 *   and loading reads from the latest snapshot only.
 * Documents are held in memory (the ViewStore port is synchronous for reads): load() before use;
 * a reading process (the API beside a projector) follow()s the streams to stay current.
 */
export class EventStoreViewStore implements ViewStore {
  private readonly views = new Map<string, ViewState>();
  private readonly snapshotEvery: number;
  private readonly snapshotPartSize: number;
  private readonly now: () => Date;
  private following?: { stop: () => Promise<void> };

  constructor(
    private readonly store: EventStore,
    private readonly options: EventStoreViewStoreOptions = {},
  ) {
    this.snapshotEvery = options.snapshotEvery ?? 100;
    this.snapshotPartSize = options.snapshotPartSize ?? 500;
    this.now = options.now ?? (() => new Date());
  }

  /** Reads each view from its latest snapshot (or reset) on; the views a runner will use. */
  async load(views: readonly string[]): Promise<void> {
    for (const view of views) this.views.set(view, await this.read(view));
  }

  checkpoint(view: string): ViewCheckpoint | undefined {
    return this.state(view).checkpoint;
  }

  all(view: string, keyPrefix = ''): Array<[string, unknown]> {
    return [...this.state(view).docs.entries()]
      .filter(([key]) => key.startsWith(keyPrefix))
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  }

  get(view: string, key: string): unknown {
    return this.state(view).docs.get(key);
  }

  /** One append per view, in parallel: each view's documents and checkpoint are atomic. */
  async commit(commits: readonly ViewCommit[]): Promise<void> {
    const outcomes = await Promise.allSettled(commits.map((c) => this.commitView(c)));
    const failed = outcomes.find((o): o is PromiseRejectedResult => o.status === 'rejected');
    // The runner keeps its own state until commit resolves and stops on a failure; a restart
    // reloads every view from its stream, where each append either happened or did not.
    if (failed) throw failed.reason;
  }

  /** Takes effect in memory now and durably with the view's next commit (a fresh start). */
  reset(view: string): void {
    const state = this.state(view);
    state.docs = new Map();
    state.checkpoint = undefined;
    state.resetPending = true;
  }

  /** Polls the view streams for events another process appended. */
  follow(options: FollowOptions = {}): void {
    if (this.following) return;
    const intervalMs = options.intervalMs ?? 200;
    let stopped = false;
    let timer: NodeJS.Timeout | undefined;
    let running: Promise<void> = Promise.resolve();
    const tick = () => {
      running = this.catchUpViews(options)
        .catch((error: unknown) => options.onError?.(error))
        .finally(() => {
          if (!stopped) timer = setTimeout(tick, intervalMs);
        });
    };
    tick();
    this.following = {
      stop: async () => {
        stopped = true;
        clearTimeout(timer);
        await running;
      },
    };
  }

  async stopFollowing(): Promise<void> {
    await this.following?.stop();
    this.following = undefined;
  }

  private async commitView(commit: ViewCommit): Promise<void> {
    const state = this.state(commit.view);
    const revision = state.revision + 1n;
    const base = state.resetPending ? revision : state.base;
    const data: ViewEventData = {
      view: commit.view,
      version: commit.version,
      checkpoint: positionData(commit.checkpoint),
      base: base.toString(),
      docs: commit.docs.map(([key, doc]) => [key, doc]),
    };
    const appended = await this.append(commit.view, state.revision, [
      this.event(VIEW_EVENT_TYPES.committed, data),
    ]);
    if (state.resetPending) state.docs = new Map();
    for (const [key, doc] of commit.docs) state.docs.set(key, doc);
    state.checkpoint = { position: commit.checkpoint, version: commit.version };
    state.revision = appended;
    state.base = base;
    state.resetPending = false;
    state.commitsSinceSnapshot++;
    if (this.snapshotEvery > 0 && state.commitsSinceSnapshot >= this.snapshotEvery) {
      await this.snapshot(commit.view, state);
    }
  }

  /** A full copy of the view as of its last commit: one append of one or more parts. */
  private async snapshot(view: string, state: ViewState): Promise<void> {
    const checkpoint = state.checkpoint;
    if (!checkpoint) return;
    const first = state.revision + 1n;
    const docs = [...state.docs.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    const parts = Math.max(1, Math.ceil(docs.length / this.snapshotPartSize));
    const events = Array.from({ length: parts }, (_, part) =>
      this.event(VIEW_EVENT_TYPES.snapshot, {
        view,
        version: checkpoint.version,
        checkpoint: positionData(checkpoint.position),
        base: first.toString(),
        docs: docs.slice(part * this.snapshotPartSize, (part + 1) * this.snapshotPartSize),
        part,
        parts,
      }),
    );
    state.commitsSinceSnapshot = 0;
    try {
      state.revision = await this.append(view, state.revision, events);
      state.base = first;
    } catch (error) {
      if (error instanceof ViewStoreFencedError) throw error;
      // The commit itself is durable; only start-up speed is lost. Retried after snapshotEvery.
      this.options.onSnapshotFailed?.(view, error);
    }
  }

  /** Appends at the expected revision; returns the new revision. */
  private async append(view: string, after: bigint, events: NewEvent[]): Promise<bigint> {
    try {
      const result = await this.store.append(
        viewStream(view),
        events,
        after < 0n ? 'no_stream' : after,
      );
      return result.nextExpectedRevision;
    } catch (error) {
      if (error instanceof WrongExpectedRevisionError) throw new ViewStoreFencedError(view, error);
      throw error;
    }
  }

  private async read(view: string): Promise<ViewState> {
    const state: ViewState = {
      docs: new Map(),
      revision: -1n,
      base: 0n,
      commitsSinceSnapshot: 0,
      resetPending: false,
    };
    // The port's empty append reports the stream's current revision without writing.
    const last = (await this.store.append(viewStream(view), [], 'any')).nextExpectedRevision;
    if (last < 0n) return state;
    const [tail] = await this.store.readStream(viewStream(view), {
      fromRevision: last,
      maxCount: 1,
    });
    await this.readFrom(view, state, BigInt(dataOf(tail).base), 'load');
    return state;
  }

  private async catchUpViews(options: FollowOptions): Promise<void> {
    for (const [view, state] of this.views) {
      const changes = await this.readFrom(view, state, state.revision + 1n, 'follow');
      if (changes.length > 0) options.onChanges?.(changes);
    }
  }

  /**
   * Applies the stream from `from` on. Loading applies snapshots (they are its starting point);
   * following skips them, since a snapshot repeats what the follower already holds, and
   * applying one part at a time would show readers a half-built view in between.
   */
  private async readFrom(
    view: string,
    state: ViewState,
    from: bigint,
    mode: 'load' | 'follow',
  ): Promise<DocumentChange[]> {
    const changes: DocumentChange[] = [];
    for (let next = from; ;) {
      const page = await this.store.readStream(viewStream(view), {
        fromRevision: next,
        maxCount: LOAD_PAGE,
      });
      for (const event of page) {
        if (event.revision <= state.revision) continue;
        const data = dataOf(event);
        const snapshot = event.type === VIEW_EVENT_TYPES.snapshot;
        const fresh = BigInt(data.base) === event.revision;
        if (!(snapshot && mode === 'follow')) {
          if (fresh) state.docs = new Map();
          for (const [key, doc] of data.docs) {
            state.docs.set(key, doc);
            if (mode === 'follow') changes.push({ view, key, doc });
          }
          state.checkpoint = { position: positionOf(data.checkpoint), version: data.version };
        }
        state.commitsSinceSnapshot = snapshot ? 0 : state.commitsSinceSnapshot + 1;
        state.base = BigInt(data.base);
        state.revision = event.revision;
      }
      if (page.length < LOAD_PAGE) return changes;
      next = page[page.length - 1].revision + 1n;
    }
  }

  private event(type: string, data: ViewEventData): NewEvent {
    // A random id, never one derived from the revision: two projectors racing for the same
    // revision must conflict, not be taken for an idempotent retry of each other.
    const id = randomUUID();
    return {
      id,
      type,
      data,
      metadata: {
        eventId: id,
        correlationId: viewStream(data.view),
        causationId: `checkpoint:${data.checkpoint.commit}/${data.checkpoint.prepare}`,
        actor: 'projector',
        occurredAt: this.now().toISOString(),
        schemaVersion: 1,
      },
    };
  }

  private state(view: string): ViewState {
    const state = this.views.get(view);
    if (!state) throw new Error(`view ${view} is not loaded: call load() first`);
    return state;
  }
}

function positionData(position: LogPosition): ViewEventData['checkpoint'] {
  return { commit: position.commit.toString(), prepare: position.prepare.toString() };
}

function positionOf(data: ViewEventData['checkpoint']): LogPosition {
  return { commit: BigInt(data.commit), prepare: BigInt(data.prepare) };
}

function dataOf(event: RecordedEvent): ViewEventData {
  const data = event.data as ViewEventData;
  if (!data || typeof data.base !== 'string' || !Array.isArray(data.docs)) {
    throw new Error(
      `${event.streamId}@${event.revision} (${event.type}) is not a view event: ` +
        `view streams hold only ${Object.values(VIEW_EVENT_TYPES).join(' and ')}`,
    );
  }
  return data;
}
