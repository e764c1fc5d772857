import {
  comparePositions,
  EventStore,
  formatPosition,
  LogPosition,
  START_POSITION,
} from '@ledger/event-store';
import { coinsuranceProjection, Projection, townshipProgressProjection } from '@ledger/projections';
import { KafkaLog } from '../kafka-client';
import { LedgerTopics } from '../topics';
import {
  OutgoingMessage,
  PreparedBatch,
  prepareBatch,
  viewMessages,
  ViewDocument,
} from './gateway-batch';
import { GatewayStateStore } from './gateway-state-store';
import { GatewayViews } from './gateway-views';
import { MessageSink } from './kafka-publisher';

/** The views the gateway publishes, each to its compacted topic. */
export const PUBLISHED_VIEWS: readonly Projection<unknown>[] = [
  townshipProgressProjection as Projection<unknown>,
  coinsuranceProjection as Projection<unknown>,
];

export interface KafkaGatewayOptions {
  store: EventStore;
  sink: MessageSink;
  state: GatewayStateStore;
  topics: LedgerTopics;
  projections?: readonly Projection<unknown>[];
  /** Events read and published per batch (default 1,000). */
  batchSize?: number;
  /** Store the checkpoint at most this often (default 1,000 ms; 0: after every batch), and at stop. */
  checkpointIntervalMs?: number;
  /** How often to look for new events once caught up (default 100 ms). */
  pollIntervalMs?: number;
  /** Back-off between failed publish attempts: doubles from `initial` up to `max` (ms). */
  retryDelayMs?: { initial: number; max: number };
  log?: KafkaLog;
  /** After each batch is acknowledged by Kafka. */
  onPublished?: (batch: {
    first: LogPosition;
    last: LogPosition;
    events: number;
    messages: number;
  }) => void;
  /** After each stored checkpoint. */
  onCheckpoint?: (position: LogPosition) => void;
  now?: () => number;
}

export interface GatewayStatus {
  /** Everything up to here is acknowledged by Kafka. */
  published: LogPosition;
  /** Everything up to here is acknowledged and recorded: a restart resumes after it. */
  checkpoint: LogPosition;
  /** Events published by this instance (re-publications after a restart included). */
  events: number;
}

const sleepFor = (ms: number, wake: (cancel: () => void) => void) =>
  new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, ms);
    wake(() => {
      clearTimeout(timer);
      resolve();
    });
  });

/**
 * Follows the global log from its checkpoint and publishes every event (personal data removed)
 * and every changed township-progress and coinsurance document to Kafka. At-least-once: a batch
 * is published and acknowledged before the checkpoint that covers it is stored, so a crash
 * publishes the events since the last checkpoint again (consumers skip them by position), and no
 * event or view change can be skipped. See docs/kafka.md.
 *
 * Plain class, no Nest: the projector and the ledger API run it alike. One instance runs once.
 */
export class KafkaGateway {
  private readonly views: GatewayViews;
  private readonly batchSize: number;
  private readonly checkpointIntervalMs: number;
  private readonly pollIntervalMs: number;
  private readonly retry: { initial: number; max: number };
  private readonly now: () => number;
  private readonly log: KafkaLog;
  private published: LogPosition = START_POSITION;
  private checkpointed: LogPosition = START_POSITION;
  private lastCheckpointAt = 0;
  private events = 0;
  /** Documents published since the last checkpoint, stored with the next one. */
  private readonly unsaved = new Map<string, ViewDocument>();
  private resetViews: string[] = [];
  private loop?: Promise<void>;
  private stopping = false;
  private cancelSleep?: () => void;

  constructor(private readonly options: KafkaGatewayOptions) {
    this.views = new GatewayViews(options.projections ?? PUBLISHED_VIEWS);
    this.batchSize = options.batchSize ?? 1_000;
    this.checkpointIntervalMs = options.checkpointIntervalMs ?? 1_000;
    this.pollIntervalMs = options.pollIntervalMs ?? 100;
    this.retry = options.retryDelayMs ?? { initial: 250, max: 5_000 };
    this.now = options.now ?? Date.now;
    this.log = options.log ?? (() => undefined);
  }

  status(): GatewayStatus {
    return { published: this.published, checkpoint: this.checkpointed, events: this.events };
  }

  /**
   * Restores the checkpoint and the view documents, then publishes in the background until
   * stop(). `onError` receives a failure that is not Kafka's (a store or reducer error); Kafka
   * failures are retried for as long as it takes.
   */
  async start(onError?: (error: unknown) => void): Promise<void> {
    if (this.loop) throw new Error('the gateway is already running');
    this.loop = Promise.resolve();
    await this.restore();
    this.loop = this.run().catch((error: unknown) => {
      this.log('error', `kafka gateway stopped: ${messageOf(error)}`);
      onError?.(error);
    });
  }

  /** Finishes or abandons the batch in flight, stores the checkpoint and returns. */
  async stop(): Promise<void> {
    this.stopping = true;
    this.cancelSleep?.();
    await this.loop;
    this.checkpoint();
  }

  private async restore(): Promise<void> {
    const saved = this.options.state.load();
    this.published = this.checkpointed = saved.position;
    const stale: Projection<unknown>[] = [];
    for (const p of this.views.projections) {
      const stored = saved.views.get(p.name);
      if (stored && stored.version === p.version) this.views.load(p.name, stored.docs);
      else {
        if (stored) this.resetViews.push(p.name);
        if (comparePositions(saved.position, START_POSITION) > 0) stale.push(p);
      }
    }
    if (stale.length > 0) await this.rebuild(stale, saved.position);
  }

