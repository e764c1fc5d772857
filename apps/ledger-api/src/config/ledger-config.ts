import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

export type Role = 'operator' | 'auditor' | 'privacy_officer' | 'viewer';

/** Start-up configuration, read once from the environment and validated. */
export interface LedgerConfig {
  port: number;
  host: string;
  store: 'sqlite';
  sqlitePath: string;
  sqliteSynchronous: 'FULL' | 'NORMAL';
  keysPath: string;
  /** HMAC key of personRef and AES master key wrapping per-person keys. */
  personRefKey: Buffer;
  masterKey: Buffer;
  /** API keys → roles; empty = open mode (every caller is an operator, identities stay sealed). */
  apiKeys: Map<string, Role>;
  loadDemo: boolean;
  /** in-process: this process runs the projections (embedded mode); external: apps/projector does. */
  projections: 'in-process' | 'external';
}

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
  constructor(
    readonly variable: string,
    message: string,
  ) {
    super(`${variable}: ${message}`);
  }
}

function key(env: NodeJS.ProcessEnv, variable: string, fallbackFile: string): Buffer {
  const raw = env[variable];
  if (raw) {
    const buf = Buffer.from(raw, 'base64');
    if (buf.length !== 32)
      throw new ConfigError(
        variable,
        'must be 32 bytes, base64-encoded (e.g. `openssl rand -base64 32`)',
      );
    return buf;
  }
  // Development convenience: a key generated once next to the data, never committed.
  if (existsSync(fallbackFile))
    return Buffer.from(readFileSync(fallbackFile, 'utf8').trim(), 'base64');
  const generated = randomBytes(32);
  mkdirSync(dirname(fallbackFile), { recursive: true });
  writeFileSync(fallbackFile, generated.toString('base64'), { mode: 0o600 });
  return generated;
}

const ROLES: readonly Role[] = ['operator', 'auditor', 'privacy_officer', 'viewer'];

export function loadConfig(env: NodeJS.ProcessEnv = process.env): LedgerConfig {
  const port = Number(env.LEDGER_PORT ?? 3000);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new ConfigError('LEDGER_PORT', 'must be a TCP port number');
  const store = env.LEDGER_STORE ?? 'sqlite';
  if (store !== 'sqlite')
    throw new ConfigError('LEDGER_STORE', `unknown store "${store}" (supported: sqlite)`);
  const dataDir = resolve(env.LEDGER_DATA_DIR ?? 'data');
  const sqlitePath = resolve(env.LEDGER_SQLITE_PATH ?? join(dataDir, 'ledger.sqlite'));
  const sync = (env.LEDGER_SQLITE_SYNCHRONOUS ?? 'FULL').toUpperCase();
  if (sync !== 'FULL' && sync !== 'NORMAL')
    throw new ConfigError('LEDGER_SQLITE_SYNCHRONOUS', 'must be FULL or NORMAL');
  const keysPath = resolve(env.LEDGER_KEYS_PATH ?? join(dirname(sqlitePath), 'ledger.keys.sqlite'));
  const apiKeys = new Map<string, Role>();
  for (const entry of (env.LEDGER_API_KEYS ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)) {
    const [k, role] = entry.split(':');
    if (!k || !ROLES.includes(role as Role)) {
      throw new ConfigError(
        'LEDGER_API_KEYS',
        `entries are key:role with role one of ${ROLES.join(', ')}; got "${entry}"`,
      );
    }
    apiKeys.set(k, role as Role);
  }
  return {
    port,
    host: env.LEDGER_HOST ?? '127.0.0.1',
    store,
    sqlitePath,
    sqliteSynchronous: sync,
    keysPath,
    personRefKey: key(env, 'LEDGER_PERSON_REF_KEY', join(dirname(keysPath), '.person-ref.key')),
    masterKey: key(env, 'LEDGER_MASTER_KEY', join(dirname(keysPath), '.master.key')),
    apiKeys,
    loadDemo: env.LEDGER_DEMO === '1' || env.LEDGER_DEMO === 'true',
    projections: projectionsMode(env.LEDGER_PROJECTIONS),
  };
}

function projectionsMode(value: string | undefined): LedgerConfig['projections'] {
  const mode = value ?? 'in-process';
  if (mode !== 'in-process' && mode !== 'external') {
    throw new ConfigError('LEDGER_PROJECTIONS', `must be in-process or external, got "${mode}"`);
  }
  return mode;
}
