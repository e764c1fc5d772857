import Database from 'better-sqlite3';
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  EventStoreUnavailableError,
  IdempotencyViolationError,
  WrongExpectedRevisionError,
} from '../errors';
import { AppendResult, NewEvent, RecordedEvent, START_POSITION } from '../event-store.port';
import { describeEventStoreContract } from '../testing';
import { LOG_PAGE_SIZE } from './sqlite-file-settings';
import {
  SqliteEventStore,
  SqliteEventStoreOptions,
  SqliteEventStoreStats,
} from './sqlite-event-store';

const POLL_INTERVAL_MS = 20;

/** A database file in a fresh directory; every store opened on it is closed before removal. */
interface TempDatabase {
  readonly path: string;
  open(options?: Partial<SqliteEventStoreOptions>): SqliteEventStore;
  dispose(): Promise<void>;
}

function tempDatabase(): TempDatabase {
  const dir = mkdtempSync(join(tmpdir(), 'event-store-'));
  const path = join(dir, 'ledger.sqlite');
  const stores: SqliteEventStore[] = [];
  return {
    path,
    open: (options = {}) => {
      const store = new SqliteEventStore({ path, pollIntervalMs: POLL_INTERVAL_MS, ...options });
      stores.push(store);
      return store;
    },
    dispose: async () => {
      await Promise.all(stores.map((s) => s.close()));
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

describeEventStoreContract('SqliteEventStore', async () => {
  const database = tempDatabase();
  return { store: database.open(), dispose: database.dispose };
});

describe('SqliteEventStore', () => {
  let database: TempDatabase;
  let store: SqliteEventStore;

  beforeEach(() => {
    database = tempDatabase();
    store = database.open();
  });

  afterEach(async () => {
    await database.dispose();
  });

  describe('group commit', () => {
    it('writes appends issued in the same tick in one transaction', async () => {
      const before = store.stats();
      await Promise.all(
        Array.from({ length: 500 }, (_, i) => store.append(`policy-${i}`, [event()], 'no_stream')),
      );
      expect(delta(before, store.stats())).toEqual({ flushes: 1, requests: 500, events: 500 });
    });

    it('flushes at once when 1,000 requests are queued', async () => {
      const before = store.stats();
      const appends = Array.from({ length: 2_500 }, (_, i) =>
        store.append(`policy-${i}`, [event()], 'no_stream'),
      );
      // Two full batches were committed synchronously, before the tick ended.
      expect(delta(before, store.stats())).toEqual({ flushes: 2, requests: 2_000, events: 2_000 });
      await Promise.all(appends);
      expect(delta(before, store.stats()).flushes).toBe(3);
    });

    it('a failing request rejects alone; the rest of its transaction commits', async () => {
      const recorded = [event(), event()];
      await store.append('plan-1', recorded, 'no_stream');
      const before = store.stats();
      const outcomes = await Promise.allSettled([
        store.append('policy-a', [event()], 'no_stream'),
        store.append('policy-a', [event()], 'no_stream'),
        store.append('plan-1', [...recorded, event()], 'any'),
        store.append('policy-b', [event(), event()], 'no_stream'),
      ]);
      expect(delta(before, store.stats())).toEqual({ flushes: 1, requests: 4, events: 3 });
      expect(outcomes.map((o) => o.status)).toEqual([
        'fulfilled',
        'rejected',
        'rejected',
        'fulfilled',
      ]);
      expect(reasonOf(outcomes[1])).toBeInstanceOf(WrongExpectedRevisionError);
      expect(reasonOf(outcomes[2])).toBeInstanceOf(IdempotencyViolationError);
      expect(await revisionsOf(store, 'policy-a')).toEqual([0n]);
      expect(await revisionsOf(store, 'plan-1')).toEqual([0n, 1n]);
      expect(await revisionsOf(store, 'policy-b')).toEqual([0n, 1n]);
    });

    it('applies requests for one stream in arrival order within a transaction', async () => {
      const results = await Promise.all([
        store.append('policy-a', [event()], 'no_stream'),
        store.append('policy-a', [event()], 0n),
        store.append('policy-a', [event(), event()], 1n),
      ]);
      expect(results.map((r) => r.nextExpectedRevision)).toEqual([0n, 1n, 3n]);
      expect(store.stats().flushes).toBe(1);
    });

    it('invalid input rejects its own append only', async () => {
      const outcomes = await Promise.allSettled([
        store.append('policy-a', [{ ...event(), data: undefined }], 'no_stream'),
        store.append('policy-b', [{ ...event(), data: { amount: 1n } }], 'no_stream'),
        store.append('', [event()], 'no_stream'),
        store.append('policy-c', [event()], -1n),
        store.append('policy-d', [event()], 'no_stream'),
      ]);
      expect(outcomes.map((o) => o.status)).toEqual([
        'rejected',
        'rejected',
        'rejected',
        'rejected',
        'fulfilled',
      ]);
    });
  });

  describe('idempotency', () => {
    it('returns the original result whatever the expected revision of the retry', async () => {
      const events = [event(), event()];
      const original = await store.append('policy-a', events, 'no_stream');
      await store.append('policy-a', [event()], 1n);
      for (const expected of ['stream_exists', 0n, 1n, 2n, 7n] as const) {
        expect(await store.append('policy-a', events, expected)).toEqual(original);
      }
      expect(await revisionsOf(store, 'policy-a')).toEqual([0n, 1n, 2n]);
    });

    it('an id recorded in another stream is a violation', async () => {
      const shared = event();
      await store.append('policy-a', [shared], 'no_stream');
      const outcome = store.append('policy-b', [shared], 'no_stream');
      await expect(outcome).rejects.toThrow(IdempotencyViolationError);
      await expect(outcome).rejects.toThrow(/recorded in stream policy-a/);
      expect(await store.readStream('policy-b')).toEqual([]);
    });

    it('recorded ids in another order are a violation', async () => {
      const [a, b] = [event(), event()];
      await store.append('policy-a', [a, b], 'no_stream');
      await expect(store.append('policy-a', [b, a], 'any')).rejects.toThrow(
        IdempotencyViolationError,
      );
    });

    it('a new id followed by a recorded one is a violation', async () => {
      const a = event();
      await store.append('policy-a', [a], 'no_stream');
      await expect(store.append('policy-a', [event(), a], 0n)).rejects.toThrow(
        IdempotencyViolationError,
      );
      expect(await revisionsOf(store, 'policy-a')).toEqual([0n]);
    });

    it('the same id twice in one append is rejected and nothing is written', async () => {
      const twice = event();
      await expect(store.append('policy-a', [event(), twice, twice], 'any')).rejects.toThrow(
        IdempotencyViolationError,
      );
      expect(await store.readStream('policy-a')).toEqual([]);
      expect(await store.headPosition()).toEqual(START_POSITION);
    });

    it('a retry in the same transaction as the original returns the original result', async () => {
      const events = [event()];
      const [first, retry] = await Promise.all([
        store.append('policy-a', events, 'no_stream'),
        store.append('policy-a', events, 'no_stream'),
      ]);
      expect(retry).toEqual(first);
    });
  });

  describe('readAll', () => {
    it('pages through the whole log without a filter', async () => {
      const appended = await appendOneByOne(store, 11);
      const ids: string[] = [];
      for (let after = START_POSITION; ;) {
        const page = await store.readAll({ after, maxCount: 4 });
        if (page.length === 0) break;
        ids.push(...page.map((e) => e.id));
        after = page[page.length - 1].position;
      }
      expect(ids).toEqual(appended);
    });
  });

  describe('empty appends', () => {
    it('report the position of the last event of an existing stream', async () => {
      const result = await store.append('policy-a', [event(), event()], 'no_stream');
      expect(await store.append('policy-a', [], 'stream_exists')).toEqual(result);
    });

    it('report -1 and the start position for a missing stream, which stays missing', async () => {
      expect(await store.append('policy-a', [], 'no_stream')).toEqual({
        nextExpectedRevision: -1n,
        position: START_POSITION,
      });
      await expect(store.append('policy-a', [], 'stream_exists')).rejects.toThrow(
        WrongExpectedRevisionError,
      );
    });
  });

  describe('file', () => {
    it('creates only es_-prefixed tables and records the schema version', () => {
      const tables = store.db
        .prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
        .pluck()
        .all();
      expect(tables).toEqual(['es_events', 'es_schema_version']);
      expect(store.db.prepare('SELECT version FROM es_schema_version').pluck().all()).toEqual([2]);
      expect(store.db.pragma('journal_mode', { simple: true })).toBe('wal');
    });

    it('migrates a version-1 file: drops es_streams, keeps every event and revision', async () => {
      const first = await store.append('policy-a', [event(), event()], 'no_stream');
      await store.close();
      // What version 1 left on disk: the same es_events plus es_streams.
      const v1 = new Database(database.path);
      v1.exec(`CREATE TABLE es_streams (stream_id TEXT PRIMARY KEY, revision INTEGER NOT NULL)
        WITHOUT ROWID; INSERT INTO es_streams VALUES ('policy-a', 1);
        UPDATE es_schema_version SET version = 1;`);
      v1.close();
      const migrated = database.open();
      const tables = migrated.db
        .prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
        .pluck()
        .all();
      expect(tables).toEqual(['es_events', 'es_schema_version']);
      expect(migrated.db.prepare('SELECT version FROM es_schema_version').pluck().get()).toBe(2);
      expect(await migrated.headPosition()).toEqual(first.position);
      expect((await migrated.append('policy-a', [event()], 1n)).nextExpectedRevision).toBe(2n);
      await expect(migrated.append('policy-a', [event()], 1n)).rejects.toThrow(
        WrongExpectedRevisionError,
      );
    });

    it('creates new files with 16 KiB pages; an existing file keeps its page size', async () => {
      expect(store.db.pragma('page_size', { simple: true })).toBe(LOG_PAGE_SIZE);
      await store.close();
      const other = tempDatabase();
      try {
        const old = new Database(other.path);
        old.pragma('page_size = 4096');
        old.pragma('journal_mode = WAL');
        old.exec('CREATE TABLE unrelated (x)');
        old.close();
        const reopened = other.open();
        expect(reopened.db.pragma('page_size', { simple: true })).toBe(4096);
        expect((await reopened.append('policy-a', [event()], 'no_stream')).position.commit).toBe(
          1n,
        );
      } finally {
        await other.dispose();
      }
    });

    it('refuses a file written by a newer schema', async () => {
      await store.close();
      const newer = new Database(database.path);
      newer.prepare('UPDATE es_schema_version SET version = 3').run();
      newer.close();
      expect(() => database.open()).toThrow(/schema 3 is newer than this code \(2\)/);
    });

    it('reopening the file continues revisions and positions', async () => {
      const first = await store.append('policy-a', [event(), event()], 'no_stream');
      await store.close();
      const reopened = database.open();
      expect(await reopened.headPosition()).toEqual(first.position);
      const next = await reopened.append('policy-a', [event()], 1n);
      expect(next.nextExpectedRevision).toBe(2n);
      expect(next.position.commit).toBe(first.position.commit + 1n);
      await expect(reopened.append('policy-a', [event()], 'no_stream')).rejects.toThrow(
        WrongExpectedRevisionError,
      );
    });

    it('records recordedAt from the store clock', async () => {
      const clocked = database.open({ now: () => new Date('2025-03-01T08:00:00.000Z') });
      await clocked.append('policy-a', [event()], 'no_stream');
      const [recorded] = await clocked.readStream('policy-a');
      expect(recorded.recordedAt).toBe('2025-03-01T08:00:00.000Z');
    });

    it('close() commits appends that were still queued', async () => {
      const pending = store.append('policy-a', [event()], 'no_stream');
      await store.close();
      const result = await pending;
      const reopened = database.open();
      expect((await reopened.readStream('policy-a')).map((e) => e.position)).toEqual([
        result.position,
      ]);
    });

    it('rejects appends after close() as unavailable', async () => {
      await store.close();
      await expect(store.append('policy-a', [event()], 'any')).rejects.toThrow(
        EventStoreUnavailableError,
      );
    });
  });

  describe('durability off the event loop (synchronous FULL)', () => {
    /** Holds every fdatasync of a FileHandle until released (the WAL sync of the store). */
    async function holdSyncs() {
      const probe = await open(join(tmpdir(), `probe-${randomUUID()}`), 'w');
      const proto = Object.getPrototypeOf(probe) as { datasync: () => Promise<void> };
      await probe.close();
      const held: { release: () => void; fail: (e: Error) => void }[] = [];
      const spy = jest.spyOn(proto, 'datasync').mockImplementation(function (this: unknown) {
        return new Promise<void>((resolve, reject) =>
          held.push({ release: resolve, fail: reject }),
        );
      });
      return { held, restore: () => spy.mockRestore() };
    }

    it('acknowledges an append only after the WAL was synced, and delivers it only then', async () => {
      const syncs = await holdSyncs();
      try {
        const delivered: RecordedEvent[] = [];
        const subscription = store.subscribeToAll({
          onBatch: (events) => void delivered.push(...events),
        });
        let acknowledged = false;
        const append = store.append('policy-a', [event()], 'no_stream').then((r) => {
          acknowledged = true;
          return r;
        });
        await until(() => syncs.held.length > 0);
        // Committed (visible to a stream read) but neither acknowledged nor handed on.
        expect(await store.readStream('policy-a')).toHaveLength(1);
        await new Promise((resolve) => setTimeout(resolve, 3 * POLL_INTERVAL_MS));
        expect(acknowledged).toBe(false);
        expect(delivered).toHaveLength(0);
        for (const s of syncs.held.splice(0)) s.release();
        await append;
        await until(() => delivered.length === 1);
        await subscription.close();
      } finally {
        syncs.restore();
      }
    });

    it('a failed sync rejects the group as unavailable, and every append after it', async () => {
      const syncs = await holdSyncs();
      try {
        const append = store.append('policy-a', [event()], 'no_stream');
        await until(() => syncs.held.length > 0);
        syncs.held[0].fail(new Error('EIO'));
        await expect(append).rejects.toThrow(EventStoreUnavailableError);
        await expect(store.append('policy-b', [event()], 'no_stream')).rejects.toThrow(
          EventStoreUnavailableError,
        );
        await expect(store.durable()).rejects.toThrow('EIO');
      } finally {
        syncs.restore();
      }
    });

    it('durable() waits for a sync that began after the call', async () => {
      const syncs = await holdSyncs();
      try {
        let done = false;
        const durable = store.durable().then(() => (done = true));
        await until(() => syncs.held.length > 0);
        expect(done).toBe(false);
        syncs.held[0].release();
        await durable;
      } finally {
        syncs.restore();
      }
    });

    it('with synchronous NORMAL nothing waits for a sync', async () => {
      const normal = database.open({ synchronous: 'NORMAL' });
      const syncs = await holdSyncs();
      try {
        await normal.append('policy-n', [event()], 'no_stream');
        await normal.durable();
        expect(syncs.held).toHaveLength(0);
      } finally {
        syncs.restore();
      }
    });
  });

  describe('several stores on one file', () => {
    it('check expected revisions against each other', async () => {
      const other = database.open();
      await store.append('policy-a', [event()], 'no_stream');
      await expect(other.append('policy-a', [event()], 'no_stream')).rejects.toThrow(
        WrongExpectedRevisionError,
      );
      expect((await other.append('policy-a', [event()], 0n)).nextExpectedRevision).toBe(1n);
      expect((await store.append('policy-a', [event()], 1n)).nextExpectedRevision).toBe(2n);
    });

    it('a subscription sees events written by another store by polling', async () => {
      const writer = database.open();
      const received: RecordedEvent[] = [];
      const subscription = store.subscribeToAll({ onBatch: (b) => void received.push(...b) });
      const written: AppendResult[] = [];
      for (let i = 0; i < 5; i++)
        written.push(await writer.append(`policy-${i}`, [event()], 'no_stream'));
      await until(() => received.length === 5);
      await subscription.close();
      expect(received.map((e) => e.position)).toEqual(written.map((r) => r.position));
    });
  });

  describe('subscriptions', () => {
    it('an unfiltered subscription delivers a backlog larger than batchSize in order', async () => {
      const appended = await appendOneByOne(store, 25);
      const batches: (readonly RecordedEvent[])[] = [];
      const subscription = store.subscribeToAll({
        batchSize: 4,
        onBatch: (b) => void batches.push(b),
      });
      await until(() => batches.flat().length >= 25);
      await subscription.close();
      expect(batches.flat().map((e) => e.id)).toEqual(appended);
      expect(Math.max(...batches.map((b) => b.length))).toBe(4);
    });

    it('an append of this store wakes its subscriptions without waiting for the poll', async () => {
      const slowPolling = database.open({ pollIntervalMs: 60_000 });
      const received: RecordedEvent[] = [];
      const subscription = slowPolling.subscribeToAll({ onBatch: (b) => void received.push(...b) });
      await new Promise((resolve) => setTimeout(resolve, 50));
      await slowPolling.append('policy-a', [event()], 'no_stream');
      await until(() => received.length === 1, 2_000);
      await subscription.close();
    });

    it('a filtered subscription scans past long runs of non-matching events', async () => {
      await store.append('plan-1', [event()], 'no_stream');
      for (let i = 0; i < 3; i++) {
        await store.append(
          'roster-1',
          Array.from({ length: 7_000 }, () => event()),
          'any',
        );
      }
      const received: RecordedEvent[] = [];
      const subscription = store.subscribeToAll({
        streamPrefixes: ['plan-'],
        batchSize: 10,
        onBatch: (b) => void received.push(...b),
      });
      await until(() => received.length === 1);
      await store.append('plan-2', [event()], 'no_stream');
      await until(() => received.length === 2);
      await subscription.close();
      expect(received.map((e) => e.streamId)).toEqual(['plan-1', 'plan-2']);
    });

    it('store.close() waits for the in-flight onBatch of its subscriptions', async () => {
      await store.append('policy-a', [event()], 'no_stream');
      let handlerStarted = false;
      let handlerDone = false;
      store.subscribeToAll({
        onBatch: async () => {
          handlerStarted = true;
          await new Promise((resolve) => setTimeout(resolve, 50));
          handlerDone = true;
        },
      });
      await until(() => handlerStarted);
      await store.close();
      expect(handlerDone).toBe(true);
    });
  });

  describe('durability', () => {
    it('an acknowledged append survives kill -9 of the writing process', async () => {
      const stream = `policy-${randomUUID()}`;
      const acked = await ackedUntilKilled(database.path, stream);
      expect(acked.length).toBeGreaterThan(0);
      const reopened = database.open();
      const recorded = await reopened.readStream(stream);
      expect(recorded.map((e) => e.revision)).toEqual(recorded.map((_, i) => BigInt(i)));
      expect(recorded.slice(0, acked.length).map((e) => e.id)).toEqual(acked);
      // Another append may have committed between the last ack and the kill, never more.
      expect(recorded.length - acked.length).toBeLessThanOrEqual(1);
    }, 30_000);
  });
});

/** Runs the child writer, SIGKILLs it on its first "acked" line, and returns every acked id. */
function ackedUntilKilled(path: string, stream: string): Promise<string[]> {
  const script = join(__dirname, 'testing', 'append-until-killed.child.js');
  const child = spawn(process.execPath, [script, path, stream], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const acked: string[] = [];
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
    stdout += chunk;
    const lines = stdout.split('\n');
    stdout = lines.pop() ?? '';
    for (const line of lines) if (line.startsWith('acked ')) acked.push(line.slice(6));
    if (acked.length > 0) child.kill('SIGKILL');
  });
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (_code, signal) => {
      if (signal === 'SIGKILL') resolve(acked);
      else reject(new Error(`the child exited without being killed: ${stderr}`));
    });
  });
}

function event(): NewEvent {
  const id = randomUUID();
  return {
    id,
    type: 'PolicyTested',
    data: { premium: 12_900 },
    metadata: {
      eventId: id,
      correlationId: id,
      causationId: id,
      actor: 'spec',
      occurredAt: '2025-01-01T00:00:00.000Z',
      schemaVersion: 1,
    },
  };
}

/** Appends count events to streams of their own, one append each; returns their ids. */
async function appendOneByOne(store: SqliteEventStore, count: number): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < count; i++) {
    const e = event();
    await store.append(`policy-${i}`, [e], 'no_stream');
    ids.push(e.id);
  }
  return ids;
}

async function revisionsOf(store: SqliteEventStore, stream: string): Promise<bigint[]> {
  return (await store.readStream(stream)).map((e) => e.revision);
}

function delta(before: SqliteEventStoreStats, after: SqliteEventStoreStats): SqliteEventStoreStats {
  return {
    flushes: after.flushes - before.flushes,
    requests: after.requests - before.requests,
    events: after.events - before.events,
  };
}

function reasonOf(outcome: PromiseSettledResult<unknown>): unknown {
  return outcome.status === 'rejected' ? outcome.reason : undefined;
}

async function until(condition: () => boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}
