import Database from 'better-sqlite3';
import { IdempotencyRecord, IdempotencyRecords } from './idempotency-records';

type Row = Omit<IdempotencyRecord, 'recordedAt'> & { recorded_at: string };

/** Records in a table of the embedded log's file (the one process that writes it owns them). */
export class SqliteIdempotencyRecords implements IdempotencyRecords {
  private readonly select: Database.Statement<[string]>;
  private readonly insert: Database.Statement;
  private readonly prune: Database.Statement<[string]>;

  constructor(db: Database.Database) {
    db.exec(`CREATE TABLE IF NOT EXISTS http_idempotency (
      key TEXT PRIMARY KEY,
      fingerprint TEXT NOT NULL,
      method TEXT NOT NULL,
      path TEXT NOT NULL,
      status INTEGER NOT NULL,
      body TEXT NOT NULL,
      recorded_at TEXT NOT NULL
    )`);
    this.select = db.prepare(
      'SELECT key, fingerprint, method, path, status, body, recorded_at FROM http_idempotency WHERE key = ?',
    );
    this.insert = db.prepare(
      `INSERT INTO http_idempotency (key, fingerprint, method, path, status, body, recorded_at)
       VALUES (@key, @fingerprint, @method, @path, @status, @body, @recordedAt)
       ON CONFLICT (key) DO NOTHING`,
    );
    this.prune = db.prepare('DELETE FROM http_idempotency WHERE recorded_at < ?');
  }

  async find(key: string): Promise<IdempotencyRecord | undefined> {
    const row = this.select.get(key) as Row | undefined;
    if (!row) return undefined;
    const { recorded_at, ...rest } = row;
    return { ...rest, recordedAt: recorded_at };
  }

  async keep(record: IdempotencyRecord): Promise<IdempotencyRecord> {
    const { changes } = this.insert.run(record);
    return changes === 1 ? record : ((await this.find(record.key)) ?? record);
  }

  async forgetBefore(instant: string): Promise<number> {
    return this.prune.run(instant).changes;
  }
}
