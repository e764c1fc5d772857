import { dirname, join, resolve } from 'node:path';

/**
 * Where the ledger's files are and how its tamper evidence runs, from the environment, without
 * touching anything (the read-only verifier uses this; the ledger's configuration too, so both
 * agree on every path). Variables: README, Configuration.
 */
export interface AuditSettings {
  readonly store: 'sqlite' | 'kurrentdb';
  readonly sqlitePath: string;
  /** Development keys live beside the person-key file (LEDGER_KEYS_PATH's directory). */
  readonly devKeysDir: string;
  /** LEDGER_SEAL_KEY: the Ed25519 private key, PKCS#8 PEM or base64 DER. */
  readonly sealKeyText?: string;
  /** LEDGER_SEAL_PUBLIC_KEY: what a verifier trusts, SPKI PEM or base64 DER (else the ledger's own key). */
  readonly sealPublicKeyText?: string;
  /** The development sealing key, generated on first start when LEDGER_SEAL_KEY is unset. */
  readonly devSealKeyPath: string;
  /** LEDGER_AUDIT_LEAVES_PATH: the running ledger's record of verified leaves. */
  readonly leavesPath: string;
  /** LEDGER_SEAL_PUBLISH_PATH: the latest seal, published outside the log. */
  readonly publishedSealPath: string;
  /** LEDGER_SEAL_INTERVAL_MS: periodic sealing (0: only on demand). */
  readonly sealIntervalMs: number;
  /** LEDGER_INTEGRITY_INTERVAL_MS: how often the running ledger verifies its tail. */
  readonly verifyIntervalMs: number;
  /** LEDGER_INTEGRITY_SCRUB_EVENTS: verified events re-checked per interval. */
  readonly scrubEventsPerTick: number;
}

export class AuditSettingsError extends Error {
  override readonly name = 'AuditSettingsError';
  constructor(
    readonly variable: string,
    readonly detail: string,
  ) {
    super(`${variable}: ${detail}`);
  }
}

export const AUDIT_DEFAULTS = {
  sealIntervalMs: 60_000,
  verifyIntervalMs: 5_000,
  scrubEventsPerTick: 1_000,
} as const;

/** The log file and the keys directory, as the ledger's configuration resolves them. */
export function ledgerFiles(env: NodeJS.ProcessEnv): { sqlitePath: string; keysPath: string } {
  const dataDir = resolve(env.LEDGER_DATA_DIR ?? 'data');
  const sqlitePath = resolve(env.LEDGER_SQLITE_PATH ?? join(dataDir, 'ledger.sqlite'));
  const keysPath = resolve(env.LEDGER_KEYS_PATH ?? join(dirname(sqlitePath), 'ledger.keys.sqlite'));
  return { sqlitePath, keysPath };
}

function whole(
  env: NodeJS.ProcessEnv,
  variable: string,
  fallback: number,
  min: number,
  max: number,
) {
  const raw = env[variable];
  if (raw === undefined || raw.trim() === '') return fallback;
  const value = Number(raw.trim());
  if (!/^\d+$/.test(raw.trim()) || value < min || value > max) {
    throw new AuditSettingsError(
      variable,
      `must be a whole number from ${min} to ${max}, got "${raw}"`,
    );
  }
  return value;
}

export function readAuditSettings(env: NodeJS.ProcessEnv = process.env): AuditSettings {
  const { sqlitePath, keysPath } = ledgerFiles(env);
  const dir = dirname(sqlitePath);
  const devKeysDir = dirname(keysPath);
  const store = env.LEDGER_STORE === 'kurrentdb' ? 'kurrentdb' : 'sqlite';
  const sealIntervalMs = whole(
    env,
    'LEDGER_SEAL_INTERVAL_MS',
    AUDIT_DEFAULTS.sealIntervalMs,
    0,
    86_400_000,
  );
  if (sealIntervalMs > 0 && sealIntervalMs < 1_000) {
    throw new AuditSettingsError(
      'LEDGER_SEAL_INTERVAL_MS',
      'must be 0 (on demand only) or at least 1000',
    );
  }
  return {
    store,
    sqlitePath,
    devKeysDir,
    sealKeyText: env.LEDGER_SEAL_KEY?.trim() || undefined,
    sealPublicKeyText: env.LEDGER_SEAL_PUBLIC_KEY?.trim() || undefined,
    devSealKeyPath: join(devKeysDir, '.seal.key'),
    leavesPath: resolve(env.LEDGER_AUDIT_LEAVES_PATH ?? join(dir, 'ledger.audit.sqlite')),
    publishedSealPath: resolve(env.LEDGER_SEAL_PUBLISH_PATH ?? join(dir, 'published-seal.json')),
    sealIntervalMs,
    verifyIntervalMs: whole(
      env,
      'LEDGER_INTEGRITY_INTERVAL_MS',
      AUDIT_DEFAULTS.verifyIntervalMs,
      50,
      3_600_000,
    ),
    scrubEventsPerTick: whole(
      env,
      'LEDGER_INTEGRITY_SCRUB_EVENTS',
      AUDIT_DEFAULTS.scrubEventsPerTick,
      0,
      10_000_000,
    ),
  };
}
