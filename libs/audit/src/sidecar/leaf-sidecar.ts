import Database from 'better-sqlite3';
import { existsSync } from 'node:fs';
import { LogPosition } from '@ledger/event-store';
import { LeafHashList } from '../merkle/leaf-hash-list';
import { PositionList } from '../leaf/position-list';

export interface SidecarLeaves {
  readonly leaves: LeafHashList;
  readonly positions: PositionList;
}

/**
 * The running ledger's record of the leaves it has verified (`ledger.audit.sqlite` beside the
 * log): leaf index → position and leaf hash. Derived data, never trusted for correctness: the
 * verifier uses it only after checking it against the signed seals, to name the exact position
 * where the log changed, and to see a tail removed after the last seal. Several processes on one
 * data directory (the API, a CLI import) write it safely: SQLite, rows written only once.
 */
export class LeafSidecar {
  private constructor(
    private readonly db: Database.Database,
    readonly path: string,
  ) {}

  /** Opens (creating) the file for the running ledger. */
  static open(path: string): LeafSidecar {
    const db = new Database(path);
    db.pragma('journal_mode = WAL');
    // Derived data: a power cut may lose the last rows, which are simply written again.
    db.pragma('synchronous = NORMAL');
    db.exec(`CREATE TABLE IF NOT EXISTS audit_leaves (
      idx INTEGER PRIMARY KEY,
      commit_pos INTEGER NOT NULL,
      prepare_pos INTEGER NOT NULL,
      leaf BLOB NOT NULL
    );
    CREATE TABLE IF NOT EXISTS audit_alarms (
      id INTEGER PRIMARY KEY,
      detected_at TEXT NOT NULL,
      finding TEXT NOT NULL
    )`);
    return new LeafSidecar(db, path);
  }

  /** Opens an existing file read-only (the verifier); undefined when there is none. */
  static openReadOnly(path: string): LeafSidecar | undefined {
    if (!existsSync(path)) return undefined;
    const db = new Database(path, { readonly: true, fileMustExist: true });
    const table = db
      .prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'audit_leaves'")
      .get();
    if (!table) {
      db.close();
      return undefined;
    }
    return new LeafSidecar(db, path);
  }

  /** Every recorded leaf from index 0 while indexes are consecutive. */
  readAll(): SidecarLeaves {
    const leaves = new LeafHashList();
    const positions = new PositionList();
    const rows = this.db
      .prepare('SELECT idx, commit_pos, prepare_pos, leaf FROM audit_leaves ORDER BY idx')
      .raw()
      .safeIntegers(true);
    for (const row of rows.iterate() as IterableIterator<[bigint, bigint, bigint, Buffer]>) {
      if (row[0] !== BigInt(leaves.size) || !Buffer.isBuffer(row[3]) || row[3].length !== 32) break;
      leaves.push(row[3]);
      positions.push({ commit: row[1], prepare: row[2] });
    }
    return { leaves, positions };
  }

  /** Records leaves from index `from` on; rows already there are kept (written once). */
  append(from: number, records: readonly { position: LogPosition; leafHash: Buffer }[]): void {
    if (records.length === 0) return;
    const insert = this.db.prepare(
      'INSERT INTO audit_leaves (idx, commit_pos, prepare_pos, leaf) VALUES (?, ?, ?, ?) ON CONFLICT (idx) DO NOTHING',
    );
    this.db.transaction(() => {
      records.forEach((r, i) =>
        insert.run(from + i, r.position.commit, r.position.prepare, r.leafHash),
      );
    })();
  }

  /**
   * Alarms raised by a running ledger: they outlive a restart, so an alteration found once keeps
   * the ledger not-ready until an operator has restored the log and moved this file aside.
   */
  recordAlarm(detectedAt: string, finding: object): void {
    this.db
      .prepare('INSERT INTO audit_alarms (detected_at, finding) VALUES (?, ?)')
      .run(detectedAt, JSON.stringify(finding));
  }

  alarms(): { detectedAt: string; finding: unknown }[] {
    const table = this.db
      .prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'audit_alarms'")
      .get();
    if (!table) return [];
    return (
      this.db.prepare('SELECT detected_at, finding FROM audit_alarms ORDER BY id').all() as {
        detected_at: string;
        finding: string;
      }[]
    ).map((r) => ({ detectedAt: r.detected_at, finding: JSON.parse(r.finding) as unknown }));
  }

  /** Drops the rows from index `from` on (they no longer describe the log, which was checked). */
  truncate(from: number): void {
    this.db.prepare('DELETE FROM audit_leaves WHERE idx >= ?').run(from);
  }

  close(): void {
    this.db.close();
  }
}
