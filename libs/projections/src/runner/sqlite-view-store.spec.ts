import Database from 'better-sqlite3';
import { SqliteViewStore } from './sqlite-view-store';

const at = (n: number) => ({ commit: BigInt(n), prepare: BigInt(n) });
const FULL = 2;

describe('SqliteViewStore: view commits are atomic and leave the event log fully durable', () => {
  let db: Database.Database;
  let views: SqliteViewStore;

  beforeEach(() => {
    db = new Database(':memory:');
    db.pragma('synchronous = FULL');
    views = new SqliteViewStore(db);
  });

  afterEach(() => db.close());

  it('stores documents with their checkpoint, and restores synchronous=FULL for the events', () => {
    views.commit([{ view: 'progress', version: 3, checkpoint: at(7), docs: [['t01', { n: 1 }]] }]);
    expect(views.get('progress', 't01')).toEqual({ n: 1 });
    expect(views.checkpoint('progress')).toEqual({ position: at(7), version: 3 });
    expect(db.pragma('synchronous', { simple: true })).toBe(FULL);
  });

  it('a failing commit writes nothing (documents and checkpoint together) and restores FULL', () => {
    views.commit([{ view: 'progress', version: 1, checkpoint: at(1), docs: [['t01', { n: 1 }]] }]);
    expect(() =>
      views.commit([
        { view: 'progress', version: 1, checkpoint: at(2), docs: [['t01', { n: 2 }]] },
        { view: 'coinsurance', version: 1, checkpoint: at(2), docs: [['p', { big: 1n }]] },
      ]),
    ).toThrow(/BigInt/);
    expect(views.get('progress', 't01')).toEqual({ n: 1 });
    expect(views.checkpoint('progress')?.position).toEqual(at(1));
    expect(views.checkpoint('coinsurance')).toBeUndefined();
    expect(db.pragma('synchronous', { simple: true })).toBe(FULL);
  });
});
