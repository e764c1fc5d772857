import Database from 'better-sqlite3';
import { existsSync } from 'node:fs';
import { LogPosition } from '@ledger/event-store';
import { LeafHashList } from '../merkle/leaf-hash-list';
import { PositionList } from '../leaf/position-list';

/** Bytes per recorded leaf: commit (8), prepare (8), leaf hash (32). */
const RECORD = 48;

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
    // One row per run of consecutive leaves (first leaf index → 48-byte records: commit and
    // prepare position, big-endian, and the leaf hash): a row per verified batch, not per event.
    db.exec(`CREATE TABLE IF NOT EXISTS audit_leaf_runs (
      first_idx INTEGER PRIMARY KEY,
      records BLOB NOT NULL
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
      .prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'audit_leaf_runs'")
      .get();
    if (!table) {
      db.close();
      return undefined;
    }
    return new LeafSidecar(db, path);
  }

  /**
   * Every recorded leaf from index 0 while indexes are consecutive. Runs recorded by two
   * processes may overlap: a leaf is taken from the first run that has it.
   */
  readAll(): SidecarLeaves {
    const leaves = new LeafHashList();
    const positions = new PositionList();
    const rows = this.db
      .prepare('SELECT first_idx, records FROM audit_leaf_runs ORDER BY first_idx')
      .raw();
    for (const [first, records] of rows.iterate() as IterableIterator<[number, Buffer]>) {
      if (first > leaves.size) break;
      if (!Buffer.isBuffer(records) || records.length % RECORD !== 0) break;
      for (let i = leaves.size - first; i < records.length / RECORD; i++) {
        const at = i * RECORD;
        positions.push({
          commit: records.readBigUInt64BE(at),
          prepare: records.readBigUInt64BE(at + 8),
        });
        leaves.push(records.subarray(at + 16, at + RECORD));
      }
    }
    return { leaves, positions };
  }

  /** Records leaves from index `from` on, as one run. */
  append(from: number, records: readonly { position: LogPosition; leafHash: Buffer }[]): void {
    if (records.length === 0) return;
    const blob = Buffer.allocUnsafe(records.length * RECORD);
    records.forEach((r, i) => {
      blob.writeBigUInt64BE(r.position.commit, i * RECORD);
      blob.writeBigUInt64BE(r.position.prepare, i * RECORD + 8);
      r.leafHash.copy(blob, i * RECORD + 16, 0, 32);
    });
    // Two processes recording the same leaves from one index: the longer run stands.
    this.db
      .prepare(
        `INSERT INTO audit_leaf_runs (first_idx, records) VALUES (?, ?) ON CONFLICT (first_idx)
         DO UPDATE SET records = excluded.records WHERE length(excluded.records) > length(records)`,
      )
      .run(from, blob);
  }

  /** Forgets every recorded leaf (a record that does not describe this log). */
  clear(): void {
    this.db.prepare('DELETE FROM audit_leaf_runs').run();
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

  close(): void {
    this.db.close();
  }
}
