import type { CurrentStreamState } from '@kurrent/kurrentdb-client';
import { EventStoreUnavailableError } from '../errors';

/**
 * The client's error kinds the adapter maps, by the client's `ErrorType` values (compared as
 * strings so the client module can be loaded lazily; a unit test pins them to the enum).
 */
export const CLIENT_ERROR = {
  wrongExpectedVersion: 'wrong-expected-version',
  streamNotFound: 'stream-not-found',
} as const;

export interface ClientWrongExpectedVersion {
  readonly type: typeof CLIENT_ERROR.wrongExpectedVersion;
  readonly streamName: string;
  readonly actualState: CurrentStreamState;
}

export function isWrongExpectedVersion(error: unknown): error is ClientWrongExpectedVersion {
  return typeOf(error) === CLIENT_ERROR.wrongExpectedVersion;
}

export function isStreamNotFound(error: unknown): boolean {
  return typeOf(error) === CLIENT_ERROR.streamNotFound;
}

/** Anything else: the server is unreachable, refused, or timed out. */
export function unavailable(doing: string, cause: unknown): EventStoreUnavailableError {
  if (cause instanceof EventStoreUnavailableError) return cause;
  const reason = cause instanceof Error ? cause.message || cause.name : String(cause);
  return new EventStoreUnavailableError(`KurrentDB ${doing} failed: ${reason}`, { cause });
}

function typeOf(error: unknown): unknown {
  return typeof error === 'object' && error !== null
    ? (error as { type?: unknown }).type
    : undefined;
}
