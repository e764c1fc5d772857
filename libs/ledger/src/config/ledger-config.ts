import { KeyObject, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import {
  AUDIT_DEFAULTS,
  AuditSettingsError,
  ledgerFiles,
  loadOrCreateDevSealKey,
  parseSealPrivateKey,
  readAuditSettings,
  SealKeyError,
} from '@ledger/audit';
import {
  CONNECTION_STRING_FORM,
  connectionStringProblem,
  redactConnectionString,
} from '@ledger/event-store';
import {
  checkClientId,
  checkTopicPrefix,
  KAFKA_DEFAULTS,
  KafkaSettings,
  parseBrokerList,
} from '@ledger/kafka';
import { HttpSettings, HttpSettingsError, loadHttpSettings } from './http-settings';

/** Start-up configuration, read once from the environment and validated. */
export interface LedgerConfig {
  port: number;
  host: string;
  store: 'sqlite' | 'kurrentdb';
  /** KurrentDB connection string (LEDGER_KURRENTDB_URL); always set when store is kurrentdb. */
  kurrentdbUrl?: string;
  sqlitePath: string;
  sqliteSynchronous: 'FULL' | 'NORMAL';
  keysPath: string;
  /** HMAC key of personRef and AES master key wrapping per-person keys. */
  personRefKey: Buffer;
  masterKey: Buffer;
  loadDemo: boolean;
  /** in-process: this process runs the projections (embedded mode); external: apps/projector does. */
  projections: 'in-process' | 'external';
  /** Kafka gateway settings; undefined (the embedded default) while LEDGER_KAFKA_BROKERS is unset. */
  kafka?: KafkaSettings;
  /**
   * The HTTP API's metrics, logs and rate limits (http-settings.ts). loadConfig always sets it; a
   * configuration built by hand (tests, benches) without it gets DEFAULT_HTTP_SETTINGS.
   */
  http?: HttpSettings;
  /** Tamper evidence (docs/audit.md); defaults beside the log when a caller builds a config by hand. */
  audit?: AuditConfig;
}

/** Seals and the running ledger's integrity checks. */
export interface AuditConfig {
  /** Ed25519 private key the ledger seals with (LEDGER_SEAL_KEY, or the development key). */
  sealKey: KeyObject;
  /** The record of verified leaves (LEDGER_AUDIT_LEAVES_PATH). */
  leavesPath: string;
  /** Where the latest seal is published outside the log (LEDGER_SEAL_PUBLISH_PATH). */
  publishedSealPath: string;
  /** Periodic sealing, 0 = on demand only (LEDGER_SEAL_INTERVAL_MS). */
  sealIntervalMs: number;
  /** How often the tail is verified and history re-checked (LEDGER_INTEGRITY_INTERVAL_MS). */
  verifyIntervalMs: number;
  /** Verified events re-checked per interval (LEDGER_INTEGRITY_SCRUB_EVENTS). */
  scrubEventsPerTick: number;
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

/**
 * A 32-byte key from a base64 variable or, in development, generated once into a file next to
 * the data (never committed). Also used by libs/access for the session key.
 */
export function loadOrGenerateKey(
  env: NodeJS.ProcessEnv,
  variable: string,
  fallbackFile: string,
): Buffer {
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
  if (existsSync(fallbackFile))
    return Buffer.from(readFileSync(fallbackFile, 'utf8').trim(), 'base64');
  const generated = randomBytes(32);
  mkdirSync(dirname(fallbackFile), { recursive: true });
  writeFileSync(fallbackFile, generated.toString('base64'), { mode: 0o600 });
  return generated;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): LedgerConfig {
  const port = Number(env.LEDGER_PORT ?? 3000);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new ConfigError('LEDGER_PORT', 'must be a TCP port number');
  const { store, kurrentdbUrl } = storeSettings(env);
  const { sqlitePath, keysPath } = ledgerFiles(env);
  const sync = (env.LEDGER_SQLITE_SYNCHRONOUS ?? 'FULL').toUpperCase();
  if (sync !== 'FULL' && sync !== 'NORMAL')
    throw new ConfigError('LEDGER_SQLITE_SYNCHRONOUS', 'must be FULL or NORMAL');
  return {
    port,
    host: env.LEDGER_HOST ?? '127.0.0.1',
    store,
    kurrentdbUrl,
    sqlitePath,
    sqliteSynchronous: sync,
    keysPath,
    personRefKey: loadOrGenerateKey(
      env,
      'LEDGER_PERSON_REF_KEY',
      join(dirname(keysPath), '.person-ref.key'),
    ),
    masterKey: loadOrGenerateKey(env, 'LEDGER_MASTER_KEY', join(dirname(keysPath), '.master.key')),
    loadDemo: env.LEDGER_DEMO === '1' || env.LEDGER_DEMO === 'true',
    projections: projectionsMode(env.LEDGER_PROJECTIONS),
    kafka: kafkaSettings(env),
    http: httpSettings(env),
    audit: auditConfig(env),
  };
}

/** LEDGER_SEAL_KEY, or a development key generated into the data directory like the others. */
function auditConfig(env: NodeJS.ProcessEnv): AuditConfig {
  let settings;
  try {
    settings = readAuditSettings(env);
  } catch (error) {
    if (error instanceof AuditSettingsError) throw new ConfigError(error.variable, error.detail);
    throw error;
  }
  let sealKey: KeyObject;
  try {
    sealKey = settings.sealKeyText
      ? parseSealPrivateKey(settings.sealKeyText)
      : loadOrCreateDevSealKey(settings.devSealKeyPath);
  } catch (error) {
    if (!(error instanceof SealKeyError)) throw error;
    throw new ConfigError(
      'LEDGER_SEAL_KEY',
      settings.sealKeyText ? error.message : `${settings.devSealKeyPath}: ${error.message}`,
    );
  }
  return {
    sealKey,
    leavesPath: settings.leavesPath,
    publishedSealPath: settings.publishedSealPath,
    sealIntervalMs: settings.sealIntervalMs,
    verifyIntervalMs: settings.verifyIntervalMs,
    scrubEventsPerTick: settings.scrubEventsPerTick,
  };
}

/** The audit settings of a config built by hand (tests, benches): beside the log, dev key. */
export function auditConfigOf(config: LedgerConfig): AuditConfig {
  if (config.audit) return config.audit;
  const dir = dirname(config.sqlitePath);
  return {
    sealKey: loadOrCreateDevSealKey(join(dirname(config.keysPath), '.seal.key')),
    leavesPath: join(dir, 'ledger.audit.sqlite'),
    publishedSealPath: join(dir, 'published-seal.json'),
    sealIntervalMs: AUDIT_DEFAULTS.sealIntervalMs,
    verifyIntervalMs: AUDIT_DEFAULTS.verifyIntervalMs,
    scrubEventsPerTick: AUDIT_DEFAULTS.scrubEventsPerTick,
  };
}

function httpSettings(env: NodeJS.ProcessEnv): HttpSettings {
  try {
    return loadHttpSettings(env);
  } catch (error) {
    if (error instanceof HttpSettingsError) {
      throw new ConfigError(error.variable, error.message.slice(error.variable.length + 2));
    }
    throw error;
  }
}

function checked<T>(variable: string, check: () => T): T {
  try {
    return check();
  } catch (error) {
    throw new ConfigError(variable, error instanceof Error ? error.message : String(error));
  }
}

function integer(
  env: NodeJS.ProcessEnv,
  variable: string,
  fallback: number,
  min: number,
  max: number,
) {
  const raw = env[variable];
  if (raw === undefined || raw.trim() === '') return fallback;
  const value = Number(raw);
  if (!/^\d+$/.test(raw.trim()) || value < min || value > max) {
    throw new ConfigError(variable, `must be a whole number from ${min} to ${max}, got "${raw}"`);
  }
  return value;
}

function kafkaCompression(value: string | undefined): 'none' | 'gzip' {
  const codec = value === undefined || value.trim() === '' ? KAFKA_DEFAULTS.compression : value;
  if (codec !== 'none' && codec !== 'gzip') {
    throw new ConfigError('LEDGER_KAFKA_COMPRESSION', `must be none or gzip, got "${value}"`);
  }
  return codec;
}

/** Every Kafka variable is checked even while Kafka is off, so a typo fails at start-up. */
function kafkaSettings(env: NodeJS.ProcessEnv): KafkaSettings | undefined {
  const settings = {
    topicPrefix: checked('LEDGER_KAFKA_TOPIC_PREFIX', () =>
      checkTopicPrefix(env.LEDGER_KAFKA_TOPIC_PREFIX ?? KAFKA_DEFAULTS.topicPrefix),
    ),
    clientId: checked('LEDGER_KAFKA_CLIENT_ID', () =>
      checkClientId(env.LEDGER_KAFKA_CLIENT_ID ?? KAFKA_DEFAULTS.clientId),
    ),
    partitions: integer(env, 'LEDGER_KAFKA_PARTITIONS', KAFKA_DEFAULTS.partitions, 1, 1_000),
    replicationFactor: integer(
      env,
      'LEDGER_KAFKA_REPLICATION_FACTOR',
      KAFKA_DEFAULTS.replicationFactor,
      1,
      32,
    ),
    batchSize: integer(env, 'LEDGER_KAFKA_BATCH_SIZE', KAFKA_DEFAULTS.batchSize, 1, 100_000),
    checkpointIntervalMs: integer(
      env,
      'LEDGER_KAFKA_CHECKPOINT_INTERVAL_MS',
      KAFKA_DEFAULTS.checkpointIntervalMs,
      0,
      3_600_000,
    ),
    lanes: integer(env, 'LEDGER_KAFKA_LANES', KAFKA_DEFAULTS.lanes, 1, 64),
    compression: kafkaCompression(env.LEDGER_KAFKA_COMPRESSION),
  };
  const brokers = env.LEDGER_KAFKA_BROKERS;
  if (brokers === undefined || brokers.trim() === '') return undefined;
  return { brokers: checked('LEDGER_KAFKA_BROKERS', () => parseBrokerList(brokers)), ...settings };
}

function projectionsMode(value: string | undefined): LedgerConfig['projections'] {
  const mode = value ?? 'in-process';
  if (mode !== 'in-process' && mode !== 'external') {
    throw new ConfigError('LEDGER_PROJECTIONS', `must be in-process or external, got "${mode}"`);
  }
  return mode;
}

/** LEDGER_STORE chooses the event store; LEDGER_KURRENTDB_URL is checked whenever it is set. */
function storeSettings(env: NodeJS.ProcessEnv): Pick<LedgerConfig, 'store' | 'kurrentdbUrl'> {
  const store = env.LEDGER_STORE ?? 'sqlite';
  if (store !== 'sqlite' && store !== 'kurrentdb') {
    throw new ConfigError(
      'LEDGER_STORE',
      `unknown store "${store}" (supported: sqlite, kurrentdb)`,
    );
  }
  const url = env.LEDGER_KURRENTDB_URL?.trim() || undefined;
  const problem = url === undefined ? undefined : connectionStringProblem(url);
  if (url !== undefined && problem) {
    throw new ConfigError(
      'LEDGER_KURRENTDB_URL',
      `${problem}; got "${redactConnectionString(url)}"`,
    );
  }
  if (store === 'kurrentdb' && url === undefined) {
    throw new ConfigError(
      'LEDGER_KURRENTDB_URL',
      `must be set when LEDGER_STORE=kurrentdb, as ${CONNECTION_STRING_FORM}`,
    );
  }
  return { store, kurrentdbUrl: url };
}
