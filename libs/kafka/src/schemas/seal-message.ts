import { isLogSealed, PublishedSeal, publishedSealOf, sealOf, SignedSeal } from '@ledger/audit';
import { RecordedEvent } from '@ledger/event-store';
import { encodeHeaders } from '../headers';

export const LEDGER_SEAL_SCHEMA = 'ledger.seal';
export const LEDGER_SEAL_SCHEMA_VERSION = 1;
/** All seals share one key: one partition, in the order they were recorded. */
export const SEAL_MESSAGE_KEY = 'ledger';

/**
 * The seals topic carries each LogSealed event of the log as the same document the ledger
 * publishes to its seal file (`huiminbao-ledger.published-seal` v1, docs/audit.md): the signed
 * tree head and where its event was recorded. Auditors verify it with the ledger's public key.
 */
export function sealMessage(
  topic: string,
  event: RecordedEvent,
): { topic: string; key: string; value: string; headers: Record<string, string> } | undefined {
  if (!isLogSealed(event)) return undefined;
  const value: PublishedSeal = publishedSealOf(sealOf(event) as SignedSeal, event);
  return {
    topic,
    key: SEAL_MESSAGE_KEY,
    value: JSON.stringify(value),
    headers: encodeHeaders({
      schema: LEDGER_SEAL_SCHEMA,
      schemaVersion: LEDGER_SEAL_SCHEMA_VERSION,
      position: event.position,
      eventId: event.id,
      eventType: event.type,
    }),
  };
}
