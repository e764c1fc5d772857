import Database from 'better-sqlite3';
import { excludeSystemEvents, streamNameFilter } from '@kurrent/kurrentdb-client';
import { eventHash, KurrentDbEventStore } from '@ledger/event-store';
import { SimulatedKurrentClient } from '../../../event-store/src/kurrentdb/testing/simulated-kurrent-client';
import { AuditFixture, quiet } from '../testing/audit-fixture';
import { EventStoreLogSource, SqliteLogReader } from '../verify/log-source';
import { verifyLog } from '../verify/verify-log';
import { IntegrityMonitor } from './integrity-monitor';
import { LedgerIntegrityError } from './ledger-integrity-error';
import { LogSealer } from './log-sealer';
import { LeafSidecar } from '../sidecar/leaf-sidecar';

/** Edits a row's data under the running monitor and recomputes its per-stream hash. */
function editUnder(f: AuditFixture, seq: number): void {
  const db = new Database(f.logPath);
  const row = db.prepare('SELECT * FROM es_events WHERE seq = ?').get(seq) as {
    stream_id: string;
    revision: number;
    event_id: string;
    type: string;
    data: string;
    metadata: string;
  };
  const data = { ...JSON.parse(row.data), amountFen: 1 };
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
  db.close();
}

describe('IntegrityMonitor: the running ledger watching its log', () => {
  it('verifies the whole log on start and the tail on each tick', async () => {
    const f = new AuditFixture();
    await f.appendPolicies(5);
    const { monitor } = f.monitor();
    await monitor.start();
    expect(monitor.status()).toMatchObject({
      state: 'intact',
      verifiedEvents: 5,
      verifiedThrough: '5',
    });
    await f.appendPolicies(3, 5);
    await monitor.tick();
    expect(monitor.status()).toMatchObject({ state: 'intact', verifiedEvents: 8 });
  });

  it('an event edited under it (hash recomputed) is found by the rolling re-check, with its position', async () => {
    const f = new AuditFixture();
    await f.appendPolicies(30);
    const { monitor } = f.monitor({ scrubEventsPerTick: 10 });
    await monitor.start();
    editUnder(f, 27);
    await monitor.tick(); // 1..10
    await monitor.tick(); // 11..20
    expect(monitor.status().state).toBe('intact');
    await monitor.tick(); // 21..30
    expect(monitor.status()).toMatchObject({
      state: 'tampered',
      problem: { kind: 'recorded_differently', position: '27' },
    });
    expect(() => monitor.assertIntact()).toThrow(LedgerIntegrityError);
  });

  it('the newest events removed under it: the log ends before what it verified', async () => {
    const f = new AuditFixture();
    await f.appendPolicies(4);
    const { monitor } = f.monitor({ scrubEventsPerTick: 0 });
    await monitor.start();
    const db = new Database(f.logPath);
    db.prepare('DELETE FROM es_events WHERE seq = 4').run();
    db.close();
    await monitor.tick();
    expect(monitor.status().problem).toMatchObject({
      kind: 'log_shorter_than_recorded',
      position: '3',
    });
  });

  it('a stream loaded for a decision is checked against what was verified: altered, shortened, removed', async () => {
    const f = new AuditFixture();
    await f.append('policy-plan-a-x', 3);
    await f.appendPolicies(2);
    const { monitor } = f.monitor({ scrubEventsPerTick: 0 });
    await monitor.start();
    const loaded = await f.store.readStream('policy-plan-a-x');
    expect(() => monitor.checkLoaded('policy-plan-a-x', loaded)).not.toThrow();
    expect(() => monitor.checkLoaded('policy-plan-a-x', loaded.slice(0, 2))).toThrow(
      /verified it up to revision 2/,
    );

    const fresh = f.monitor({ scrubEventsPerTick: 0, withSidecar: false }).monitor;
    await fresh.start();
    editUnder(f, 2);
    const altered = await f.store.readStream('policy-plan-a-x');
    expect(() => fresh.checkLoaded('policy-plan-a-x', altered)).toThrow(LedgerIntegrityError);
    expect(fresh.status().problem).toMatchObject({ position: '2', kind: 'recorded_differently' });
  });

  it('with bounded memory of streams, links are checked by reading the previous event', async () => {
    const f = new AuditFixture();
    await f.append('policy-plan-a-long', 2);
    await f.appendPolicies(5);
    await f.append('policy-plan-a-long', 1);
    const monitor = new IntegrityMonitor({
      store: f.store,
      trustedKeys: f.trusted,
      contiguousPositions: true,
      scrubEventsPerTick: 0,
      streamHeadsCapacity: 2,
      log: quiet,
      now: () => new Date(),
    });
    await monitor.start();
    expect(monitor.status().state).toBe('intact');
  });

  it('an alarm outlives a restart: the record keeps the ledger not-ready', async () => {
    const f = new AuditFixture();
    await f.appendPolicies(3);
    const first = f.monitor({ scrubEventsPerTick: 10 });
    await first.monitor.start();
    editUnder(f, 2);
    await first.monitor.tick();
    expect(first.monitor.status().state).toBe('tampered');
    first.sidecar?.close();
    const second = f.monitor();
    await second.monitor.start();
    expect(second.monitor.status().problem?.message).toMatch(/found .* and recorded in/);
  });
});

