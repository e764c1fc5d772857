import { spawn } from 'node:child_process';
import { request as httpRequest } from 'node:http';
import { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import Database from 'better-sqlite3';
import request from 'supertest';
import { composeResidentId } from '@ledger/domain';
import { EventStore } from '@ledger/event-store';
import { EVENT_STORE, LedgerViews } from '@ledger/ledger';
import { createLedgerApp } from '../apps/ledger-api/src/create-ledger-app';
import { startTestLedger, TestLedger } from './support/ledger-test-app';

/**
 * Issue 13: every bad input a clear 4xx (RFC 9457 problem document naming field and rule),
 * nothing recorded by a refusal, idempotency with Stripe's semantics, bounds on what enters the
 * log, erasure, calendar dates, cache correctness, one runner per embedded file. Each case the
 * issue reports is a named regression test here.
 */
describe('Error contract (issue 13)', () => {
  let ledger: TestLedger;
  let http: ReturnType<typeof request.agent>;
  let seq = 100;
  const ningdu = '360730';

  beforeAll(async () => {
    ledger = await startTestLedger('2023-12-20T12:00:00+08:00', [
      ['op-key', 'operator'],
      ['po-key', 'privacy_officer'],
    ]);
    await ledger.app.listen(0, '127.0.0.1');
    // Every request as an operator unless it says otherwise (erasure: the privacy officer).
    http = request.agent(ledger.app.getHttpServer()).set('authorization', 'Bearer op-key');
  });

  /**
   * A POST written chunk by chunk on a plain socket (supertest would add a content-length or
   * decode the body itself): what a streaming client or an attacker sends.
   */
  function rawPost(
    path: string,
    headers: Record<string, string>,
    chunks: Buffer[],
  ): Promise<{ status: number; body: { status: number; errors: { rule: string }[] } }> {
    const { port } = ledger.app.getHttpServer().address() as AddressInfo;
    return new Promise((resolve, reject) => {
      const req = httpRequest({ host: '127.0.0.1', port, method: 'POST', path, headers }, (res) => {
        let text = '';
        res.on('data', (d) => (text += String(d)));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: JSON.parse(text) }));
      });
      req.on('error', reject);
      for (const chunk of chunks) req.write(chunk);
      req.end();
    });
  }
  afterAll(() => ledger.close());

  const newId = () => composeResidentId(ningdu, '1975-04-05', seq++);
  const head = async () => (await ledger.app.get<EventStore>(EVENT_STORE).headPosition()).commit;
  const enrollment = (idNumber = newId()) => ({
    person: { idNumber, name: '测试人' },
    basicInsurance: { scheme: 'resident', insuredRegionCode: ningdu },
    townshipId: 't01',
    occurredAt: '2023-12-20T10:00:00+08:00',
    contributions: [{ source: 'individual', amountFen: 10000 }],
  });

  /** A refusal: the status, a problem document naming the rule, and the log unchanged. */
  async function refused(
    send: () => request.Test,
    status: number,
    rule: string,
    field?: string,
  ): Promise<request.Response> {
    const before = await head();
    const res = await send();
    expect({ status: res.status, body: res.body as unknown }).toMatchObject({
      status,
      body: {
        status,
        type: expect.stringMatching(/^urn:huiminbao-ledger:problem:/),
        errors: expect.arrayContaining([
          expect.objectContaining({ rule, ...(field ? { field } : {}) }),
        ]),
      },
    });
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(await head()).toBe(before);
    return res;
  }

  const post = (path: string) => http.post(path).set('content-type', 'application/json');

  describe('problem documents', () => {
    it('are Chinese first, English beside each item, and English when Accept-Language asks', async () => {
      const body = { ...enrollment(), townshipId: 't99' };
      const zh = await refused(
        () => post('/plans/ganzhou-2024/enrollments').send(body),
        422,
        'enrollment.knownTownship',
        'townshipId',
      );
      expect(zh.headers['content-language']).toBe('zh-CN');
      expect(zh.body.title).toBe('不符合规则');
      expect(zh.body.errors[0].messages).toEqual({
        zh: expect.stringMatching(/[\u4e00-\u9fff]/),
        en: expect.stringContaining('t99'),
      });
      expect(zh.body.errors[0].message).toBe(zh.body.errors[0].messages.zh);
      const en = await post('/plans/ganzhou-2024/enrollments')
        .set('accept-language', 'en-US,en;q=0.9')
        .send(body)
        .expect(422);
      expect(en.headers['content-language']).toBe('en');
      expect(en.body.errors[0].message).toBe(en.body.errors[0].messages.en);
    });

    it('carry the correlation id, which is echoed on every answer', async () => {
      const res = await post('/plans/ganzhou-2024/enrollments')
        .set('x-correlation-id', 'clerk-42')
        .send({})
        .expect(400);
      expect(res.headers['x-correlation-id']).toBe('clerk-42');
      expect(res.body.correlationId).toBe('clerk-42');
      const ok = await http.get('/plans').expect(200);
      expect(ok.headers['x-correlation-id']).toMatch(/^[0-9a-f-]{36}$/);
      expect(ok.headers['x-powered-by']).toBeUndefined();
    });
  });

  describe('bodies that once answered 500', () => {
    it('a 10 MB JSON body is 413', async () => {
      const big = JSON.stringify({ ...enrollment(), pad: 'x'.repeat(10_000_000) });
      await refused(
        () => post('/plans/ganzhou-2024/enrollments').send(big),
        413,
        'request.tooLarge',
      );
    });

    it('a 10 MB chunked body is 413', async () => {
      const before = await head();
      const megabyte = Buffer.alloc(1_000_000, 'x');
      const res = await rawPost(
        '/plans/ganzhou-2024/enrollments',
        { 'content-type': 'application/json' },
        [Buffer.from('{"pad":"'), ...Array<Buffer>(10).fill(megabyte), Buffer.from('"}')],
      );
      expect(res.status).toBe(413);
      expect(res.body.errors[0].rule).toBe('request.tooLarge');
      expect(await head()).toBe(before);
    });

    it('a gzip bomb (50 KB inflating to 50 MB) is 413', async () => {
      const before = await head();
      const bomb = gzipSync(Buffer.from(`{"pad":"${'0'.repeat(50_000_000)}"}`));
      expect(bomb.length).toBeLessThan(100_000);
      const res = await rawPost(
        '/plans/ganzhou-2024/enrollments',
        {
          'content-type': 'application/json',
          'content-encoding': 'gzip',
          'content-length': String(bomb.length),
        },
        [bomb],
      );
      expect(res.status).toBe(413);
      expect(res.body.errors[0].rule).toBe('request.tooLarge');
      expect(await head()).toBe(before);
    });

    it('an unknown charset is 415', async () => {
      await refused(
        () =>
          http
            .post('/plans/ganzhou-2024/enrollments')
            .set('content-type', 'application/json; charset=klingon')
            .send('{}'),
        415,
        'request.charset',
      );
    });

    it('an unknown content-encoding is 415', async () => {
      await refused(
        () => post('/plans/ganzhou-2024/enrollments').set('content-encoding', 'br2').send('{}'),
        415,
        'request.contentEncoding',
      );
    });

    it('a broken gzip body is 400', async () => {
      await refused(
        () =>
          post('/plans/ganzhou-2024/enrollments')
            .set('content-encoding', 'gzip')
            .send(Buffer.from('this is not gzip')),
        400,
        'request.encoding',
      );
    });

    it('JSON nested 5,000 deep is 400 before validation recurses into it', async () => {
      await refused(
        () => post('/plans/ganzhou-2024/enrollments').send('['.repeat(5_000) + ']'.repeat(5_000)),
        400,
        'request.depth',
      );
    });

    it('invalid JSON is 400', async () => {
      await refused(
        () => post('/plans/ganzhou-2024/enrollments').send('{bad'),
        400,
        'request.json',
      );
    });

    it('a township table with "targets": {} is 422 naming the target rule', async () => {
      await refused(
        () =>
          post('/plans/ganzhou-2024/township-tables').send({
            source: 'test',
            csv: 'township,base\n梅江镇,100\n',
            targets: {},
          }),
        422,
        'plan.targetRule',
        'targets',
      );
    });

    it('a batch item [] is refused whole (400), not failed inside a 200', async () => {
      await refused(
        () => post('/plans/ganzhou-2024/enrollment-batches').send({ enrollments: [[]] }),
        400,
        'validation.isObject',
        'enrollments',
      );
    });
  });

  describe('one PATCH could break a live plan for good', () => {
    it('removing the window is refused at the first PATCH and the plan stays enrollable', async () => {
      await refused(
        () =>
          http
            .patch('/plans/ganzhou-2024')
            .send({ changes: { enrollmentWindow: null }, reason: 'typo' }),
        422,
        'plan.amendmentNull',
        'changes.enrollmentWindow',
      );
      for (const part of ['targets', 'benefits']) {
        await refused(
          () => http.patch('/plans/ganzhou-2024').send({ changes: { [part]: null }, reason: 'x' }),
          422,
          'plan.amendmentNull',
          `changes.${part}`,
        );
      }
      await post('/plans/ganzhou-2024/enrollments').send(enrollment()).expect(201);
      // The repair the issue tried is an ordinary amendment that changes nothing harmful.
      await http
        .patch('/plans/ganzhou-2024')
        .send({
          changes: { enrollmentWindow: { opensOn: '2023-12-12', closesOn: '2024-01-31' } },
          reason: 'same window',
        })
        .expect(200);
    });
  });

  describe('idempotency (Stripe semantics)', () => {
    it('a key over 200 characters is 400, never replaced by a random one', async () => {
      await refused(
        () =>
          post('/plans/ganzhou-2024/assessments')
            .set('idempotency-key', 'k'.repeat(201))
            .send({ kind: 'inspection', townshipId: 't01', item: 'publicity', points: 20 }),
        400,
        'idempotency.keyFormat',
        'Idempotency-Key',
      );
    });

    it('a malformed key (spaces, control characters) is 400', async () => {
      await refused(
        () =>
          post('/plans/ganzhou-2024/enrollments')
            .set('idempotency-key', 'has space')
            .send(enrollment()),
        400,
        'idempotency.keyFormat',
      );
    });

    it('the same key with another body is 422 naming the key; with another person too', async () => {
      const first = enrollment();
      await post('/plans/ganzhou-2024/enrollments')
        .set('idempotency-key', 'idem-body-1')
        .send(first)
        .expect(201);
      await refused(
        () =>
          post('/plans/ganzhou-2024/enrollments')
            .set('idempotency-key', 'idem-body-1')
            .send({ ...first, occurredAt: '2023-12-20T11:00:00+08:00' }),
        422,
        'idempotency.keyReused',
        'Idempotency-Key',
      );
      await refused(
        () =>
          post('/plans/ganzhou-2024/enrollments')
            .set('idempotency-key', 'idem-body-1')
            .send(enrollment()),
        422,
        'idempotency.keyReused',
      );
    });

    it('the same key and body, sequentially: one effect, identical answers', async () => {
      const body = enrollment();
      const first = await post('/plans/ganzhou-2024/enrollments')
        .set('idempotency-key', 'idem-seq-1')
        .send(body)
        .expect(201);
      const before = await head();
      for (let i = 0; i < 3; i++) {
        const again = await post('/plans/ganzhou-2024/enrollments')
          .set('idempotency-key', 'idem-seq-1')
          .send(body)
          .expect(201);
        expect(again.text).toBe(first.text);
        expect(again.headers['idempotent-replayed']).toBe('true');
      }
      expect(await head()).toBe(before);
    });

    it('ten concurrent identical batches: one effect (50 enrollments), identical answers', async () => {
      const batch = { enrollments: Array.from({ length: 50 }, () => enrollment()) };
      const before = await head();
      const answers = await Promise.all(
        Array.from({ length: 10 }, () =>
          post('/plans/ganzhou-2024/enrollment-batches')
            .set('idempotency-key', 'idem-concurrent-1')
            .send(batch),
        ),
      );
      expect(answers.map((a) => a.status)).toEqual(Array(10).fill(200));
      expect(new Set(answers.map((a) => a.text)).size).toBe(1);
      expect(answers[0].body.summary).toMatchObject({ enrolled: 50, refused: 0 });
      expect((await head()) - before).toBe(50n);
    });
  });

  describe('bounds on what enters the permanent log', () => {
    it('a 1.8 MB erasure reason is refused', async () => {
      await refused(
        () =>
          post('/persons/erasure')
            .set('authorization', 'Bearer po-key')
            .send({ idNumber: newId(), reason: 'r'.repeat(1_800_000) }),
        400,
        'validation.maxLength',
        'reason',
      );
    });

    it('a 15 kB X-Correlation-Id is refused, not copied into every event', async () => {
      await refused(
        () =>
          post('/plans/ganzhou-2024/enrollments')
            .set('x-correlation-id', 'c'.repeat(15_000))
            .send(enrollment()),
        400,
        'request.correlationId',
        'X-Correlation-Id',
      );
    });

    it('an over-long amendment reason is refused', async () => {
      await refused(
        () =>
          http
            .patch('/plans/ganzhou-2024')
            .send({ changes: { notes: ['x'] }, reason: 'r'.repeat(501) }),
        400,
        'validation.maxLength',
        'reason',
      );
    });
  });

  describe('erasure', () => {
    it('erasing an ID number the ledger never saw is 404 and writes nothing', async () => {
      await refused(
        () =>
          post('/persons/erasure')
            .set('authorization', 'Bearer po-key')
            .send({ idNumber: newId(), reason: 'request' }),
        404,
        'person.notFound',
        'idNumber',
      );
    });

    it('is idempotent, and an erased person cannot enroll again under the same number', async () => {
      const idNumber = newId();
      await post('/plans/ganzhou-2024/enrollments').send(enrollment(idNumber)).expect(201);
      const first = await post('/persons/erasure')
        .set('authorization', 'Bearer po-key')
        .send({ idNumber, reason: 'request' })
        .expect(201);
      const before = await head();
      const again = await post('/persons/erasure')
        .set('authorization', 'Bearer po-key')
        .send({ idNumber, reason: 'again' })
        .expect(201);
      expect(again.body).toEqual(first.body);
      expect(await head()).toBe(before);
      await refused(
        () => post('/plans/yuyao-2024/enrollments').send(enrollment(idNumber)),
        409,
        'privacy.erased',
      );
    });
  });

  describe('dates', () => {
    it('asOf=2024-02-30 is refused, not read as March 1st', async () => {
      await refused(
        () => http.get('/plans/ganzhou-2024/progress?asOf=2024-02-30'),
        422,
        'date.format',
        'asOf',
      );
      await refused(
        () => http.get('/plans/ganzhou-2024/progress?asOf=2024-02-30T12:00:00%2B08:00'),
        422,
        'instant.format',
        'asOf',
      );
    });

    it('a plain date means the end of that Shanghai day', async () => {
      const byDate = await http.get('/plans/ganzhou-2024/progress?asOf=2023-12-20').expect(200);
      const byInstant = await http
        .get('/plans/ganzhou-2024/progress?asOf=2023-12-20T23:59:59.999%2B08:00')
        .expect(200);
      expect(byDate.body.county.active).toBe(byInstant.body.county.active);
      expect(byDate.body.county.active).toBeGreaterThan(0);
    });
  });

  describe('cache correctness', () => {
    it('a rebuild invalidates the cached progress report and its ETag', async () => {
      // Its own ledger: closed, its view damaged in the file (a bad restore, a projection bug),
      // opened again, so the running views start from the damaged documents.
      const own = await startTestLedger('2023-12-20T12:00:00+08:00');
      const ownHttp = () => request(own.app.getHttpServer());
      for (let i = 0; i < 3; i++) {
        await ownHttp().post('/plans/ganzhou-2024/enrollments').send(enrollment()).expect(201);
      }
      await own.app.get(LedgerViews).caughtUp();
      await own.close();
      const file = new Database(own.config.sqlitePath);
      file.prepare("DELETE FROM view_docs WHERE view = 'township-progress'").run();
      file.close();
      const app = await createLedgerApp({
        config: own.config,
        access: own.access,
        clock: own.clock,
        logger: false,
      });
      try {
        const wrong = await request(app.getHttpServer())
          .get('/plans/ganzhou-2024/progress')
          .expect(200);
        expect(wrong.body.county.active).toBe(0);
        // A rebuild returns every checkpoint to the same position: the next read must show the
        // rebuilt figures with a new ETag, not the cached report (nor a 304 for its ETag).
        await request(app.getHttpServer()).post('/projections/rebuild').expect(201);
        const rebuilt = await request(app.getHttpServer())
          .get('/plans/ganzhou-2024/progress')
          .set('if-none-match', wrong.headers.etag)
          .expect(200);
        expect(rebuilt.body.county.active).toBe(3);
        expect(rebuilt.headers.etag).not.toBe(wrong.headers.etag);
      } finally {
        await app.close();
      }
    });
  });

  describe('one runner per embedded file', () => {
    it('a second API process on the same data refuses to start, naming the holder', async () => {
      const main = join(__dirname, '..', 'dist', 'apps', 'ledger-api', 'src', 'main.js');
      const child = spawn(process.execPath, [main], {
        env: {
          ...process.env,
          LEDGER_SQLITE_PATH: ledger.config.sqlitePath,
          LEDGER_KEYS_PATH: ledger.config.keysPath,
          LEDGER_PERSON_REF_KEY: ledger.config.personRefKey.toString('base64'),
          LEDGER_MASTER_KEY: ledger.config.masterKey.toString('base64'),
          LEDGER_PORT: '0',
          LEDGER_DEMO: '0',
          LEDGER_OPEN_MODE: '1',
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let output = '';
      child.stdout.on('data', (d) => (output += String(d)));
      child.stderr.on('data', (d) => (output += String(d)));
      const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
      expect(code).toBe(1);
      expect(output).toContain(`pid ${process.pid}`);
    });
  });
});
