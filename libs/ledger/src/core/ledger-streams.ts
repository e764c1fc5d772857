import { Inject, Injectable, Optional } from '@nestjs/common';
import { Decision, DomainError } from '@ledger/domain';
import {
  AppendResult,
  chainEvents,
  EventStore,
  GENESIS_HASH,
  lastHashOf,
  NewEvent,
  RecordedEvent,
  WrongExpectedRevisionError,
} from '@ledger/event-store';
import type { LedgerEvent } from '../contracts/ledger-event';
import { LedgerIntegrity } from '../integrity/ledger-integrity.service';
import { CommandContext } from './command-context';
import { NameBasedIds } from './name-based-id';
import { EVENT_STORE } from './tokens';

const EVENT_IDS = new NameBasedIds('6f1d9a52-3c1e-4f7b-9a51-7d2f0c4b8e10');
export const SCHEMA_VERSION = 1;

export interface DomainEventShape {
  type: string;
  data: { occurredAt: string } & object;
}

export interface LoadedStream<E extends DomainEventShape> {
  streamId: string;
  events: E[];
  recorded: RecordedEvent[];
  /** -1n when the stream does not exist yet. */
  revision: bigint;
  lastHash: string;
}

export interface StreamWriteResult<E> {
  events: E[];
  /** True when the command had already been applied: nothing new was written. */
  replayed: boolean;
  position?: AppendResult['position'];
}

/** One append to the event store as it went (for metrics): conflict = wrong expected revision. */
export interface AppendObservation {
  streamId: string;
  eventTypes: readonly string[];
  outcome: 'appended' | 'conflict' | 'failed';
  seconds: number;
}

export interface ExecuteOptions {
  /** Decide-and-append attempts on a wrong expected revision (3). */
  attempts?: number;
  /**
   * The caller knows the stream does not exist yet (e.g. the person's key was just created):
   * the first attempt decides on the empty stream without reading it. Its append still expects
   * no stream, so if the stream does exist after all the log refuses it and the next attempt
   * reads the stream as usual (that attempt does not count against `attempts`). A retry of a
   * command already recorded there is answered by the log from its event ids (nothing written
   * twice) but not flagged `replayed`; a stream of a person implies their stored key, so callers
   * pass it only for a key just created.
   */
  knownNew?: boolean;
}

/**
 * The events a command appends to a stream, as stored: ids derived from the commandId (a retried
 * request writes nothing twice) and the metadata every event carries.
 */
export function newEventsOf(
  streamId: string,
  events: readonly DomainEventShape[],
  ctx: CommandContext,
): NewEvent[] {
  return events.map((e, i) => {
    const id = EVENT_IDS.of(`${ctx.commandId}|${streamId}|${i}`);
    return {
      id,
      type: e.type,
      data: e.data,
      metadata: {
        eventId: id,
        correlationId: ctx.correlationId,
        causationId: ctx.commandId,
        actor: ctx.actor,
        occurredAt: e.data.occurredAt,
        schemaVersion: SCHEMA_VERSION,
      },
    };
  });
}

/** Thrown after retries when concurrent writers keep changing the stream. */
export class ConcurrencyConflictError extends Error {
  override readonly name = 'ConcurrencyConflictError';
}

/**
 * Loads a stream, runs a pure decision, appends with the expected revision. Event ids derive
 * from the commandId so a retried request is idempotent; events are hash-chained per stream.
 */
