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

  it('a new key is durable once settled() resolves: another store on the file reads the same key', async () => {
    const store = open();
    const key = await store.keyFor('ref-1');
    await store.settled();
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

  it('settled() rejects when a key could not be stored, and that key is forgotten', async () => {
    const first = open();
    const second = open();
    await first.keyFor('ref-1');
    const lost = await second.keyFor('ref-1'); // neither has stored it yet: both create one
    await first.settled();
    await expect(second.settled()).rejects.toThrow();
    expect(second.takeCreated('ref-1')).toBe(false);
    // The key that was stored is the person's key from now on.
    expect(await second.keyFor('ref-1')).not.toEqual(lost);
    expect(await second.keyFor('ref-1')).toEqual(await first.keyFor('ref-1'));
    await expect(second.settled()).resolves.toBeUndefined();
  });

  it('destroys a key whose insert is still on its way', async () => {
    const store = open();
    await store.keyFor('ref-1');
    expect(await store.destroy('ref-1', new Date())).toBe(true);
    expect(await open().find('ref-1')).toBe('destroyed');
  });
});
