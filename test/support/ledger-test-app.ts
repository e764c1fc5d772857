import { INestApplication } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_HTTP_SETTINGS, LedgerConfig, Role, FixedClock } from '@ledger/ledger';
import { createLedgerApp } from '../../apps/ledger-api/src/create-ledger-app';

export interface TestLedger {
  app: INestApplication;
  clock: FixedClock;
  config: LedgerConfig;
  dir: string;
  close(): Promise<void>;
}

export function testConfig(dir: string, apiKeys: [string, Role][] = []): LedgerConfig {
  return {
    port: 0,
    host: '127.0.0.1',
    store: 'sqlite',
    sqlitePath: join(dir, 'ledger.sqlite'),
    sqliteSynchronous: 'FULL',
    keysPath: join(dir, 'ledger.keys.sqlite'),
    personRefKey: randomBytes(32),
    masterKey: randomBytes(32),
    apiKeys: new Map(apiKeys),
    loadDemo: false,
    projections: 'in-process',
    // Tests send far more writes a minute than a person would: no rate limit unless a test sets one.
    http: { ...DEFAULT_HTTP_SETTINGS, writeRateLimit: undefined },
  };
}

/** A ledger on a fresh embedded store, its clock set by the test. */
export async function startTestLedger(
  now: string,
  apiKeys: [string, Role][] = [],
): Promise<TestLedger> {
  const dir = mkdtempSync(join(tmpdir(), 'ledger-e2e-'));
  const clock = new FixedClock(Date.parse(now));
  const config = testConfig(dir, apiKeys);
  const app = await createLedgerApp({ config, clock, logger: false });
  return { app, clock, config, dir, close: () => app.close() };
}
