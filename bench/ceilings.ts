import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { applyLogFileSettings } from '@ledger/event-store';
import { cpuSeconds, fmt, peakRssMiB, printHeader, secondsSince } from './machine';

/**
 * Ceilings: what better-sqlite3 alone does with the very events the ledger stored, so that every
 * figure of the full path can also be read as a share of what the storage engine allows on this
 * machine.
 *   - insert: the serialized events (strings exactly as stored) inserted in transactions of
 *     1,000 rows into a fresh table of a fresh file, WAL + synchronous FULL like the store;
 *   - read: every row of es_events read in log order with one prepared statement
 *     (.raw().iterate()) plus JSON.parse of data and metadata — what a replay cannot avoid.
 * Usage: node dist/bench/ceilings.js <ledger.sqlite> [maxEventsForInsert]
 */

/** One stored event, its columns as stored (the JSON columns as the exact stored strings). */
export interface SerializedEvent {
  seq: number;
  streamId: string;
  revision: number;
  eventId: string;
  type: string;
  data: string;
  metadata: string;
  recordedAt: string;
}

export interface CeilingResult {
  events: number;
  seconds: number;
  perSecond: number;
  /** CPU seconds of this process during the measurement. */
  cpuSeconds: number;
  /** Bytes of type + stream_id + data + metadata handled. */
  bytes: number;
}

type Row = [number, string, number, string, string, string, string, string];
const COLUMNS = 'seq, stream_id, revision, event_id, type, data, metadata, recorded_at';

/** The stored events in log order (optionally only seq > afterSeq, at most `limit`). */
export function readSerializedEvents(
  ledgerPath: string,
  options: { afterSeq?: number; limit?: number; streamPrefix?: string } = {},
): SerializedEvent[] {
  const db = new Database(ledgerPath, { readonly: true, fileMustExist: true });
  try {
    const rows = db
      .prepare(
        `SELECT ${COLUMNS} FROM es_events WHERE seq > ? AND substr(stream_id, 1, ?) = ?
         ORDER BY seq LIMIT ?`,
      )
      .raw()
      .all(
        options.afterSeq ?? 0,
        (options.streamPrefix ?? '').length,
        options.streamPrefix ?? '',
        options.limit ?? -1,
      ) as Row[];
    return rows.map((r) => ({
      seq: r[0],
      streamId: r[1],
      revision: r[2],
      eventId: r[3],
      type: r[4],
      data: r[5],
      metadata: r[6],
      recordedAt: r[7],
    }));
  } finally {
    db.close();
  }
}

export interface InsertCeilingOptions {
  /** Rows per transaction (one commit, one WAL fsync each). */
  batchSize?: number;
  synchronous?: 'FULL' | 'NORMAL';
  /**
   * bare: a table of (seq, stream_id, type, data, metadata) only — the brief's ceiling.
   * es_events: the store's own schema with its unique indexes on event_id and
   * (stream_id, revision), all columns — what any append must at least pay.
   */
  schema?: 'bare' | 'es_events';
  /** Repeat until this many seconds were spent (at least once, at most 5 times); best rate wins. */
  minSeconds?: number;
}

/** A fresh log file with the store's settings and one of the two schemas, raw inserts only. */
export class RawLog {
  private readonly db: Database.Database;
  private readonly insert: (e: SerializedEvent, seq: number) => void;
  private readonly writeBatch: Database.Transaction<(batch: readonly SerializedEvent[]) => void>;
  private seq = 0;

