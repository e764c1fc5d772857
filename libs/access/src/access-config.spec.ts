import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError } from '@ledger/ledger';
import { isLoopbackHost, loadAccessConfig } from './access-config';

describe('access configuration at start-up', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'access-config-'));
  const load = (env: Record<string, string>, host = '127.0.0.1') =>
    loadAccessConfig(env, { host, dataDir });

  it('loopback means 127.0.0.0/8, ::1 and localhost', () => {
    for (const h of ['127.0.0.1', '127.1.2.3', 'localhost', '::1', '[::1]'])
      expect(isLoopbackHost(h)).toBe(true);
    for (const h of ['0.0.0.0', '::', '10.0.0.5', 'ledger.example', '128.0.0.1'])
      expect(isLoopbackHost(h)).toBe(false);
  });

  it('open mode only when asked for, and only on loopback', () => {
    expect(load({ LEDGER_OPEN_MODE: '1' }).openMode).toBe(true);
    expect(() => load({ LEDGER_OPEN_MODE: '1' }, '0.0.0.0')).toThrow(
      /LEDGER_OPEN_MODE: open mode \(no authentication\) is refused on 0\.0\.0\.0/,
    );
    expect(() => load({})).toThrow(/LEDGER_API_KEYS: no credentials configured/);
    expect(() => load({ LEDGER_OPEN_MODE: '1', LEDGER_API_KEYS: 'k:viewer' })).toThrow(
      /choose one/,
    );
    expect(() => load({ LEDGER_OPEN_MODE: 'yes' })).toThrow(ConfigError);
  });

  it('keys, JWT settings, origins and the session key are read and checked', () => {
    const config = load(
      {
        LEDGER_API_KEYS: 'k:viewer',
        LEDGER_JWT_SECRET: Buffer.alloc(32, 7).toString('base64'),
        LEDGER_ALLOWED_ORIGINS: 'https://dashboard.example',
        LEDGER_SESSION_TTL: '600',
      },
      '0.0.0.0',
    );
    expect(config.openMode).toBe(false);
    expect(config.keys).toHaveLength(1);
    expect(config.jwt).toMatchObject({ algorithms: ['HS256'], audience: 'huiminbao-ledger' });
    expect(config.session.ttlSeconds).toBe(600);
    expect(config.session.key).toHaveLength(32);
    expect(() => load({ LEDGER_API_KEYS: 'k:viewer', LEDGER_JWT_SECRET: 'c2hvcnQ=' })).toThrow(
      /LEDGER_JWT_SECRET: must be at least 32 bytes/,
    );
    expect(() =>
      load({ LEDGER_API_KEYS: 'k:viewer', LEDGER_ALLOWED_ORIGINS: 'https://x.example/path' }),
    ).toThrow(/LEDGER_ALLOWED_ORIGINS/);
    expect(() => load({ LEDGER_API_KEYS: 'k:mayor' })).toThrow(/LEDGER_API_KEYS: .*role one of/);
    expect(() => load({ LEDGER_ACCESS_FILE: join(dataDir, 'missing.json') })).toThrow(
      /LEDGER_ACCESS_FILE: .*missing.json: cannot be read/,
    );
  });
});
