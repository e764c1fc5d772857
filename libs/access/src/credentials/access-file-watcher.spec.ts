import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AccessFileWatcher } from './access-file-watcher';
import { hashKey } from './key-hash';
import { KeyRegistry } from './key-registry';

describe('the access file watcher', () => {
  it('loads at start (a bad file stops the start), reloads on SIGHUP, and lets go on stop', () => {
    const path = join(mkdtempSync(join(tmpdir(), 'watcher-')), 'access.json');
    const file = (key: string) =>
      JSON.stringify({ identities: [{ id: 'a', role: 'viewer', keyHashes: [hashKey(key)] }] });
    writeFileSync(path, '{"identities": 1}');
    const registry = new KeyRegistry([]);
    const watcher = new AccessFileWatcher(path, registry, 60_000);
    expect(() => watcher.start()).toThrow(/must be array/);
    writeFileSync(path, file('one'));
    const before = process.listeners('SIGHUP').length;
    watcher.start();
    expect(registry.identityOfKey('one')).toBeDefined();
    const onHup = process.listeners('SIGHUP').at(-1)!;
    expect(process.listeners('SIGHUP')).toHaveLength(before + 1);
    writeFileSync(path, file('two'));
    (onHup as () => void)();
    expect(registry.identityOfKey('two')).toBeDefined();
    expect(registry.identityOfKey('one')).toBeUndefined();
    watcher.stop();
    expect(process.listeners('SIGHUP')).toHaveLength(before);
  });
});
