import Database from 'better-sqlite3';
import request from 'supertest';
import { INestApplication } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { composeResidentId } from '@ledger/domain';
import {
  auditConfigOf,
  FixedClock,
  LedgerConfig,
  LedgerIntegrity,
  LoadDemoCampaignCommand,
} from '@ledger/ledger';
import { createLedgerApp } from '../apps/ledger-api/src/create-ledger-app';
import { testAccess, testConfig } from './support/ledger-test-app';
import { CLI, runNode } from './support/ledger-cli';
import { EventRow, premiumToOneFen } from './support/tamper';

/** Issue 11 §5: the running ledger notices an altered log, turns not-ready and refuses commands. */
describe('The running ledger watches its own log (issue 11 §5)', () => {
  const INTERVAL_MS = 100;
  let app: INestApplication;
  let config: LedgerConfig;
  let http: ReturnType<typeof request>;
  let seq = 500;

  async function start(verifyIntervalMs: number, sealIntervalMs = 0): Promise<void> {
    const dir = mkdtempSync(join(tmpdir(), 'ledger-integrity-'));
    const base = testConfig(dir);
    config = { ...base, audit: { ...auditConfigOf(base), verifyIntervalMs, sealIntervalMs } };
    app = await createLedgerApp({
      config,
      access: testAccess(),
      clock: new FixedClock(Date.parse('2024-01-10T10:00:00+08:00')),
      logger: false,
    });
    await app.get(CommandBus).execute(new LoadDemoCampaignCommand(1));
    http = request(app.getHttpServer());
  }
  afterEach(() => app?.close());

  const enrollment = () => ({
    person: { idNumber: composeResidentId('360730', '1980-05-06', seq++), name: '测试' },
    basicInsurance: { scheme: 'resident', insuredRegionCode: '360730' },
    townshipId: 't01',
    occurredAt: '2024-01-05T10:00:00+08:00',
    contributions: [{ source: 'individual', amountFen: 10000 }],
  });

  function tamper<T>(change: (db: Database.Database) => T): T {
    const db = new Database(config.sqlitePath);
    try {
      return change(db);
    } finally {
      db.close();
    }
  }

  const firstEnrollment = (db: Database.Database) =>
    db
      .prepare("SELECT * FROM es_events WHERE type = 'PolicyEnrolled' ORDER BY seq LIMIT 1")
      .get() as EventRow;

  async function untilNotReady(): Promise<request.Response> {
    // Bounded wait, no timing asserted: the interval is 100 ms and the demo log re-checked each tick.
    for (let i = 0; i < 200; i++) {
      const res = await http.get('/health/ready');
      if (res.status !== 200) return res;
      await new Promise((r) => setTimeout(r, INTERVAL_MS / 2));
    }
    throw new Error('the ledger never noticed');
  }

  it('a premium edited to 1 fen with its hash recomputed: /health turns 503 not-ready naming the position, and a command is refused with 503 ledger.integrity', async () => {
    await start(INTERVAL_MS);
    expect((await http.get('/health/ready')).body).toMatchObject({
      status: 'ok',
      details: { integrity: { status: 'up' } },
    });
    expect((await http.post('/plans/ganzhou-2024/enrollments').send(enrollment())).status).toBe(
      201,
    );

    const victim = tamper((db) => premiumToOneFen(db, firstEnrollment(db).seq));

    const health = await untilNotReady();
    expect(health.status).toBe(503);
    expect(health.body).toMatchObject({
      status: 'error',
      error: { integrity: { status: 'down', position: String(victim.seq) } },
    });
    expect(health.body.error.integrity.problem).toContain('recorded_differently');

    const refused = await http.post('/plans/ganzhou-2024/enrollments').send(enrollment());
    expect(refused.status).toBe(503);
    expect(refused.body.errors).toEqual([
      expect.objectContaining({ field: 'log', rule: 'ledger.integrity' }),
    ]);
    expect(refused.body.errors[0].messages.en).toContain(`position ${victim.seq}`);
    const status = await http.get('/audit/integrity');
    expect(status.body).toMatchObject({
      state: 'tampered',
      problem: { position: String(victim.seq) },
    });
    // It never seals altered history either.
    expect((await http.post('/audit/seals')).status).toBe(503);
  });

  it('an altered event loaded for a decision is refused at once (503), before any interval passes', async () => {
    await start(3_600_000);
    const victim = tamper((db) => premiumToOneFen(db, firstEnrollment(db).seq));
    const personRef = victim.stream_id.slice('policy-ganzhou-2024-'.length);
    const cancel = await http
      .post(`/plans/ganzhou-2024/policies/${personRef}/cancellation`)
      .send({ reason: 'test', occurredAt: '2024-01-06T10:00:00+08:00' });
    expect(cancel.status).toBe(503);
    expect(cancel.body.errors[0]).toMatchObject({ field: 'log', rule: 'ledger.integrity' });
    expect(cancel.body.errors[0].messages.en).toContain(`position ${victim.seq}`);
    expect((await http.get('/health/ready')).status).toBe(503);
  });

  it('a deleted enrollment cannot be enrolled again: the ledger remembers the stream it verified (503)', async () => {
    await start(3_600_000);
    const body = enrollment();
    const first = await http.post('/plans/ganzhou-2024/enrollments').send(body);
    expect(first.status).toBe(201);
    await app.get(LedgerIntegrity).verifyNow();
    tamper((db) =>
      db
        .prepare('DELETE FROM es_events WHERE stream_id = ?')
        .run(`policy-ganzhou-2024-${first.body.personRef}`),
    );
    const again = await http
      .post('/plans/ganzhou-2024/enrollments')
      .set('Idempotency-Key', 'again')
      .send(body);
    expect(again.status).toBe(503);
    expect(again.body.errors[0].messages.en).toContain('the stream was removed');
  });

  it('on start, a log altered while the ledger was stopped keeps it not-ready (its record of the log shows where)', async () => {
    await start(3_600_000);
    await app.get(LedgerIntegrity).verifyNow();
    await app.close();
    const victim = tamper((db) => premiumToOneFen(db, firstEnrollment(db).seq));
    app = await createLedgerApp({ config, access: testAccess(), logger: false });
    http = request(app.getHttpServer());
    const health = await http.get('/health/ready');
    expect(health.status).toBe(503);
    expect(health.body.error.integrity).toMatchObject({
      status: 'down',
      position: String(victim.seq),
    });
  });

  it('ledger verify on a live ledger (appending, verifying, sealing meanwhile) finds nothing wrong', async () => {
    await start(INTERVAL_MS);
    expect((await http.post('/audit/seals')).status).toBe(201);
    const env = { ...process.env, LEDGER_DATA_DIR: dirname(config.sqlitePath) };
    const writes = (async () => {
      for (let i = 0; i < 40; i++) {
        expect((await http.post('/plans/ganzhou-2024/enrollments').send(enrollment())).status).toBe(
          201,
        );
        if (i % 10 === 9) await http.post('/audit/seals');
      }
    })();
    const verified = await runNode(CLI, ['verify'], env);
    await writes;
    expect(verified.stdout).toContain('OK: 0 problems');
    expect(verified.code).toBe(0);
  });

  it('seals periodically when something new was recorded, and publishes each seal', async () => {
    await start(INTERVAL_MS, 200);
    /** The size of the latest seal once it covers everything but its own event (bounded wait). */
    const settled = async (above: number): Promise<number> => {
      for (let i = 0; i < 400; i++) {
        const latest = await http.get('/audit/seals/latest');
        const head = Number((await http.get('/projections/status')).body.head);
        const size = latest.status === 200 ? (latest.body.seal.body.treeSize as number) : 0;
        if (size > above && size + 1 === head) return size;
        await new Promise((r) => setTimeout(r, 25));
      }
      throw new Error('no seal came');
    };
    const first = await settled(0);
    expect((await http.post('/plans/ganzhou-2024/enrollments').send(enrollment())).status).toBe(
      201,
    );
    // The next seal covers the enrollment and the previous seal's own event.
    expect(await settled(first)).toBe(first + 2);
  });

  it('seals on demand for operators and auditors: recorded in the log and published', async () => {
    await start(3_600_000);
    const sealed = await http.post('/audit/seals');
    expect(sealed.status).toBe(201);
    expect(sealed.body).toMatchObject({
      status: 'sealed',
      format: 'huiminbao-ledger.published-seal',
      recordedAs: { streamId: 'audit-seals', revision: '0' },
    });
    const again = await http.post('/audit/seals');
    expect(again.status).toBe(200);
    expect(again.body.status).toBe('unchanged');
    expect((await http.get('/audit/seals/latest')).body.seal).toEqual(sealed.body.seal);
    const key = await http.get('/audit/public-key');
    expect(key.body.keyId).toBe(sealed.body.seal.body.keyId);
    expect(key.body.pem).toContain('BEGIN PUBLIC KEY');
  });
});
