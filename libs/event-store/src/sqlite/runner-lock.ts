import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import Database from 'better-sqlite3';

/** Who holds the lock, as the holder wrote it. */
export interface RunnerLockHolder {
  pid: number;
  host: string;
  role: string;
  since: string;
}

export class RunnerLockHeldError extends Error {
  override readonly name = 'RunnerLockHeldError';
  constructor(
    readonly path: string,
    readonly holder: RunnerLockHolder | undefined,
  ) {
    super(
      holder
        ? `the embedded ledger ${path} is already served by ${holder.role} (pid ${holder.pid} on ${holder.host}, since ${holder.since}); stop it first`
        : `the embedded ledger ${path} is already served by another process; stop it first`,
    );
  }
}

/**
 * One process at a time runs the embedded ledger's projections (and Kafka gateway) on a log
 * file: the API in embedded mode, or apps/projector, or a CLI rebuild. Appends themselves are
 * safe from several processes (SQLite WAL, expected revisions checked inside an IMMEDIATE
 * transaction); two runners would write the same views and checkpoints.
 *
 * The lock is an exclusive lock on a small SQLite file beside the log, held by an open
 * transaction: the operating system releases it when the holder exits, kill -9 included, so a
 * crash never leaves a stale lock. Who holds it is written to a JSON file beside it.
 */
export class RunnerLock {
  private constructor(
    private readonly db: Database.Database,
    private readonly infoPath: string,
  ) {}

  static acquire(logPath: string, role: string): RunnerLock {
    const lockPath = `${logPath}.runner-lock`;
    const infoPath = `${lockPath}.json`;
    const db = new Database(lockPath, { timeout: 0 });
    try {
      db.pragma('journal_mode = DELETE');
      db.pragma('locking_mode = EXCLUSIVE');
      // A write makes SQLite take (and, in exclusive locking mode, keep) the file's lock.
      db.exec('BEGIN EXCLUSIVE');
      db.exec('CREATE TABLE IF NOT EXISTS runner_lock (held INTEGER)');
    } catch (error) {
      db.close();
      if ((error as { code?: string }).code?.startsWith('SQLITE_BUSY')) {
        throw new RunnerLockHeldError(logPath, readHolder(infoPath));
      }
      throw error;
    }
    const holder: RunnerLockHolder = {
      pid: process.pid,
      host: hostname(),
      role,
      since: new Date().toISOString(),
    };
    writeFileSync(infoPath, JSON.stringify(holder));
    return new RunnerLock(db, infoPath);
  }

  release(): void {
    if (!this.db.open) return;
    rmSync(this.infoPath, { force: true });
    this.db.exec('ROLLBACK');
    this.db.close();
  }
}

function readHolder(path: string): RunnerLockHolder | undefined {
  try {
    return existsSync(path)
      ? (JSON.parse(readFileSync(path, 'utf8')) as RunnerLockHolder)
      : undefined;
  } catch {
    return undefined;
  }
}
