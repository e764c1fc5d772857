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
  /** Group commits of keys not yet returned. */
  private readonly inFlight = new Set<Promise<void>>();
  /** Keys shared from the cache whose COMMIT has not returned yet. */
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
      // Shared before its COMMIT returned: nobody seals with it before that (an acknowledged
      // event must never name a key a crash could lose, nor one whose insert failed).
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
    // Cached before it is durable so concurrent callers share it; each caller gets it only once
    // the group commit that stores it (on the writer thread) has returned.
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

  /** Resolves once every key created so far is stored; rejects if storing one of them failed. */
  settled(): Promise<void> {
    if (this.inFlight.size === 0) return Promise.resolve();
    return Promise.all(this.inFlight).then(() => undefined);
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
          for (const ref of refs) {
            this.cache.delete(ref);
            this.created.delete(ref);
          }
          throw error;
        });
      });
      this.inFlight.add(done);
      const forget = () => this.inFlight.delete(done);
      done.then(forget, forget);
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
    // After the key's own insert, if that is still on its way.
    await this.settled().catch(() => undefined);
    this.cache.delete(personRef);
    return this.writer.destroy(personRef, at);
  }

  async close(): Promise<void> {
    await this.settled().catch(() => undefined);
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
