import { KeyObject } from 'node:crypto';
import {
  EventStore,
  KurrentDbEventStore,
  redactConnectionString,
  SqliteEventStore,
} from '@ledger/event-store';
import {
  loadOrCreateDevSealKey,
  parseSealPrivateKey,
  parseSealPublicKey,
  readDevSealKey,
} from '../seal/seal-key';
import { EventStoreLogSource, LogSource, SqliteLogReader } from '../verify/log-source';
import { AuditSettings, AuditSettingsError } from './audit-settings';

/**
 * What the audit commands open, and nothing more: the log read-only for the verifier and the
 * export (no Nest, no plans published, no migration), the store for writing only to seal.
 */
export async function openLogForReading(
  settings: AuditSettings,
  env: NodeJS.ProcessEnv,
): Promise<LogSource> {
  if (settings.store === 'sqlite') return new SqliteLogReader(settings.sqlitePath);
  const url = kurrentUrl(env);
  const store = await KurrentDbEventStore.open({ connectionString: url });
  return new EventStoreLogSource(store, `KurrentDB ${redactConnectionString(url)}`);
}

/** The store for `ledger audit seal`, the one audit command that writes (one LogSealed event). */
export async function openStoreForSealing(
  settings: AuditSettings,
  env: NodeJS.ProcessEnv,
): Promise<EventStore> {
  if (settings.store === 'sqlite') return new SqliteEventStore({ path: settings.sqlitePath });
  return KurrentDbEventStore.open({ connectionString: kurrentUrl(env) });
}

function kurrentUrl(env: NodeJS.ProcessEnv): string {
  const url = env.LEDGER_KURRENTDB_URL?.trim();
  if (!url)
    throw new AuditSettingsError('LEDGER_KURRENTDB_URL', 'must be set when LEDGER_STORE=kurrentdb');
  return url;
}

/** The ledger's signing key (LEDGER_SEAL_KEY, or the development key, created if missing). */
export function sealingKey(settings: AuditSettings): KeyObject {
  return settings.sealKeyText
    ? parseSealPrivateKey(settings.sealKeyText)
    : loadOrCreateDevSealKey(settings.devSealKeyPath);
}

/**
 * The key a verifier trusts, and where it came from: the one given (--public-key), else
 * LEDGER_SEAL_PUBLIC_KEY, else the public half of the ledger's own key (LEDGER_SEAL_KEY or the
 * development key file, read without creating it). Undefined when none is known.
 */
export function trustedSealKey(
  settings: AuditSettings,
  given?: string,
): { key: KeyObject; source: string } | undefined {
  if (given) return { key: parseSealPublicKey(given), source: '--public-key' };
  if (settings.sealPublicKeyText)
    return {
      key: parseSealPublicKey(settings.sealPublicKeyText),
      source: 'LEDGER_SEAL_PUBLIC_KEY',
    };
  if (settings.sealKeyText)
    return { key: parseSealPublicKey(settings.sealKeyText), source: 'LEDGER_SEAL_KEY' };
  const dev = readDevSealKey(settings.devSealKeyPath);
  return dev ? { key: dev, source: settings.devSealKeyPath } : undefined;
}
