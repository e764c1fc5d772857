import Database from 'better-sqlite3';
import { createHash, randomUUID } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { composeResidentId } from '@ledger/domain';
import { eventHash, GENESIS_HASH } from '@ledger/event-store';
import { BUNDLE_VERIFIER, CliLedger, runNode } from './support/ledger-cli';
import { EventRow, premiumToOneFen } from './support/tamper';

/**
 * Issue 11 "Must show": each tampering, done with raw SQL on a copy of a sealed demo ledger,
 * makes `ledger verify` exit 1 naming the first bad log position; verify changes nothing.
 */
describe('ledger verify: read-only, and every tampering named at its position (issue 11)', () => {
  let demo: CliLedger;
  let lastSealPosition: number;

  beforeAll(async () => {
    demo = CliLedger.create('ledger-audit-');
    expect((await demo.cli('demo', '2')).code).toBe(0);
    const sealed = await demo.cli('audit', 'seal');
    expect(sealed.stdout).toMatch(/^sealed: \d+ events/m);
    lastSealPosition = Number(/recorded at position (\d+)/.exec(sealed.stdout)![1]);
  });

  function sql<T>(ledger: CliLedger, change: (db: Database.Database) => T): T {
    const db = new Database(ledger.logPath);
    try {
      return db.transaction(() => change(db))();
    } finally {
      db.close();
    }
  }

  const row = (db: Database.Database, where: string, ...params: unknown[]) =>
    db.prepare(`SELECT * FROM es_events WHERE ${where}`).get(...params) as EventRow;

  /** A one-event policy stream of the demo. */
  const oneEventPolicy = (db: Database.Database) =>
    row(
      db,
      "stream_id LIKE 'policy-ganzhou-2024-%' AND stream_id IN (SELECT stream_id FROM es_events GROUP BY stream_id HAVING COUNT(*) = 1) ORDER BY seq LIMIT 1 OFFSET 10",
    );

  async function expectTampered(ledger: CliLedger, position: number, kind: RegExp) {
    const out = await ledger.cli('verify');
    expect(out.code).toBe(1);
    expect(out.stdout).toContain(
      `TAMPERED: first bad log position ${position}: position ${position}: `,
    );
    expect(out.stdout.split('\n').find((l) => l.startsWith('TAMPERED'))).toMatch(kind);
    expect(out.stdout).not.toContain('warning:');
    return out.stdout;
  }

  const fileHash = (file: string) =>
    createHash('sha256')
      .update(existsSync(file) ? readFileSync(file) : Buffer.alloc(0))
      .digest('hex');

  it('passes the untouched sealed demo ledger: chains, global commitment, seal in the log and published seal', async () => {
    const out = await demo.cli('verify');
    expect(out.code).toBe(0);
    expect(out.stdout).toMatch(/seals in the log: 1 \(latest: \d+ events/);
    expect(out.stdout).toMatch(/published seal .*published-seal\.json: ok/);
    expect(out.stdout).toContain('OK: 0 problems');
  });

  it('verify leaves the log file byte-identical and writes no event, even with a bundled plan missing (it never re-publishes it)', async () => {
    const copy = demo.copy();
    sql(copy, (db) =>
      db.prepare("DELETE FROM es_events WHERE stream_id = 'plan-yuyao-2024'").run(),
    );
    // The log is its file and its write-ahead log (SQLite's reader may create an empty one).
    const files = ['ledger.sqlite', 'ledger.sqlite-wal'].map((f) => join(copy.dir, f));
    const count = () =>
      sql(copy, (db) => db.prepare('SELECT COUNT(*) AS n, MAX(seq) AS head FROM es_events').get());
    const before = { hashes: files.map(fileHash), rows: count() };
    const out = await copy.cli('verify');
    expect(out.code).toBe(1);
    expect({ hashes: files.map(fileHash), rows: count() }).toEqual(before);
    expect(readdirSync(copy.dir).sort()).toEqual(readdirSync(copy.dir).sort());
  });

  it('delete a one-event stream (an ordinary enrollment): exit 1 at its position', async () => {
    const copy = demo.copy();
    const victim = sql(copy, (db) => {
      const r = oneEventPolicy(db);
      db.prepare('DELETE FROM es_events WHERE stream_id = ?').run(r.stream_id);
      return r;
    });
    await expectTampered(copy, victim.seq, /position_missing/);
    // An auditor of the county reads the same verdict in Chinese, Beijing time (the default).
    const zh = await copy.cli('verify', '--lang', 'zh');
    expect(zh.code).toBe(1);
    expect(zh.stdout).toContain(
      `发现篡改 (TAMPERED)：第一个异常的日志位置 ${victim.seq}：位置 ${victim.seq}：日志位置缺失（事件被删除）`,
    );
    expect(zh.stdout).toMatch(/封印于 \d{4}-\d\d-\d\d \d\d:\d\d:\d\d（北京时间）/);
    expect(zh.stdout).not.toContain('OK: 0 problems');
  });

  it("delete a stream's last event: exit 1 at its position", async () => {
    const copy = demo.copy();
    const victim = sql(copy, (db) => {
      const r = row(db, "stream_id = 'plan-ganzhou-2024' ORDER BY revision DESC LIMIT 1");
      expect(r.revision).toBeGreaterThan(0);
      db.prepare('DELETE FROM es_events WHERE seq = ?').run(r.seq);
      return r;
    });
    await expectTampered(copy, victim.seq, /position_missing/);
  });

  it('delete the newest event of the log (the seal itself): the published seal names its position', async () => {
    const copy = demo.copy();
    const newest = sql(copy, (db) => {
      const r = row(db, '1 ORDER BY seq DESC LIMIT 1');
      db.prepare('DELETE FROM es_events WHERE seq = ?').run(r.seq);
      return r;
    });
    expect(newest.seq).toBe(lastSealPosition);
    const out = await expectTampered(copy, newest.seq, /log_shorter_than_recorded/);
    expect(out).toContain(`position ${newest.seq}: seal_missing_from_log`);
    // Without the running ledger's record, the published seal alone still names it.
    rmSync(join(copy.dir, 'ledger.audit.sqlite'));
    await expectTampered(copy, newest.seq, /seal_missing_from_log/);
  });

  it('delete the newest event of the log (an enrollment after the seal): the running ledger’s record names it', async () => {
    const copy = demo.copy();
    const file = join(copy.dir, 'one.jsonl');
    writeFileSync(file, enrollmentLine(9_001) + '\n');
    expect((await copy.cli('import-enrollments', 'ganzhou-2024', file)).code).toBe(0);
    const newest = sql(copy, (db) => {
      const r = row(db, '1 ORDER BY seq DESC LIMIT 1');
      db.prepare('DELETE FROM es_events WHERE seq = ?').run(r.seq);
      return r;
    });
    expect(newest.type).toBe('PolicyEnrolled');
    await expectTampered(copy, newest.seq, /log_shorter_than_recorded/);
  });

  it('insert a forged event with a correct per-stream hash (into sealed history): exit 1 at its position', async () => {
    const copy = demo.copy();
    const at = sql(copy, (db) => {
      const model = oneEventPolicy(db);
      // Make room at the model's position, as an adversary putting an enrollment in the past must.
      db.prepare('UPDATE es_events SET seq = -seq - 1 WHERE seq >= ?').run(model.seq);
      db.prepare('UPDATE es_events SET seq = -seq WHERE seq < 0').run();
      const id = randomUUID();
      const stream = `policy-ganzhou-2024-${'f'.repeat(32)}`;
      const data = JSON.parse(model.data);
      const metadata = { ...JSON.parse(model.metadata), eventId: id, prevHash: GENESIS_HASH };
      metadata.hash = eventHash(GENESIS_HASH, stream, 0n, id, model.type, data, metadata);
      db.prepare('INSERT INTO es_events VALUES (?, ?, 0, ?, ?, ?, ?, ?)').run(
        model.seq,
        stream,
        id,
        model.type,
        model.data,
        JSON.stringify(metadata),
        model.recorded_at,
      );
      return model.seq;
    });
    await expectTampered(copy, at, /recorded_differently|seal_mismatch/);
  });

  it('insert a forged row at position 0 (hidden from log reads, served by stream reads): exit 1', async () => {
    const copy = demo.copy();
    sql(copy, (db) => {
      const model = oneEventPolicy(db);
      db.prepare(
        "INSERT INTO es_events SELECT 0, stream_id || 'x', revision, ?, type, data, metadata, recorded_at FROM es_events WHERE seq = ?",
      ).run(randomUUID(), model.seq);
    });
    await expectTampered(copy, 0, /position_invalid/);
  });

  it('edit data and recompute the per-stream hash (a premium set to 1 fen): exit 1 at its position', async () => {
    const copy = demo.copy();
    const victim = sql(copy, (db) => premiumToOneFen(db, oneEventPolicy(db).seq));
    const out = await expectTampered(copy, victim.seq, /recorded_differently/);
    expect(out).toMatch(/seal_mismatch/);
  });

  it('swap the positions of two events of different streams: exit 1 at the first of them', async () => {
    const copy = demo.copy();
    const [a, b] = sql(copy, (db) => {
      const first = oneEventPolicy(db);
      const second = row(
        db,
        'seq > ? AND stream_id <> ? ORDER BY seq LIMIT 1 OFFSET 3',
        first.seq,
        first.stream_id,
      );
      db.prepare('UPDATE es_events SET seq = -1 WHERE seq = ?').run(first.seq);
      db.prepare('UPDATE es_events SET seq = ? WHERE seq = ?').run(first.seq, second.seq);
      db.prepare('UPDATE es_events SET seq = ? WHERE seq = -1').run(second.seq);
      return [first.seq, second.seq];
    });
    expect(b).toBeGreaterThan(a);
    await expectTampered(copy, a, /recorded_differently/);
  });

  it('change a recorded time: exit 1 at its position', async () => {
    const copy = demo.copy();
    const victim = sql(copy, (db) => {
      const r = oneEventPolicy(db);
      db.prepare('UPDATE es_events SET recorded_at = ? WHERE seq = ?').run(
        '2023-12-31T23:59:59.000Z',
        r.seq,
      );
      return r;
    });
    await expectTampered(copy, victim.seq, /recorded_differently/);
  });

  it('delete and re-create a plan stream: exit 1 at its first position; a write command refuses to re-create it', async () => {
    const copy = demo.copy();
    const first = sql(copy, (db) => {
      const rows = db
        .prepare("SELECT * FROM es_events WHERE stream_id = 'plan-ganzhou-2024' ORDER BY revision")
        .all() as EventRow[];
      db.prepare("DELETE FROM es_events WHERE stream_id = 'plan-ganzhou-2024'").run();
      const head = (db.prepare('SELECT MAX(seq) AS n FROM es_events').get() as { n: number }).n;
      rows.forEach((r, i) =>
        db
          .prepare('INSERT INTO es_events VALUES (?, ?, ?, ?, ?, ?, ?, ?)')
          .run(
            head + 1 + i,
            r.stream_id,
            r.revision,
            r.event_id,
            r.type,
            r.data,
            r.metadata,
            r.recorded_at,
          ),
      );
      return rows[0].seq;
    });
    await expectTampered(copy, first, /position_missing/);
    // The ledger itself, opened to write on it, refuses: nothing is published onto altered history.
    const before = sql(copy, (db) => db.prepare('SELECT COUNT(*) AS n FROM es_events').get());
    const refused = await copy.cli('demo', '1');
    expect(refused.code).toBe(1);
    expect(refused.stdout).toContain(`the ledger's log was altered at position ${first}`);
    expect(sql(copy, (db) => db.prepare('SELECT COUNT(*) AS n FROM es_events').get())).toEqual(
      before,
    );
  });

  it('usage errors exit 2', async () => {
    expect((await demo.cli('verify', '--no-such-option')).code).toBe(2);
    expect((await demo.cli('verify', '--since-seal', join(demo.dir, 'missing.json'))).code).toBe(2);
    expect((await demo.cli('verify', '--public-key', 'not a key')).code).toBe(2);
  });
});

/** A line of an enrollment file (docs/enrollment-import.md) for a made-up Ningdu resident. */
function enrollmentLine(n: number): string {
  // Up to 900 people per birth date (the sequence has three digits).
  const birth = new Date(Date.UTC(1960, 0, 1) + Math.floor(n / 900) * 86_400_000);
  const idNumber = composeResidentId('360730', birth.toISOString().slice(0, 10), (n % 900) + 1);
  return JSON.stringify({
    person: { idNumber, name: '审计测试' },
    basicInsurance: { scheme: 'resident', insuredRegionCode: '360730' },
    townshipId: 't05',
    occurredAt: '2024-01-20T09:00:00+08:00',
    contributions: [{ source: 'individual', amountFen: 10000 }],
  });
}

describe('ledger verify --since-seal: consistency with an earlier seal (issue 11)', () => {
  it('a seal taken at position P, then 10,000 more events: consistency proven; one event before P altered: divergence at that position', async () => {
    const ledger = CliLedger.create('ledger-since-');
    expect((await ledger.cli('demo', '2')).code).toBe(0);
    expect((await ledger.cli('audit', 'seal')).code).toBe(0);
    const earlier = join(ledger.dir, 'seal-at-P.json');
    writeFileSync(earlier, readFileSync(join(ledger.dir, 'published-seal.json')));
    const p = JSON.parse(readFileSync(earlier, 'utf8')).seal.body.lastPosition as string;

    const file = join(ledger.dir, 'more.jsonl');
    writeFileSync(
      file,
      Array.from({ length: 10_000 }, (_, i) => enrollmentLine(10_000 + i)).join('\n') + '\n',
    );
    const imported = await ledger.cli('import-enrollments', 'ganzhou-2024', file);
    expect(imported.stdout).toMatch(/10000 lines: 10000 enrolled/);
    expect((await ledger.cli('audit', 'seal')).code).toBe(0);

    const consistent = await ledger.cli(
      'verify',
      '--since-seal',
      earlier,
      '--proof-out',
      join(ledger.dir, 'proof.json'),
    );
    expect(consistent.code).toBe(0);
    expect(consistent.stdout).toMatch(
      /consistent with the log as it stands \(\d+ events.*RFC 9162 consistency proof of \d+ hashes verified/,
    );
    expect(consistent.stdout).toMatch(
      /consistent with the ledger's latest seal \(\d+ events.*verified/,
    );
    expect(
      JSON.parse(readFileSync(join(ledger.dir, 'proof.json'), 'utf8')).consistency[0].verified,
    ).toBe(true);

    const db = new Database(ledger.logPath);
    const victim = db
      .prepare(
        "SELECT seq FROM es_events WHERE type = 'PolicyEnrolled' AND seq < ? ORDER BY seq DESC LIMIT 1",
      )
      .get(Number(p)) as { seq: number };
    premiumToOneFen(db, victim.seq);
    db.close();
    const diverged = await ledger.cli('verify', '--since-seal', earlier);
    expect(diverged.code).toBe(1);
    expect(diverged.stdout).toContain(`TAMPERED: first bad log position ${victim.seq}:`);
    expect(diverged.stdout).toContain(`the log no longer matches the seal in ${earlier}`);
  });
});

describe('ledger audit export and the standalone verifier (issue 11)', () => {
  let ledger: CliLedger;
  let bundle: string;
  let publicKey: string;

  beforeAll(async () => {
    ledger = CliLedger.create('ledger-export-');
    expect((await ledger.cli('demo', '2')).code).toBe(0);
    expect((await ledger.cli('audit', 'seal')).code).toBe(0);
    const file = join(ledger.dir, 'more.jsonl');
    writeFileSync(file, [enrollmentLine(1), enrollmentLine(2)].join('\n') + '\n');
    expect((await ledger.cli('import-enrollments', 'ganzhou-2024', file)).code).toBe(0);
    expect((await ledger.cli('audit', 'seal')).code).toBe(0);
    publicKey = join(ledger.dir, 'seal-public-key.pem');
    const key = await ledger.cli('audit', 'public-key');
    expect(key.code).toBe(0);
    writeFileSync(publicKey, key.stdout);
    const exported = await ledger.cli(
      'audit',
      'export',
      '--plan',
      'ganzhou-2024',
      '--out',
      join(ledger.dir, 'export'),
    );
    expect(exported.code).toBe(0);
    bundle = /^bundle (\S+) /m.exec(exported.stdout)![1];
  });

  it('the export of the demo campaign verifies with the standalone verifier, figures beside the ledger’s', async () => {
    const out = await runNode(BUNDLE_VERIFIER, [bundle, '--public-key', publicKey], {});
    expect(out.code).toBe(0);
    expect(out.stdout).toContain('VERIFIED');
    expect(out.stdout).toMatch(/1 earlier seal\(s\), each a verified prefix/);
    // The ledger's own figures, as its progress report gives them, stand beside the recomputed ones.
    const progress = await ledger.cli('progress', 'ganzhou-2024', '--csv');
    const [header, ...rows] = progress.stdout.replace(/^\uFEFF/, '').split(/\r?\n/);
    const columns = header.split(',');
    const t05 = rows.map((l) => l.split(',')).find((r) => r[columns.indexOf('id')] === 't05')!;
    const name = t05[columns.indexOf('name')];
    const active = t05[columns.indexOf('active')];
    expect(Number(active)).toBe(4);
    expect(out.stdout).toMatch(new RegExp(`^t05\\t${name}\\t${active} / ${active}\\t`, 'm'));
  });

  it('audit latest-seal prints the published seal and checks its signature', async () => {
    const out = await ledger.cli('audit', 'latest-seal');
    expect(out.code).toBe(0);
    expect(out.stdout).toContain('"recordedAs"');
    expect(out.stdout).toMatch(/# published in .*published-seal\.json; signature verified/);
  });

  it('an export as of an earlier position is anchored to the first seal covering it', async () => {
    const exported = await ledger.cli(
      'audit',
      'export',
      '--plan',
      'yuyao-2024',
      '--to-position',
      '30',
      '--out',
      join(ledger.dir, 'yuyao.json'),
    );
    expect(exported.code).toBe(0);
    const out = await runNode(
      BUNDLE_VERIFIER,
      [join(ledger.dir, 'yuyao.json'), '--public-key', publicKey],
      {},
    );
    expect(out.code).toBe(0);
    expect(out.stdout).toContain('bundle of plan yuyao-2024 as of log position 30');
    expect(out.stdout).toMatch(/0 earlier seal\(s\)/);
  });

  it('flipping any byte of the bundle makes it fail, naming what (random positions)', () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const verifier = require(BUNDLE_VERIFIER) as {
      verifyBundle: (bytes: Buffer, key: string) => unknown;
      BundleError: new (...args: unknown[]) => Error & { where: string };
    };
    const bytes = readFileSync(bundle);
    const key = readFileSync(publicKey, 'utf8');
    expect(() => verifier.verifyBundle(bytes, key)).not.toThrow();
    let seed = 20240131;
    const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    const named = new Map<string, number>();
    for (let trial = 0; trial < 400; trial++) {
      const at = Math.floor(random() * bytes.length);
      const flipped = Buffer.from(bytes);
      flipped[at] = (flipped[at] + 1 + Math.floor(random() * 255)) % 256;
      let failure: (Error & { where?: string }) | undefined;
      try {
        verifier.verifyBundle(flipped, key);
      } catch (error) {
        failure = error as Error & { where?: string };
      }
      expect(failure).toBeInstanceOf(verifier.BundleError);
      expect(failure!.where).toBeTruthy();
      named.set(failure!.where!.replace(/\d+/g, 'N'), (named.get(failure!.where!) ?? 0) + 1);
    }
    // The failures name different parts of the bundle, not one blanket message.
    expect(named.size).toBeGreaterThan(3);
  });
});
