import { formatPosition, LogPosition, parsePosition, RecordedEvent } from '@ledger/event-store';
import { MalformedMessageError } from '../headers';
import { publicEventData } from '../public-event-data';

export const LEDGER_EVENT_SCHEMA = 'ledger.event';
export const LEDGER_EVENT_SCHEMA_VERSION = 1;

/** The books an insurer keeps from the feed. */
export type InsurerAccount = 'premium' | 'payout_approved' | 'payout_paid';

/** What one event adds to one coalition member's account, in fen (negative for a refund). */
export interface InsurerPart {
  insurerId: string;
  account: InsurerAccount;
  amountFen: number;
}

/** Value of a message on the events topic (schema ledger.event, version 1); see docs/kafka.md. */
export interface LedgerEventMessage {
  schema: typeof LEDGER_EVENT_SCHEMA;
  version: typeof LEDGER_EVENT_SCHEMA_VERSION;
  eventId: string;
  type: string;
  streamId: string;
  /** 0-based revision in the stream, decimal string (64-bit). */
  revision: string;
  /** Global log position, "commit" or "commit/prepare"; increases within a partition. */
  position: string;
  /** The event's plan, when it has one (copied from data.planId). */
  planId?: string;
  /** Business time (ISO-8601 UTC). */
  occurredAt: string;
  /** When the ledger recorded it (ISO-8601 UTC). */
  recordedAt: string;
  /** The domain event's own schema version (metadata.schemaVersion). */
  eventSchemaVersion: number;
  correlationId: string;
  causationId: string;
  actor: string;
  /** The event's data with personal data removed (public-event-data.ts). */
  data: Record<string, unknown>;
  /** Each insurer's share of the premium or payout this event records, as the ledger's views count it. */
  insurerParts: InsurerPart[];
}

export function ledgerEventMessage(
  event: RecordedEvent,
  insurerParts: InsurerPart[],
): LedgerEventMessage {
  const data = publicEventData(event.type, event.data);
  const m = event.metadata;
  return {
    schema: LEDGER_EVENT_SCHEMA,
    version: LEDGER_EVENT_SCHEMA_VERSION,
    eventId: event.id,
    type: event.type,
    streamId: event.streamId,
    revision: event.revision.toString(),
    position: formatPosition(event.position),
    ...(typeof data.planId === 'string' ? { planId: data.planId } : {}),
    occurredAt: typeof m.occurredAt === 'string' ? m.occurredAt : String(data.occurredAt ?? ''),
    recordedAt: event.recordedAt,
    eventSchemaVersion: typeof m.schemaVersion === 'number' ? m.schemaVersion : 1,
    correlationId: String(m.correlationId ?? ''),
    causationId: String(m.causationId ?? ''),
    actor: String(m.actor ?? ''),
    data,
    insurerParts,
  };
}

/**
 * Parses an events-topic value. A newer major version is refused rather than guessed at: the
 * consumer stops and is upgraded, instead of booking figures it does not understand.
 */
export function decodeLedgerEvent(value: Buffer | string | null): LedgerEventMessage & {
  logPosition: LogPosition;
} {
  if (value === null) throw new MalformedMessageError('an event message has no value');
  const parsed = JSON.parse(value.toString()) as Partial<LedgerEventMessage>;
  if (parsed.schema !== LEDGER_EVENT_SCHEMA) {
    throw new MalformedMessageError(
      `expected schema ${LEDGER_EVENT_SCHEMA}, got ${String(parsed.schema)}`,
    );
  }
  if (parsed.version !== LEDGER_EVENT_SCHEMA_VERSION) {
    throw new MalformedMessageError(
      `${LEDGER_EVENT_SCHEMA} version ${String(parsed.version)} is not supported (this consumer reads ${LEDGER_EVENT_SCHEMA_VERSION})`,
    );
  }
  const logPosition =
    typeof parsed.position === 'string' ? parsePosition(parsed.position) : undefined;
  if (!logPosition || typeof parsed.eventId !== 'string' || typeof parsed.type !== 'string') {
    throw new MalformedMessageError('an event message needs eventId, type and position');
  }
  return {
    ...(parsed as LedgerEventMessage),
    insurerParts: Array.isArray(parsed.insurerParts) ? parsed.insurerParts : [],
    logPosition,
  };
}
