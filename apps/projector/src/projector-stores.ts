import { dirname, join } from 'node:path';
import { Logger } from '@nestjs/common';
import Database from 'better-sqlite3';
import { EventStore, RunnerLock, SqliteEventStore } from '@ledger/event-store';
import {
  EventStoreViewStore,
  LEDGER_PROJECTIONS,
  SqliteViewStore,
  ViewStore,
} from '@ledger/projections';
import { LedgerConfig, openEventStore } from '@ledger/ledger';

export interface ProjectorStores {
  store: EventStore;
  /** Where the views and their checkpoints live. */
  viewStore: ViewStore;
  /** Where the Kafka gateway keeps its checkpoint (opened when the gateway starts). */
  gatewayStateDb: () => Database.Database;
}

/**
 * The stores LEDGER_STORE chooses. Embedded: views, checkpoints and the gateway's state in the
 * event store's SQLite file, committed in its transactions. KurrentDB: views and checkpoints in
 * view streams (one event per batch, at the expected revision: atomic and fenced), loaded before
 * the runner starts; the gateway's state in a SQLite file on the projector's own volume.
 */
export async function openProjectorStores(
  config: LedgerConfig,
  logger: Logger,
  pollIntervalMs: number,
): Promise<ProjectorStores> {
  const store = await openEventStore(config, { pollIntervalMs });
  if (store instanceof SqliteEventStore) {
    // One runner per embedded file: refused, naming the holder, while the API runs them.
    RunnerLock.acquire(config.sqlitePath, 'projector');
    return { store, viewStore: new SqliteViewStore(store.db), gatewayStateDb: () => store.db };
  }
  const viewStore = new EventStoreViewStore(store, {
    onSnapshotFailed: (view, error) =>
      logger.warn(`snapshot of ${view} failed (start-up stays correct): ${String(error)}`),
  });
  await viewStore.load(LEDGER_PROJECTIONS.map((p) => p.name));
  const gatewayStateFile = join(dirname(config.sqlitePath), 'kafka-gateway.sqlite');
  return { store, viewStore, gatewayStateDb: () => new Database(gatewayStateFile) };
}
