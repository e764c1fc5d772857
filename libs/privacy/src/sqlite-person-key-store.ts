import Database from 'better-sqlite3';
import { createCipheriv, createDecipheriv } from 'node:crypto';
import { PersonErasedError, PersonKeyStore } from './person-key-store.port';
import { randomPool } from './random-pool';

/**
 * Data keys in their own SQLite file (not the event log: the log may be copied to auditors, the
 * keys never are), each wrapped with the master key from configuration. secure_delete and a WAL
 * checkpoint after a destroy make sure the wrapped key's bytes do not linger on disk.
 */
export class SqlitePersonKeyStore implements PersonKeyStore {
  private readonly db: Database.Database;
  private readonly cache = new Map<string, Buffer>();
  private readonly selectKey: Database.Statement<[string], { wrapped: Buffer | null }>;
  private readonly insertKey: Database.Statement<[string, Buffer, string]>;
  private readonly insertMany: (rows: [string, Buffer, string][]) => void;
  /** New keys waiting for the next group commit, with the callers waiting on them. */
  private pending: {
    rows: [string, Buffer, string][];
    waiters: { resolve: () => void; reject: (e: unknown) => void }[];
  } | null = null;

  constructor(
    path: string,
    private readonly masterKey: Buffer,
  ) {
    if (masterKey.length !== 32) throw new Error('the master key must be 32 bytes (AES-256)');
    this.db = new Database(path);
    // As the log (see applyLogFileSettings): new keys are random-key inserts, which cost less
    // CPU per key with larger pages and a cache that holds the B-tree's inner pages.
    this.db.pragma('page_size = 16384');
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('cache_size = -16384');
    this.db.pragma('synchronous = FULL');
    this.db.pragma('secure_delete = ON');
    // WITHOUT ROWID: one B-tree keyed by personRef instead of a rowid table plus its index (a
    // random-key page write fewer per new person). Files created before keep their layout.
    this.db.exec(`CREATE TABLE IF NOT EXISTS person_keys (
      person_ref TEXT PRIMARY KEY,
      wrapped BLOB,
      created_at TEXT NOT NULL,
      destroyed_at TEXT
    ) WITHOUT ROWID`);
    this.selectKey = this.db.prepare('SELECT wrapped FROM person_keys WHERE person_ref = ?');
    this.insertKey = this.db.prepare(
      'INSERT INTO person_keys (person_ref, wrapped, created_at) VALUES (?, ?, ?)',
    );
    this.insertMany = this.db.transaction((rows: [string, Buffer, string][]) => {
      for (const r of rows) this.insertKey.run(...r);
    });
  }

  async keyFor(personRef: string): Promise<Buffer> {
    const cached = this.cache.get(personRef);
    if (cached) return cached;
    const row = this.selectKey.get(personRef);
    if (row && row.wrapped === null) throw new PersonErasedError(personRef);
    if (row) {
      const key = this.unwrap(row.wrapped!);
      this.remember(personRef, key);
      return key;
    }
    const key = randomPool.bytes(32);
    // Cached before it is durable so concurrent callers share it; the caller gets it only once
    // the group commit that stores it has returned.
    this.remember(personRef, key);
    await this.persist([personRef, this.wrap(key), new Date().toISOString()]);
    return key;
  }

  /** Group commit: keys created in the same tick are stored in one transaction (one fsync). */
  private persist(row: [string, Buffer, string]): Promise<void> {
    return new Promise((resolve, reject) => {
      if (!this.pending) {
        this.pending = { rows: [], waiters: [] };
        setImmediate(() => this.flush());
      }
      this.pending.rows.push(row);
      this.pending.waiters.push({ resolve, reject });
    });
  }

  private flush(): void {
    const batch = this.pending;
    this.pending = null;
    if (!batch) return;
    try {
      this.insertMany(batch.rows);
      batch.waiters.forEach((w) => w.resolve());
    } catch (error) {
      for (const [ref] of batch.rows) this.cache.delete(ref);
      batch.waiters.forEach((w) => w.reject(error));
    }
  }

  async find(personRef: string): Promise<Buffer | 'destroyed' | undefined> {
    const cached = this.cache.get(personRef);
    if (cached) return cached;
    const row = this.selectKey.get(personRef);
    if (!row) return undefined;
    if (row.wrapped === null) return 'destroyed';
    const key = this.unwrap(row.wrapped);
    this.remember(personRef, key);
    return key;
  }

  async destroy(personRef: string, at: Date): Promise<boolean> {
    this.cache.delete(personRef);
    const result = this.db
      .prepare(
        'UPDATE person_keys SET wrapped = NULL, destroyed_at = ? WHERE person_ref = ? AND wrapped IS NOT NULL',
      )
      .run(at.toISOString(), personRef);
    this.db.pragma('wal_checkpoint(TRUNCATE)');
    return result.changes > 0;
  }

  async close(): Promise<void> {
    this.flush();
    this.cache.clear();
    this.db.close();
  }

  private remember(personRef: string, key: Buffer): void {
    if (this.cache.size >= 100_000) this.cache.delete(this.cache.keys().next().value as string);
    this.cache.set(personRef, key);
  }

  private wrap(key: Buffer): Buffer {
    const iv = randomPool.bytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.masterKey, iv);
    const body = Buffer.concat([cipher.update(key), cipher.final()]);
    return Buffer.concat([iv, cipher.getAuthTag(), body]);
  }

  private unwrap(wrapped: Buffer): Buffer {
    const decipher = createDecipheriv('aes-256-gcm', this.masterKey, wrapped.subarray(0, 12));
    decipher.setAuthTag(wrapped.subarray(12, 28));
    return Buffer.concat([decipher.update(wrapped.subarray(28)), decipher.final()]);
  }
}
