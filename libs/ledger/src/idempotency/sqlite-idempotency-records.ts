import Database from 'better-sqlite3';
import { IdempotencyRecord, IdempotencyRecords } from './idempotency-records';

type Row = Omit<IdempotencyRecord, 'recordedAt'> & { recorded_at: string };

interface PendingKeep {
  readonly record: IdempotencyRecord;
  readonly resolve: (kept: IdempotencyRecord) => void;
  readonly reject: (error: unknown) => void;
  kept?: IdempotencyRecord;
}

/**
 * Records in a table of the embedded log's file (the one process that writes it owns them).
 * Records kept in the same tick are committed together (group commit, as the log's appends):
 * with the log's synchronous=FULL a commit per request was one fsync per HTTP write on the
 * event loop, the largest single cost of an enrollment over HTTP (docs/performance.md). Each
 * caller still gets its answer only after the COMMIT that holds its record.
 */
export class SqliteIdempotencyRecords implements IdempotencyRecords {
  private readonly select: Database.Statement<[string]>;
  private readonly insert: Database.Statement;
  private readonly prune: Database.Statement<[string]>;
  private readonly keepAll: Database.Transaction<(batch: PendingKeep[]) => void>;
  private pending: PendingKeep[] = [];

  /**
   * @param durable resolves once what was committed to the file is durable (the log's own sync,
   * SqliteEventStore.durable()); a record is handed back only then.
   */
  constructor(
    db: Database.Database,
    private readonly durable: () => Promise<void> = () => Promise.resolve(),
  ) {
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
    this.keepAll = db.transaction((batch: PendingKeep[]) => {
      for (const p of batch) {
        const { changes } = this.insert.run(p.record);
        p.kept = changes === 1 ? p.record : (this.findNow(p.record.key) ?? p.record);
      }
    });
  }

  async find(key: string): Promise<IdempotencyRecord | undefined> {
    return this.findNow(key);
  }

  keep(record: IdempotencyRecord): Promise<IdempotencyRecord> {
    return new Promise((resolve, reject) => {
      if (this.pending.length === 0) setImmediate(() => this.flush());
      this.pending.push({ record, resolve, reject });
    });
  }

  async forgetBefore(instant: string): Promise<number> {
    return this.prune.run(instant).changes;
  }

  private flush(): void {
    const batch = this.pending;
    this.pending = [];
    if (batch.length === 0) return;
    try {
      this.keepAll.immediate(batch);
    } catch (error) {
      // Rolled back: none of the batch is kept.
      for (const p of batch) p.reject(error);
      return;
    }
    this.durable().then(
      () => {
        for (const p of batch) p.resolve(p.kept ?? p.record);
      },
      (error: unknown) => {
        for (const p of batch) p.reject(error);
      },
    );
  }

  private findNow(key: string): IdempotencyRecord | undefined {
    const row = this.select.get(key) as Row | undefined;
    if (!row) return undefined;
    const { recorded_at, ...rest } = row;
    return { ...rest, recordedAt: recorded_at };
  }
}
