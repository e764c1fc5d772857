import Database from 'better-sqlite3';
import { createCipheriv } from 'node:crypto';
import { randomPool } from './random-pool';

/** A new person's key as the writer gets it: [personRef, key (32 bytes), created at (ISO)]. */
export type NewPersonKey = [personRef: string, key: Uint8Array, createdAt: string];

/**
 * Opens the key file with its settings and schema. New keys are random-key inserts, which cost
 * less CPU per key with larger pages and a cache that holds the B-tree's inner pages (as the
 * log, see applyLogFileSettings). secure_delete and a WAL checkpoint after a destroy make sure a
 * wrapped key's bytes do not linger on disk.
 */
export function openKeyFile(path: string): Database.Database {
  const db = new Database(path);
  db.pragma('page_size = 16384');
  db.pragma('journal_mode = WAL');
  db.pragma('cache_size = -16384');
  db.pragma('synchronous = FULL');
  db.pragma('secure_delete = ON');
  // WITHOUT ROWID: one B-tree keyed by personRef instead of a rowid table plus its index (a
  // random-key page write fewer per new person). Files created before keep their layout.
  db.exec(`CREATE TABLE IF NOT EXISTS person_keys (
    person_ref TEXT PRIMARY KEY,
    wrapped BLOB,
    created_at TEXT NOT NULL,
    destroyed_at TEXT
  ) WITHOUT ROWID`);
  return db;
}

/**
 * The writes of the key file: new keys wrapped with the master key and stored in one
 * transaction per group, and destroys. The same code runs on the key store's writer thread and,
 * where no compiled worker exists (the TypeScript test runner), in-line.
 */
export class PersonKeyFileWriter {
  private readonly db: Database.Database;
  private readonly insertAll: (rows: NewPersonKey[]) => void;
  private readonly destroyKey: Database.Statement<[string, string]>;

  constructor(
    path: string,
    private readonly masterKey: Buffer,
  ) {
    if (masterKey.length !== 32) throw new Error('the master key must be 32 bytes (AES-256)');
    this.db = openKeyFile(path);
    const insert = this.db.prepare<[string, Buffer, string]>(
      'INSERT INTO person_keys (person_ref, wrapped, created_at) VALUES (?, ?, ?)',
    );
    this.insertAll = this.db.transaction((rows: NewPersonKey[]) => {
      for (const [ref, key, createdAt] of rows) insert.run(ref, this.wrap(key), createdAt);
    });
    this.destroyKey = this.db.prepare(
      'UPDATE person_keys SET wrapped = NULL, destroyed_at = ? WHERE person_ref = ? AND wrapped IS NOT NULL',
    );
  }

  /** Stores the keys in one transaction (one fsync); all or none. */
  insert(rows: NewPersonKey[]): void {
    this.insertAll(rows);
  }

  destroy(personRef: string, atIso: string): boolean {
    const { changes } = this.destroyKey.run(atIso, personRef);
    this.db.pragma('wal_checkpoint(TRUNCATE)');
    return changes > 0;
  }

  close(): void {
    this.db.close();
  }

  private wrap(key: Uint8Array): Buffer {
    const iv = randomPool.bytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.masterKey, iv);
    const body = Buffer.concat([cipher.update(key), cipher.final()]);
    return Buffer.concat([iv, cipher.getAuthTag(), body]);
  }
}
