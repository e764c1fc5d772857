import { KeyObject } from 'node:crypto';
import {
  canonicalJson,
  comparePositions,
  formatPosition,
  LogPosition,
  parsePosition,
  RecordedEvent,
} from '@ledger/event-store';
import { digestEvent } from '../leaf/audit-leaf';
import { LeafHashList } from '../merkle/leaf-hash-list';
import { publicKeyDer } from '../seal/seal-key';
import { keyring, SignedSeal } from '../seal/seal';
import { Finding } from '../verify/finding';
import { LogSource } from '../verify/log-source';
import { LogWalker, RecordedSeal } from '../verify/log-walker';
import { LedgerFigures, ledgerFiguresOf } from './ledger-figures';

export const AUDIT_BUNDLE_FORMAT = 'huiminbao-ledger.audit-bundle';

/** An event of the plan as the bundle carries it: as recorded, personal data still sealed. */
export interface BundledEvent {
  readonly position: string;
  readonly streamId: string;
  readonly revision: string;
  readonly eventId: string;
  readonly type: string;
  readonly data: unknown;
  readonly metadata: unknown;
  readonly recordedAt: string;
}

/**
 * What an auditor verifies on its own (tools/audit-verifier/verify-bundle.js, docs/audit.md).
 * `leaves` has one entry per event the anchor seal covers, in log order: the plan's events in
 * full, every other event as [position, plan or null, entry hash] — enough to recompute the
 * tree, and to see that no event of the plan was left out.
 */
export interface AuditBundle {
  readonly format: typeof AUDIT_BUNDLE_FORMAT;
  readonly version: 1;
  readonly planId: string;
  readonly toPosition: string;
  /** The sealing public key, SPKI DER base64: must be the one the auditor trusts. */
  readonly publicKey: string;
  /** The seal the bundle is anchored to: it covers toPosition. */
  readonly seal: SignedSeal;
  /** Every earlier seal recorded in the log, oldest first, each with its RFC 9162 proof to `seal`. */
  readonly earlierSeals: readonly { seal: SignedSeal; consistencyProof: string[] }[];
  readonly leaves: readonly BundleLeaf[];
  readonly ledgerFigures: LedgerFigures;
}

/** A leaf of the bundle: an event of the plan in full, or [position, plan or null, entry hash hex]. */
export type BundleLeaf = { event: BundledEvent } | [string, string | null, string];

export class AuditExportError extends Error {
  override readonly name = 'AuditExportError';
}

export interface BuildAuditBundleOptions {
  readonly source: LogSource;
  readonly trustedKey: KeyObject;
  readonly planId: string;
  /** Figures as of this position (default: the latest seal's last position). */
  readonly toPosition?: LogPosition;
  readonly onProgress?: (eventsRead: number) => void;
}

/**
 * Builds the bundle from the log (read-only): walks it once, verifying it like `ledger verify`
 * (an altered log is not exported), keeps the plan's events and every other event's leaf parts,
 * anchors to the first recorded seal covering the position, and computes the ledger's figures.
 */
export async function buildAuditBundle(options: BuildAuditBundleOptions): Promise<AuditBundle> {
  const { planId } = options;
  const findings: Finding[] = [];
  const trusted = keyring([options.trustedKey]);
  const walker = new LogWalker({
    trustedKeys: trusted,
    contiguousPositions: options.source.contiguousPositions,
    onFinding: (f) => findings.push(f),
  });
  const entries = new LeafHashList();
  const scopes: (string | null)[] = [];
  const planEvents: { index: number; event: RecordedEvent }[] = [];
  for await (const batch of options.source.batches()) {
    for (const event of batch) {
      const before = walker.size;
      walker.accept(event);
      if (walker.size === before) continue;
      const { leaf } = digestEvent(event);
      entries.push(leaf.entryHash);
      scopes.push(leaf.scope);
      if (leaf.scope === planId) planEvents.push({ index: before, event });
    }
    options.onProgress?.(walker.size);
  }
  if (findings.length > 0) {
    const first = findings[0];
    throw new AuditExportError(
      `the log is altered (position ${first.position ?? '?'}: ${first.kind}: ${first.message}); run ledger verify`,
    );
  }
  const anchor = anchorSeal(walker, options.toPosition);
  const t = anchor.seal.body.treeSize;
  const toPosition = options.toPosition ?? parsePosition(anchor.seal.body.lastPosition)!;
  const earlier = uniqueSeals(walker.seals.filter((s) => s.matches && s.seal.body.treeSize < t));
  const leaves: BundleLeaf[] = [];
  let next = 0;
  for (let i = 0; i < t; i++) {
    if (next < planEvents.length && planEvents[next].index === i) {
      leaves.push({ event: bundled(planEvents[next].event) });
      next++;
    } else {
      leaves.push([walker.positionAt(i)!, scopes[i], entries.leafHash(i).toString('hex')]);
    }
  }
  const counted = planEvents
    .map((p) => p.event)
    .filter((e) => comparePositions(e.position, toPosition) <= 0);
  return {
    format: AUDIT_BUNDLE_FORMAT,
    version: 1,
    planId,
    toPosition: formatPosition(toPosition),
    publicKey: publicKeyDer(options.trustedKey).toString('base64'),
    seal: anchor.seal,
    earlierSeals: earlier.map((s) => ({
      seal: s.seal,
      consistencyProof: walker.tree
        .consistencyProof(s.seal.body.treeSize, t)
        .map((h) => h.toString('hex')),
    })),
    leaves,
    ledgerFigures: ledgerFiguresOf(planId, counted, formatPosition(toPosition)),
  };
}

/** The bundle's bytes: canonical JSON and a newline, so that every byte is checked. */
export function serializeAuditBundle(bundle: AuditBundle): Buffer {
  return Buffer.from(canonicalJson(bundle) + '\n', 'utf8');
}

function anchorSeal(walker: LogWalker, toPosition: LogPosition | undefined): RecordedSeal {
  const sealed = walker.seals.filter((s) => s.matches);
  if (sealed.length === 0) {
    throw new AuditExportError('the log has no seal yet: run `ledger audit seal` first');
  }
  if (!toPosition) return sealed[sealed.length - 1];
  const index = walker.positions.indexOf(toPosition);
  if (index === undefined) {
    throw new AuditExportError(`no event at position ${formatPosition(toPosition)}`);
  }
  const covering = sealed
    .filter((s) => s.seal.body.treeSize > index)
    .sort((a, b) => a.seal.body.treeSize - b.seal.body.treeSize)[0];
  if (!covering) {
    throw new AuditExportError(
      `no seal covers position ${formatPosition(toPosition)} yet: run \`ledger audit seal\` first`,
    );
  }
  return covering;
}

function uniqueSeals(seals: readonly RecordedSeal[]): RecordedSeal[] {
  const seen = new Set<string>();
  return seals.filter((s) => !seen.has(s.seal.signature) && seen.add(s.seal.signature));
}

function bundled(e: RecordedEvent): BundledEvent {
  return {
    position: formatPosition(e.position),
    streamId: e.streamId,
    revision: e.revision.toString(),
    eventId: e.id,
    type: e.type,
    data: e.data,
    metadata: e.metadata,
    recordedAt: e.recordedAt,
  };
}