  /**
   * A view without stored documents of its current version (new to the gateway, or its reducer
   * changed) is recounted from the log up to the checkpoint and published whole, so its topic
   * holds the recounted documents before anything newer.
   */
  private async rebuild(projections: Projection<unknown>[], upTo: LogPosition): Promise<void> {
    const replay = new GatewayViews(projections);
    let after = START_POSITION;
    for (;;) {
      const page = await this.options.store.readAll({ after, maxCount: 10_000 });
      const within = page.filter((e) => comparePositions(e.position, upTo) <= 0);
      const batch = replay.batch();
      for (const e of within) batch.apply(e);
      batch.commit();
      if (within.length > 0) after = within[within.length - 1].position;
      if (page.length < 10_000 || within.length < page.length) break;
    }
    const documents: ViewDocument[] = [];
    const messages: OutgoingMessage[] = [];
    for (const p of projections) {
      const docs = replay.documents(p.name);
      this.views.load(p.name, docs);
      for (const [key, doc] of docs) {
        const document = { view: p.name, version: p.version, key, doc, position: upTo };
        documents.push(document);
        messages.push(...viewMessages(this.options.topics, document, undefined));
      }
    }
    this.log(
      'info',
      `recounted ${projections.map((p) => p.name).join(', ')} up to ${formatPosition(upTo)}`,
    );
    if (!(await this.publish(messages, `recounted views at ${formatPosition(upTo)}`))) return;
    this.options.state.save(upTo, documents, this.versions(), this.resetViews);
    this.resetViews = [];
  }

  private async run(): Promise<void> {
    let ahead: Promise<PreparedBatch | undefined> | undefined;
    while (!this.stopping) {
      const batch = await (ahead ?? this.prepareAfter(this.published));
      ahead = undefined;
      if (!batch) {
        if (this.checkpointDue()) this.checkpoint();
        await sleepFor(this.pollIntervalMs, (cancel) => (this.cancelSleep = cancel));
        continue;
      }
      const range = `(${formatPosition(this.published)}, ${formatPosition(batch.last)}]`;
      const sent = this.publish(batch.messages, `events ${range}`);
      // While Kafka works on this batch, read and reduce the next one (after one turn of the
      // event loop, so this request is on its way first). Nothing of it is checkpointed or sent
      // before this batch is acknowledged.
      ahead = nextTurn().then(() => this.prepareAfter(batch.last));
      ahead.catch(() => undefined); // a failure is reported where it is awaited, above
      // Abandoned only when stopping: this instance is then done, its views past the checkpoint.
      if (!(await sent)) return;
      this.published = batch.last;
      this.events += batch.events;
      for (const d of batch.documents) this.unsaved.set(`${d.view}\u0000${d.key}`, d);
      this.options.onPublished?.({
        first: batch.first,
        last: batch.last,
        events: batch.events,
        messages: batch.messages.length,
      });
      if (this.checkpointDue()) this.checkpoint();
    }
  }

  /** The next batch after `after`, applied to the views; undefined at the head (or stopping). */
  private async prepareAfter(after: LogPosition): Promise<PreparedBatch | undefined> {
    if (this.stopping) return undefined;
    const events = await this.options.store.readAll({ after, maxCount: this.batchSize });
    return events.length > 0 ? prepareBatch(events, this.views, this.options.topics) : undefined;
  }

  /** Sends until acknowledged; false if the gateway is stopping first. */
  private async publish(messages: readonly OutgoingMessage[], what: string): Promise<boolean> {
    let delay = this.retry.initial;
    for (let attempt = 1; ; attempt++) {
      try {
        await this.options.sink.send(messages);
        if (attempt > 1) this.log('info', `published ${what} on attempt ${attempt}`);
        return true;
      } catch (error) {
        if (this.stopping) return false;
        this.log(
          'warn',
          `publishing ${what} failed (attempt ${attempt}): ${messageOf(error)}; retrying in ${delay} ms`,
        );
        await this.options.sink.reset().catch(() => undefined);
        await sleepFor(delay, (cancel) => (this.cancelSleep = cancel));
        if (this.stopping) return false;
        delay = Math.min(this.retry.max, delay * 2);
      }
    }
  }

  private versions(): Record<string, number> {
    return Object.fromEntries(this.views.projections.map((p) => [p.name, p.version]));
  }

  /**
   * At most one checkpoint per interval, busy or idle: a checkpoint is an fsync, and the price of
   * a late one is only that a crash publishes up to an interval's events again.
   */
  private checkpointDue(): boolean {
    return this.now() - this.lastCheckpointAt >= this.checkpointIntervalMs;
  }

  private checkpoint(): void {
    if (comparePositions(this.published, this.checkpointed) === 0 && this.unsaved.size === 0)
      return;
    this.options.state.save(
      this.published,
      [...this.unsaved.values()],
      this.versions(),
      this.resetViews,
    );
    this.resetViews = [];
    this.unsaved.clear();
    this.checkpointed = this.published;
    this.lastCheckpointAt = this.now();
    this.options.onCheckpoint?.(this.checkpointed);
  }
}

const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
