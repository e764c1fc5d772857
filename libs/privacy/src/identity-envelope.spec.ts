import { mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { IdentityEnvelopes } from './identity-envelope';
import { PersonRefHasher } from './person-ref';
import { SqlitePersonKeyStore } from './sqlite-person-key-store';

describe('Personal data: keyed personRef and crypto-shredding (DOMAIN.md, Personal data)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'keys-'));
  const store = new SqlitePersonKeyStore(join(dir, 'keys.sqlite'), randomBytes(32));
  const envelopes = new IdentityEnvelopes(store);
  afterAll(() => store.close());

  it('Personal data: a person is keyed by a keyed hash of the ID number, stable for one key, different across keys', () => {
    const a = new PersonRefHasher(Buffer.alloc(32, 1));
    const b = new PersonRefHasher(Buffer.alloc(32, 2));
    expect(a.refOf('11010519491231002X')).toBe(a.refOf('11010519491231002X'));
    expect(a.refOf('11010519491231002X')).not.toBe(b.refOf('11010519491231002X'));
    expect(a.refOf('11010519491231002X')).toMatch(/^[0-9a-f]{32}$/);
  });

  it('Personal data: names and ID numbers travel only encrypted, and destroying the key erases them', async () => {
    const sealed = await envelopes.seal('ref1', {
      name: '张三',
      idNumber: '11010519491231002X',
      phone: '13800000000',
    });
    expect(JSON.stringify(sealed)).not.toContain('张三');
    expect(JSON.stringify(sealed)).not.toContain('11010519491231002X');
    expect(await envelopes.open(sealed)).toEqual({
      erased: false,
      identity: { name: '张三', idNumber: '11010519491231002X', phone: '13800000000' },
    });
    expect(await store.destroy('ref1', new Date())).toBe(true);
    expect(await envelopes.open(sealed)).toEqual({ erased: true });
    await expect(envelopes.seal('ref1', { idNumber: 'x' })).rejects.toThrow('erased');
  });

  it('Personal data: data keys are stored wrapped by the master key, never in the clear', async () => {
    const key = await store.keyFor('ref2');
    const files = readdirSync(dir).map((f) => readFileSync(join(dir, f)));
    expect(files.some((bytes) => bytes.includes(key))).toBe(false);
  });
});
