import Database from 'better-sqlite3';
import { createDecipheriv } from 'node:crypto';
import { NewPersonKey, openKeyFile } from './person-key-file';
import { PersonKeyWriter } from './person-key-writer';
import { PersonErasedError, PersonKeyStore } from './person-key-store.port';
import { randomPool } from './random-pool';

/**
 * Data keys in their own SQLite file (not the event log: the log may be copied to auditors, the
 * keys never are), each wrapped with the master key from configuration. Reads use a connection
 * on the calling thread; writes go to the file's writer (PersonKeyWriter, a worker thread in the
 * compiled ledger).
 */
export class SqlitePersonKeyStore implements PersonKeyStore {
  private readonly db: Database.Database;
  private readonly writer: PersonKeyWriter;
  private readonly cache = new Map<string, Buffer>();
  private readonly selectKey: Database.Statement<[string], { wrapped: Buffer | null }>;
  /** Keys created by this store and not yet durable, with the callers waiting on them. */
  private pending: { refs: string[]; rows: NewPersonKey[]; done: Promise<void> } | null = null;
  /** People whose key this process has just created (bounded): see `takeCreated`. */
  private readonly created = new Set<string>();
  /** Keys handed out from the cache whose COMMIT has not returned yet. */
  private readonly undurable = new Map<string, Promise<void>>();

  constructor(
    path: string,
    private readonly masterKey: Buffer,
  ) {
    if (masterKey.length !== 32) throw new Error('the master key must be 32 bytes (AES-256)');
    this.db = openKeyFile(path);
    this.selectKey = this.db.prepare('SELECT wrapped FROM person_keys WHERE person_ref = ?');
    this.writer = new PersonKeyWriter(path, masterKey);
  }

  async keyFor(personRef: string): Promise<Buffer> {
    const cached = this.cache.get(personRef);
    if (cached) {
      // A key shared before it is durable: no caller may seal with it before its COMMIT (an
      // acknowledged event must never name a key a crash could lose).
      const durable = this.undurable.get(personRef);
      if (durable) await durable;
      return cached;
    }
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
    const durable = this.persist(personRef, key);
    this.undurable.set(personRef, durable);
    try {
      await durable;
    } finally {
      this.undurable.delete(personRef);
    }
    this.noteCreated(personRef);
    return key;
  }

  /**
   * True, once, when this store has just created the person's key (no row existed): nothing was
   * ever sealed for them in this ledger, so none of their streams exists yet. The caller that
   * sealed the first envelope uses it to skip reading streams that cannot exist; its appends
   * still expect no stream, so the log's unique index has the last word.
   */
  takeCreated(personRef: string): boolean {
    return this.created.delete(personRef);
  }

  /** Group commit: keys created in the same tick are stored in one transaction (one fsync). */
  private persist(personRef: string, key: Buffer): Promise<void> {
    if (!this.pending) {
      const rows: NewPersonKey[] = [];
      const refs: string[] = [];
      const done = new Promise<void>((resolve) => setImmediate(resolve)).then(() => {
        if (this.pending?.rows === rows) this.pending = null;
        return this.writer.insert(rows).catch((error: unknown) => {
          for (const ref of refs) this.cache.delete(ref);
          throw error;
        });
      });
      this.pending = { refs, rows, done };
    }
    this.pending.refs.push(personRef);
    this.pending.rows.push([personRef, key, new Date().toISOString()]);
    return this.pending.done;
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
    this.created.delete(personRef);
    return this.writer.destroy(personRef, at);
  }

  async close(): Promise<void> {
    await this.pending?.done.catch(() => undefined);
    await this.writer.close();
    this.cache.clear();
    this.created.clear();
    this.db.close();
  }

  private remember(personRef: string, key: Buffer): void {
    if (this.cache.size >= 100_000) this.cache.delete(this.cache.keys().next().value as string);
    this.cache.set(personRef, key);
  }

  private noteCreated(personRef: string): void {
    if (this.created.size >= 10_000) this.created.delete(this.created.values().next().value!);
    this.created.add(personRef);
  }

  private unwrap(wrapped: Buffer): Buffer {
    const decipher = createDecipheriv('aes-256-gcm', this.masterKey, wrapped.subarray(0, 12));
    decipher.setAuthTag(wrapped.subarray(12, 28));
    return Buffer.concat([decipher.update(wrapped.subarray(28)), decipher.final()]);
  }
}
