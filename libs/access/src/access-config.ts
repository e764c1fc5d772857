import { createPublicKey, KeyObject } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { ConfigError, loadOrGenerateKey } from '@ledger/ledger';
import { readAccessFile } from './credentials/access-file';
import { parseEnvKeys } from './credentials/env-keys';
import { JwtSettings } from './credentials/jwt-credentials';
import { KeyEntry } from './credentials/key-entry';

/** How callers prove who they are, read once at start-up (docs/access.md). */
export interface AccessConfig {
  /**
   * No credentials: every caller is a ledger-wide operator (identities stay sealed). Only when
   * LEDGER_OPEN_MODE=1 and the ledger listens on a loopback address.
   */
  openMode: boolean;
  /** LEDGER_API_KEYS, already hashed. */
  keys: readonly KeyEntry[];
  /** LEDGER_ACCESS_FILE, reloaded when it changes. */
  accessFile?: { path: string; pollMs: number };
  jwt?: JwtSettings;
  session: { key: Uint8Array; ttlSeconds: number };
  /** Origins besides the ledger's own from which cookie-authenticated writes are accepted. */
  allowedOrigins: readonly string[];
  /** Express "trust proxy" (LEDGER_TRUST_PROXY): whose X-Forwarded-* to believe (TLS, client IP). */
  trustProxy?: string;
}

/** 127.0.0.0/8, ::1 and localhost: reachable from this machine only. */
export function isLoopbackHost(host: string): boolean {
  const h = host.replace(/^\[|\]$/g, '').toLowerCase();
  return (
    h === 'localhost' ||
    h === '::1' ||
    /^127(\.\d{1,3}){3}$/.test(h) ||
    /^::ffff:127(\.\d{1,3}){3}$/.test(h)
  );
}

/** Open mode (no authentication) only on a loopback address. */
export function assertOpenModeAllowed(access: Pick<AccessConfig, 'openMode'>, host: string): void {
  if (access.openMode && !isLoopbackHost(host))
    throw new ConfigError(
      'LEDGER_OPEN_MODE',
      `open mode (no authentication) is refused on ${host}: it is only for a ledger listening on a loopback address (LEDGER_HOST=127.0.0.1); configure LEDGER_API_KEYS or LEDGER_ACCESS_FILE instead`,
    );
}

function flag(env: NodeJS.ProcessEnv, variable: string): boolean {
  const raw = (env[variable] ?? '').trim().toLowerCase();
  if (raw === '' || raw === '0' || raw === 'false') return false;
  if (raw === '1' || raw === 'true') return true;
  throw new ConfigError(variable, `must be 1 or 0, got "${env[variable]}"`);
}

function seconds(env: NodeJS.ProcessEnv, variable: string, fallback: number, max: number): number {
  const raw = env[variable]?.trim();
  if (!raw) return fallback;
  if (!/^\d+$/.test(raw) || Number(raw) < 1 || Number(raw) > max)
    throw new ConfigError(variable, `must be a whole number from 1 to ${max}, got "${raw}"`);
  return Number(raw);
}

function wrapped<T>(variable: string, read: () => T): T {
  try {
    return read();
  } catch (error) {
    if (error instanceof ConfigError) throw error;
    throw new ConfigError(variable, error instanceof Error ? error.message : String(error));
  }
}

const ALGORITHMS_OF_KEY: Record<string, string[]> = {
  rsa: ['RS256'],
  'rsa-pss': ['PS256'],
  ed25519: ['EdDSA'],
};