  constructor(path: string, schema: 'bare' | 'es_events', synchronous: 'FULL' | 'NORMAL') {
    this.db = new Database(path);
    applyLogFileSettings(this.db, synchronous); // as the store
    if (schema === 'bare') {
      this.db.exec(`CREATE TABLE raw_events (seq INTEGER PRIMARY KEY, stream_id TEXT NOT NULL,
        type TEXT NOT NULL, data TEXT NOT NULL, metadata TEXT NOT NULL)`);
      const stmt = this.db.prepare(
        'INSERT INTO raw_events (seq, stream_id, type, data, metadata) VALUES (?, ?, ?, ?, ?)',
      );
      this.insert = (e, seq) => stmt.run(seq, e.streamId, e.type, e.data, e.metadata);
    } else {
      this.db.exec(`CREATE TABLE es_events (seq INTEGER PRIMARY KEY, stream_id TEXT NOT NULL,
        revision INTEGER NOT NULL, event_id TEXT NOT NULL UNIQUE, type TEXT NOT NULL,
        data TEXT NOT NULL, metadata TEXT NOT NULL, recorded_at TEXT NOT NULL);
        CREATE UNIQUE INDEX es_events_stream_revision ON es_events (stream_id, revision);`);
      const stmt = this.db.prepare(
        `INSERT INTO es_events (${COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
      );
      this.insert = (e, seq) =>
        stmt.run(seq, e.streamId, e.revision, e.eventId, e.type, e.data, e.metadata, e.recordedAt);
    }
    this.writeBatch = this.db.transaction((batch: readonly SerializedEvent[]) => {
      for (const e of batch) this.insert(e, ++this.seq);
    });
  }

  /** One transaction (one COMMIT, one WAL fsync with synchronous=FULL). */
  append(batch: readonly SerializedEvent[]): void {
    this.writeBatch.immediate(batch);
  }

  close(): void {
    this.db.close();
  }
}

function insertOnce(
  events: readonly SerializedEvent[],
  batchSize: number,
  synchronous: 'FULL' | 'NORMAL',
  schema: 'bare' | 'es_events',
): CeilingResult {
  const dir = mkdtempSync(join(tmpdir(), 'bench-ceiling-'));
  const log = new RawLog(join(dir, 'raw.sqlite'), schema, synchronous);
  try {
    let bytes = 0;
    for (const e of events)
      bytes += e.streamId.length + e.type.length + e.data.length + e.metadata.length;
    const cpu = cpuSeconds();
    const started = process.hrtime.bigint();
    for (let from = 0; from < events.length; from += batchSize) {
      log.append(events.slice(from, Math.min(events.length, from + batchSize)));
    }
    const seconds = secondsSince(started);
    return {
      events: events.length,
      seconds,
      perSecond: events.length / seconds,
      cpuSeconds: cpuSeconds() - cpu,
      bytes,
    };
  } finally {
    log.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Raw batched insert of the same serialized events, best of a few runs (events/s). */
export function rawInsertCeiling(
  events: readonly SerializedEvent[],
  options: InsertCeilingOptions = {},
): CeilingResult {
  const { batchSize = 1_000, synchronous = 'FULL', schema = 'bare', minSeconds = 2 } = options;
  let best: CeilingResult | undefined;
  let spent = 0;
  for (let run = 0; run < 5 && (run === 0 || spent < minSeconds); run++) {
    const result = insertOnce(events, batchSize, synchronous, schema);
    spent += result.seconds;
    if (!best || result.perSecond > best.perSecond) best = result;
  }
  return best!;
}

/**
 * Raw sequential read of every stored event in log order, with JSON.parse of data and metadata
 * (events/s), best of a few runs when one is short. The file is opened read-only; run it in its
 * own process to isolate its memory.
 */
export type ReadParse = 'both' | 'data' | 'none';

export function rawReadCeiling(
  ledgerPath: string,
  minSeconds = 2,
  parse: ReadParse = 'both',
): CeilingResult {
  let best: CeilingResult | undefined;
  let spent = 0;
  for (let run = 0; run < 5 && (run === 0 || spent < minSeconds); run++) {
    const result = readOnce(ledgerPath, parse);
    spent += result.seconds;
    if (!best || result.perSecond > best.perSecond) best = result;
  }
  return best!;
}

function readOnce(ledgerPath: string, parse: ReadParse): CeilingResult {
  const db = new Database(ledgerPath, { readonly: true, fileMustExist: true });
  try {
    const stmt = db.prepare(`SELECT ${COLUMNS} FROM es_events ORDER BY seq`).raw();
    let events = 0;
    let bytes = 0;
    let check = 0;
    const cpu = cpuSeconds();
    const started = process.hrtime.bigint();
    for (const row of stmt.iterate() as IterableIterator<Row>) {
      // Touch the parsed values so no work can be skipped.
      if (parse !== 'none') {
        const data = JSON.parse(row[5]) as { occurredAt?: string };
        check += data.occurredAt?.length ?? 0;
      }
      if (parse === 'both') {
        const metadata = JSON.parse(row[6]) as { eventId?: string };
        check += metadata.eventId?.length ?? 0;
      }
      bytes += row[1].length + row[4].length + row[5].length + row[6].length;
      events++;
    }
    const seconds = secondsSince(started);
    if (check < 0) throw new Error('unreachable');
    return { events, seconds, perSecond: events / seconds, cpuSeconds: cpuSeconds() - cpu, bytes };
  } finally {
    db.close();
  }
}

export function describeCeiling(name: string, r: CeilingResult): string {
  return `${name}: ${fmt(r.events)} events in ${fmt(r.seconds, 2)} s = ${fmt(r.perSecond)} events/s (${fmt(r.bytes / r.seconds / 2 ** 20, 1)} MiB/s, ${fmt(r.cpuSeconds, 2)} CPU-s)`;
}

async function main() {
  const ledgerPath = process.argv[2];
  if (!ledgerPath) {
    console.error('usage: node dist/bench/ceilings.js <ledger.sqlite> [maxEventsForInsert]');
    process.exit(2);
  }
  const limit = Number(process.argv[3] ?? 200_000);
  printHeader();
  const events = readSerializedEvents(ledgerPath, { limit });
  console.log(describeCeiling('raw insert ceiling (bare table)', rawInsertCeiling(events)));
  console.log(
    describeCeiling(
      'raw insert ceiling (es_events schema + indexes)',
      rawInsertCeiling(events, { schema: 'es_events' }),
    ),
  );
  console.log(
    describeCeiling('raw read ceiling (all rows + JSON.parse)', rawReadCeiling(ledgerPath)),
  );
  // Where the read ceiling goes: SQLite alone, and parsing data only (views never read metadata).
  console.log(describeCeiling('  of which: read, no parse', rawReadCeiling(ledgerPath, 2, 'none')));
  console.log(
    describeCeiling('  of which: read + parse data only', rawReadCeiling(ledgerPath, 2, 'data')),
  );
  console.log(`peak RSS ${fmt(peakRssMiB())} MiB`);
}

if (require.main === module) {
  main().catch((e) => {
    console.error(e);
    process.exit(1);
  });
}
