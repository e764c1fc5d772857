import { v5 as uuidv5 } from 'uuid';
import { chainEvents, NewEvent, RecordedEvent } from '@ledger/event-store';
import { SignedSeal } from './seal';

/** Seals are recorded in the log itself, in this stream, one LogSealed event each. */
export const AUDIT_SEALS_STREAM = 'audit-seals';
export const LOG_SEALED = 'LogSealed';

const SEAL_EVENT_IDS = '0c7f2a3e-5b8d-4e61-9f3a-2d1b6c8e4a70';

export interface LogSealedData {
  readonly seal: SignedSeal;
  /** Business time of the fact: when the seal was signed. */
  readonly occurredAt: string;
}

/**
 * The LogSealed event for a seal, chained onto the seal stream like every other stream. Its id
 * derives from the tree head, so two sealers recording the same head collide on the id.
 */
export function logSealedEvent(
  seal: SignedSeal,
  stream: { revision: bigint; lastHash: string },
  actor: string,
): NewEvent {
  const id = uuidv5(
    `${seal.body.treeSize}|${seal.body.rootHash}|${seal.body.sealedAt}`,
    SEAL_EVENT_IDS,
  );
  const data: LogSealedData = { seal, occurredAt: seal.body.sealedAt };
  const event: NewEvent = {
    id,
    type: LOG_SEALED,
    data,
    metadata: {
      eventId: id,
      correlationId: 'audit-seal',
      causationId: `seal:${seal.body.treeSize}:${seal.body.rootHash}`,
      actor,
      occurredAt: seal.body.sealedAt,
      schemaVersion: 1,
    },
  };
  return chainEvents(AUDIT_SEALS_STREAM, stream.revision, stream.lastHash, [event])[0];
}

export function isLogSealed(event: Pick<RecordedEvent, 'streamId' | 'type'>): boolean {
  return event.streamId === AUDIT_SEALS_STREAM && event.type === LOG_SEALED;
}

/** The seal a LogSealed event carries (unchecked: see sealProblem). */
export function sealOf(event: Pick<RecordedEvent, 'data'>): unknown {
  const data = event.data as Partial<LogSealedData> | null;
  return data && typeof data === 'object' ? data.seal : undefined;
}
