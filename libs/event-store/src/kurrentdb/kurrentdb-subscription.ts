import { EventStoreUnavailableError } from '../errors';
import { LogPosition, RecordedEvent, SubscribeOptions, Subscription } from '../event-store.port';
import { isAfter } from './kurrentdb-positions';

/** The part of the client's $all subscription (a Node Readable) this adapter uses. */
export interface SubscriptionSource {
  on(event: 'data', listener: (item: unknown) => void): unknown;
  on(event: 'error', listener: (error: Error) => void): unknown;
  on(event: 'end' | 'close', listener: () => void): unknown;
  pause(): unknown;
  resume(): unknown;
  unsubscribe(): Promise<void>;
}

/**
 * Turns the client's event-at-a-time stream into the port's batches: events that arrive
 * together (catch-up pages, bursts) are handed over together, at most `batchSize` at a time, and
 * the stream is paused while a full batch waits for its handler, so a slow projection applies
 * back-pressure down to the server instead of buffering without bound.
 */
export class BatchingSubscription implements Subscription {
  private readonly buffer: RecordedEvent[] = [];
  private readonly batchSize: number;
  private cursor: LogPosition | undefined;
  private draining: Promise<void> | undefined;
  private stopped = false;
  private failure: { error: unknown } | undefined;
  private paused = false;

  constructor(
    private readonly source: SubscriptionSource,
    private readonly options: SubscribeOptions,
    private readonly toEvent: (item: unknown) => RecordedEvent | undefined,
    defaultBatchSize: number,
  ) {
    this.batchSize = options.batchSize ?? defaultBatchSize;
    if (!Number.isInteger(this.batchSize) || this.batchSize < 1) {
      throw new RangeError(`batchSize must be a positive integer, got ${this.batchSize}`);
    }
    this.cursor = options.after;
    source.on('data', (item) => this.accept(item));
    source.on('error', (error) => this.fail(error));
    const ended = () =>
      this.fail(new EventStoreUnavailableError('the server ended the subscription to $all'));
    source.on('end', ended);
    source.on('close', ended);
  }

  /** Inside onBatch, call close() without awaiting it: it waits for that very onBatch. */
  async close(): Promise<void> {
    if (!this.stopped) {
      this.stopped = true;
      await Promise.all([this.source.unsubscribe().catch(() => undefined), this.draining]);
    } else {
      await this.draining;
    }
    // Like the SQLite store: without onError, a failure is reported by close().
    if (this.failure && !this.options.onError) throw this.failure.error;
  }

  private accept(item: unknown): void {
    if (this.stopped) return;
    let event: RecordedEvent | undefined;
    try {
      event = this.toEvent(item);
    } catch (error) {
      this.fail(error);
      return;
    }
    // Subscriptions from a position may repeat the event at that position: the port's is exclusive.
    if (!event || !isAfter(event.position, this.cursor)) return;
    this.cursor = event.position;
    this.buffer.push(event);
    if (this.buffer.length >= this.batchSize && !this.paused) {
      this.paused = true;
      this.source.pause();
    }
    this.draining ??= this.drain();
  }

  private async drain(): Promise<void> {
    // Let everything that arrived in this tick join the batch.
    await new Promise((resolve) => setImmediate(resolve));
    try {
      while (!this.stopped && this.buffer.length > 0) {
        const batch = this.buffer.splice(0, this.batchSize);
        await this.options.onBatch(batch);
        if (this.paused && this.buffer.length < this.batchSize && !this.stopped) {
          this.paused = false;
          this.source.resume();
        }
        if (this.buffer.length === 0) await new Promise((resolve) => setImmediate(resolve));
      }
    } catch (error) {
      this.fail(error);
    } finally {
      this.draining = undefined;
    }
  }

  private fail(error: unknown): void {
    if (this.stopped) return;
    this.stopped = true;
    this.failure = { error };
    this.buffer.length = 0;
    void this.source.unsubscribe().catch(() => undefined);
    try {
      this.options.onError?.(error);
    } catch {
      // An onError that throws has nowhere left to report to.
    }
  }
}
