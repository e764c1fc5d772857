import { get, IncomingHttpHeaders } from 'node:http';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import request from 'supertest';
import { composeResidentId } from '@ledger/domain';
import { LedgerViews, DEMO_COALITION } from '@ledger/ledger';
import { binary, sheetRows } from './support/binary';
import { startTestLedger, TestLedger } from './support/ledger-test-app';

/** Issue 3 "Must show", over HTTP on the embedded store with in-process projections. */
describe('Views: township progress, coinsurance, subsidies, scorecard (issue 3)', () => {
  let ledger: TestLedger;
  let http: ReturnType<typeof request>;
  let seq = 1;
  const caughtUp = () => ledger.app.get(LedgerViews).caughtUp();
  /** A GET with exactly these headers, the body as received (not decoded). */
  const raw = async (path: string, headers: Record<string, string>) => {
    const server = ledger.app.getHttpServer();
    if (!server.listening) await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const { port } = server.address() as { port: number };
    return new Promise<{ status: number; headers: IncomingHttpHeaders; body: Buffer }>(
      (resolve, reject) =>
        get({ host: '127.0.0.1', port, path, headers, agent: false }, (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () =>
            resolve({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(chunks) }),
          );
        }).on('error', reject),
    );
  };

  beforeAll(async () => {
    ledger = await startTestLedger('2024-03-01T10:00:00+08:00');
    http = request(ledger.app.getHttpServer());
  });
  afterAll(() => ledger.close());

  const enroll = (
    townshipId: string,
    occurredAt: string,
    contributions: object[] = [{ source: 'individual', amountFen: 10000 }],
  ) =>
    http
      .post('/plans/ganzhou-2024/enrollments')
      .send({
        person: { idNumber: composeResidentId('360730', '1980-01-01', seq++) },
        basicInsurance: { scheme: 'resident', insuredRegionCode: '360730' },
        townshipId,
        occurredAt,
        contributions,
      })
      .expect(201);

  it('the bundled tables report exactly the discrepancies the seeds contain', async () => {
    const reports = Object.fromEntries(
      await Promise.all(
        [
          'ganzhou-2024',
          'qingliu-2025',
          'yuyao-2024',
          'yichun',
          'jiujiang-huidebao-2023',
          'jiujiang-huidebao-2024',
        ].map(async (id) => {
          const plan = (await http.get(`/plans/${id}`).expect(200)).body;
          return [
            id,
            plan.tableImports.flatMap((t: { discrepancies: { message: string }[] }) =>
              t.discrepancies.map((d) => d.message),
            ),
          ];
        }),
      ),
    );
    expect(reports).toEqual({
      'ganzhou-2024': [
        'stated total base 658157 but the rows add up to 658139',
        'stated total required 131631 but the rows add up to 131630',
      ],
      'qingliu-2025': ['row 1 has no township name'],
      'yuyao-2024': [
        'district 第二片区: stated subtotal task 128200 but its townships add up to 133200',
        'district 第四片区: stated subtotal task 149300 but its townships add up to 144300',
      ],
      yichun: [],
      'jiujiang-huidebao-2023': [],
      'jiujiang-huidebao-2024': [],
    });
  });

  it('a hand-made table with a wrong subtotal is reported too (CSV import over HTTP)', async () => {
    const csv =
      'township,district,base,required,stretch\n甲镇,一片,1000,200,300\n乙乡,一片,2000,400,600\n小计,一片,,650,900\n合计,,3000,600,900\n';
    // Qingliu's notice is dated 2024-10-14: a table can only be imported after it.
    const now = ledger.clock.now();
    ledger.clock.set(Date.parse('2024-11-01T10:00:00+08:00'));
    const body = { source: 'hand-made test table', csv };
    const preview = await http
      .post('/plans/qingliu-2025/township-tables/preview')
      .send(body)
      .expect(200);
    // The 13 townships of the bundled table hold no enrollments: removing them needs no mapping.
    expect(preview.body.diff.removed).toHaveLength(13);
    expect(preview.body.applicable).toBe(true);
    const res = await http
      .post('/plans/qingliu-2025/township-tables')
      .send({ ...body, fingerprint: preview.body.fingerprint })
      .expect(201);
    ledger.clock.set(now);
    expect(res.body.discrepancies.map((d: { message: string }) => d.message)).toEqual([
      'district 一片: stated subtotal required 650 but its townships add up to 600',
    ]);
    expect(res.body.totals).toEqual({ base: 3000, targets: { required: 600, stretch: 900 } });
  });

  it('progress: rate, gaps and roll-ups; CSV export; the figure as of the deadline does not move with later enrollments', async () => {
    await http
      .patch('/plans/ganzhou-2024')
      .send({ changes: { coalition: DEMO_COALITION }, reason: 'test coalition' })
      .expect(200);
    await enroll('t02', '2023-12-20T10:00:00+08:00');
    await enroll('t02', '2024-01-31T23:59:59+08:00');
    await enroll('t03', '2024-01-05T10:00:00+08:00', [
      {
        source: 'department_subsidy',
        amountFen: 10000,
        category: 'hardship_groups',
        funder: { funderId: 'ningdu-civil-affairs', name: '宁都县民政局' },
      },
    ]);
    await caughtUp();
    const before = (await http.get('/plans/ganzhou-2024/progress').expect(200)).body;
    const t02 = before.townships.find((t: { id: string }) => t.id === 't02');
    // 肖田乡: base 8456, target 1691; 2 enrolled → rate 2/8456 = 2.37 bp → 2
    expect(t02).toMatchObject({
      name: { zh: '肖田乡' },
      active: 2,
      rateBp: 2,
      targets: { required: { target: 1691, gap: 1689 } },
      atDeadline: { deadline: '2024-01-31', active: 2 },
    });
    expect(before.county).toMatchObject({
      baseParticipants: 658139,
      targets: { required: { target: 131630 } },
      active: 3,
    });

    await http
      .patch('/plans/ganzhou-2024')
      .send({
        changes: { enrollmentWindow: { opensOn: '2023-12-12', closesOn: '2024-02-29' } },
        reason: 'window extended',
      })
      .expect(200);
    await enroll('t02', '2024-02-05T10:00:00+08:00');
    await caughtUp();
    const after = (await http.get('/plans/ganzhou-2024/progress').expect(200)).body;
    expect(after.county.active).toBe(4);
    expect(after.county.atDeadline).toEqual(before.county.atDeadline);

    const asOf = (
      await http
        .get('/plans/ganzhou-2024/progress')
        .query({ asOf: '2024-01-01T00:00:00+08:00' })
        .expect(200)
    ).body;
    expect(asOf.county.active).toBe(1);

    const csv = await http.get('/plans/ganzhou-2024/progress').query({ format: 'csv' }).expect(200);
    expect(csv.headers['content-type']).toContain('text/csv');
    expect(csv.text.split('\r\n')[0]).toContain(
      '层级,层级名称,编号,名称,英文名称,片区编号,参保基数,有效参保人数',
    );
    expect(csv.text).toContain('肖田乡');
    const english = await http
      .get('/plans/ganzhou-2024/progress')
      .query({ format: 'csv' })
      .set('accept-language', 'en')
      .expect(200);
    expect(english.text.split('\r\n')[0]).toContain(
      'level,levelName,id,name,nameEn,districtId,base,active',
    );
  });

  it('every view answers ?format=csv and ?format=xlsx (Chinese headers), and refuses an unknown format with 400', async () => {
    await caughtUp();
    const views = ['progress', 'coinsurance', 'subsidies', 'scorecard', 'payouts'];
    const firstHeader: Record<string, string> = {
      progress: '层级',
      coinsurance: '排名',
      subsidies: '缴费来源',
      scorecard: '乡镇编号',
      payouts: '类型',
    };
    for (const view of views) {
      const path = `/plans/ganzhou-2024/${view}`;
      const csv = await http.get(path).query({ format: 'csv' }).expect(200);
      expect(csv.headers['content-type']).toContain('text/csv');
      expect(csv.headers['content-disposition']).toContain(`${view}-ganzhou-2024.csv`);
      expect(csv.text.startsWith(`\uFEFF${firstHeader[view]},`)).toBe(true);
      const xlsx = await http
        .get(path)
        .query({ format: 'xlsx', asOf: '2024-01-31' })
        .buffer(true)
        .parse(binary)
        .expect(200);
      expect(xlsx.headers['content-type']).toContain('spreadsheetml');
      const rows = await sheetRows(xlsx.body as Buffer);
      expect(rows.get(1)?.[0]).toBe(firstHeader[view]);
      const refused = await http.get(path).query({ format: 'pdf' }).expect(400);
      expect(refused.body.errors[0]).toMatchObject({
        field: 'format',
        rule: 'query.format',
        message: '不支持该文件格式，请选择 json、csv 或 xlsx',
      });
    }
  });

  it('coinsurance: insurer allocations add up to total premium to the fen; ranking by premium income', async () => {
    await caughtUp();
    const body = (await http.get('/plans/ganzhou-2024/coinsurance').expect(200)).body;
    expect(body.totalPremiumFen).toBe(40000);
    expect(
      body.insurers.reduce((s: number, r: { premiumFen: number }) => s + r.premiumFen, 0),
    ).toBe(body.totalPremiumFen);
    expect(
      body.insurers.map((r: { insurerId: string; rank: number }) => [r.insurerId, r.rank]),
    ).toEqual([
      ['picc-pc', 1],
      ['cpic-pc', 2],
      ['pingan-pc', 3],
    ]);
  });

  it('subsidies: per funder and category, people and amount owed', async () => {
    const body = (await http.get('/plans/ganzhou-2024/subsidies').expect(200)).body;
    expect(body.rows).toEqual([
      expect.objectContaining({
        source: 'department_subsidy',
        funderId: 'ningdu-civil-affairs',
        category: 'hardship_groups',
        people: 1,
        amountFen: 10000,
      }),
    ]);
  });

  it('scorecard (000 only): computed items and inspector entries', async () => {
    await http
      .post('/plans/ganzhou-2024/assessments')
      .send({ kind: 'inspection', townshipId: 't03', item: 'publicity', points: 25 })
      .expect(201);
    const bad = await http
      .post('/plans/ganzhou-2024/assessments')
      .send({ kind: 'inspection', townshipId: 't03', item: 'publicity', points: 31 });
    expect(bad.status).toBe(422);
    expect(bad.body.errors[0]).toMatchObject({ field: 'points', rule: 'scorecard.pointsRange' });
    await caughtUp();
    const card = (await http.get('/plans/ganzhou-2024/scorecard').expect(200)).body;
    const t03 = card.townships.find((t: { townshipId: string }) => t.townshipId === 't03');
    expect(
      Object.fromEntries(
        t03.items.map((i: { item: string; points: number }) => [i.item, i.points]),
      ),
    ).toMatchObject({ hardship_subsidy_bonus: 10, publicity: 25 });
    expect((await http.get('/plans/yuyao-2024/scorecard').expect(200)).body).toMatchObject({
      enabled: false,
    });
  });

  it('views as of a log position; projection status reports lag', async () => {
    const status = (await http.get('/projections/status').expect(200)).body;
    expect(status.views.map((v: { view: string; lag: string }) => [v.view, v.lag])).toEqual([
      ['township-progress', '0'],
      ['coinsurance', '0'],
      ['subsidy-ledger', '0'],
      ['assessments', '0'],
      ['payouts', '0'],
      ['products', '0'],
    ]);
    const early = (
      await http.get('/plans/ganzhou-2024/progress').query({ asOfPosition: '5' }).expect(200)
    ).body;
    expect(early.county.active).toBe(0);
  });

  it('progress: strong ETag per report, 304 while unchanged, a new ETag once a view commit changes it; gzip/br precompressed', async () => {
    const path = '/plans/ganzhou-2024/progress';
    const plain = await http.get(path).set('accept-encoding', 'identity').expect(200);
    const a = plain.headers.etag;
    expect(a).toMatch(/^"[\w-]+"$/);
    expect(plain.headers['cache-control']).toBe('no-cache');
    expect(plain.headers.vary).toContain('Accept-Encoding');
    expect(plain.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(Number(plain.headers['content-length'])).toBe(Buffer.byteLength(plain.text));
    const notModified = await http
      .get(path)
      .set('accept-encoding', 'identity')
      .set('if-none-match', a)
      .expect(304);
    expect(notModified.headers.etag).toBe(a);
    expect(notModified.text ?? '').toBe('');
    // Weak comparison and lists, as RFC 9110 asks of If-None-Match.
    await http
      .get(path)
      .set('accept-encoding', 'identity')
      .set('if-none-match', `"x", W/${a}`)
      .expect(304);

    // The same report compressed: its own ETag, decoding to the same JSON.
    const gzip = await raw(path, { 'accept-encoding': 'gzip' });
    expect(gzip.headers['content-encoding']).toBe('gzip');
    expect(gzip.headers.etag).toBe(`${a.slice(0, -1)}-gzip"`);
    expect(JSON.parse(gunzipSync(gzip.body).toString('utf8'))).toEqual(plain.body);
    const br = await raw(path, { 'accept-encoding': 'gzip, deflate, br' });
    expect(br.headers['content-encoding']).toBe('br');
    expect(JSON.parse(brotliDecompressSync(br.body).toString('utf8'))).toEqual(plain.body);
    expect(br.body.length).toBeLessThan(plain.text.length / 4);
    expect(
      (await raw(path, { 'accept-encoding': 'br', 'if-none-match': br.headers.etag! })).status,
    ).toBe(304);
    expect(
      (await raw(path, { 'accept-encoding': 'br;q=0, gzip' })).headers['content-encoding'],
    ).toBe('gzip');

    // A new enrollment: once the view has committed it, the old ETag no longer matches.
    await enroll('t07', '2024-01-10T10:00:00+08:00');
    await caughtUp();
    const changed = await http
      .get(path)
      .set('accept-encoding', 'identity')
      .set('if-none-match', a)
      .expect(200);
    const b = changed.headers.etag;
    expect(b).not.toBe(a);
    expect(changed.body.county.active).toBe(plain.body.county.active + 1);
    await http.get(path).set('accept-encoding', 'identity').set('if-none-match', b).expect(304);

    // asOf / asOfPosition / CSV are computed per request and never answered from the cache.
    const early = await http
      .get(path)
      .query({ asOfPosition: '5' })
      .set('if-none-match', b)
      .expect(200);
    expect(early.body.county.active).toBe(0);
    const csv = await http.get(path).query({ format: 'csv' }).set('if-none-match', b).expect(200);
    expect(csv.headers['content-type']).toContain('text/csv');
  });

  it('streams progress changes as Server-Sent Events', async () => {
    const server = ledger.app.getHttpServer();
    if (!server.listening) await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const { port } = server.address() as { port: number };
    const received = new Promise<string>((resolve, reject) => {
      const req = get(`http://127.0.0.1:${port}/plans/ganzhou-2024/progress/stream`, (res) => {
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => {
          if (chunk.includes('event: progress')) {
            req.destroy();
            resolve(chunk);
          }
        });
      });
      req.on('error', reject);
    });
    await new Promise((r) => setTimeout(r, 100));
    await enroll('t05', '2024-02-10T10:00:00+08:00');
    const chunk = await received;
    expect(chunk).toContain('"townshipId":"t05"');
  });
});
