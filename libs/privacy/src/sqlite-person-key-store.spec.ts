import Database from 'better-sqlite3';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqlitePersonKeyStore } from './sqlite-person-key-store';

describe('SqlitePersonKeyStore', () => {
  const master = randomBytes(32);
  let dir: string;
  let stores: SqlitePersonKeyStore[];
  const open = () => {
    const store = new SqlitePersonKeyStore(join(dir, 'keys.sqlite'), master);
    stores.push(store);
    return store;
  };
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'keys-'));
    stores = [];
  });
  afterEach(async () => {
    await Promise.all(stores.map((s) => s.close()));
    rmSync(dir, { recursive: true, force: true });
  });

  it('a new key is handed out once durable: another store on the file reads the same key', async () => {
    const store = open();
    const key = await store.keyFor('ref-1');
    expect(await open().find('ref-1')).toEqual(key);
  });

  it('tells once that a key was just created, never for a key read from the file', async () => {
    const store = open();
    await store.keyFor('ref-1');
    expect(store.takeCreated('ref-1')).toBe(true);
    expect(store.takeCreated('ref-1')).toBe(false);
    await store.settled();
    const other = open();
    await other.keyFor('ref-1');
    expect(other.takeCreated('ref-1')).toBe(false);
  });

  it('a key that could not be stored is handed out to nobody, and is forgotten', async () => {
    const store = open();
    const file = new Database(join(dir, 'keys.sqlite'));
    file.exec(
      "CREATE TRIGGER refuse BEFORE INSERT ON person_keys BEGIN SELECT RAISE(ABORT, 'disk full'); END",
    );
    // Two callers in the same tick share the new key: neither gets it.
    const outcomes = await Promise.allSettled([store.keyFor('ref-1'), store.keyFor('ref-1')]);
    expect(outcomes.map((o) => o.status)).toEqual(['rejected', 'rejected']);
    await expect(store.settled()).resolves.toBeUndefined();
    expect(store.takeCreated('ref-1')).toBe(false);
    file.exec('DROP TRIGGER refuse');
    file.close();
    const kept = await store.keyFor('ref-1');
    expect(await open().find('ref-1')).toEqual(kept);
  });

  it('destroys a key whose insert is still on its way', async () => {
    const store = open();
    await store.keyFor('ref-1');
    expect(await store.destroy('ref-1', new Date())).toBe(true);
    expect(await open().find('ref-1')).toBe('destroyed');
  });
});
