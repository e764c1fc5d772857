import { formatPosition, LogPosition } from '@ledger/event-store';
import {
  CoinsuranceDoc,
  isTownshipCounts,
  PlanDeadlineDoc,
  planKey,
  TownshipCounts,
  TownshipProgressDoc,
} from '@ledger/projections';
import { LedgerHeaders } from '../headers';

export const TOWNSHIP_PROGRESS_SCHEMA = 'ledger.township-progress';
export const COINSURANCE_SCHEMA = 'ledger.coinsurance';
export const VIEW_SCHEMA_VERSION = 1;

interface ViewEnvelope<S, V> {
  schema: S;
  version: typeof VIEW_SCHEMA_VERSION;
  view: V;
  /** The reducer's version (Projection.version): a new one means the figures were recounted. */
  viewVersion: number;
  planId: string;
  /** Position of the last event reflected in the document: newer wins. */
  position: string;
}

/** Value on the township-progress topic: one township's counts, or the plan's deadline. */
export type TownshipProgressMessage = ViewEnvelope<
  typeof TOWNSHIP_PROGRESS_SCHEMA,
  'township-progress'
> &
  (
    | { kind: 'township'; townshipId: string; document: TownshipCounts }
    | { kind: 'plan'; document: PlanDeadlineDoc }
  );

export type CoinsurancePlanDocument = Omit<CoinsuranceDoc, 'insurers'>;

/** Value on the coinsurance topic: a plan's totals and coalition, or one insurer's premium income. */
export type CoinsuranceMessage = ViewEnvelope<typeof COINSURANCE_SCHEMA, 'coinsurance'> &
  (
    | { kind: 'plan'; document: CoinsurancePlanDocument }
    | { kind: 'insurer'; insurerId: string; document: CoinsuranceDoc['insurers'][string] }
  );

/** A message ready for a topic: key, JSON value, headers. */
export interface KeyedMessage {
  key: string;
  value: object;
  headers: LedgerHeaders;
}

/** Topic key of a township: the view's own key, `${planId}/${townshipId}`; a plan: its id. */
export function townshipProgressMessage(
  doc: TownshipProgressDoc,
  viewVersion: number,
  position: LogPosition,
): KeyedMessage {
  const envelope = {
    schema: TOWNSHIP_PROGRESS_SCHEMA,
    version: VIEW_SCHEMA_VERSION,
    view: 'township-progress',
    viewVersion,
    planId: doc.planId,
    position: formatPosition(position),
  } as const;
  const headers = {
    schema: TOWNSHIP_PROGRESS_SCHEMA,
    schemaVersion: VIEW_SCHEMA_VERSION,
    position,
    viewVersion,
  };
  if (isTownshipCounts(doc)) {
    const value: TownshipProgressMessage = {
      ...envelope,
      kind: 'township',
      townshipId: doc.townshipId,
      document: doc,
    };
    return { key: `${doc.planId}/${doc.townshipId}`, value, headers };
  }
  const value: TownshipProgressMessage = { ...envelope, kind: 'plan', document: doc };
  return { key: doc.planId, value, headers };
}

const sameEntry = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/**
 * Messages for a coinsurance document that changed: the plan's totals (key planId) and each
 * insurer whose income changed (key `${planId}/${insurerId}`), so an insurer reads its own keys.
 */
export function coinsuranceMessages(
  doc: CoinsuranceDoc,
  previous: CoinsuranceDoc | undefined,
  viewVersion: number,
  position: LogPosition,
): KeyedMessage[] {
  const envelope = {
    schema: COINSURANCE_SCHEMA,
    version: VIEW_SCHEMA_VERSION,
    view: 'coinsurance',
    viewVersion,
    planId: doc.planId,
    position: formatPosition(position),
  } as const;
  const headers = {
    schema: COINSURANCE_SCHEMA,
    schemaVersion: VIEW_SCHEMA_VERSION,
    position,
    viewVersion,
  };
  const { insurers, ...planDocument } = doc;
  const out: KeyedMessage[] = [];
  const plan: CoinsuranceMessage = { ...envelope, kind: 'plan', document: planDocument };
  out.push({ key: doc.planId, value: plan, headers });
  for (const [insurerId, entry] of Object.entries(insurers)) {
    if (previous && sameEntry(previous.insurers[insurerId], entry)) continue;
    const value: CoinsuranceMessage = { ...envelope, kind: 'insurer', insurerId, document: entry };
    out.push({ key: `${doc.planId}/${insurerId}`, value, headers });
  }
  return out;
}

/** The last value per key of a compacted topic, as read from its beginning (null: deleted). */
export type TopicContents = ReadonlyMap<string, Buffer | string | null>;

function parsed<T>(value: Buffer | string | null): T | undefined {
  return value === null ? undefined : (JSON.parse(value.toString()) as T);
}

/** Township progress documents keyed as the view keys them. */
export function townshipProgressFromTopic(
  contents: TopicContents,
): Map<string, TownshipProgressDoc> {
  const docs = new Map<string, TownshipProgressDoc>();
  for (const [key, value] of contents) {
    const m = parsed<TownshipProgressMessage>(value);
    if (!m) continue;
    docs.set(m.kind === 'plan' ? planKey(m.planId) : key, m.document);
  }
  return docs;
}

/** Coinsurance documents keyed by plan, put back together from plan and insurer messages. */
export function coinsuranceFromTopic(contents: TopicContents): Map<string, CoinsuranceDoc> {
  const plans = new Map<string, CoinsurancePlanDocument>();
  const insurers = new Map<string, CoinsuranceDoc['insurers']>();
  for (const value of contents.values()) {
    const m = parsed<CoinsuranceMessage>(value);
    if (!m) continue;
    if (m.kind === 'plan') plans.set(m.planId, m.document);
    else insurers.set(m.planId, { ...insurers.get(m.planId), [m.insurerId]: m.document });
  }
  return new Map(
    [...plans].map(([planId, doc]) => [planId, { ...doc, insurers: insurers.get(planId) ?? {} }]),
  );
}
