import { parseAccessFile } from './access-file';
import { parseEnvKeys } from './env-keys';
import { generateKey, hashKey, isKeyHash } from './key-hash';
import { KeyRegistry } from './key-registry';

describe('API keys: configured by environment or file, kept as digests only', () => {
  it('LEDGER_API_KEYS: key:role[:scope], hashed on arrival; the clear key is not kept', () => {
    const entries = parseEnvKeys(
      'op-key:operator, t-key:township_official:id=yuyao-t01;plans=yuyao-2024;townships=t01',
    );
    expect(entries.map((e) => e.identity)).toEqual([
      {
        id: `operator-${hashKey('op-key').slice(7, 15)}`,
        role: 'operator',
        scope: {},
        via: 'api-key',
      },
      {
        id: 'yuyao-t01',
        role: 'township_official',
        scope: { plans: ['yuyao-2024'], townships: ['t01'] },
        via: 'api-key',
      },
    ]);
    expect(entries[0].keyHash).toBe(hashKey('op-key'));
    expect(JSON.stringify(entries)).not.toContain('op-key:');
    expect(JSON.stringify(entries)).not.toContain('"t-key"');
  });

  it('LEDGER_API_KEYS may carry the digest instead of the key', () => {
    const digest = hashKey('secret').slice('sha256:'.length);
    const [entry] = parseEnvKeys(`sha256=${digest}:auditor`);
    expect(entry.keyHash).toBe(hashKey('secret'));
    expect(() => parseEnvKeys('sha256=abc:auditor')).toThrow(/64 hex digits/);
  });

  it('refuses an unknown role or a bad scope, naming the entry', () => {
    expect(() => parseEnvKeys('a:operator,b:mayor')).toThrow(/entry 2: .*role one of operator/);
    expect(() => parseEnvKeys('a:insurer')).toThrow(/entry 1: an insurer needs scope.insurer/);
  });

  it('the access file is checked by its JSON Schema and by role, naming the path', () => {
    const ok = parseAccessFile(
      JSON.stringify({
        identities: [
          {
            id: 'picc',
            role: 'insurer',
            scope: { insurer: 'picc-pc' },
            keyHashes: [hashKey('a'), hashKey('b')],
          },
        ],
      }),
      'access.json',
    );
    expect(ok).toHaveLength(2);
    expect(ok[1].identity).toEqual({
      id: 'picc',
      role: 'insurer',
      scope: { insurer: 'picc-pc' },
      via: 'api-key',
    });
    expect(() => parseAccessFile('{', 'access.json')).toThrow(/access.json: not JSON/);
    expect(() =>
      parseAccessFile(
        JSON.stringify({ identities: [{ id: 'x', role: 'viewer', keyHashes: ['plain-key'] }] }),
        'f',
      ),
    ).toThrow(/f: \/identities\/0\/keyHashes\/0 must match pattern/);
    expect(() =>
      parseAccessFile(
        JSON.stringify({
          identities: [
            { id: 'x', role: 'viewer', keyHashes: [hashKey('a')] },
            { id: 'x', role: 'viewer', keyHashes: [hashKey('b')] },
          ],
        }),
        'f',
      ),
    ).toThrow(/id is used twice/);
  });

  it('the registry finds an identity by key, refuses a key given twice, and swaps the file keys whole', () => {
    const registry = new KeyRegistry(parseEnvKeys('env-key:viewer'));
    expect(registry.identityOfKey('env-key')?.identity.role).toBe('viewer');
    expect(registry.identityOfKey('nope')).toBeUndefined();
    const file = parseAccessFile(
      JSON.stringify({
        identities: [{ id: 'a', role: 'auditor', keyHashes: [hashKey('file-key')] }],
      }),
      'f',
    );
    registry.replaceFileEntries(file);
    expect(registry.identityOfKey('file-key')?.identity.id).toBe('a');
    const clash = parseAccessFile(
      JSON.stringify({
        identities: [{ id: 'b', role: 'auditor', keyHashes: [hashKey('env-key')] }],
      }),
      'f',
    );
    expect(() => registry.replaceFileEntries(clash)).toThrow(/already given to/);
    expect(registry.identityOfKey('file-key')?.identity.id).toBe('a'); // unchanged
    registry.replaceFileEntries([]);
    expect(registry.identityOfKey('file-key')).toBeUndefined();
    expect(registry.identityOfKeyHash(hashKey('env-key'))?.role).toBe('viewer');
  });

  it('generated keys are 32 random bytes; digests have one form', () => {
    const a = generateKey();
    expect(a).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(generateKey()).not.toBe(a);
    expect(isKeyHash(hashKey(a))).toBe(true);
  });
});
