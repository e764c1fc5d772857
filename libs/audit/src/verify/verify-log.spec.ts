import Database from 'better-sqlite3';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { eventHash } from '@ledger/event-store';
import { AuditFixture } from '../testing/audit-fixture';
import { SqliteLogReader } from './log-source';
import { loadVerifyInputs, verifyLog } from './verify-log';

async function verify(f: AuditFixture, sinceSealFile?: string) {
  const source = new SqliteLogReader(f.logPath);
  try {
    return await verifyLog({
      source,
      trustedKeys: f.trusted,
      inputs: loadVerifyInputs({
        publishedSealFile: f.publishedPath,
        recordFile: f.sidecarPath,
        sinceSealFile,
      }),
    });
  } finally {
    await source.close();
  }
}

/** A sealed log of 40 one-event streams and one stream of 3 events, its files closed. */
async function sealedLog(): Promise<AuditFixture> {
  const f = new AuditFixture();
  await f.appendPolicies(20);
  await f.append('policy-plan-a-long', 3);
  await f.appendPolicies(20, 20);
  await f.seal();
  await f.store.close();
  return f;
}

function sql(f: AuditFixture, statement: (db: Database.Database) => void): void {
  const db = new Database(f.logPath);
  statement(db);
  db.close();
}

/** Rewrites a row's data and recomputes its per-stream hash, as the formula in docs/events.md allows. */
function editWithValidHash(
  db: Database.Database,
  seq: number,
  edit: (data: Record<string, unknown>) => void,
) {
  const row = db.prepare('SELECT * FROM es_events WHERE seq = ?').get(seq) as {
    stream_id: string;
    revision: number;
    event_id: string;
    type: string;
    data: string;
    metadata: string;
  };
  const data = JSON.parse(row.data) as Record<string, unknown>;
  edit(data);
  const metadata = JSON.parse(row.metadata);
  metadata.hash = eventHash(
    metadata.prevHash,
    row.stream_id,
    BigInt(row.revision),
    row.event_id,
    row.type,
    data,
    metadata,
  );
  db.prepare('UPDATE es_events SET data = ?, metadata = ? WHERE seq = ?').run(
    JSON.stringify(data),
    JSON.stringify(metadata),
    seq,
  );
}

describe('verifyLog: the read-only verification of the whole log', () => {
  it('passes a sealed log untouched, and opens it without changing a byte', async () => {
    const f = await sealedLog();
    const before = createHash('sha256').update(readFileSync(f.logPath)).digest('hex');
    const report = await verify(f);
    expect(report.findings).toEqual([]);
    expect(report.events).toBe(44);
    expect(report.sealsInLog).toBe(1);
    expect(report.published?.status).toBe('ok');
    expect(report.sidecar).toMatch(/^used/);
    expect(createHash('sha256').update(readFileSync(f.logPath)).digest('hex')).toBe(before);
  });

  it('an edit with a recomputed per-stream hash is named at its position (commitment + record)', async () => {
    const f = await sealedLog();
    sql(f, (db) => editWithValidHash(db, 7, (d) => (d.amountFen = 1)));
    const report = await verify(f);
    expect(report.findings[0]).toMatchObject({ position: '7' });
    expect(report.findings.map((x) => x.kind)).toEqual(
      expect.arrayContaining(['seal_mismatch', 'recorded_differently']),
    );
  });

  it('without the record, the same edit is bracketed between seals', async () => {
    const f = await sealedLog();
    sql(f, (db) => editWithValidHash(db, 7, (d) => (d.amountFen = 1)));
    const source = new SqliteLogReader(f.logPath);
    const report = await verifyLog({
      source,
      trustedKeys: f.trusted,
      inputs: loadVerifyInputs({ publishedSealFile: f.publishedPath }),
    });
    await source.close();
    expect(report.findings[0]).toMatchObject({ kind: 'seal_mismatch', position: '1' });
    expect(report.findings[0].message).toContain('positions 1..43');
  });

  it('deleting the newest event (the seal itself) is found through the published seal', async () => {
    const f = await sealedLog();
    sql(f, (db) =>
      db.prepare('DELETE FROM es_events WHERE seq = (SELECT MAX(seq) FROM es_events)').run(),
    );
    const report = await verify(f);
    expect(report.findings.map((x) => [x.kind, x.position])).toEqual([
      ['log_shorter_than_recorded', '44'],
      ['seal_missing_from_log', '44'],
    ]);
  });
});
