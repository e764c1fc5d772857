import { invalid } from './domain-error';
import { formatShanghai, Instant, parseInstant } from './time';

/** Clock skew tolerated between a channel and the ledger. */
export const MAX_CLOCK_SKEW_MS = 2 * 60 * 1000;

/**
 * When a fact happened. Channels may report a business time (a payment taken at a counter and
 * sent in a batch); without one it is the ledger's now. A fact cannot be in the future.
 */
export function resolveOccurredAt(requested: unknown, now: Instant, field = 'occurredAt'): Instant {
  if (requested === undefined || requested === null) return now;
  const at = parseInstant(requested, field);
  if (at > now + MAX_CLOCK_SKEW_MS) {
    throw invalid(
      field,
      'occurredAt.notInFuture',
      `${field} ${formatShanghai(at)} is in the future (ledger time ${formatShanghai(now)}, Asia/Shanghai)`,
      { at: formatShanghai(at), now: formatShanghai(now) },
    );
  }
  return at;
}
