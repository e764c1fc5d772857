import Database from 'better-sqlite3';
import { positionOf } from '@ledger/event-store';
import { SqliteInbox } from './sqlite-inbox';

const msg = (offset: number, seq: number) => ({
  offset: String(offset),
  eventId: `e${seq}`,
  eventType: 'PolicyEnrolled',
  position: positionOf(seq),
});

describe('Consumer inbox (at-least-once → applied once)', () => {
  let db: Database.Database;
  let inbox: SqliteInbox;
  let applied: string[];
  const apply = (m: { eventId: string }) => {
    applied.push(m.eventId);
    db.prepare('INSERT INTO booked (event_id) VALUES (?)').run(m.eventId);
  };

  beforeEach(() => {
    db = new Database(':memory:');
    db.exec('CREATE TABLE booked (event_id TEXT PRIMARY KEY)');
    inbox = new SqliteInbox(db);
    applied = [];
  });

  it('skips a re-published run (positions at or below the partition watermark), partial or whole', () => {
    // Partition 0 got 2, 5, 9; the gateway crashed before its checkpoint and sent 5, 9 again, then 12.
    expect(inbox.accept('ev', 0, [msg(0, 2), msg(1, 5), msg(2, 9)], apply)).toEqual({
      applied: 3,
      duplicates: 0,
    });
    expect(inbox.accept('ev', 0, [msg(3, 5), msg(4, 9), msg(5, 12)], apply)).toEqual({
      applied: 1,
      duplicates: 2,
    });
    // Kafka delivered the same batch twice (offsets not committed before a restart).
    expect(inbox.accept('ev', 0, [msg(3, 5), msg(4, 9), msg(5, 12)], apply)).toEqual({
      applied: 0,
      duplicates: 3,
    });
    expect(applied).toEqual(['e2', 'e5', 'e9', 'e12']);
    expect(inbox.stats()).toEqual({ applied: 4, duplicates: 5, outOfOrder: 0 });
  });

  it('keeps one watermark per partition', () => {
    inbox.accept('ev', 0, [msg(0, 10)], apply);
    inbox.accept('ev', 1, [msg(0, 3), msg(1, 11)], apply);
    expect(applied).toEqual(['e10', 'e3', 'e11']);
    expect(inbox.watermarks('ev')).toEqual(
      new Map([
        [0, positionOf(10)],
        [1, positionOf(11)],
      ]),
    );
  });

  it('the consumer’s writes and the watermark commit together: a failure records neither', () => {
    const failing = (m: { eventId: string }) => {
      apply(m);
      if (m.eventId === 'e3') throw new Error('disk full');
    };
    expect(() => inbox.accept('ev', 0, [msg(0, 1), msg(1, 3)], failing)).toThrow('disk full');
    expect(db.prepare('SELECT COUNT(*) AS n FROM booked').get()).toEqual({ n: 0 });
    applied = [];
    expect(inbox.accept('ev', 0, [msg(0, 1), msg(1, 3)], apply).applied).toBe(2);
    expect(applied).toEqual(['e1', 'e3']);
  });

  it('an event id seen before is not applied again even above the watermark (counted as out of order)', () => {
    inbox.accept('ev', 0, [msg(0, 4)], apply);
    inbox.accept('ev', 1, [msg(0, 4)], apply);
    expect(applied).toEqual(['e4']);
    expect(inbox.stats().outOfOrder).toBe(1);
  });
});
