import Database from 'better-sqlite3';
import {
  comparePositions,
  formatPosition,
  LogPosition,
  parsePosition,
  START_POSITION,
} from '@ledger/event-store';

/** A consumed event as the inbox needs it. */
export interface InboxMessage {
  offset: string;
  eventId: string;
  eventType: string;
  position: LogPosition;
}

export interface InboxResult {
  applied: number;
  /** Delivered again (at or below the partition's watermark) and skipped. */
  duplicates: number;
}

export interface InboxStats extends InboxResult {
  /** Above the watermark yet already applied: would mean out-of-order delivery. Expected 0. */
  outOfOrder: number;
}

/**
 * Consumer-side de-duplication for the at-least-once feed, in the consumer's own SQLite file.
 *
 * The gateway publishes in log order and one stream always lands on one partition, so within a
 * partition global positions only increase, except when a batch is published again after a
 * gateway crash. The inbox keeps, per topic partition, the highest position applied (the
 * watermark) and skips anything at or below it. It runs the consumer's own writes in the SAME
 * transaction as the watermark, so "applied" and "recorded as applied" cannot part. Every
 * applied event id is kept too (audit, and a second guard that should never fire).
 */
export class SqliteInbox {
  private readonly selectWatermark: Database.Statement<[string, number]>;
  private readonly upsertWatermark: Database.Statement<
    [string, number, string, string, string, number, number, number]
  >;
  private readonly selectEvent: Database.Statement<[string]>;
  private readonly insertEvent: Database.Statement<
    [string, string, number, string, string, string, string]
  >;

  constructor(private readonly db: Database.Database) {
    db.exec(`
      CREATE TABLE IF NOT EXISTS inbox_watermarks (
        topic TEXT NOT NULL, partition INTEGER NOT NULL, commit_pos TEXT NOT NULL, prepare_pos TEXT NOT NULL,
        kafka_offset TEXT NOT NULL, applied INTEGER NOT NULL, duplicates INTEGER NOT NULL, out_of_order INTEGER NOT NULL,
        PRIMARY KEY (topic, partition)
      ) WITHOUT ROWID;
      CREATE TABLE IF NOT EXISTS inbox_events (
        event_id TEXT PRIMARY KEY, topic TEXT NOT NULL, partition INTEGER NOT NULL, kafka_offset TEXT NOT NULL,
        position TEXT NOT NULL, type TEXT NOT NULL, applied_at TEXT NOT NULL
      ) WITHOUT ROWID;
    `);
    this.selectWatermark = db.prepare(
      'SELECT commit_pos, prepare_pos, applied, duplicates, out_of_order FROM inbox_watermarks WHERE topic = ? AND partition = ?',
    );
    this.upsertWatermark = db.prepare(
      `INSERT INTO inbox_watermarks (topic, partition, commit_pos, prepare_pos, kafka_offset, applied, duplicates, out_of_order)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (topic, partition) DO UPDATE SET commit_pos = excluded.commit_pos, prepare_pos = excluded.prepare_pos,
         kafka_offset = excluded.kafka_offset, applied = excluded.applied, duplicates = excluded.duplicates,
         out_of_order = excluded.out_of_order`,
    );
    this.selectEvent = db.prepare('SELECT 1 FROM inbox_events WHERE event_id = ?');
    this.insertEvent = db.prepare(
      'INSERT INTO inbox_events (event_id, topic, partition, kafka_offset, position, type, applied_at) VALUES (?, ?, ?, ?, ?, ?, ?)',
    );
  }

  /**
   * Applies, in one transaction, the messages of one partition (in offset order) that were not
   * applied before. `apply` must be synchronous and write only through this database.
   */
  accept<M extends InboxMessage>(
    topic: string,
    partition: number,
    messages: readonly M[],
    apply: (message: M) => void,
  ): InboxResult {
    if (messages.length === 0) return { applied: 0, duplicates: 0 };
    return this.db.transaction(() => {
      const row = this.selectWatermark.get(topic, partition) as
        | {
            commit_pos: string;
            prepare_pos: string;
            applied: number;
            duplicates: number;
            out_of_order: number;
          }
        | undefined;
      let watermark: LogPosition | undefined = row
        ? { commit: BigInt(row.commit_pos), prepare: BigInt(row.prepare_pos) }
        : undefined;
      let applied = 0;
      let duplicates = 0;
      let outOfOrder = 0;
      const now = new Date().toISOString();
      for (const m of messages) {
        if (watermark && comparePositions(m.position, watermark) <= 0) {
          duplicates++;
          continue;
        }
        if (this.selectEvent.get(m.eventId)) {
          outOfOrder++;
          continue;
        }
        apply(m);
        this.insertEvent.run(
          m.eventId,
          topic,
          partition,
          m.offset,
          formatPosition(m.position),
          m.eventType,
          now,
        );
        watermark = m.position;
        applied++;
      }
      const last = messages[messages.length - 1];
      const mark = watermark ?? START_POSITION;
      this.upsertWatermark.run(
        topic,
        partition,
        mark.commit.toString(),
        mark.prepare.toString(),
        last.offset,
        (row?.applied ?? 0) + applied,
        (row?.duplicates ?? 0) + duplicates,
        (row?.out_of_order ?? 0) + outOfOrder,
      );
      return { applied, duplicates };
    })();
  }

  /** Totals over all partitions. */
  stats(): InboxStats {
    const row = this.db
      .prepare(
        'SELECT COALESCE(SUM(applied), 0) AS applied, COALESCE(SUM(duplicates), 0) AS duplicates, COALESCE(SUM(out_of_order), 0) AS outOfOrder FROM inbox_watermarks',
      )
      .get() as InboxStats;
    return row;
  }

  /** The watermark of each partition, "commit/prepare". */
  watermarks(topic: string): Map<number, LogPosition> {
    const rows = this.db
      .prepare('SELECT partition, commit_pos, prepare_pos FROM inbox_watermarks WHERE topic = ?')
      .all(topic) as { partition: number; commit_pos: string; prepare_pos: string }[];
    return new Map(
      rows.map((r) => [r.partition, parsePosition(`${r.commit_pos}/${r.prepare_pos}`)!]),
    );
  }
}