function jwtSettings(env: NodeJS.ProcessEnv): JwtSettings | undefined {
  const secret = env.LEDGER_JWT_SECRET?.trim();
  const keyFile = env.LEDGER_JWT_PUBLIC_KEY_FILE?.trim();
  if (!secret && !keyFile) return undefined;
  if (secret && keyFile)
    throw new ConfigError(
      'LEDGER_JWT_SECRET',
      'set LEDGER_JWT_SECRET or LEDGER_JWT_PUBLIC_KEY_FILE, not both',
    );
  let key: KeyObject | Uint8Array;
  let algorithms: string[];
  if (secret) {
    const bytes = Buffer.from(secret, 'base64');
    if (bytes.length < 32)
      throw new ConfigError('LEDGER_JWT_SECRET', 'must be at least 32 bytes, base64-encoded');
    key = new Uint8Array(bytes);
    algorithms = ['HS256'];
  } else {
    key = wrapped('LEDGER_JWT_PUBLIC_KEY_FILE', () => createPublicKey(readFileSync(keyFile!)));
    const type = key.asymmetricKeyType ?? '';
    const curve = key.asymmetricKeyDetails?.namedCurve;
    algorithms =
      type === 'ec'
        ? [curve === 'secp384r1' ? 'ES384' : curve === 'secp521r1' ? 'ES512' : 'ES256']
        : (ALGORITHMS_OF_KEY[type] ?? []);
    if (algorithms.length === 0)
      throw new ConfigError('LEDGER_JWT_PUBLIC_KEY_FILE', `unsupported key type "${type}"`);
  }
  const requested = env.LEDGER_JWT_ALGORITHMS?.split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  return {
    key,
    algorithms: requested?.length ? requested : algorithms,
    audience: env.LEDGER_JWT_AUDIENCE?.trim() || 'huiminbao-ledger',
    ...(env.LEDGER_JWT_ISSUER?.trim() ? { issuer: env.LEDGER_JWT_ISSUER.trim() } : {}),
    maxLifetimeSeconds: seconds(env, 'LEDGER_JWT_MAX_LIFETIME', 12 * 3600, 30 * 86400),
  };
}

function origins(text: string | undefined): string[] {
  const list = (text ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  for (const origin of list) {
    let parsed: URL | undefined;
    try {
      parsed = new URL(origin);
    } catch {
      parsed = undefined;
    }
    if (!parsed || parsed.origin !== origin)
      throw new ConfigError(
        'LEDGER_ALLOWED_ORIGINS',
        `"${origin}" is not an origin (scheme://host[:port], no path)`,
      );
  }
  return list;
}

/**
 * Reads the access settings. Refuses to start without any credential unless open mode is asked
 * for explicitly, and refuses open mode on an address other machines can reach.
 */
export function loadAccessConfig(
  env: NodeJS.ProcessEnv,
  listen: { host: string; dataDir: string },
): AccessConfig {
  const keys = wrapped('LEDGER_API_KEYS', () => parseEnvKeys(env.LEDGER_API_KEYS));
  const filePath = env.LEDGER_ACCESS_FILE?.trim()
    ? resolve(env.LEDGER_ACCESS_FILE.trim())
    : undefined;
  // A bad file stops the start-up here, naming what is wrong (later reloads keep the old keys).
  if (filePath) wrapped('LEDGER_ACCESS_FILE', () => readAccessFile(filePath));
  const jwt = jwtSettings(env);
  const openMode = flag(env, 'LEDGER_OPEN_MODE');
  const credentials = keys.length > 0 || filePath !== undefined || jwt !== undefined;
  if (openMode && credentials)
    throw new ConfigError(
      'LEDGER_OPEN_MODE',
      'open mode and credentials (LEDGER_API_KEYS, LEDGER_ACCESS_FILE, LEDGER_JWT_*) are both set: choose one',
    );
  assertOpenModeAllowed({ openMode }, listen.host);
  if (!openMode && !credentials)
    throw new ConfigError(
      'LEDGER_API_KEYS',
      'no credentials configured: set LEDGER_API_KEYS, LEDGER_ACCESS_FILE or LEDGER_JWT_SECRET / LEDGER_JWT_PUBLIC_KEY_FILE (docs/access.md), or LEDGER_OPEN_MODE=1 for local use on 127.0.0.1',
    );
  return {
    openMode,
    keys,
    ...(filePath
      ? {
          accessFile: {
            path: filePath,
            pollMs: seconds(env, 'LEDGER_ACCESS_FILE_POLL_MS', 2000, 600_000),
          },
        }
      : {}),
    ...(jwt ? { jwt } : {}),
    session: {
      key: new Uint8Array(
        loadOrGenerateKey(env, 'LEDGER_SESSION_KEY', join(listen.dataDir, '.session.key')),
      ),
      ttlSeconds: seconds(env, 'LEDGER_SESSION_TTL', 8 * 3600, 7 * 86400),
    },
    allowedOrigins: origins(env.LEDGER_ALLOWED_ORIGINS),
    ...(env.LEDGER_TRUST_PROXY?.trim() ? { trustProxy: env.LEDGER_TRUST_PROXY.trim() } : {}),
  };
}
