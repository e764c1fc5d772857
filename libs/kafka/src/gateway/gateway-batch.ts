import { LogPosition, RecordedEvent } from '@ledger/event-store';
import {
  CoinsuranceDoc,
  coinsuranceProjection,
  TownshipProgressDoc,
  townshipProgressProjection,
} from '@ledger/projections';
import { encodeHeaders } from '../headers';
import {
  LEDGER_EVENT_SCHEMA,
  LEDGER_EVENT_SCHEMA_VERSION,
  ledgerEventMessage,
} from '../schemas/ledger-event-message';
import {
  coinsuranceMessages,
  KeyedMessage,
  townshipProgressMessage,
} from '../schemas/view-messages';
import { sealMessage } from '../schemas/seal-message';
import { LedgerTopics } from '../topics';
import { GatewayViews } from './gateway-views';
import { insurerParts } from './insurer-parts';

/**
 * The streams whose events leave the ledger: its business streams. Anything else in the log (the
 * access log `access-…`, which says who read whose personal data) stays inside: an allowlist,
 * so a new kind of stream is not published until someone decides it may be.
 */
export const PUBLISHED_STREAM_PREFIXES = [
  'plan-',
  'policy-',
  'person-',
  'roster-',
  'assessment-',
  // Products: yearly plans, coalition terms and their share changes (how premiums split).
  'product-',
];

export function isPublishedStream(streamId: string): boolean {
  return PUBLISHED_STREAM_PREFIXES.some((prefix) => streamId.startsWith(prefix));
}

/** A message as handed to the producer. */
export interface OutgoingMessage {
  topic: string;
  key: string;
  value: string;
  headers: Record<string, string>;
}

/** A view document as of a position: what the gateway stores with its checkpoint. */
export interface ViewDocument {
  view: string;
  version: number;
  key: string;
  doc: unknown;
  position: LogPosition;
}

/** One batch of the log turned into messages, and the view documents it leaves behind. */
export interface PreparedBatch {
  first: LogPosition;
  last: LogPosition;
  events: number;
  messages: OutgoingMessage[];
  documents: ViewDocument[];
}

const toOutgoing = (topic: string, m: KeyedMessage): OutgoingMessage => ({
  topic,
  key: m.key,
  value: JSON.stringify(m.value),
  headers: encodeHeaders(m.headers),
});

/** The messages of the view documents, each as it stands now; `previous` is its last published version. */
export function viewMessages(
  topics: LedgerTopics,
  document: ViewDocument,
  previous: unknown,
): OutgoingMessage[] {
  switch (document.view) {
    case townshipProgressProjection.name:
      return [
        toOutgoing(
          topics.townshipProgress,
          townshipProgressMessage(
            document.doc as TownshipProgressDoc,
            document.version,
            document.position,
          ),
        ),
      ];
    case coinsuranceProjection.name:
      return coinsuranceMessages(
        document.doc as CoinsuranceDoc,
        previous as CoinsuranceDoc | undefined,
        document.version,
        document.position,
      ).map((m) => toOutgoing(topics.coinsurance, m));
    default:
      return [];
  }
}

/**
 * Applies a batch of the log (in log order) to the gateway's views and builds its messages: every
 * event, then every document the batch changed as it stands at the end of the batch. Events come
 * first in log order, so within a partition positions only grow (except when a batch is
 * published again after a crash, which consumers skip by position).
 */
export function prepareBatch(
  events: readonly RecordedEvent[],
  views: GatewayViews,
  topics: LedgerTopics,
): PreparedBatch {
  const messages: OutgoingMessage[] = [];
  const changed = new Map<string, { before: unknown; document: ViewDocument }>();
  const batch = views.batch();
  for (const event of events) {
    // Seals of the log go to their own topic (kept forever), not to the events topic.
    const seal = sealMessage(topics.seals, event);
    if (seal) {
      messages.push(seal);
      continue;
    }
    if (!isPublishedStream(event.streamId)) continue;
    const changes = batch.apply(event);
    const message = ledgerEventMessage(event, insurerParts(event, changes));
    messages.push({
      topic: topics.events,
      key: event.streamId,
      value: JSON.stringify(message),
      headers: encodeHeaders({
        schema: LEDGER_EVENT_SCHEMA,
        schemaVersion: LEDGER_EVENT_SCHEMA_VERSION,
        position: event.position,
        eventId: event.id,
        eventType: event.type,
      }),
    });
    for (const c of changes) {
      const id = `${c.view}\u0000${c.key}`;
      const document: ViewDocument = {
        view: c.view,
        version: c.version,
        key: c.key,
        doc: c.after,
        position: event.position,
      };
      changed.set(id, { before: changed.has(id) ? changed.get(id)!.before : c.before, document });
    }
  }
  batch.commit();
  const documents: ViewDocument[] = [];
  for (const { before, document } of changed.values()) {
    documents.push(document);
    messages.push(...viewMessages(topics, document, before));
  }
  return {
    first: events[0].position,
    last: events[events.length - 1].position,
    events: events.length,
    messages,
    documents,
  };
}
