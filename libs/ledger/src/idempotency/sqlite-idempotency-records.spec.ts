import Database from 'better-sqlite3';
import { IdempotencyRecord } from './idempotency-records';
import { SqliteIdempotencyRecords } from './sqlite-idempotency-records';

function record(key: string, fingerprint = 'f1'): IdempotencyRecord {
  return {
    key,
    fingerprint,
    method: 'POST',
    path: '/plans/p/enrollments',
    status: 201,
    body: '{}',
    recordedAt: '2025-01-01T00:00:00.000Z',
  };
}

describe('SqliteIdempotencyRecords', () => {
  it('keeps the records of one tick in one transaction; the first record of a key wins', async () => {
    const db = new Database(':memory:');
    // Called once per group commit.
    const durable = jest.fn(() => Promise.resolve());
    const records = new SqliteIdempotencyRecords(db, durable);
    const kept = await Promise.all([
      records.keep(record('a', 'first')),
      records.keep(record('b')),
      records.keep(record('a', 'second')),
    ]);
    expect(kept.map((r) => [r.key, r.fingerprint])).toEqual([
      ['a', 'first'],
      ['b', 'f1'],
      ['a', 'first'],
    ]);
    expect(durable).toHaveBeenCalledTimes(1);
    await records.keep(record('c'));
    expect(durable).toHaveBeenCalledTimes(2);
    expect((await records.find('a'))?.fingerprint).toBe('first');
    db.close();
  });

  it('hands a record back only once the file is durable', async () => {
    const db = new Database(':memory:');
    let makeDurable: () => void = () => undefined;
    const durable = jest.fn(() => new Promise<void>((resolve) => (makeDurable = resolve)));
    const records = new SqliteIdempotencyRecords(db, durable);
    let answered = false;
    const keeping = records.keep(record('a')).then(() => (answered = true));
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(durable).toHaveBeenCalledTimes(1);
    expect(answered).toBe(false);
    makeDurable();
    await keeping;
    expect(answered).toBe(true);
    db.close();
  });

  it('a failed commit rejects every record of its group', async () => {
    const db = new Database(':memory:');
    const records = new SqliteIdempotencyRecords(db);
    db.exec(
      'CREATE TRIGGER refuse BEFORE INSERT ON http_idempotency BEGIN SELECT RAISE(ABORT, "full"); END',
    );
    const outcomes = await Promise.allSettled([
      records.keep(record('a')),
      records.keep(record('b')),
    ]);
    expect(outcomes.map((o) => o.status)).toEqual(['rejected', 'rejected']);
    db.close();
  });
});
