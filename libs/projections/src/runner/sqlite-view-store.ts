import Database from 'better-sqlite3';
import { ViewCheckpoint, ViewCommit, ViewStore } from './view-store.port';

/**
 * Views in SQLite. In embedded mode this is the event store's own file: documents and
 * checkpoints are written in one transaction.
 */
export class SqliteViewStore implements ViewStore {
  private readonly upsertDoc: Database.Statement<[string, string, string]>;
  private readonly upsertCheckpoint: Database.Statement<[string, string, string, number]>;
  private readonly commitAll: (commits: readonly ViewCommit[]) => void;
  private readonly synchronous: { relaxed: Database.Statement; restore: Database.Statement };

  constructor(private readonly db: Database.Database) {
    db.exec(`
      CREATE TABLE IF NOT EXISTS view_docs (view TEXT NOT NULL, key TEXT NOT NULL, doc TEXT NOT NULL, PRIMARY KEY (view, key)) WITHOUT ROWID;
      CREATE TABLE IF NOT EXISTS view_checkpoints (view TEXT PRIMARY KEY, commit_pos TEXT NOT NULL, prepare_pos TEXT NOT NULL, version INTEGER NOT NULL);
    `);
    this.upsertDoc = db.prepare(
      'INSERT INTO view_docs (view, key, doc) VALUES (?, ?, ?) ON CONFLICT (view, key) DO UPDATE SET doc = excluded.doc',
    );
    this.upsertCheckpoint = db.prepare(
      'INSERT INTO view_checkpoints (view, commit_pos, prepare_pos, version) VALUES (?, ?, ?, ?) ON CONFLICT (view) DO UPDATE SET commit_pos = excluded.commit_pos, prepare_pos = excluded.prepare_pos, version = excluded.version',
    );
    // Views are derived, and documents commit atomically with their checkpoint: a view commit
    // lost to a power cut is simply projected again. So it does not wait for its own fsync; the
    // next event commit (synchronous=FULL, same WAL) makes it durable. One fsync fewer per batch.
    const mode = db.pragma('synchronous', { simple: true }) as number;
    this.synchronous = {
      relaxed: db.prepare(`PRAGMA synchronous = ${Math.min(mode, 1)}`),
      restore: db.prepare(`PRAGMA synchronous = ${mode}`),
    };
    this.commitAll = db.transaction((commits: readonly ViewCommit[]) => {
      for (const c of commits) {
        for (const [key, doc] of c.docs) this.upsertDoc.run(c.view, key, JSON.stringify(doc));
        this.upsertCheckpoint.run(
          c.view,
          c.checkpoint.commit.toString(),
          c.checkpoint.prepare.toString(),
          c.version,
        );
      }
    });
  }

  private readonly statements = new Map<string, Database.Statement>();

  /** Prepared once per SQL text: reads sit on the dashboards' hot path. */
  private statement(sql: string): Database.Statement {
    let st = this.statements.get(sql);
    if (!st) this.statements.set(sql, (st = this.db.prepare(sql)));
    return st;
  }

  checkpoint(view: string): ViewCheckpoint | undefined {
    const row = this.statement(
      'SELECT commit_pos, prepare_pos, version FROM view_checkpoints WHERE view = ?',
    ).get(view) as { commit_pos: string; prepare_pos: string; version: number } | undefined;
    return row
      ? {
          position: { commit: BigInt(row.commit_pos), prepare: BigInt(row.prepare_pos) },
          version: row.version,
        }
      : undefined;
  }

  all(view: string, keyPrefix = ''): Array<[string, unknown]> {
    // A key range instead of LIKE: uses the primary key and needs no escaping.
    const rows = this.statement(
      'SELECT key, doc FROM view_docs WHERE view = ? AND key >= ? AND key < ? ORDER BY key',
    ).all(view, keyPrefix, keyPrefix + '\uffff') as { key: string; doc: string }[];
    return rows.map((r) => [r.key, JSON.parse(r.doc)]);
  }

  get(view: string, key: string): unknown {
    const row = this.statement('SELECT doc FROM view_docs WHERE view = ? AND key = ?').get(
      view,
      key,
    ) as { doc: string } | undefined;
    return row ? JSON.parse(row.doc) : undefined;
  }

  commit(commits: readonly ViewCommit[]): void {
    this.synchronous.relaxed.run();
    try {
      this.commitAll(commits);
    } finally {
      this.synchronous.restore.run();
    }
  }

  reset(view: string): void {
    this.db.transaction(() => {
      this.statement('DELETE FROM view_docs WHERE view = ?').run(view);
      this.statement('DELETE FROM view_checkpoints WHERE view = ?').run(view);
    })();
  }
}