@Injectable()
export class LedgerStreams {
  private readonly appendListeners: ((streamId: string) => void)[] = [];
  private readonly appendObservers: ((append: AppendObservation) => void)[] = [];

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Optional() private readonly integrity?: LedgerIntegrity,
  ) {}

  /** Called after every append this process makes (e.g. to refresh cached plans at once). */
  onAppended(listener: (streamId: string) => void): void {
    this.appendListeners.push(listener);
  }

  /** Called after every append attempt, failed ones included (metrics). */
  observeAppends(observer: (append: AppendObservation) => void): void {
    this.appendObservers.push(observer);
  }

  /**
   * The stream as recorded, each event checked against its per-stream hash and the leaf the
   * ledger verified (LedgerIntegrity): a decision is never built on altered history (503).
   */
  async load<E extends DomainEventShape>(streamId: string): Promise<LoadedStream<E>> {
    this.integrity?.assertIntact();
    const recorded = await this.store.readStream(streamId);
    this.integrity?.checkLoaded(streamId, recorded);
    return {
      streamId,
      recorded,
      events: recorded.map((r) => ({ type: r.type, data: r.data }) as E),
      revision: recorded.length ? recorded[recorded.length - 1].revision : -1n,
      lastHash: lastHashOf(recorded),
    };
  }

  /** A stream known not to exist, as load() would return it (the log must still be intact). */
  private emptyStream<E extends DomainEventShape>(streamId: string): LoadedStream<E> {
    this.integrity?.assertIntact();
    return { streamId, recorded: [], events: [], revision: -1n, lastHash: GENESIS_HASH };
  }

  /**
   * Decide-and-append with optimistic concurrency: on a wrong expected revision the stream is
   * reloaded and the decision re-run (it may now refuse, e.g. a duplicate enrollment).
   */
  // Only members of LedgerEvent can be written: a new event type must join that union, which
  // the AsyncAPI document is generated from (docs/contracts.md).
  async execute<E extends LedgerEvent>(
    streamId: string,
    ctx: CommandContext,
    decide: (loaded: LoadedStream<E>) => Decision<E> | Promise<Decision<E>>,
    options: number | ExecuteOptions = 3,
  ): Promise<StreamWriteResult<E>> {
    const { attempts = 3, knownNew = false } =
      typeof options === 'number' ? { attempts: options } : options;
    let assumeNew = knownNew;
    for (let attempt = 1; ; attempt++) {
      const loaded = assumeNew ? this.emptyStream<E>(streamId) : await this.load<E>(streamId);
      const earlier = loaded.recorded.filter((r) => r.metadata.causationId === ctx.commandId);
      if (earlier.length) {
        return {
          events: earlier.map((r) => ({ type: r.type, data: r.data }) as E),
          replayed: true,
        };
      }
      const decision = await decide(loaded);
      if (!decision.ok) throw decision.error;
      if (decision.events.length === 0) return { events: [], replayed: false };
      try {
        const result = await this.append(loaded, decision.events, ctx);
        return { events: decision.events, replayed: false, position: result.position };
      } catch (error) {
        if (error instanceof WrongExpectedRevisionError && assumeNew) {
          assumeNew = false;
          attempt--;
          continue;
        }
        if (error instanceof WrongExpectedRevisionError && attempt < attempts) continue;
        if (error instanceof WrongExpectedRevisionError) {
          throw new ConcurrencyConflictError(
            `stream changed concurrently ${attempts} times; retry the request`,
          );
        }
        throw error;
      }
    }
  }

  async append<E extends LedgerEvent>(
    loaded: LoadedStream<E>,
    events: E[],
    ctx: CommandContext,
  ): Promise<AppendResult> {
    if (events.length === 0)
      throw new DomainError('invalid', 'command', 'command.noop', 'the command changes nothing');
    const newEvents = newEventsOf(loaded.streamId, events, ctx);
    // Nothing is written on a log found altered (the check also runs on every load).
    this.integrity?.assertIntact();
    const chained = chainEvents(loaded.streamId, loaded.revision, loaded.lastHash, newEvents);
    const started = process.hrtime.bigint();
    const observe = (outcome: AppendObservation['outcome']) => {
      if (this.appendObservers.length === 0) return;
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      const eventTypes = events.map((e) => e.type);
      for (const o of this.appendObservers)
        o({ streamId: loaded.streamId, eventTypes, outcome, seconds });
    };
    let result: AppendResult;
    try {
      result = await this.store.append(
        loaded.streamId,
        chained,
        loaded.revision < 0n ? 'no_stream' : loaded.revision,
      );
    } catch (error) {
      observe(error instanceof WrongExpectedRevisionError ? 'conflict' : 'failed');
      throw error;
    }
    observe('appended');
    this.integrity?.appended(loaded.streamId, loaded.revision + 1n, chained, result.position);
    for (const listener of this.appendListeners) listener(loaded.streamId);
    return result;
  }
}
