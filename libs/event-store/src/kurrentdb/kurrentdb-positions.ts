import type { Position, ReadPosition } from '@kurrent/kurrentdb-client';
import { LogPosition } from '../event-store.port';
import { comparePositions } from '../log-position';

/**
 * KurrentDB positions are byte offsets in its transaction log: `commit` is where the write was
 * committed, `prepare` where the event's own record is. Both are kept (bigint, never number:
 * offsets pass 2^53 on large logs), so checkpoints resume exactly where they stopped.
 */
export function toLogPosition(position: Position): LogPosition {
  return { commit: position.commit, prepare: position.prepare };
}

/**
 * Where a read of $all starts for "strictly after `after`". KurrentDB reads include the event at
 * the given position, so callers also drop what is not strictly after (`isAfter`); the port's
 * START_POSITION (0/0) is the client's START, since no event lives at offset 0.
 */
export function toReadPosition(after: LogPosition | undefined): ReadPosition {
  if (!after || (after.commit <= 0n && after.prepare <= 0n)) return 'start';
  return { commit: after.commit, prepare: after.prepare };
}

export function isAfter(position: LogPosition, after: LogPosition | undefined): boolean {
  return !after || comparePositions(position, after) > 0;
}
