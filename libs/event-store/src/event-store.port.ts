/**
 * The EventStore port: the only way the ledger reads or writes its log. Adapters: embedded
 * SQLite (default) and KurrentDB/EventStoreDB. Semantics follow KurrentDB so that both adapters
 * pass one contract suite (see ./testing/event-store.contract.ts).
 */

/** Expected state of a stream for an append: optimistic concurrency, no locks. */
export type ExpectedRevision =
  | 'no_stream' // the stream must not exist yet
  | 'stream_exists' // the stream must exist, any revision
  | 'any' // no check
  | bigint; // the stream's last event must have exactly this revision (0-based)

/** Position in the global log. Both parts are kept so KurrentDB positions map faithfully;
 * the embedded store uses commit = prepare = its row sequence. Ordered by commit, then prepare. */
export interface LogPosition {
  readonly commit: bigint;
  readonly prepare: bigint;
}

export const START_POSITION: LogPosition = Object.freeze({ commit: 0n, prepare: 0n });

export interface EventMetadata {
  readonly eventId: string;
  readonly correlationId: string;
  readonly causationId: string;
  readonly actor: string;
  /** Business time of the fact (ISO-8601 UTC). */
  readonly occurredAt: string;
  readonly schemaVersion: number;
  /** Tamper evidence: hash of the previous event of this stream, and of this one. */
  readonly prevHash?: string;
  readonly hash?: string;
  readonly [extra: string]: unknown;
}

/** An event as handed to append. `id` is a UUID; deterministic where a retry must be idempotent. */
export interface NewEvent {
  readonly id: string;
  readonly type: string;
  readonly data: unknown;
  readonly metadata: EventMetadata;
}

export interface RecordedEvent {
  readonly id: string;
  readonly streamId: string;
  /** 0-based revision within the stream. */
  readonly revision: bigint;
  readonly position: LogPosition;
  readonly type: string;
  readonly data: unknown;
  readonly metadata: EventMetadata;
  /** When the store recorded it (ISO-8601 UTC), from the store's clock. */
  readonly recordedAt: string;
}

export interface AppendResult {
  /** Revision of the last event now in the stream. */
  readonly nextExpectedRevision: bigint;
  /** Position of the last event written (or already present, for an idempotent retry). */
  readonly position: LogPosition;
}

export interface ReadStreamOptions {
  readonly fromRevision?: bigint;
  readonly maxCount?: number;
}

export interface ReadAllOptions {
  /** Exclusive: events strictly after this position. START_POSITION reads from the beginning. */
  readonly after?: LogPosition;
  readonly maxCount: number;
  /** Only streams whose id starts with one of these prefixes (e.g. "policy-", "plan-"). */
  readonly streamPrefixes?: readonly string[];
}

export interface Subscription {
  /** Stops delivery; resolves once no handler call is in flight. */
  close(): Promise<void>;
}

export interface SubscribeOptions {
  readonly after?: LogPosition;
  readonly streamPrefixes?: readonly string[];
  /** Events are delivered in batches of at most this size (catch-up, then live). */
  readonly batchSize?: number;
  /** Called with each batch, in log order; the next batch waits for the returned promise. */
  readonly onBatch: (events: readonly RecordedEvent[]) => Promise<void> | void;
  /** Called once if delivery stops because of an error (handler or store). */
  readonly onError?: (error: unknown) => void;
}

export interface EventStore {
  append(
    streamId: string,
    events: readonly NewEvent[],
    expectedRevision: ExpectedRevision,
  ): Promise<AppendResult>;
  /** Events of one stream in revision order; [] when the stream does not exist. */
  readStream(streamId: string, options?: ReadStreamOptions): Promise<RecordedEvent[]>;
  /** A batch of the global log in position order. */
  readAll(options: ReadAllOptions): Promise<RecordedEvent[]>;
  /** Catch up from `after`, then deliver new events as they are appended. */
  subscribeToAll(options: SubscribeOptions): Subscription;
  /** Position of the last event in the log (START_POSITION when empty). */
  headPosition(): Promise<LogPosition>;
  close(): Promise<void>;
}