describe('LogSealer', () => {
  it('seals the verified head, records and publishes it; nothing new: unchanged; never seals an altered log', async () => {
    const f = new AuditFixture();
    await f.appendPolicies(4);
    const { monitor, sealer } = f.monitor({ scrubEventsPerTick: 10 });
    await monitor.start();
    const first = await sealer.seal('test');
    expect(first.status).toBe('sealed');
    expect(first.status === 'sealed' && first.published.seal.body).toMatchObject({
      treeSize: 4,
      lastPosition: '4',
    });
    expect((await sealer.seal('test')).status).toBe('unchanged');
    editUnder(f, 1);
    await monitor.tick();
    await expect(sealer.seal('test')).rejects.toThrow(LedgerIntegrityError);
  });

  it('two sealers at once: one records its seal, the other is told it raced (expected revision)', async () => {
    const f = new AuditFixture();
    await f.appendPolicies(4);
    const a = f.monitor({ withSidecar: false });
    const b = f.monitor({ withSidecar: false });
    await a.monitor.start();
    await b.monitor.start();
    // Both verified the same head; b's sealer still believes the seal stream is empty.
    const headB = await b.monitor.verifiedHead();
    expect((await a.sealer.seal('a')).status).toBe('sealed');
    const racing = new LogSealer({
      store: f.store,
      monitor: { verifiedHead: async () => headB } as unknown as IntegrityMonitor,
      key: f.key,
      now: () => new Date('2024-02-01T00:00:01.000Z'),
      log: quiet,
    });
    expect((await racing.seal('b')).status).toBe('raced');
  });
});

describe('the same on KurrentDB (over the simulated client): seal after the fact, verify, find an edit', () => {
  it('seals a KurrentDB log, verifies it through the port, and finds an altered record', async () => {
    const server = new SimulatedKurrentClient();
    const f = new AuditFixture();
    f.store = new KurrentDbEventStore(server.asClient(), { streamNameFilter, excludeSystemEvents });
    await f.appendPolicies(6);
    server.systemRecord('$stats', '$statsCollected');
    await f.appendPolicies(3, 6);
    const monitor = new IntegrityMonitor({
      store: f.store,
      trustedKeys: f.trusted,
      contiguousPositions: false,
      scrubEventsPerTick: 100,
      log: quiet,
      now: () => new Date(),
    });
    await monitor.start();
    const sealer = new LogSealer({
      store: f.store,
      monitor,
      key: f.key,
      now: () => new Date(),
      log: quiet,
    });
    expect((await sealer.seal('test')).status).toBe('sealed');
    const clean = await verifyLog({
      source: new EventStoreLogSource(f.store, 'kurrent', false),
      trustedKeys: f.trusted,
    });
    expect(clean.findings).toEqual([]);
    expect(clean.sealsInLog).toBe(1);

    const record = server.log.find((r) => r.streamId === 'policy-plan-a-2')!;
    record.data = record.data.replace('"amountFen":10000', '"amountFen":1');
    const report = await verifyLog({
      source: new EventStoreLogSource(f.store, 'kurrent', false),
      trustedKeys: f.trusted,
    });
    expect(report.findings.map((x) => x.kind)).toEqual(
      expect.arrayContaining(['hash_mismatch', 'seal_mismatch']),
    );
    await monitor.tick();
    expect(monitor.status().state).toBe('tampered');
  });
});

describe('SqliteLogReader', () => {
  it('reads a consistent snapshot while a writer appends', async () => {
    const f = new AuditFixture();
    await f.appendPolicies(3);
    const reader = new SqliteLogReader(f.logPath);
    await f.appendPolicies(2, 3);
    const seen = [];
    for await (const batch of reader.batches(2)) seen.push(...batch);
    await reader.close();
    expect(seen.map((e) => e.position.commit)).toEqual([1n, 2n, 3n]);
  });
});

describe('LeafSidecar: the record of verified leaves', () => {
  it('keeps runs written by several processes, overlapping or not, as one consecutive record', () => {
    const f = new AuditFixture();
    const sidecar = LeafSidecar.open(f.sidecarPath);
    const leaf = (i: number) => ({
      position: { commit: BigInt(i + 1), prepare: BigInt(i + 1) },
      leafHash: Buffer.alloc(32, i),
    });
    const run = (from: number, to: number) =>
      Array.from({ length: to - from }, (_, k) => leaf(from + k));
    sidecar.append(0, run(0, 3));
    sidecar.append(3, run(3, 5));
    sidecar.append(3, run(3, 8)); // another process, same start, further
    sidecar.append(6, run(6, 10)); // overlapping
    const { leaves, positions } = sidecar.readAll();
    expect(leaves.size).toBe(10);
    expect([...Array(10).keys()].every((i) => leaves.leafHash(i).equals(leaf(i).leafHash))).toBe(
      true,
    );
    expect(positions.at(9)).toEqual({ commit: 10n, prepare: 10n });
    sidecar.append(12, run(12, 13)); // a gap: the record stops before it
    expect(sidecar.readAll().leaves.size).toBe(10);
    sidecar.close();
  });
});
