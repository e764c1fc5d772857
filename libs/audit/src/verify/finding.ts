/**
 * One thing wrong with the log, at a position. `index` is the 0-based leaf (the n-th event of the
 * log) where it shows, for ordering: the first finding is the first bad log position.
 */
export interface Finding {
  readonly kind: FindingKind;
  readonly index?: number;
  /** The log position named, "commit" or "commit/prepare". */
  readonly position?: string;
  readonly streamId?: string;
  readonly revision?: string;
  readonly eventId?: string;
  readonly message: string;
}

export type FindingKind =
  // The log's own order (the embedded store numbers events 1, 2, 3… without gaps).
  | 'position_missing'
  | 'position_invalid'
  | 'position_order'
  // The per-stream hash chains (docs/events.md).
  | 'revision_gap'
  | 'prev_hash_mismatch'
  | 'hash_mismatch'
  | 'missing_hash'
  // The global commitment against signed seals (in the log, published, given by an auditor).
  | 'seal_invalid'
  | 'seal_mismatch'
  | 'seal_beyond_log'
  | 'seal_missing_from_log'
  // The running ledger's own record of what it verified (ledger.audit.sqlite).
  | 'recorded_differently'
  | 'log_shorter_than_recorded';

/** At one position, the most specific finding first: what the event itself shows, then the record, then seals. */
const RANK: Record<FindingKind, number> = {
  position_missing: 0,
  position_invalid: 0,
  position_order: 0,
  hash_mismatch: 1,
  missing_hash: 1,
  revision_gap: 1,
  prev_hash_mismatch: 1,
  recorded_differently: 2,
  log_shorter_than_recorded: 2,
  seal_missing_from_log: 3,
  seal_beyond_log: 3,
  seal_mismatch: 4,
  seal_invalid: 4,
};

export function sortFindings(findings: readonly Finding[]): Finding[] {
  return [...findings].sort(
    (a, b) =>
      (a.index ?? Number.MAX_SAFE_INTEGER) - (b.index ?? Number.MAX_SAFE_INTEGER) ||
      RANK[a.kind] - RANK[b.kind],
  );
}

export function describeFinding(f: Finding): string {
  const where = f.position !== undefined ? `position ${f.position}` : 'position ?';
  const what = f.streamId
    ? ` ${f.streamId}@${f.revision ?? '?'}${f.eventId ? ` ${f.eventId}` : ''}`
    : '';
  return `${where}: ${f.kind}${what}: ${f.message}`;
}
