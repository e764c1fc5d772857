import Database from 'better-sqlite3';

/**
 * How the embedded log's file is opened; also used by the benchmarks' raw-insert ceiling, so
 * that the ceiling is the same storage as the store.
 *
 * Appends insert into two random-key B-trees (event id, stream+revision), so every event dirties
 * index pages all over the file. Measured on 200,000 events (raw inserts, batches of 1,000, with
 * the person-key file beside it): 16 KiB pages and a 64 MiB page cache take 39-48 µs CPU per event
 * against 60-66 µs with SQLite's defaults (4 KiB, 2 MiB), and +20-45% throughput.
 */
export const LOG_PAGE_SIZE = 16_384;
const LOG_CACHE_KIB = 65_536;
/** Pages of WAL between automatic checkpoints (64 MiB): a checkpoint copies each page once
 * however often it changed, and index pages change in nearly every flush. */
const LOG_AUTOCHECKPOINT_PAGES = 4_096;

export function applyLogFileSettings(db: Database.Database, synchronous: 'FULL' | 'NORMAL'): void {
  // Only a new, empty file takes a page size; an existing one keeps its own.
  db.pragma(`page_size = ${LOG_PAGE_SIZE}`);
  db.pragma('journal_mode = WAL');
  db.pragma(`synchronous = ${synchronous}`);
  db.pragma(`cache_size = -${LOG_CACHE_KIB}`);
  db.pragma(`wal_autocheckpoint = ${LOG_AUTOCHECKPOINT_PAGES}`);
}
