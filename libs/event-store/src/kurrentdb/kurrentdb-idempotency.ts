import { ExpectedRevision, RecordedEvent } from '../event-store.port';

/**
 * KurrentDB answers a retried append in one of three ways: success (every id already recorded
 * where the retry says), WrongExpectedVersion (none recorded: a real conflict) or also
 * WrongExpectedVersion (some recorded: a corrupted retry). The port tells the last two apart
 * (WrongExpectedRevisionError vs IdempotencyViolationError), so after a WrongExpectedVersion the
 * adapter reads the events the server compared the retry with and classifies them here.
 */
export type RecordedAppend =
  | { readonly kind: 'all'; readonly last: RecordedEvent }
  | { readonly kind: 'none' }
  | { readonly kind: 'some' };

/**
 * The first revision the server compared the append's ids with: right after the expected
 * revision, or the start for no_stream. For any/stream_exists the server looked ids up in its
 * recent-id cache, so the adapter has to locate the first id itself ('locate').
 */
export function idempotencyWindowStart(expected: ExpectedRevision): bigint | 'locate' {
  if (expected === 'no_stream') return 0n;
  if (typeof expected === 'bigint') return expected + 1n;
  return 'locate';
}

/** Compares the append's ids, in order, with the recorded events from the window start. */
export function compareWithRecorded(
  ids: readonly string[],
  window: readonly RecordedEvent[],
): RecordedAppend {
  const recorded = window.map((e) => e.id.toLowerCase());
  const wanted = ids.map((id) => id.toLowerCase());
  const aligned = wanted.every((id, i) => recorded[i] === id);
  if (aligned && wanted.length > 0) return { kind: 'all', last: window[wanted.length - 1] };
  const known = new Set(recorded);
  return wanted.some((id) => known.has(id)) ? { kind: 'some' } : { kind: 'none' };
}
