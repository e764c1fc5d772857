import Database from 'better-sqlite3';
import { eventHash } from '@ledger/event-store';

/** A row of es_events as an adversary with the file sees it. */
export interface EventRow {
  seq: number;
  stream_id: string;
  revision: number;
  event_id: string;
  type: string;
  data: string;
  metadata: string;
  recorded_at: string;
}

/**
 * Edits a stored event's data and recomputes its per-stream hash with the formula in
 * docs/events.md, as a careful adversary would: the per-stream chain alone no longer shows it.
 */
export function editEventWithValidHash(
  db: Database.Database,
  seq: number,
  edit: (data: Record<string, unknown>) => void,
): EventRow {
  const row = db.prepare('SELECT * FROM es_events WHERE seq = ?').get(seq) as EventRow;
  const data = JSON.parse(row.data) as Record<string, unknown>;
  edit(data);
  const metadata = JSON.parse(row.metadata) as Record<string, unknown> & { prevHash: string };
  metadata.hash = eventHash(
    metadata.prevHash,
    row.stream_id,
    BigInt(row.revision),
    row.event_id,
    row.type,
    data,
    metadata as never,
  );
  db.prepare('UPDATE es_events SET data = ?, metadata = ? WHERE seq = ?').run(
    JSON.stringify(data),
    JSON.stringify(metadata),
    seq,
  );
  return row;
}

/** Sets a PolicyEnrolled event's premium to 1 fen (contributions included), hash recomputed. */
export function premiumToOneFen(db: Database.Database, seq: number): EventRow {
  return editEventWithValidHash(db, seq, (d) => {
    d.premiumFen = 1;
    const contributions = d.contributions as { amountFen: number }[];
    contributions.forEach((c, i) => (c.amountFen = i === 0 ? 1 : 0));
  });
}
