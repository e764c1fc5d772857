import { hash } from 'node:crypto';
import {
  canonicalJson,
  eventHashOfCanonicalData,
  formatPosition,
  LogPosition,
  RecordedEvent,
} from '@ledger/event-store';
import { hashLeaf } from '../merkle/hashes';

/**
 * What the global commitment holds of one event, at one leaf of the tree:
 *
 *   content = the per-stream hash recomputed from the stored event (docs/events.md: data, eventId,
 *             metadata without `hash`, prevHash as stored ("" if absent), revision, streamId, type)
 *   entry   = SHA-256(canonical {content, hash, recordedAt})   — hash: metadata.hash as stored
 *   leaf    = SHA-256(0x00 ‖ canonical {entry, position, scope})
 *
 * Every stored byte is covered: the content by `content`, the one field the per-stream hash
 * leaves out (`hash` itself) by `hash`, the store's clock by `recordedAt`, the log order by
 * `position` (decimal "commit" or "commit/prepare"). `scope` is the event's plan (`data.planId`)
 * or null, in clear, so that an export can prove no event of a plan was left out while showing
 * nothing of other events but their plan and position. The per-stream hash doubles as the
 * content digest, so verifying an event's chain and its leaf walks its data once.
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

/** The entry's canonical bytes: {content, hash, recordedAt}. */
export function entryText(content: string, storedHash: unknown, recordedAt: string): string {
  return (
    `{"content":${JSON.stringify(content)},"hash":${canonicalJson(storedHash === undefined ? null : storedHash)}` +
    `,"recordedAt":${JSON.stringify(recordedAt)}}`
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

/** An event's leaf and its content digest (the per-stream hash recomputed from its content). */
export interface EventDigest {
  readonly leaf: AuditLeaf;
  /** Compare with metadata.hash: equal unless the event was altered. */
  readonly chainHash: string;
}

/**
 * The event's leaf. `known`: what this process wrote of the event (the per-stream hash it computed
 * and the event's plan): its content is then what was written, whatever the file says now — the
 * rolling re-check and every load compare the file with it later — and its data is not read.
 */
export function digestEvent(
  event: RecordedEvent,
  known?: { hash: string; scope: string | null },
): EventDigest {
  const metadata = event.metadata;
  const chainHash =
    known?.hash ??
    eventHashOfCanonicalData(
      typeof metadata.prevHash === 'string' ? metadata.prevHash : '',
      event.streamId,
      event.revision,
      event.id,
      event.type,
      // JSON data is never undefined in a stored event; `null` stands for it if an adapter says so.
      canonicalJson(event.data === undefined ? null : event.data),
      metadata,
    );
  const entryHash = hash('sha256', entryText(chainHash, metadata.hash, event.recordedAt), 'buffer');
  const scope = known ? known.scope : scopeOf(event.data);
  const leafHash = hashLeaf(leafText(event.position, scope, entryHash.toString('hex')));
  return { leaf: { position: event.position, scope, entryHash, leafHash }, chainHash };
}
