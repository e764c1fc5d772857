import { INestApplication } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AccessConfig, hashKey, Role, Scope } from '@ledger/access';
import { DEFAULT_HTTP_SETTINGS, FixedClock, LedgerConfig } from '@ledger/ledger';
import { createLedgerApp } from '../../apps/ledger-api/src/create-ledger-app';

export interface TestLedger {
  app: INestApplication;
  clock: FixedClock;
  config: LedgerConfig;
  access: AccessConfig;
  dir: string;
  close(): Promise<void>;
}

/** An API key for tests: the key, its role and (optionally) its scope. */
export type TestKey = [key: string, role: Role, scope?: Scope];

export function testConfig(dir: string): LedgerConfig {
  return {
    port: 0,
    host: '127.0.0.1',
    store: 'sqlite',
    sqlitePath: join(dir, 'ledger.sqlite'),
    sqliteSynchronous: 'FULL',
    keysPath: join(dir, 'ledger.keys.sqlite'),
    personRefKey: randomBytes(32),
    masterKey: randomBytes(32),
    loadDemo: false,
    projections: 'in-process',
    // Tests send far more writes a minute than a person would: no rate limit unless a test sets one.
    http: { ...DEFAULT_HTTP_SETTINGS, writeRateLimit: undefined },
  };
}

/**
 * Access settings for a test ledger: these keys, or (none given) open mode on loopback, as
 * `npm start` runs it. Overrides for the access file, JWTs and origins.
 */
export function testAccess(
  keys: TestKey[] = [],
  overrides: Partial<AccessConfig> = {},
): AccessConfig {
  const credentials = keys.length > 0 || overrides.accessFile || overrides.jwt;
  return {
    openMode: !credentials,
    keys: keys.map(([key, role, scope]) => ({
      keyHash: hashKey(key),
      identity: { id: `${role}-${key}`, role, scope: scope ?? {}, via: 'api-key' as const },
      source: 'test',
    })),
    session: { key: new Uint8Array(randomBytes(32)), ttlSeconds: 3600 },
    allowedOrigins: [],
    ...overrides,
  };
}

/** A ledger on a fresh embedded store, its clock set by the test. */
export async function startTestLedger(
  now: string,
  keys: TestKey[] = [],
  accessOverrides: Partial<AccessConfig> = {},
): Promise<TestLedger> {
  const dir = mkdtempSync(join(tmpdir(), 'ledger-e2e-'));
  const clock = new FixedClock(Date.parse(now));
  const config = testConfig(dir);
  const access = testAccess(keys, accessOverrides);
  const app = await createLedgerApp({ config, access, clock, logger: false });
  return { app, clock, config, access, dir, close: () => app.close() };
}
