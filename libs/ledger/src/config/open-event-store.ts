import { EventStore, KurrentDbEventStore, SqliteEventStore } from '@ledger/event-store';
import { ConfigError, LedgerConfig } from './ledger-config';

/** How long start-up waits for KurrentDB's first answer. */
export const KURRENTDB_CONNECT_TIMEOUT_MS = 5_000;

/**
 * The configured event store. KurrentDB must answer at start-up: a wrong or unreachable
 * LEDGER_KURRENTDB_URL stops the process within seconds, with a message naming the variable,
 * instead of failing the first request (or hanging a health check) later.
 */
export async function openEventStore(
  config: LedgerConfig,
  options: { pollIntervalMs?: number } = {},
): Promise<EventStore> {
  if (config.store === 'sqlite') {
    return new SqliteEventStore({
      path: config.sqlitePath,
      synchronous: config.sqliteSynchronous,
      pollIntervalMs: options.pollIntervalMs,
    });
  }
  const url = config.kurrentdbUrl;
  if (!url)
    throw new ConfigError('LEDGER_KURRENTDB_URL', 'must be set when LEDGER_STORE=kurrentdb');
  try {
    return await KurrentDbEventStore.open({
      connectionString: url,
      connectTimeoutMs: KURRENTDB_CONNECT_TIMEOUT_MS,
    });
  } catch (error) {
    throw new ConfigError(
      'LEDGER_KURRENTDB_URL',
      error instanceof Error ? error.message : String(error),
    );
  }
}
