import Database from 'better-sqlite3';
import { LogPosition, START_POSITION } from '@ledger/event-store';
import { ViewDocument } from './gateway-batch';

/** A view as the gateway last stored it. */
export interface StoredView {
  version: number;
  docs: Map<string, unknown>;
}

/** Where the gateway is: everything up to `position` has been published and acknowledged. */
export interface GatewayState {
  position: LogPosition;
  views: Map<string, StoredView>;
}

/**
 * The gateway's checkpoint and its copy of the published view documents. `save` stores both in
 * one transaction, so after a restart the documents are exactly those as of the checkpoint.
 */
export interface GatewayStateStore {
  load(): GatewayState;
  /**
   * `versions`: the reducer version of every view the gateway publishes (a view may have no
   * documents yet); `resetViews`: views whose stored documents are dropped first.
   */
  save(
    position: LogPosition,
    documents: readonly ViewDocument[],
    versions: Readonly<Record<string, number>>,
    resetViews?: readonly string[],
  ): void;
}

/**
 * The state in SQLite, in embedded mode the event store's own file (tables kafka_gateway_*). One
 * row per gateway id (the topic prefix), so gateways publishing under different prefixes keep
 * separate checkpoints.
 */
export class SqliteGatewayStateStore implements GatewayStateStore {
  private readonly write: (
    position: LogPosition,
    documents: readonly ViewDocument[],
    versions: Readonly<Record<string, number>>,
    resetViews: readonly string[],
  ) => void;

  constructor(
    private readonly db: Database.Database,
    private readonly gatewayId: string,
  ) {
    db.exec(`
      CREATE TABLE IF NOT EXISTS kafka_gateway_checkpoint (
        gateway TEXT PRIMARY KEY, commit_pos TEXT NOT NULL, prepare_pos TEXT NOT NULL,
        view_versions TEXT NOT NULL, updated_at TEXT NOT NULL
      ) WITHOUT ROWID;
      CREATE TABLE IF NOT EXISTS kafka_gateway_docs (
        gateway TEXT NOT NULL, view TEXT NOT NULL, key TEXT NOT NULL, version INTEGER NOT NULL, doc TEXT NOT NULL,
        PRIMARY KEY (gateway, view, key)
      ) WITHOUT ROWID;
    `);
    const upsertDoc = db.prepare(
      `INSERT INTO kafka_gateway_docs (gateway, view, key, version, doc) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT (gateway, view, key) DO UPDATE SET version = excluded.version, doc = excluded.doc`,
    );
    const deleteView = db.prepare('DELETE FROM kafka_gateway_docs WHERE gateway = ? AND view = ?');
    const upsertCheckpoint = db.prepare(
      `INSERT INTO kafka_gateway_checkpoint (gateway, commit_pos, prepare_pos, view_versions, updated_at)
       VALUES (?, ?, ?, ?, ?)
       ON CONFLICT (gateway) DO UPDATE SET commit_pos = excluded.commit_pos, prepare_pos = excluded.prepare_pos,
         view_versions = excluded.view_versions, updated_at = excluded.updated_at`,
    );
    this.write = db.transaction((position, documents, versions, resetViews) => {
      for (const view of resetViews) deleteView.run(gatewayId, view);
      for (const d of documents) {
        upsertDoc.run(gatewayId, d.view, d.key, d.version, JSON.stringify(d.doc));
      }
      upsertCheckpoint.run(
        gatewayId,
        position.commit.toString(),
        position.prepare.toString(),
        JSON.stringify(versions),
        new Date().toISOString(),
      );
    });
  }

  load(): GatewayState {
    const row = this.db
      .prepare(
        'SELECT commit_pos, prepare_pos, view_versions FROM kafka_gateway_checkpoint WHERE gateway = ?',
      )
      .get(this.gatewayId) as
      { commit_pos: string; prepare_pos: string; view_versions: string } | undefined;
    const views = new Map<string, StoredView>();
    if (!row) return { position: START_POSITION, views };
    for (const [view, version] of Object.entries(
      JSON.parse(row.view_versions) as Record<string, number>,
    )) {
      views.set(view, { version, docs: new Map() });
    }
    const docs = this.db
      .prepare('SELECT view, key, version, doc FROM kafka_gateway_docs WHERE gateway = ?')
      .all(this.gatewayId) as { view: string; key: string; version: number; doc: string }[];
    for (const d of docs) {
      const view = views.get(d.view);
      // Documents of another version than the recorded one cannot be trusted: recount the view.
      if (!view || view.version !== d.version) views.set(d.view, { version: -1, docs: new Map() });
      else view.docs.set(d.key, JSON.parse(d.doc));
    }
    return {
      position: { commit: BigInt(row.commit_pos), prepare: BigInt(row.prepare_pos) },
      views,
    };
  }

  save(
    position: LogPosition,
    documents: readonly ViewDocument[],
    versions: Readonly<Record<string, number>>,
    resetViews: readonly string[] = [],
  ): void {
    this.write(position, documents, versions, resetViews);
  }
}
