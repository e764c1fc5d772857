import {
  Inject,
  Injectable,
  Logger,
  OnApplicationBootstrap,
  OnModuleDestroy,
} from '@nestjs/common';
import { Subject } from 'rxjs';
import {
  EventStore,
  LogPosition,
  RunnerLock,
  RunnerLockHeldError,
  SqliteEventStore,
  comparePositions,
  formatPosition,
} from '@ledger/event-store';
import {
  AsOf,
  DocumentChange,
  EventStoreViewStore,
  LEDGER_PROJECTIONS,
  ProjectionRunner,
  replayAsOf,
  SqliteViewStore,
  ViewStore,
} from '@ledger/projections';
import { LedgerConfig } from '../config/ledger-config';
import { EVENT_STORE, LEDGER_CONFIG } from '../core/tokens';

/** Documents of one view, from the persisted views or from an "as of" replay. */
export type ViewDocuments = (view: string, keyPrefix: string) => unknown[];

/**
 * The views. In embedded mode they live in the event store's SQLite file and this process runs
 * the projections; with LEDGER_PROJECTIONS=external apps/projector writes them and we only read.
 * On KurrentDB they live in view streams (EventStoreViewStore): loaded at start-up, then
 * followed while the projector writes them.
 */
@Injectable()
export class LedgerViews implements OnApplicationBootstrap, OnModuleDestroy {
  readonly changes = new Subject<DocumentChange[]>();
  readonly viewStore: ViewStore;
  /**
   * Changes whenever views change without the log moving: a rebuild returns every checkpoint
   * to where it was, so a cache keyed by checkpoints alone would keep serving the old figures.
   * Caches of view output include it in their key.
   */
  private generationCounter = 0;
  private runner?: ProjectionRunner;
  private runnerLock?: RunnerLock;
  private readonly logger = new Logger('Projections');

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(LEDGER_CONFIG) private readonly config: LedgerConfig,
  ) {
    this.viewStore =
      store instanceof SqliteEventStore
        ? new SqliteViewStore(store.db)
        : new EventStoreViewStore(store, {
            onSnapshotFailed: (view, error) =>
              this.logger.warn(
                `snapshot of ${view} failed (start-up stays correct): ${String(error)}`,
              ),
          });
  }

  async onApplicationBootstrap(): Promise<void> {
    if (this.viewStore instanceof EventStoreViewStore) {
      // Remote views are read into memory before anything queries them or a runner starts.
      await this.viewStore.load(LEDGER_PROJECTIONS.map((p) => p.name));
      if (this.config.projections === 'external') {
        this.viewStore.follow({
          onChanges: (changes) => {
            // Another process writes these views (and may have rebuilt them).
            this.generationCounter++;
            this.changes.next(changes);
          },
          onError: (error) => this.logger.warn(`reading the view streams failed: ${String(error)}`),
        });
      }
    }
    if (this.config.projections !== 'in-process') return;
    this.takeRunnerLock('ledger-api');
    this.runner = new ProjectionRunner(this.store, this.viewStore, LEDGER_PROJECTIONS, {
      onCommitted: (changes) => this.changes.next(changes),
    });
    await this.runner.start((error) => this.logger.error(`projection stopped: ${String(error)}`));
  }

  async onModuleDestroy(): Promise<void> {
    await this.runner?.stop();
    this.runnerLock?.release();
    if (this.viewStore instanceof EventStoreViewStore) await this.viewStore.stopFollowing();
    this.changes.complete();
  }

  /** Reads the current views, or replays into fresh ones as of a point in history. */
  async documents(asOf?: AsOf): Promise<ViewDocuments> {
    if (!asOf) return (view, prefix) => this.viewStore.all(view, prefix).map(([, doc]) => doc);
    const replay = await replayAsOf(this.store, LEDGER_PROJECTIONS, asOf);
    return (view, prefix) =>
      [...replay.documents(view).entries()].filter(([k]) => k.startsWith(prefix)).map(([, d]) => d);
  }

  /** Waits until every view has applied the log up to `position` (read-your-writes). */
  async caughtUp(position?: LogPosition, timeoutMs = 10_000): Promise<boolean> {
    const target = position ?? (await this.store.headPosition());
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const behind = LEDGER_PROJECTIONS.some((p) => {
        const cp = this.viewStore.checkpoint(p.name);
        return !cp || comparePositions(cp.position, target) < 0;
      });
      if (!behind) return true;
      if (Date.now() > deadline) return false;
      await new Promise((r) => setTimeout(r, 20));
    }
  }

  async status() {
    const head = await this.store.headPosition();
    return {
      mode: this.config.projections,
      head: formatPosition(head),
      views: LEDGER_PROJECTIONS.map((p) => {
        const cp = this.viewStore.checkpoint(p.name);
        const at = cp?.position.commit ?? 0n;
        return {
          view: p.name,
          version: p.version,
          checkpoint: cp ? formatPosition(cp.position) : null,
          lag: (head.commit > at ? head.commit - at : 0n).toString(),
        };
      }),
    };
  }

  /**
   * The embedded file's runner lock (see RunnerLock), for this process's lifetime; a no-op on
   * KurrentDB, whose view streams fence a second projector by expected revision.
   */
  takeRunnerLock(role: string): void {
    if (this.runnerLock || !(this.store instanceof SqliteEventStore)) return;
    this.runnerLock = RunnerLock.acquire(this.config.sqlitePath, role);
  }

  /**
   * Brings the stored views up to the head once (the CLI, which runs no subscription). When
   * another process runs the projections it keeps them current: nothing to do (-1).
   */
  async catchUpOnce(): Promise<number> {
    try {
      this.takeRunnerLock('ledger-cli');
    } catch (error) {
      if (error instanceof RunnerLockHeldError) return -1;
      throw error;
    }
    return new ProjectionRunner(this.store, this.viewStore, LEDGER_PROJECTIONS, {
      batchSize: 5_000,
    }).catchUp();
  }

  get generation(): number {
    return this.generationCounter;
  }

  async rebuild(view?: string): Promise<number> {
    if (!this.runner)
      throw new Error(
        'projections run in apps/projector (LEDGER_PROJECTIONS=external): rebuild there',
      );
    this.generationCounter++;
    try {
      return await this.runner.rebuild(view);
    } finally {
      // Also after: a read during the rebuild may have cached a half-built report.
      this.generationCounter++;
    }
  }
}
