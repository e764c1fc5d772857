import { createHash } from 'node:crypto';
import {
  canonicalJson,
  eventHashOfCanonicalData,
  formatPosition,
  GENESIS_HASH,
  LogPosition,
  RecordedEvent,
} from '@ledger/event-store';
import { hashLeaf } from '../merkle/hashes';

/**
 * What the global commitment holds of one event, at one leaf of the tree:
 *
 *   entry = SHA-256(canonical {data, eventId, metadata, recordedAt, revision, streamId, type})
 *   leaf  = SHA-256(0x00 ‖ canonical {entry, position, scope})
 *
 * `metadata` is the whole stored metadata (correlation, actor, the per-stream prevHash and hash…),
 * `revision` a decimal string, `position` "commit" or "commit/prepare", `scope` the event's plan
 * (`data.planId`) or null. Canonical JSON as in docs/events.md. The plan is in clear in the leaf,
 * and the event behind an opaque entry hash, so that an export can prove that no event of a plan
 * was left out while showing nothing of other plans' events but their plan and position.
 */
export interface AuditLeaf {
  readonly position: LogPosition;
  readonly scope: string | null;
  readonly entryHash: Buffer;
  readonly leafHash: Buffer;
}

/** The plan an event belongs to, as the views count it: its `data.planId`. */
export function scopeOf(data: unknown): string | null {
  const planId =
    data !== null && typeof data === 'object' ? (data as { planId?: unknown }).planId : undefined;
  return typeof planId === 'string' ? planId : null;
}

/** The canonical bytes an entry hash is taken over, given the event's canonical data. */
export function entryText(event: RecordedEvent, canonicalData: string): string {
  return (
    `{"data":${canonicalData},"eventId":${JSON.stringify(event.id)}` +
    `,"metadata":${canonicalJson(event.metadata)},"recordedAt":${JSON.stringify(event.recordedAt)}` +
    `,"revision":"${event.revision.toString()}","streamId":${JSON.stringify(event.streamId)}` +
    `,"type":${JSON.stringify(event.type)}}`
  );
}

/** The leaf's own input: canonical {entry, position, scope}. */
export function leafText(
  position: LogPosition,
  scope: string | null,
  entryHashHex: string,
): string {
  return (
    `{"entry":"${entryHashHex}","position":"${formatPosition(position)}"` +
    `,"scope":${scope === null ? 'null' : JSON.stringify(scope)}}`
  );
}

export function auditLeafOf(event: RecordedEvent): AuditLeaf {
  return digestEvent(event).leaf;
}

/** An event's leaf and the per-stream hash recomputed from its content, in one walk of its data. */
export interface EventDigest {
  readonly leaf: AuditLeaf;
  /** eventHash over the stored content and the stored prevHash (docs/events.md); compare with metadata.hash. */
  readonly chainHash: string;
}

export function digestEvent(event: RecordedEvent): EventDigest {
  // JSON data is never undefined in a stored event; `null` stands for it if an adapter says so.
  const data = canonicalJson(event.data === undefined ? null : event.data);
  const entryHash = createHash('sha256').update(entryText(event, data), 'utf8').digest();
  const scope = scopeOf(event.data);
  const leafHash = hashLeaf(leafText(event.position, scope, entryHash.toString('hex')));
  const metadata = event.metadata;
  const prevHash = typeof metadata.prevHash === 'string' ? metadata.prevHash : GENESIS_HASH;
  const chainHash = eventHashOfCanonicalData(
    prevHash,
    event.streamId,
    event.revision,
    event.id,
    event.type,
    data,
    metadata,
  );
  return { leaf: { position: event.position, scope, entryHash, leafHash }, chainHash };
}
